package nextcloud

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"

	"github.com/takeback/takeback/importers"
)

// Checksums (nextcloud-api.md §3.1, §4.2). Every upload carries
// OC-Checksum: SHA256:<hex>, which Nextcloud stores with the file (and
// shows as oc:checksums) without checking it; a plain PUT also asks for
// X-Hash: sha256, which makes Nextcloud hash the bytes it writes and answer
// X-Hash-SHA256, so a transfer that arrived damaged is found in the same
// round trip. Servers that know neither header ignore both.
//
// OC-Checksum is a request header, so the hash must be known before the
// body is sent. HTTP trailers would avoid that, but PHP never sees them, so
// the item is read twice: once to hash it (checksum.go), once to send it.
// Files up to smallFile are read once into memory, hashed and sent from
// there (readSmall), which keeps a streamed tgz in one pass; larger ones are
// read twice, which costs one extra local read, decompression included, but
// no memory and no network traffic. A chunked upload hashes first as
// well: the hash also names the upload folder (chunked.go), so that chunks
// left by an interrupted run are resumed only for the very same bytes.

// itemSHA256 reads the item and returns its SHA-256 in lowercase hex, and
// how many bytes it holds.
func itemSHA256(it *importers.Item) (string, int64, error) {
	if it.Body != nil && it.Content == nil {
		sum := sha256.Sum256(it.Body)
		return hex.EncodeToString(sum[:]), int64(len(it.Body)), nil
	}
	rc, err := it.Open()
	if err != nil {
		return "", 0, fmt.Errorf("reading the file: %w", err)
	}
	defer rc.Close()
	h := sha256.New()
	n, err := io.Copy(h, rc)
	if err != nil {
		return "", 0, fmt.Errorf("reading the file: %w", err)
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// smallFile is the largest item held in memory during its upload: with
// the default 4 jobs, at most 32 MiB are held at once. Most photos fit.
const smallFile = 8 << 20

// readSmall returns a copy of a small item with its bytes in memory, so it
// is read from the archive once, and a retry needs no second read.
func readSmall(it *importers.Item, size int64) (*importers.Item, error) {
	if it.Content == nil || size > smallFile {
		return it, nil
	}
	rc, err := it.Open()
	if err != nil {
		return nil, fmt.Errorf("reading the file: %w", err)
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, smallFile+1))
	if err != nil {
		return nil, fmt.Errorf("reading the file: %w", err)
	}
	cp := *it
	cp.Content, cp.Body = nil, data
	return &cp, nil
}

// ocChecksum is the OC-Checksum value for a SHA-256 in hex.
func ocChecksum(sum string) string { return "SHA256:" + sum }

// short is the start of a hash, for messages.
func short(sum string) string {
	if len(sum) > 12 {
		return sum[:12] + "…"
	}
	return sum
}

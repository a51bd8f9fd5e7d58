package nextcloud

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
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
// the item is read twice: once to hash it (itemSums), once to send it.
// Files up to smallFile are read once into memory, hashed and sent from
// there (readSmall), which keeps a streamed tgz in one pass; larger ones are
// read twice, which costs one extra local read, decompression included, but
// no memory and no network traffic. Either way the hashes are computed once
// per item (files.go's digest), also when they serve to tell whether a file
// on the server is the item (present.go). A chunked upload hashes first as
// well: the hash also names the upload folder (chunked.go), so that chunks
// left by an interrupted run are resumed only for the very same bytes.

// hashes are the algorithms takeback computes and compares, by the names
// it uses for them: those oc:checksums carries ("SHA256:…", "SHA1:…",
// "MD5:…"), in lowercase. Other algorithms a server lists (ADLER32,
// SHA3-256) are not compared.
var hashes = map[string]func() hash.Hash{"sha256": sha256.New, "sha1": sha1.New, "md5": md5.New}

// itemSums reads the item, or only its first limit bytes when limit is not
// negative, and returns its hashes for algos (lowercase hex, by algorithm),
// all from one read, and how many bytes were read.
func itemSums(it *importers.Item, algos []string, limit int64) (map[string]string, int64, error) {
	hs := map[string]hash.Hash{}
	var ws []io.Writer
	for _, a := range algos {
		if h, ok := hashes[a]; ok && hs[a] == nil {
			hs[a] = h()
			ws = append(ws, hs[a])
		}
	}
	w := io.MultiWriter(ws...)
	var n int64
	if it.Body != nil && it.Content == nil {
		b := it.Body
		if limit >= 0 && int64(len(b)) > limit {
			b = b[:limit]
		}
		w.Write(b)
		n = int64(len(b))
	} else {
		rc, err := it.Open()
		if err != nil {
			return nil, 0, fmt.Errorf("reading the file: %w", err)
		}
		defer rc.Close()
		var r io.Reader = rc
		if limit >= 0 {
			r = io.LimitReader(rc, limit)
		}
		if n, err = io.Copy(w, r); err != nil {
			return nil, 0, fmt.Errorf("reading the file: %w", err)
		}
	}
	sums := map[string]string{}
	for a, h := range hs {
		sums[a] = hex.EncodeToString(h.Sum(nil))
	}
	return sums, n, nil
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

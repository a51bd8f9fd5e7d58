package nextcloud

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"io"
	"sync"

	"github.com/takeback/takeback/importers"

	"github.com/takeback/takeback/internal/lang"
)

// Checksums (nextcloud-api.md §3.1, §4.2). An item's bytes are read once
// per upload, and hashed (SHA-256) while they stream into the request
// (hashingBody): nothing is read twice or held in memory for the hash
// (issue 7).
//   - A plain PUT asks for X-Hash: sha256, which makes Nextcloud hash the
//     bytes it writes and answer X-Hash-SHA256: compared with ours once the
//     body is sent, it finds a transfer that arrived damaged in the same
//     round trip (the copy is deleted and sent again, files.go).
//   - OC-Checksum, which Nextcloud stores with the file (oc:checksums)
//     without checking it, is a request header, so it goes only where the
//     hash is known before the request: on the chunked upload's final MOVE
//     (chunked.go), and on a plain PUT whose item was hashed already to be
//     compared with a file on the server (present.go). Sending it on every
//     PUT would need a second read of every file, decompression included
//     (PHP never sees HTTP trailers).
//
// Servers that know neither header ignore both.

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
			return nil, 0, lang.Errorf("reading the file: %w", err)
		}
		defer rc.Close()
		var r io.Reader = rc
		if limit >= 0 {
			r = io.LimitReader(rc, limit)
		}
		if n, err = io.Copy(w, r); err != nil {
			return nil, 0, lang.Errorf("reading the file: %w", err)
		}
	}
	sums := map[string]string{}
	for a, h := range hs {
		sums[a] = hex.EncodeToString(h.Sum(nil))
	}
	return sums, n, nil
}

// hashingBody is a request body that hashes the bytes the transport reads
// from it. Closing it closes the item and says the transport is done.
type hashingBody struct {
	rc     io.ReadCloser
	h      hash.Hash
	n      int64
	once   sync.Once
	closed chan struct{}
}

func newHashingBody(rc io.ReadCloser) *hashingBody {
	return &hashingBody{rc: rc, h: sha256.New(), closed: make(chan struct{})}
}

func (b *hashingBody) Read(p []byte) (int, error) {
	n, err := b.rc.Read(p)
	b.h.Write(p[:n])
	b.n += int64(n)
	return n, err
}

func (b *hashingBody) Close() error {
	var err error
	b.once.Do(func() { err = b.rc.Close(); close(b.closed) })
	return err
}

// sum is the SHA-256 of what was read, in hex, and how many bytes that is.
func (b *hashingBody) sum() (string, int64) { return hex.EncodeToString(b.h.Sum(nil)), b.n }

// emptySHA256 is the SHA-256 of no bytes.
const emptySHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

// ocChecksum is the OC-Checksum value for a SHA-256 in hex.
func ocChecksum(sum string) string { return "SHA256:" + sum }

// short is the start of a hash, for messages.
func short(sum string) string {
	if len(sum) > 12 {
		return sum[:12] + "…"
	}
	return sum
}

package nextcloud

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/takeback/takeback/importers"

	"github.com/takeback/takeback/internal/lang"
)

// What is already there (files.go). A file at the item's place, or at one
// of its numbered names ("IMG_1 (2).jpg"), is judged from the folder's
// listing:
//   - same: its size is the item's, and so is its checksum when the
//     listing gives one (oc:checksums; the strongest of SHA256, SHA1 and
//     MD5 is compared). The item is present. A server that gives no
//     checksum (rclone) is believed on the size alone.
//   - partial: it is smaller than the item, this run did not write it, and
//     its bytes are exactly the beginning of the item's: an upload of ours
//     that a crash or a cut connection interrupted (a plain WebDAV server
//     such as rclone keeps what it got of a PUT). It is replaced: the item
//     is sent over it (a PUT without If-None-Match, or a chunked upload
//     moved with Overwrite: T). The beginning is compared by the checksum
//     of the item's first bytes when the listing gives one, else by
//     reading the file back (GET), stopping at the first difference. An
//     empty file counts as partial: nothing is lost by replacing it.
//   - different: anything else is somebody else's file, never overwritten;
//     the item tries the next numbered name.
//
// The item's own hashes are computed at most once (digest): the upload
// hashes the bytes it sends (checksum.go), and an item compared with a
// file already on the server is hashed on that first need, every
// algorithm the listing may ask for in the same read. An item found
// present by its size alone is not read at all.

// verdict is what a file already at a name is to the item.
type verdict int

const (
	different verdict = iota
	same
	partial
)

// digest is the item and its hashes, computed on first use, once.
type digest struct {
	it   *importers.Item
	size int64
	// also lists the algorithms to compute besides SHA-256 on the first
	// read, those the listing shows for the item's names.
	also []string
	sums map[string]string // by algorithm, lowercase hex
}

// sum returns the item's hash with the algorithm ("sha256", "sha1",
// "md5").
func (g *digest) sum(algo string) (string, error) {
	if s, ok := g.sums[algo]; ok {
		return s, nil
	}
	algos := []string{algo}
	if g.sums == nil {
		algos = append([]string{"sha256", algo}, g.also...)
	}
	sums, n, err := itemSums(g.it, algos, -1)
	if err != nil {
		return "", err
	}
	if n != g.size {
		return "", lang.Errorf("the file holds %v, not the %v expected", lang.T("%d bytes", n), lang.T("%d bytes", g.size))
	}
	if g.sums == nil {
		g.sums = map[string]string{}
	}
	for a, s := range sums {
		g.sums[a] = s
	}
	return g.sums[algo], nil
}

// remember keeps a hash of the item computed elsewhere (the upload's);
// an empty sum is none.
func (g *digest) remember(algo, sum string) {
	if sum == "" {
		return
	}
	if g.sums == nil {
		g.sums = map[string]string{}
	}
	g.sums[algo] = sum
}

// checksums reads an oc:checksums value ("SHA1:… MD5:… ADLER32:…") into
// hex sums by algorithm, lowercase, keeping the algorithms of hashes.
func checksums(v string) map[string]string {
	out := map[string]string{}
	for _, f := range strings.Fields(v) {
		a, sum, ok := strings.Cut(f, ":")
		a = strings.ToLower(a)
		if _, known := hashes[a]; ok && known && sum != "" {
			out[a] = strings.ToLower(sum)
		}
	}
	return out
}

// strongest is the strongest checksum in an oc:checksums value, "" when it
// has none takeback knows.
func strongest(v string) (algo, sum string) {
	sums := checksums(v)
	for _, a := range []string{"sha256", "sha1", "md5"} {
		if s, ok := sums[a]; ok {
			return a, s
		}
	}
	return "", ""
}

// judge tells what the file e, at u, is to the item.
func (d *DAV) judge(ctx context.Context, u *url.URL, e remoteFile, g *digest) (verdict, error) {
	switch {
	case e.dir:
		return different, nil
	case e.size == g.size:
		algo, want := strongest(e.checksums)
		if algo == "" {
			return same, nil
		}
		got, err := g.sum(algo)
		if err != nil {
			return different, err
		}
		if got == want {
			return same, nil
		}
		return different, nil
	case e.size < 0 || e.size > g.size || e.ours:
		return different, nil
	case e.size == 0:
		return partial, nil
	}
	if algo, want := strongest(e.checksums); algo != "" {
		sums, n, err := itemSums(g.it, []string{algo}, e.size)
		if err != nil {
			return different, err
		}
		if n == e.size && sums[algo] == want {
			return partial, nil
		}
		return different, nil
	}
	ok, err := d.startsWith(ctx, u, g.size, g.it)
	if err != nil || !ok {
		return different, err
	}
	return partial, nil
}

// startsWith reads the file at u back and reports whether its bytes are
// the beginning of the item's, of size bytes, and fewer. It stops at the
// first difference. The file may have grown since it was listed (the
// server still writing what a killed run sent): what counts is what it
// holds now.
func (d *DAV) startsWith(ctx context.Context, u *url.URL, size int64, it *importers.Item) (bool, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return false, err
	}
	resp, err := d.client.Do(req)
	if err != nil {
		return false, fatalIfThrottled(err)
	}
	if resp.StatusCode != http.StatusOK {
		return false, lang.Errorf("reading it back: the server answered %s", readProblem(resp))
	}
	defer resp.Body.Close()
	rc, err := it.Open()
	if err != nil {
		return false, lang.Errorf("reading the file: %w", err)
	}
	defer rc.Close()
	mine := io.LimitReader(rc, size)
	a, b := make([]byte, 32<<10), make([]byte, 32<<10)
	var seen int64
	for {
		// Read, not io.ReadFull: an answer cut short (io.ErrUnexpectedEOF)
		// must not pass for the end of the file.
		k, rerr := resp.Body.Read(b)
		if k > 0 {
			if seen+int64(k) >= size {
				return false, nil // as long as the item, or longer: not a beginning
			}
			if _, err := io.ReadFull(mine, a[:k]); err != nil {
				return false, lang.Errorf("reading the file: %w", err)
			}
			if !bytes.Equal(a[:k], b[:k]) {
				return false, nil
			}
			seen += int64(k)
		}
		switch rerr {
		case nil:
		case io.EOF:
			return true, nil
		default:
			return false, lang.Errorf("reading it back: %w", rerr)
		}
	}
}

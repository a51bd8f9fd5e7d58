package nextcloud

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"sync"

	"github.com/takeback/takeback/importers"
	"github.com/takeback/takeback/internal/lang"
)

// Chunked upload, chunking v2 (nextcloud-api.md §4.1), for files larger
// than the server's files.chunked_upload.max_size (SetChunking), on a
// Nextcloud found from Options.Server only: a files root given as
// Options.WebDAV may be any WebDAV server, and gets plain PUTs.
//
//  1. MKCOL /remote.php/dav/uploads/<user ID>/<id> with Destination: the
//     full URL of the target file.
//  2. PUT <id>/1, <id>/2… (decimal, from 1), every chunk but the last
//     chunkSize bytes (5 MiB at least, the S3 minimum, so one code path
//     works on every storage), each with Destination and OC-Total-Length.
//     Each chunk is streamed from the item (an io.LimitReader on one open
//     reader), never held in memory.
//  3. MOVE <id>/.file with Destination, OC-Total-Length, OC-Checksum,
//     X-OC-MTime (when above one day after the epoch) and Overwrite: F,
//     so that, like the If-None-Match: * of a plain PUT, nothing is ever
//     overwritten: a 412 says the name is taken (sabre checks Overwrite
//     before the chunking plugins see the MOVE; unverified on a real
//     server). Over an incomplete copy of the file that an interrupted
//     run left (files.go), Overwrite: T.
//
// The file appears at the target only on the MOVE; nothing partial is ever
// there.
//
// The bytes are hashed as they are read, chunk after chunk, those of
// chunks already on the server included (read, not sent), so the MOVE's
// OC-Checksum costs no second read (checksum.go).
//
// The upload ID is derived from the target path, the size and where the
// bytes come from (the item's Source: the archive, with its export date in
// its name, and the member), so an interrupted upload is found again by
// the next try or the next run of the same import: a PROPFIND (Depth 1) of the upload folder lists the chunks
// already there, and those of the right size are not sent again. A state
// that does not fit (a chunk of the wrong size or name, the upload folder
// gone, "Missing metadata for chunked upload" (412) when Nextcloud's
// distributed cache lost the upload, chunks that do not sum up) makes the
// upload start over, once: the folder is deleted and made again.
//
// A chunk PUT that fails with a network error or a 5xx is sent again, up
// to chunkTries times, from the item opened again and read up to the
// chunk's offset (io.CopyN to io.Discard). A failed upload keeps its
// chunks on the server for the next run (Nextcloud drops them after 24
// hours), except after an answer that cannot change (4xx on the MOVE):
// then the upload folder is deleted.

const (
	// defaultChunkingLimit is the file size above which files go up in
	// chunks when the server advertises no files.chunked_upload.max_size
	// (nextcloud-api.md §3.5).
	defaultChunkingLimit int64 = 100 << 20

	// minChunkSize is the smallest chunk but the last that S3-backed
	// servers accept (§4.1).
	minChunkSize int64 = 5 << 20
	// defaultChunkSize is the chunk size, when the limit allows it: the
	// Nextcloud web UI's (files max_chunk_size, §3.5).
	defaultChunkSize int64 = 10 << 20
	// maxChunks is the highest chunk number (§4.1).
	maxChunks = 10000
	// chunkTries bounds the tries of one chunk PUT.
	chunkTries = 3
)

// uploadConfig is what the caller tells DAV about the server: its name
// rules (names.go) and its chunking limit.
type uploadConfig struct {
	mu    sync.Mutex
	rules NameRules
	limit int64 // as SetChunking got it
}

// SetChunking sets the size above which files go up in chunks, the
// server's advertised files.chunked_upload.max_size: 0 means 100 MiB,
// Nextcloud's default, and a negative size means never (a plain PUT for
// every file). Chunks are 10 MiB, or the limit when it is smaller, and
// never under 5 MiB. Only a Nextcloud files root found from Options.Server
// takes chunks. Set it before the first Put.
func (d *DAV) SetChunking(maxSize int64) {
	d.files.cfg.mu.Lock()
	defer d.files.cfg.mu.Unlock()
	d.files.cfg.limit = maxSize
}

// chunkingLimit is the size above which files are chunked; negative for
// never.
func (d *DAV) chunkingLimit() int64 {
	d.files.cfg.mu.Lock()
	defer d.files.cfg.mu.Unlock()
	if d.files.cfg.limit == 0 {
		return defaultChunkingLimit
	}
	return d.files.cfg.limit
}

// chunkSizeFor is the size of every chunk but the last for a file of size
// bytes: defaultChunkSize, or limit when smaller, at least minChunkSize,
// and large enough to need no more than maxChunks chunks.
func chunkSizeFor(limit, size int64) int64 {
	cs := max(min(defaultChunkSize, limit), minChunkSize)
	if need := (size + maxChunks - 1) / maxChunks; need > cs {
		cs = (need + 1<<20 - 1) &^ (1<<20 - 1) // whole MiB
	}
	return cs
}

// chunkedFor reports whether a file of size bytes goes up in chunks.
func (d *DAV) chunkedFor(size int64) bool {
	limit := d.chunkingLimit()
	return limit >= 0 && size > limit && d.uploadsRoot() != nil
}

// uploadsRoot is <server>/remote.php/dav/uploads/<user ID>/, beside the
// files root <server>/remote.php/dav/files/<user ID>/, when that came from
// Options.Server; nil otherwise.
func (d *DAV) uploadsRoot() *url.URL {
	if d.ends.photosRoot == "" || d.ends.FilesRoot == "" {
		return nil
	}
	u, err := url.Parse(d.ends.FilesRoot)
	if err != nil {
		return nil
	}
	p := strings.TrimSuffix(u.Path, "/")
	dav, id := path.Dir(p), path.Base(p)
	if path.Base(dav) != "files" || id == "" || id == "." || id == "/" {
		return nil
	}
	up := *u
	up.Path = path.Dir(dav) + "/uploads/" + id + "/"
	up.RawPath = ""
	return &up
}

// uploadID names the upload folder of the file final (relative to the
// files root) of size bytes read from source: the same file to the same
// place finds its chunks again, another file does not.
func uploadID(final string, size int64, source string) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%d\x00%s", final, size, source) //lang:data
	return "takeback-" + hex.EncodeToString(h.Sum(nil))[:32]
}

// chunkedUpload is one file's chunked upload.
type chunkedUpload struct {
	d      *DAV
	it     *importers.Item
	size   int64
	chunk  int64    // size of every chunk but the last
	count  int      // number of chunks
	folder *url.URL // the upload folder, ending in "/"
	target *url.URL // the file's URL in the files tree
	// replace overwrites what is at target (an incomplete copy).
	replace bool

	rc  io.ReadCloser // the item, read up to pos; nil when not open
	pos int64
	h   hash.Hash // SHA-256 of the item's bytes up to pos
	sum string    // SHA-256 of all the item's bytes, once read
}

// startOver is a state of the upload that a fresh start may fix.
type startOver struct{ why lang.Text }

func (e *startOver) Error() string { return e.why.String() }

// uploadChunked stores the item at final, relative to root, in chunks; see
// the top of this file. Like upload, it returns the status (201 when
// stored, 412 when the name is taken) or an error, and the SHA-256 of the
// item's bytes once all were read; with replace, it overwrites what is at
// final.
func (d *DAV) uploadChunked(ctx context.Context, root *url.URL, final string, it *importers.Item, size int64, replace bool) (int, string, error) {
	up := d.uploadsRoot()
	if up == nil {
		return 0, "", lang.New("the server takes no chunked uploads")
	}
	cs := chunkSizeFor(d.chunkingLimit(), size)
	u := &chunkedUpload{d: d, it: it, size: size, chunk: cs, count: int((size + cs - 1) / cs),
		folder: fileURL(up, uploadID(final, size, it.Source), true), target: fileURL(root, final, false), replace: replace}
	defer u.closeReader()
	fresh := false
	for round := 1; ; round++ {
		status, err := u.run(ctx, fresh)
		var so *startOver
		if !errors.As(err, &so) {
			return status, u.sum, err
		}
		if round == 2 {
			if err := u.abort(ctx); err != nil {
				return 0, "", lang.Errorf("the chunked upload failed twice (%v), and deleting its parts failed: %w", so.why, err)
			}
			return 0, "", lang.Errorf("the chunked upload failed twice (%v); its parts were deleted", so.why)
		}
		if err := u.abort(ctx); err != nil {
			return 0, "", lang.Errorf("%v, and deleting the upload to start over failed: %w", so.why, err)
		}
		fresh = true
	}
}

// run makes one try: find or make the upload folder, send the chunks it
// lacks, assemble them.
func (u *chunkedUpload) run(ctx context.Context, fresh bool) (int, error) {
	have := map[int]bool{}
	if !fresh {
		entries, p, err := u.d.propfindAnswer(ctx, u.folder, "1")
		switch {
		case err != nil:
			return 0, lang.Errorf("looking for an earlier upload: %w", err)
		case p != nil && p.Status == http.StatusNotFound:
			fresh = true
		case p != nil:
			return 0, lang.Errorf("looking for an earlier upload: the server answered %s", *p)
		default:
			var ok bool
			if have, ok = u.stored(entries); !ok {
				return 0, &startOver{lang.T("the parts an earlier upload left on the server do not fit the file")}
			}
		}
	}
	if fresh {
		if err := u.mkcol(ctx); err != nil {
			return 0, err
		}
	}
	for n := 1; n <= u.count; n++ {
		if have[n] {
			continue
		}
		if err := u.send(ctx, n); err != nil {
			return 0, err
		}
	}
	// Chunks already on the server at the end are read for the hash.
	if _, err := u.readerAt(u.size); err != nil {
		return 0, err
	}
	u.sum = hex.EncodeToString(u.h.Sum(nil))
	return u.move(ctx)
}

// length is the size of chunk n.
func (u *chunkedUpload) length(n int) int64 {
	off := int64(n-1) * u.chunk
	return min(u.chunk, u.size-off)
}

// stored reads the upload folder's listing: the chunks there, and false
// when something there does not belong to this file.
func (u *chunkedUpload) stored(entries []davEntry) (map[int]bool, bool) {
	have := map[int]bool{}
	self := path.Clean(u.folder.Path)
	for _, e := range entries {
		if e.path == self || path.Dir(e.path) != self {
			continue
		}
		name := path.Base(e.path)
		n, err := strconv.Atoi(name)
		if err != nil || strconv.Itoa(n) != name || n < 1 || n > u.count || e.dir || e.size != u.length(n) {
			return nil, false
		}
		have[n] = true
	}
	return have, true
}

// mkcol makes the upload folder.
func (u *chunkedUpload) mkcol(ctx context.Context) error {
	req, err := http.NewRequestWithContext(ctx, "MKCOL", u.folder.String(), nil)
	if err != nil {
		return err
	}
	req.Header.Set("Destination", u.target.String())
	resp, err := u.d.client.Do(req)
	if err != nil {
		return fatalIfThrottled(err)
	}
	switch s := resp.StatusCode; {
	case s/100 == 2:
		discard(resp)
		return nil
	case s == http.StatusInsufficientStorage:
		discard(resp)
		return errQuota
	}
	return lang.Errorf("starting the chunked upload: the server answered %s", readProblem(resp))
}

// chunkURL is the URL of chunk n.
func (u *chunkedUpload) chunkURL(n int) *url.URL {
	return fileURL(u.folder, strconv.Itoa(n), false)
}

// retryChunk is a failure of a chunk PUT that another try may not have.
type retryChunk struct{ err error }

func (e *retryChunk) Error() string { return e.err.Error() }
func (e *retryChunk) Unwrap() error { return e.err }

// send PUTs chunk n, trying again after failures that may pass.
func (u *chunkedUpload) send(ctx context.Context, n int) error {
	var err error
	try := 1
	for ; ; try++ {
		err = u.put(ctx, n)
		var rc *retryChunk
		if !errors.As(err, &rc) {
			break
		}
		err = rc.err
		if try == chunkTries || ctx.Err() != nil {
			break
		}
	}
	var so *startOver
	switch {
	case err == nil, errors.As(err, &so), importers.IsFatal(err), ctx.Err() != nil:
		return err
	case try > 1:
		return lang.Errorf("sending part %d of %d: %w (gave up after %d tries)", n, u.count, err, try)
	}
	return lang.Errorf("sending part %d of %d: %w", n, u.count, err)
}

// put makes one try of chunk n: a retryChunk error when another may work.
func (u *chunkedUpload) put(ctx context.Context, n int) error {
	off, length := int64(n-1)*u.chunk, u.length(n)
	r, err := u.readerAt(off)
	if err != nil {
		return err
	}
	body := &chunkBody{r: io.LimitReader(r, length), closed: make(chan struct{})}
	req, err := http.NewRequestWithContext(ctx, http.MethodPut, u.chunkURL(n).String(), body)
	if err != nil {
		return err
	}
	req.ContentLength = length
	reopened := false
	// The client's own retries (retry.go) read the chunk from a fresh
	// reader; ours is then somewhere in the chunk.
	req.GetBody = func() (io.ReadCloser, error) {
		reopened = true
		return openAt(u.it, off, length)
	}
	req.Header.Set("Destination", u.target.String())
	req.Header.Set("OC-Total-Length", strconv.FormatInt(u.size, 10))
	resp, err := u.d.client.Do(req)
	u.settle(ctx, body)
	if err != nil {
		u.closeReader()
		if importers.IsFatal(err) || ctx.Err() != nil {
			return fatalIfThrottled(err)
		}
		return &retryChunk{err}
	}
	if resp.StatusCode/100 == 2 {
		discard(resp)
		if reopened {
			u.closeReader()
		} else {
			u.pos += length
		}
		return nil
	}
	u.closeReader() // how much the server read is unknown
	switch s := resp.StatusCode; {
	case s == http.StatusNotFound, s == http.StatusConflict:
		discard(resp)
		return &startOver{lang.T("the upload folder is gone from the server")}
	case s == http.StatusPreconditionFailed:
		return &startOver{lang.T("the server lost track of the upload (%s)", readProblem(resp))}
	case s == http.StatusInsufficientStorage:
		discard(resp)
		return errQuota
	case s == http.StatusRequestEntityTooLarge:
		discard(resp)
		return lang.Errorf("the server refuses parts of %v (413); ask the administrator to raise the web server's body limit, "+
			"or to lower files.chunked_upload.max_size", lang.Size(length))
	case s/100 == 5:
		return &retryChunk{lang.Errorf("the server answered %s", readProblem(resp))}
	}
	return lang.Errorf("the server answered %s", readProblem(resp))
}

// readerAt is the item's reader, at offset off; every byte read from it
// goes through the hash.
func (u *chunkedUpload) readerAt(off int64) (io.Reader, error) {
	if u.rc != nil && u.pos > off {
		u.closeReader()
	}
	if u.rc == nil {
		rc, err := u.it.Open()
		if err != nil {
			return nil, lang.Errorf("reading the file: %w", err)
		}
		u.rc, u.pos, u.h = rc, 0, sha256.New()
	}
	r := io.TeeReader(u.rc, u.h)
	if off > u.pos {
		n, err := io.CopyN(io.Discard, r, off-u.pos)
		u.pos += n
		if err != nil {
			u.closeReader()
			return nil, lang.Errorf("reading the file: %w", err)
		}
	}
	return r, nil
}

func (u *chunkedUpload) closeReader() {
	if u.rc != nil {
		u.rc.Close()
		u.rc = nil
	}
}

// settle waits until the HTTP transport is done with body, which it may
// still be reading after Do returned, before the reader under it is used
// again. If ctx ends first, the reader is closed when the transport is
// done.
func (u *chunkedUpload) settle(ctx context.Context, body *chunkBody) {
	select {
	case <-body.closed:
	case <-ctx.Done():
		if rc := u.rc; rc != nil {
			u.rc = nil
			go func() { <-body.closed; rc.Close() }()
		}
	}
}

// chunkBody is a request body reading from a shared reader; closing it
// only says that the transport is done with it.
type chunkBody struct {
	r      io.Reader
	once   sync.Once
	closed chan struct{}
}

func (b *chunkBody) Read(p []byte) (int, error) { return b.r.Read(p) }

func (b *chunkBody) Close() error {
	b.once.Do(func() { close(b.closed) })
	return nil
}

// openAt opens the item and reads it up to off; the reader gives the
// length bytes from there.
func openAt(it *importers.Item, off, length int64) (io.ReadCloser, error) {
	rc, err := it.Open()
	if err != nil {
		return nil, err
	}
	if _, err := io.CopyN(io.Discard, rc, off); err != nil {
		rc.Close()
		return nil, lang.Errorf("reading the file up to byte %d: %w", off, err)
	}
	return struct {
		io.Reader
		io.Closer
	}{io.LimitReader(rc, length), rc}, nil
}

// move assembles the chunks at the target.
func (u *chunkedUpload) move(ctx context.Context) (int, error) {
	req, err := http.NewRequestWithContext(ctx, "MOVE", fileURL(u.folder, ".file", false).String(), nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Destination", u.target.String())
	if u.replace {
		req.Header.Set("Overwrite", "T")
	} else {
		req.Header.Set("Overwrite", "F")
	}
	req.Header.Set("OC-Total-Length", strconv.FormatInt(u.size, 10))
	req.Header.Set("OC-Checksum", ocChecksum(u.sum)) // known: every byte was read
	if v, ok := mtimeHeader(u.it); ok {
		req.Header.Set("X-OC-MTime", v)
	}
	resp, err := u.d.client.Do(req)
	if err != nil {
		if importers.IsFatal(err) || ctx.Err() != nil {
			return 0, fatalIfThrottled(err)
		}
		// The answer was lost; the file may have been assembled.
		if u.assembled(ctx) {
			return http.StatusCreated, nil
		}
		return 0, lang.Errorf("assembling the parts: %w", err)
	}
	switch s := resp.StatusCode; {
	case s/100 == 2:
		discard(resp)
		return http.StatusCreated, nil
	case s == http.StatusPreconditionFailed:
		p := readProblem(resp)
		if strings.Contains(strings.ToLower(p.Message), "metadata") {
			return 0, &startOver{lang.T("the server lost track of the upload (%s)", p)}
		}
		// The name was taken meanwhile: the parts are of no more use.
		u.abort(ctx)
		return http.StatusPreconditionFailed, nil
	case s == http.StatusNotFound:
		discard(resp)
		return 0, &startOver{lang.T("the upload is gone from the server")}
	case s == http.StatusInsufficientStorage:
		discard(resp)
		u.abort(ctx)
		return 0, errQuota
	case s/100 == 5:
		// A proxy may time out while a large file is assembled, and the
		// server finish nonetheless.
		p := readProblem(resp)
		if u.assembled(ctx) {
			return http.StatusCreated, nil
		}
		return 0, lang.Errorf("assembling the parts: the server answered %s", p)
	}
	p := readProblem(resp)
	if p.Status == http.StatusBadRequest && strings.Contains(p.Message, "do not sum up") {
		return 0, &startOver{lang.T("the parts on the server do not make the file (%s)", p)}
	}
	u.abort(ctx)
	return 0, lang.Errorf("assembling the parts: the server answered %s", p)
}

// assembled reports whether the target now holds a file of the right
// size.
func (u *chunkedUpload) assembled(ctx context.Context) bool {
	there, err := u.d.propfind(ctx, u.target, "0")
	return err == nil && len(there) == 1 && !there[0].dir && there[0].size == u.size
}

// abort deletes the upload folder (§4.1 step 4); one already gone is fine.
func (u *chunkedUpload) abort(ctx context.Context) error {
	return u.d.remove(ctx, u.folder)
}

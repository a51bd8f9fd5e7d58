package nextcloud

import (
	"context"
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/takeback/takeback/importers"
	"github.com/takeback/takeback/internal/lang"
)

// Files go to the user's files root over plain WebDAV
// (nextcloud-api.md §3), so any WebDAV server works; Nextcloud-only headers
// are ones other servers ignore.
//
// Nothing of anybody else is ever overwritten. Before a file goes up, its
// folder is listed once per run (PROPFIND Depth 1) and the name decides
// (present.go tells how a file there is judged):
//   - free: the file is uploaded;
//   - taken by the same file (same size, and same checksum when the
//     server gives one): present (an earlier run, or the same photo
//     twice);
//   - taken by an incomplete copy of the item, the beginning of its bytes,
//     that an interrupted run left: the item is sent over it;
//   - taken by something else: "name (2).ext", "name (3).ext"… are tried
//     the same way.
//
// Uploads stream the item (it.Open) with If-None-Match: * (but over an
// incomplete copy), and
// X-OC-MTime set to the item's date so Nextcloud Photos sorts it by when it
// was taken (§5.1). They carry OC-Checksum and ask for X-Hash
// (checksum.go); a file the server hashes differently arrived damaged: it
// is deleted and sent once more. On a Nextcloud found from Options.Server,
// files above the chunking limit go up in chunks (chunked.go).
//
// Every path element is made acceptable to the server (names.go, with the
// rules of SetNameRules), and the item's note says what was renamed and
// why.

// maxNumbered bounds the "name (n).ext" tries.
const maxNumbered = 1000

// files is what DAV knows about the files tree during a run. Paths are
// relative to the files root, already made safe ("Photos/2019/07").
type files struct {
	mu    sync.Mutex
	made  map[string]bool            // folders known to exist; "" is the root
	dirs  map[string]*listing        // folder listings
	paths map[*importers.Item]string // where Put left each item

	mkcolMu sync.Mutex // one folder-creating walk at a time

	cfg uploadConfig // the server's name rules and chunking limit
}

func (f *files) init() {
	f.made = map[string]bool{"": true}
	f.dirs = map[string]*listing{}
	f.paths = map[*importers.Item]string{}
}

// listing is one folder's content, loaded once and then kept in step with
// our own uploads.
type listing struct {
	mu     sync.Mutex // held while loading, and while reading or changing names
	loaded bool
	names  map[string]*remoteFile
}

// remoteFile is an entry of a listing.
type remoteFile struct {
	dir  bool
	size int64
	// checksums is the oc:checksums value ("SHA1:… MD5:…") when the server
	// gives one.
	checksums string
	// uploading is set while our own upload to this name runs, and closed
	// when it ends; another item wanting the name waits for the outcome.
	uploading chan struct{}
	// ours is set when this run stored the file: it is never taken for an
	// incomplete copy to replace.
	ours bool
}

// FilePath is where Put stored the item, or found it already there,
// relative to the files root ("Photos/2019/07/IMG_1 (2).jpg"); "" when Put
// has not stored it.
func (d *DAV) FilePath(it *importers.Item) string {
	d.files.mu.Lock()
	defer d.files.mu.Unlock()
	return d.files.paths[it]
}

// filesRoot is the discovered files root.
func (d *DAV) filesRoot() (*url.URL, error) {
	if d.ends.FilesRoot == "" {
		if d.ends.FilesError != nil {
			return nil, lang.Errorf("files cannot be imported: %w", d.ends.FilesError)
		}
		return nil, lang.New("no WebDAV address was given, so files cannot be imported")
	}
	return url.Parse(d.ends.FilesRoot)
}

// fileURL is the URL of rel under root; a folder's ends in "/".
func fileURL(root *url.URL, rel string, dir bool) *url.URL {
	u := *root
	u.Path = strings.TrimSuffix(root.Path, "/") + "/" + rel
	if dir && !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	u.RawPath = ""
	return &u
}

// ensureFolder creates c's folder, Collection.Name being a path relative to
// the files root ("Photos/Google Photos"), with its parents.
func (d *DAV) ensureFolder(ctx context.Context, c *importers.Collection) error {
	root, err := d.filesRoot()
	if err != nil {
		return err
	}
	rel := d.NameRules().safePath(c.Name, nil)
	if err := d.mkdirs(ctx, root, rel); err != nil {
		return err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.colls[c] = fileURL(root, rel, true)
	return nil
}

// mkdirs creates rel level by level, MKCOL creating one level only
// (§3.2); folders known to exist are skipped.
func (d *DAV) mkdirs(ctx context.Context, root *url.URL, rel string) error {
	if d.folderMade(rel) {
		return nil
	}
	d.files.mkcolMu.Lock()
	defer d.files.mkcolMu.Unlock()
	parts := strings.Split(rel, "/")
	for i := range parts {
		p := strings.Join(parts[:i+1], "/")
		if d.folderMade(p) {
			continue
		}
		if err := d.mkcol(ctx, fileURL(root, p, true)); err != nil {
			return lang.Errorf("creating the folder %q: %w", p, err)
		}
		d.files.mu.Lock()
		d.files.made[p] = true
		d.files.mu.Unlock()
	}
	return nil
}

func (d *DAV) folderMade(rel string) bool {
	d.files.mu.Lock()
	defer d.files.mu.Unlock()
	return d.files.made[rel]
}

// mkcol creates the collection u; 405 means it exists already.
func (d *DAV) mkcol(ctx context.Context, u *url.URL) error {
	req, err := http.NewRequestWithContext(ctx, "MKCOL", u.String(), nil)
	if err != nil {
		return err
	}
	resp, err := d.client.Do(req)
	if err != nil {
		return fatalIfThrottled(err)
	}
	switch {
	case resp.StatusCode/100 == 2, resp.StatusCode == http.StatusMethodNotAllowed:
		discard(resp)
		return nil
	case resp.StatusCode == http.StatusInsufficientStorage:
		discard(resp)
		return errQuota
	}
	return lang.Errorf("the server answered %s", readProblem(resp))
}

// errQuota stops the import: every further upload would fail the same way.
var errQuota = importers.Fatal(lang.New("the account's storage is full (507 Insufficient Storage): " +
	"free some space, or ask the administrator for a larger quota, then run the import again"))

// fatalIfThrottled makes a ThrottledError fatal: every further request
// would be refused the same way.
func fatalIfThrottled(err error) error {
	var te *ThrottledError
	if errors.As(err, &te) {
		return importers.Fatal(err)
	}
	return err
}

// putFile stores a file item; see the top of this file.
func (d *DAV) putFile(ctx context.Context, it *importers.Item) (importers.Outcome, lang.Text, error) {
	root, err := d.filesRoot()
	if err != nil {
		return importers.Failed, lang.Text{}, err
	}
	if d.collection(it.Collection) == nil {
		return importers.Failed, lang.Text{}, lang.Errorf("the folder %q is not ready (it was not created)", it.Collection.Name)
	}
	rules := d.NameRules()
	var why renames
	cdir := rules.safePath(it.Collection.Name, &why)
	rel := rules.safePath(it.Name, &why)
	if rel == "" {
		return importers.Failed, lang.Text{}, lang.New("the file has no name")
	}
	dir := joinPath(cdir, path.Dir(rel))
	name := path.Base(rel)
	wanted := joinPath(it.Collection.Name, it.Name)

	size, err := itemSize(it)
	if err != nil {
		return importers.Failed, lang.Text{}, err
	}
	if err := d.mkdirs(ctx, root, dir); err != nil {
		return importers.Failed, lang.Text{}, err
	}
	l, err := d.listing(ctx, root, dir)
	if err != nil {
		return importers.Failed, lang.Text{}, err
	}
	g := &digest{it: it, size: size, also: l.algorithms(name, size)}

	for n := 1; n <= maxNumbered; n++ {
		cand := numbered(name, n)
		final := joinPath(dir, cand)
		l.mu.Lock()
		e := l.names[cand]
		switch {
		case e == nil:
			// Free: take it, so that concurrent items see it as taken.
			e = &remoteFile{size: size, uploading: make(chan struct{})}
			l.names[cand] = e
			l.mu.Unlock()
			o, again, err := d.uploadTo(ctx, root, final, g, l, cand, e, false)
			if again {
				n-- // someone else created it meanwhile: look at it again
				continue
			}
			if err != nil {
				return importers.Failed, lang.Text{}, err
			}
			d.rememberFile(it, final)
			return o, placeNote(o, final, wanted, n, why.reasons()), nil
		case e.uploading != nil:
			wait := e.uploading
			l.mu.Unlock()
			select {
			case <-wait:
			case <-ctx.Done():
				return importers.Failed, lang.Text{}, ctx.Err()
			}
			n-- // decide again once the other upload ended
			continue
		}
		there := *e
		l.mu.Unlock()
		v, err := d.judge(ctx, fileURL(root, final, false), there, g)
		if err != nil {
			return importers.Failed, lang.Text{}, lang.Errorf("looking at %q on the server: %w", final, err)
		}
		switch v {
		case same:
			d.rememberFile(it, final)
			return importers.Present, placeNote(importers.Present, final, wanted, n, why.reasons()), nil
		case partial:
			l.mu.Lock()
			if l.names[cand] != e || e.uploading != nil || e.size != there.size || e.checksums != there.checksums {
				// It changed while we looked: look again.
				l.mu.Unlock()
				n--
				continue
			}
			e.uploading = make(chan struct{})
			l.mu.Unlock()
			o, again, err := d.uploadTo(ctx, root, final, g, l, cand, e, true)
			if again {
				n--
				continue
			}
			if err != nil {
				return importers.Failed, lang.Text{}, lang.Errorf("replacing the incomplete copy at %q: %w", final, err)
			}
			d.rememberFile(it, final)
			note := placeNote(o, final, wanted, n, why.reasons())
			return o, lang.Join(note, lang.T("replaced an incomplete copy (%v of %v) left by an interrupted upload", lang.Size(there.size), lang.Size(size))), nil
		}
	}
	return importers.Failed, lang.Text{}, lang.Errorf("%d files named like %q are already in the folder %q", maxNumbered, name, dir)
}

// algorithms lists the checksum algorithms, other than SHA-256, that
// judging the files at name and its numbered names of size bytes will ask
// for, so that the item's digest computes them in the same read.
func (l *listing) algorithms(name string, size int64) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for n := 1; n <= maxNumbered; n++ {
		e := l.names[numbered(name, n)]
		if e == nil {
			break
		}
		if a, _ := strongest(e.checksums); e.size == size && a != "" && a != "sha256" && !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	return out
}

// uploadTo stores the item at final and updates the listing entry e that
// reserved the name, replacing what is there when replace is set. again is
// true when the name turned out to be taken (412): e then holds what is
// there.
func (d *DAV) uploadTo(ctx context.Context, root *url.URL, final string, g *digest,
	l *listing, name string, e *remoteFile, replace bool) (o importers.Outcome, again bool, err error) {
	target := fileURL(root, final, false)
	status, err := d.store(ctx, root, final, g, replace)
	if err == nil && status == http.StatusPreconditionFailed {
		var there []davEntry
		if there, err = d.propfind(ctx, target, "0"); err == nil && len(there) == 0 {
			err = lang.Errorf("the server says %q exists, but does not list it", final)
		}
		if err == nil {
			l.mu.Lock()
			done := e.uploading
			e.dir, e.size, e.checksums, e.uploading, e.ours = there[0].dir, there[0].size, there[0].checksums, nil, false
			l.mu.Unlock()
			close(done)
			return "", true, nil
		}
	}
	l.mu.Lock()
	done := e.uploading
	e.uploading = nil
	if err != nil {
		delete(l.names, name)
	} else {
		// What we stored, so that another item of this run with the
		// name is judged against it.
		e.dir, e.size, e.checksums, e.ours = false, g.size, ocChecksum(g.sums["sha256"]), true
	}
	l.mu.Unlock()
	close(done)
	if err != nil {
		return importers.Failed, false, err
	}
	return importers.Imported, false, nil
}

// store sends the item's bytes to final, relative to root: in chunks
// when it is large and the server takes them (chunked.go), else with one
// PUT whose X-Hash answer is checked. Unless replace is set, a file
// already at final is never overwritten. It returns the status for 2xx and
// 412 (the name is taken), and an error for anything else. Once stored,
// the item's SHA-256, computed on the way, is in g.sums.
func (d *DAV) store(ctx context.Context, root *url.URL, final string, g *digest, replace bool) (int, error) {
	if d.chunkedFor(g.size) {
		status, sum, err := d.uploadChunked(ctx, root, final, g.it, g.size, replace)
		g.remember("sha256", sum)
		return status, err
	}
	target := fileURL(root, final, false)
	for try := 1; ; try++ {
		status, sum, got, err := d.upload(ctx, target, g, replace)
		g.remember("sha256", sum)
		if err != nil || status == http.StatusPreconditionFailed || got == "" || strings.EqualFold(got, sum) {
			return status, err
		}
		// The server wrote other bytes than we sent: delete them (the
		// PUT, with If-None-Match: *, created the file, or replaced an
		// incomplete copy of it) and try again.
		if err := d.remove(ctx, target); err != nil {
			return 0, lang.Errorf("the file arrived damaged (the server's SHA-256 is %s, the file's %s), "+
				"and deleting the damaged copy failed (%w): delete %q on the server", short(got), short(sum), err, final)
		}
		if try == 2 {
			return 0, lang.Errorf("the file arrived damaged twice (the server's SHA-256 was %s, the file's is %s); "+
				"the damaged copy was deleted", short(got), short(sum))
		}
	}
}

// upload PUTs the item's bytes to target, with If-None-Match: * unless
// replace is set, hashing them on the way. It returns the status for 2xx
// and 412; for 2xx also the SHA-256 of the bytes sent and the server's
// SHA-256 of what it wrote, when it gives one. Anything else is an error.
func (d *DAV) upload(ctx context.Context, target *url.URL, g *digest, replace bool) (status int, sum, got string, err error) {
	var (
		mu   sync.Mutex
		last *hashingBody // the body of the last try: the client may send it again (GetBody)
	)
	open := func() (io.ReadCloser, error) {
		rc, err := g.it.Open()
		if err != nil {
			return nil, lang.Errorf("reading the file: %w", err)
		}
		b := newHashingBody(rc)
		mu.Lock()
		last = b
		mu.Unlock()
		return b, nil
	}
	var body io.ReadCloser = http.NoBody
	if g.size > 0 {
		if body, err = open(); err != nil {
			return 0, "", "", err
		}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPut, target.String(), body)
	if err != nil {
		body.Close()
		return 0, "", "", err
	}
	if g.size > 0 {
		// Streamed, never held in memory; a retry opens the item again.
		req.ContentLength = g.size
		req.GetBody = open
	}
	if !replace {
		req.Header.Set("If-None-Match", "*")
	}
	if known, ok := g.sums["sha256"]; ok {
		req.Header.Set("OC-Checksum", ocChecksum(known))
	}
	req.Header.Set("X-Hash", "sha256")
	if v, ok := mtimeHeader(g.it); ok {
		req.Header.Set("X-OC-MTime", v)
	}
	resp, err := d.client.Do(req)
	if err != nil {
		return 0, "", "", fatalIfThrottled(err)
	}
	switch s := resp.StatusCode; {
	case s/100 == 2:
		discard(resp)
		sum, err := sentSum(ctx, last, &mu, g.size)
		if err != nil {
			return 0, "", "", err
		}
		return s, sum, strings.TrimSpace(resp.Header.Get("X-Hash-SHA256")), nil
	case s == http.StatusPreconditionFailed:
		discard(resp)
		return s, "", "", nil
	case s == http.StatusInsufficientStorage:
		discard(resp)
		return 0, "", "", errQuota
	case s == http.StatusRequestEntityTooLarge:
		discard(resp)
		return 0, "", "", lang.New("the server refuses files this large (413); ask the administrator to raise the web server's body limit")
	}
	return 0, "", "", lang.Errorf("the server answered %s", readProblem(resp))
}

// sentSum is the SHA-256 of the size bytes the last body sent, once the
// transport is done with it (it may still be closing it after the answer).
func sentSum(ctx context.Context, last *hashingBody, mu *sync.Mutex, size int64) (string, error) {
	mu.Lock()
	b := last
	mu.Unlock()
	if b == nil {
		return emptySHA256, nil
	}
	select {
	case <-b.closed:
	case <-ctx.Done():
		return "", ctx.Err()
	}
	sum, n := b.sum()
	if n != size {
		return "", lang.Errorf("the server accepted the file, yet only %v of its %v were sent", lang.T("%d bytes", n), lang.T("%d bytes", size))
	}
	return sum, nil
}

// mtimeHeader is the X-OC-MTime value for the item's date, if Nextcloud
// accepts it.
func mtimeHeader(it *importers.Item) (string, bool) {
	if mtime := it.Date.Unix(); !it.Date.IsZero() && mtime > minMTime {
		return strconv.FormatInt(mtime, 10), true
	}
	return "", false
}

// remove deletes u; one already gone is fine.
func (d *DAV) remove(ctx context.Context, u *url.URL) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodDelete, u.String(), nil)
	if err != nil {
		return err
	}
	resp, err := d.client.Do(req)
	if err != nil {
		return fatalIfThrottled(err)
	}
	if s := resp.StatusCode; s/100 == 2 || s == http.StatusNotFound {
		discard(resp)
		return nil
	}
	return lang.Errorf("the server answered %s", readProblem(resp))
}

// minMTime: Nextcloud refuses X-OC-MTime values up to one day after the
// epoch (400, nextcloud-api.md §3.1).
const minMTime = 86400

// itemSize is the number of bytes the item holds: the body's length, Size,
// or, when neither is known, what reading it gives.
func itemSize(it *importers.Item) (int64, error) {
	switch {
	case it.Body != nil && it.Content == nil:
		return int64(len(it.Body)), nil
	case it.Size > 0:
		return it.Size, nil
	case it.Content == nil:
		return 0, lang.New("the file has no content")
	}
	rc, err := it.Open()
	if err != nil {
		return 0, lang.Errorf("reading the file: %w", err)
	}
	defer rc.Close()
	n, err := io.Copy(io.Discard, rc)
	if err != nil {
		return 0, lang.Errorf("reading the file: %w", err)
	}
	return n, nil
}

func (d *DAV) rememberFile(it *importers.Item, final string) {
	d.files.mu.Lock()
	defer d.files.mu.Unlock()
	d.files.paths[it] = final
}

// placeNote tells where the item went when that is not where it was
// asked to go, and why: a different file had the name (n > 1), or the
// server forbids what the name had (why, from names.go).
func placeNote(o importers.Outcome, final, wanted string, n int, why []lang.Text) lang.Text {
	var forbids lang.Text
	if len(why) > 0 {
		forbids = lang.T("the server forbids %v", joinTexts(why))
	}
	switch {
	case o == importers.Present && n > 1 && !forbids.IsZero():
		return lang.T("already there as %q (renamed: %v)", final, forbids)
	case o == importers.Present && n > 1:
		return lang.T("already there as %q", final)
	case o == importers.Present && !forbids.IsZero():
		return lang.T("already there as %q (renamed: %v)", final, forbids)
	case o == importers.Present && final != wanted:
		return lang.T("already there as %q (a name the server accepts)", final)
	case o == importers.Present:
		return lang.T("already there")
	case n > 1 && !forbids.IsZero():
		return lang.T("uploaded as %q: a different file has the name; renamed (%v)", final, forbids)
	case n > 1:
		return lang.T("uploaded as %q: a different file has the name", final)
	case !forbids.IsZero():
		return lang.T("renamed to %q (%v)", final, forbids)
	case final != wanted:
		return lang.T("uploaded as %q (a name the server accepts)", final)
	}
	return lang.Text{}
}

func joinPath(dir, name string) string {
	return strings.Trim(path.Join(dir, name), "/")
}

// listing returns the folder's listing, loading it on first use; items
// of one folder share one PROPFIND.
func (d *DAV) listing(ctx context.Context, root *url.URL, dir string) (*listing, error) {
	d.files.mu.Lock()
	l := d.files.dirs[dir]
	if l == nil {
		l = &listing{}
		d.files.dirs[dir] = l
	}
	d.files.mu.Unlock()

	l.mu.Lock()
	defer l.mu.Unlock()
	if l.loaded {
		return l, nil
	}
	u := fileURL(root, dir, true)
	entries, err := d.propfind(ctx, u, "1")
	if err != nil {
		return nil, lang.Errorf("listing the folder %q: %w", dir, err)
	}
	names := map[string]*remoteFile{}
	self := path.Clean(u.Path)
	for _, e := range entries {
		switch {
		case e.path == self && !e.dir:
			return nil, lang.Errorf("%q is a file, not a folder", dir)
		case e.path == self || path.Dir(e.path) != self:
		default:
			name := path.Base(e.path)
			names[name] = &remoteFile{dir: e.dir, size: e.size, checksums: e.checksums}
			if e.dir {
				d.files.mu.Lock()
				d.files.made[joinPath(dir, name)] = true
				d.files.mu.Unlock()
			}
		}
	}
	l.names, l.loaded = names, true
	return l, nil
}

// davEntry is one resource of a PROPFIND answer.
type davEntry struct {
	path      string // decoded, cleaned URL path
	dir       bool
	size      int64
	checksums string
}

const filesPropfind = `<?xml version="1.0" encoding="utf-8"?>
<d:propfind xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns"><d:prop>` +
	`<d:resourcetype/><d:getcontentlength/><oc:checksums/>` +
	`</d:prop></d:propfind>`

// propfind lists u (depth "0") or u and its children (depth "1").
func (d *DAV) propfind(ctx context.Context, u *url.URL, depth string) ([]davEntry, error) {
	entries, p, err := d.propfindAnswer(ctx, u, depth)
	if err == nil && p != nil {
		return nil, lang.Errorf("the server answered %s", *p)
	}
	return entries, err
}

// propfindAnswer is propfind, with an answer other than 207 given as a
// problem rather than an error.
func (d *DAV) propfindAnswer(ctx context.Context, u *url.URL, depth string) ([]davEntry, *problem, error) {
	req, err := http.NewRequestWithContext(ctx, "PROPFIND", u.String(), strings.NewReader(filesPropfind))
	if err != nil {
		return nil, nil, err
	}
	req.Header.Set("Depth", depth)
	req.Header.Set("Content-Type", `application/xml; charset="utf-8"`)
	resp, err := d.client.Do(req)
	if err != nil {
		return nil, nil, fatalIfThrottled(err)
	}
	if resp.StatusCode != http.StatusMultiStatus {
		p := readProblem(resp)
		return nil, &p, nil
	}
	defer resp.Body.Close()
	var ms multistatus
	if err := xml.NewDecoder(resp.Body).Decode(&ms); err != nil {
		return nil, nil, lang.Errorf("reading the server's answer: %w", err)
	}
	out := make([]davEntry, 0, len(ms.Responses))
	for _, r := range ms.Responses {
		h, err := url.Parse(strings.TrimSpace(r.Href))
		if err != nil {
			continue
		}
		e := davEntry{path: path.Clean(h.Path), size: -1}
		for _, ps := range r.Propstats {
			if !strings.Contains(ps.Status, " 200") {
				continue
			}
			if ps.Prop.ResourceType.Collection != nil {
				e.dir = true
			}
			if n, err := strconv.ParseInt(strings.TrimSpace(ps.Prop.ContentLength), 10, 64); err == nil {
				e.size = n
			}
			e.checksums = strings.TrimSpace(strings.Join(ps.Prop.Checksums, " "))
		}
		out = append(out, e)
	}
	return out, nil, nil
}

// multistatus is the part of a PROPFIND answer (RFC 4918 §14.16) that
// files.go reads.
type multistatus struct {
	Responses []struct {
		Href      string `xml:"DAV: href"`
		Propstats []struct {
			Status string `xml:"DAV: status"`
			Prop   struct {
				ResourceType struct {
					Collection *struct{} `xml:"DAV: collection"`
				} `xml:"DAV: resourcetype"`
				ContentLength string   `xml:"DAV: getcontentlength"`
				Checksums     []string `xml:"http://owncloud.org/ns checksums>checksum"`
			} `xml:"DAV: prop"`
		} `xml:"DAV: propstat"`
	} `xml:"DAV: response"`
}

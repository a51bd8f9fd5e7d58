package nextcloud

import (
	"context"
	"net/http"
	"net/url"
	"path"
	"strings"
	"sync"

	"github.com/takeback/takeback/importers"

	"github.com/takeback/takeback/internal/lang"
)

// Albums are Nextcloud Photos albums (Photos ≥ 2.0, NC 25+;
// nextcloud-api.md §5.3): collections under
// /remote.php/dav/photos/<user ID>/albums/ that hold links to the user's
// files. A file joins one by a COPY from the files tree; the file stays
// where it is.

// ErrNoAlbums is what AddToAlbum returns when the server keeps no photo
// albums: a plain WebDAV server (rclone, or any files root given with
// Options.WebDAV), or a Nextcloud without the Photos app. The caller keeps
// the album names in its report instead. It is importers.ErrNoAlbums, which
// importers.Apply recognises.
var ErrNoAlbums = importers.ErrNoAlbums

// photos is what DAV knows about albums during a run.
type photos struct {
	mu      sync.Mutex // held while checking for albums
	checked bool
	albums  *url.URL        // the albums collection; nil when there is none
	made    map[string]bool // albums known to exist, by name
}

func (p *photos) init() { p.made = map[string]bool{} }

// AddToAlbum adds the file Put stored for it (FilePath) to the album,
// creating the album when needed. A file already in the album is fine. On a
// server without albums it returns ErrNoAlbums.
func (d *DAV) AddToAlbum(ctx context.Context, album string, it *importers.Item) error {
	albums, err := d.albumsHome(ctx)
	if err != nil {
		return err
	}
	if albums == nil {
		return ErrNoAlbums
	}
	rel := d.FilePath(it)
	if rel == "" {
		return lang.New("the file is not on the server, so it cannot be added to an album")
	}
	root, err := d.filesRoot()
	if err != nil {
		return err
	}
	name := SafeName(album)
	au := fileURL(albums, name, true)
	if err := d.ensureAlbum(ctx, name, au); err != nil {
		return err
	}

	// COPY <file> Destination: <album>/<basename>; Nextcloud names the
	// member "<fileid>-<basename>" and answers 409 to a repeat.
	req, err := http.NewRequestWithContext(ctx, "COPY", fileURL(root, rel, false).String(), nil)
	if err != nil {
		return err
	}
	req.Header.Set("Destination", fileURL(au, path.Base(rel), false).String())
	resp, err := d.client.Do(req)
	if err != nil {
		return fatalIfThrottled(err)
	}
	switch resp.StatusCode {
	case http.StatusCreated, http.StatusNoContent, http.StatusConflict:
		discard(resp)
		return nil
	}
	return lang.Errorf("the server answered %s", readProblem(resp))
}

// albumsHome finds out, once per run, whether the server keeps albums: a
// PROPFIND on the albums collection answers 207 on a Nextcloud with
// Photos. Only a files root found from Options.Server can have them.
func (d *DAV) albumsHome(ctx context.Context) (*url.URL, error) {
	p := &d.photos
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.checked || d.ends.photosRoot == "" {
		return p.albums, nil
	}
	u, err := url.Parse(strings.TrimSuffix(d.ends.photosRoot, "/") + "/albums/")
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, "PROPFIND", u.String(), strings.NewReader(
		`<?xml version="1.0" encoding="utf-8"?><d:propfind xmlns:d="DAV:"><d:prop><d:resourcetype/></d:prop></d:propfind>`))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Depth", "0")
	req.Header.Set("Content-Type", `application/xml; charset="utf-8"`)
	resp, err := d.client.Do(req)
	if err != nil {
		return nil, fatalIfThrottled(err)
	}
	switch {
	case resp.StatusCode == http.StatusMultiStatus:
		discard(resp)
		p.albums = u
	case resp.StatusCode/100 == 4:
		// 404 without the Photos app; any refusal means no albums here.
		discard(resp)
	default:
		// A server error says nothing either way: ask again next time.
		return nil, lang.Errorf("checking for Nextcloud Photos albums: the server answered %s", readProblem(resp))
	}
	p.checked = true
	return p.albums, nil
}

// ensureAlbum creates the album at u unless it is known to exist; 405 and
// 409 mean it exists.
func (d *DAV) ensureAlbum(ctx context.Context, name string, u *url.URL) error {
	d.photos.mu.Lock()
	made := d.photos.made[name]
	d.photos.mu.Unlock()
	if made {
		return nil
	}
	req, err := http.NewRequestWithContext(ctx, "MKCOL", u.String(), nil)
	if err != nil {
		return err
	}
	resp, err := d.client.Do(req)
	if err != nil {
		return fatalIfThrottled(err)
	}
	switch {
	case resp.StatusCode/100 == 2, resp.StatusCode == http.StatusMethodNotAllowed, resp.StatusCode == http.StatusConflict:
		discard(resp)
	default:
		return lang.Errorf("creating the album %q: the server answered %s", name, readProblem(resp))
	}
	d.photos.mu.Lock()
	d.photos.made[name] = true
	d.photos.mu.Unlock()
	return nil
}

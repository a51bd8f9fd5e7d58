package google

import (
	"fmt"
	"path"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/takeback/takeback/importers"
	"github.com/takeback/takeback/importers/media"
	"github.com/takeback/takeback/internal/lang"
)

// PhotosOptions tune the Google Photos import.
type PhotosOptions struct {
	// Dir is the folder in the user's files that receives YYYY/MM/…;
	// "Photos/Google Photos" when empty.
	Dir string
	// UntitledAlbums keeps albums without a title, named after their folder.
	UntitledAlbums bool
	// IncludeTrashed imports what was in Google Photos' trash.
	IncludeTrashed bool
}

// DefaultPhotosDir is where photos go unless told otherwise: under /Photos,
// the folder the Nextcloud Photos timeline shows by default
// (nextcloud-api.md §5.2).
const DefaultPhotosDir = "Photos/Google Photos"

// maxJSON bounds one Photos JSON file.
const maxJSON = 4 << 20

// photoDir is what one in-archive folder holds, across all parts.
type photoDir struct {
	path     string
	sidecars map[string]*Sidecar // by JSON file name
	unread   map[string]*unreadJSON
	album    *Album
	media    []*mediaFile
}

// unreadJSON is a JSON file that was not read: too large for Photos
// metadata, or damaged. When it turns out to be a photo's sidecar, the
// photo is still imported, without it.
type unreadJSON struct {
	name   string // file name
	source string
	reason lang.Text
	warn   bool // say so once it is known to be a sidecar; false when a warning was given already
	warned bool
}

// mediaFile is one photo or video as found in the archive.
type mediaFile struct {
	seq     int // walk order, so a tgz is read in one pass at import time
	member  importers.Member
	open    importers.Opener
	typ     media.Type
	exif    media.Clock
	hasEXIF bool
	video   time.Time
}

func (t *Takeout) photoDir(p string) *photoDir {
	d := t.dirs[p]
	if d == nil {
		d = &photoDir{path: p, sidecars: map[string]*Sidecar{}, unread: map[string]*unreadJSON{}}
		t.dirs[p] = d
	}
	return d
}

// visitPhotos reads Photos JSON and the first bytes of media files.
func (t *Takeout) visitPhotos(m importers.Member, open importers.Opener, ext string, p *importers.Plan) {
	dir, name := path.Split(m.Path)
	if ext == ".json" {
		if isTasksName(name) && m.Size > maxFile {
			fail(p, importers.Task, m.Source(), lang.T("the task lists file is %s uncompressed, more than the %s takeback reads",
				lang.Size(m.Size), lang.Size(maxFile)))
			return
		}
		if m.Size > maxJSON && isTasksName(name) {
			// A long task list may pass the cap of Photos metadata.
			data, err := importers.ReadAll(open, m.Size, maxFile)
			if err != nil {
				fail(p, importers.Task, m.Source(), lang.T("the file could not be read: %v", err))
				return
			}
			t.otherJSON(m, data, p)
			return
		}
		if m.Size > maxJSON {
			// Not read, and not a warning yet: most large JSON files of a
			// Takeout are not Photos metadata (YouTube history, Fit).
			t.photoDir(dir).unread[name] = &unreadJSON{name: name, source: m.Source(), warn: true,
				reason: lang.T("the file is %s uncompressed, more than the %s takeback reads of Google Photos metadata",
					lang.Size(m.Size), lang.Size(maxJSON))}
			return
		}
		// Capped whatever the archive declares.
		data, err := importers.ReadAll(open, m.Size, maxJSON)
		if err != nil {
			warn(p, m.Source(), lang.T("could not be read: %v", err))
			t.photoDir(dir).unread[name] = &unreadJSON{name: name, source: m.Source(), reason: lang.T("it could not be read")}
			return
		}
		if t.otherJSON(m, data, p) {
			return
		}
		kind, sc, album, err := ParseJSON(data)
		switch {
		case err != nil || kind == JSONUnknown:
			return // not Photos metadata: settings, Keep notes, …
		case kind == JSONSidecar:
			t.recognise(m, "photos")
			t.photoDir(dir).sidecars[name] = sc
		case kind == JSONAlbum:
			t.recognise(m, "photos")
			t.photoDir(dir).album = album
		}
		return
	}
	// An album's copy of a photo (same name, same size) is the photo
	// itself (finishPhotos keeps the first one found): its head is not
	// read again (issue 7).
	key := sameMedia(name, m.Size)
	if first := t.heads[key]; first != nil {
		f := *first
		f.seq, f.member, f.open = t.seq, m, m.Reopen()
		t.photoDir(dir).media = append(t.photoDir(dir).media, &f)
		return
	}
	head, err := readHead(open)
	if err != nil {
		fail(p, importers.Photo, m.Source(), lang.T("the file could not be read: %v", err))
		return
	}
	typ := media.Detect(name, head)
	if typ == media.Unknown {
		return
	}
	f := &mediaFile{seq: t.seq, member: m, open: m.Reopen(), typ: typ}
	f.exif, f.hasEXIF = media.EXIF(head)
	if typ == media.Video {
		f.video, _ = media.VideoTime(head)
	}
	t.heads[key] = f
	t.photoDir(dir).media = append(t.photoDir(dir).media, f)
}

// readHead reads the first bytes of a media file: only those the media
// readers look at (see media.ReadHead).
func readHead(open importers.Opener) ([]byte, error) {
	r, err := open()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return media.ReadHead(r)
}

// asset is one photo or video to import, after deduplication.
type asset struct {
	file    *mediaFile
	sidecar *Sidecar
	rule    string      // how the sidecar was found; "" when none
	unread  *unreadJSON // its sidecar, which could not be read; nil when none or when sidecar is set
	albums  []string
}

// sameMedia is the key of a photo or video: copies with one name and one
// size (a year folder's and an album's) are one photo.
func sameMedia(name string, size int64) string { return fmt.Sprintf("%s\x00%d", name, size) }

// finishPhotos pairs sidecars with media in each folder, merges the copies
// of a photo found in its year folder and in its albums, and plans one item
// per photo.
func (t *Takeout) finishPhotos(p *importers.Plan) {
	dirs := t.photoDirs()
	byKey := map[string]*asset{}
	var assets []*asset
	for _, d := range dirs {
		matches := d.match()
		album := t.albumName(d)
		for _, f := range d.media {
			key := sameMedia(path.Base(f.member.Path), f.member.Size)
			a := byKey[key]
			if a == nil {
				a = &asset{file: f}
				byKey[key] = a
				assets = append(assets, a)
			}
			if m, ok := matches[path.Base(f.member.Path)]; ok && a.sidecar == nil {
				if sc := d.sidecars[m.Sidecar]; sc != nil {
					a.sidecar, a.rule, a.unread = sc, m.Rule, nil
				} else if a.unread == nil {
					a.unread = d.unread[m.Sidecar]
				}
			}
			if album != "" && !slices.Contains(a.albums, album) {
				a.albums = append(a.albums, album)
			}
		}
	}
	sort.SliceStable(assets, func(i, j int) bool { return assets[i].file.seq < assets[j].file.seq })
	// The scan's index is no longer needed: let it go while the items are
	// made, so the peak is the larger of the two, not their sum (issue 7).
	t.dirs, t.heads = nil, nil

	root := t.opt.Photos.Dir
	if root == "" {
		root = DefaultPhotosDir
	}
	folder := &importers.Collection{Kind: importers.Folder, ID: root, Name: root}
	var names importers.Names
	for i, a := range assets {
		p.Add(t.photoItem(a, folder, &names, p))
		assets[i] = nil
	}
}

// match pairs the folder's media with its sidecars, those that could not
// be read included.
func (d *photoDir) match() map[string]Match {
	var names []SidecarName
	for n, sc := range d.sidecars {
		names = append(names, SidecarName{Name: n, Title: sc.Title})
	}
	for n := range d.unread {
		if d.sidecars[n] == nil {
			names = append(names, SidecarName{Name: n})
		}
	}
	sort.Slice(names, func(i, j int) bool { return names[i].Name < names[j].Name })
	var files []string
	for _, f := range d.media {
		files = append(files, path.Base(f.member.Path))
	}
	return MatchSidecars(names, files)
}

// unreadSidecars says whether a JSON file that could not be read is the
// sidecar of one of the folder's media.
func (d *photoDir) unreadSidecars() bool {
	if len(d.unread) == 0 || len(d.media) == 0 {
		return false
	}
	for _, m := range d.match() {
		if d.unread[m.Sidecar] != nil {
			return true
		}
	}
	return false
}

// photoDirs lists the folders that hold Google Photos: those with a sidecar
// (read, or named as one but too large or damaged) or an album JSON, and
// their sibling folders (a year folder whose JSONs are all missing is
// still Photos). Contact pictures and Drive files, in folders of their
// own, are left alone.
func (t *Takeout) photoDirs() []*photoDir {
	parents := map[string]bool{}
	for p, d := range t.dirs {
		if len(d.sidecars) > 0 || d.album != nil || d.unreadSidecars() {
			parents[path.Dir(strings.TrimSuffix(p, "/"))] = true
		}
	}
	var out []*photoDir
	for p, d := range t.dirs {
		if len(d.media) > 0 && parents[path.Dir(strings.TrimSuffix(p, "/"))] {
			out = append(out, d)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].path < out[j].path })
	return out
}

func (t *Takeout) albumName(d *photoDir) string {
	switch {
	case d.album == nil:
		return ""
	case strings.TrimSpace(d.album.Title) != "":
		return strings.TrimSpace(d.album.Title)
	case t.opt.Photos.UntitledAlbums:
		return path.Base(strings.TrimSuffix(d.path, "/"))
	}
	return ""
}

func (t *Takeout) photoItem(a *asset, folder *importers.Collection, names *importers.Names, p *importers.Plan) *importers.Item {
	f := a.file
	m := f.member
	kind := importers.Photo
	if f.typ == media.Video {
		kind = importers.Video
	}
	title := ""
	if a.sidecar != nil {
		title = a.sidecar.Title
	}
	name := AssetName(title, path.Base(m.Path))
	d := captureDate(f, a.sidecar, m)
	if !d.warning.IsZero() {
		warn(p, m.Source(), d.warning)
	}
	it := &importers.Item{Kind: kind, Source: m.Source(), Collection: folder, Title: name,
		Date: d.time, DateSource: d.source, Albums: a.albums, Size: m.Size, Content: f.open}
	it.Name = names.Unique(d.time.Format("2006/01/") + name)
	var notes []lang.Text
	switch u := a.unread; {
	case a.sidecar == nil && u != nil:
		notes = append(notes, lang.T("its Google metadata (%s) was not read; dated from %s", u.name, describeSource(d.source)))
		if u.warn && !u.warned {
			u.warned = true
			warn(p, u.source, lang.T("Google Photos metadata not read: %s; %s is imported without it", u.reason, path.Base(m.Path)))
		}
	case a.sidecar == nil:
		notes = append(notes, lang.T("no Google metadata (JSON) was found for it; dated from %s", describeSource(d.source)))
	}
	if sc := a.sidecar; sc != nil {
		if sc.Trashed && !t.opt.Photos.IncludeTrashed {
			it.Skip = lang.T("it was in Google Photos' trash (--include-trashed imports it)")
		}
		if sc.Archived {
			notes = append(notes, lang.T("archived in Google Photos"))
		}
		if sc.Partner {
			notes = append(notes, lang.T("shared by a partner in Google Photos"))
		}
	}
	it.Note = joinTexts(notes)
	return it
}

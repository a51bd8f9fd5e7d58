package facebook

import (
	"log/slog"
	"path"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/takeback/takeback/importers"
	"github.com/takeback/takeback/importers/media"
	"github.com/takeback/takeback/internal/lang"
)

// Options tune what is read from a Facebook export.
type Options struct {
	// Calendar is the name of the calendar for events; "Facebook" when empty.
	Calendar string
	// AllEvents also imports declined events and unanswered invitations.
	AllEvents bool
	// PhotosDir is the folder that receives YYYY/MM/…; "Photos/Facebook"
	// when empty.
	PhotosDir string
}

// Defaults for Options.
const (
	DefaultCalendar  = "Facebook"
	DefaultPhotosDir = "Photos/Facebook"
)

// Export is the importers.Source for Facebook "Download Your Information"
// exports. Each input is recognised by its content: the top-level keys of
// its JSON records (facebook-export.md §2).
type Export struct {
	opt     Options
	events  []found[Event]
	media   []found[MediaRef]
	members map[string]member // every file of every input, by path
	nested  map[string]member // the same by path below the first folder, built when needed
	html    map[string]string // input → an HTML record found in it
	json    map[string]bool   // inputs with Facebook JSON records
	seq     int
}

// found is a record with the member it was read from.
type found[T any] struct {
	source string
	input  string
	rec    T
}

type member struct {
	seq int
	m   importers.Member
}

// New returns an empty Facebook source.
func New(opt Options) *Export {
	if opt.Calendar == "" {
		opt.Calendar = DefaultCalendar
	}
	if opt.PhotosDir == "" {
		opt.PhotosDir = DefaultPhotosDir
	}
	return &Export{opt: opt, members: map[string]member{}, html: map[string]string{}, json: map[string]bool{}}
}

// Visit reads Facebook JSON records and notes every other file, since a
// record may name a file of another part.
func (e *Export) Visit(m importers.Member, open importers.Opener, p *importers.Plan) {
	e.seq++
	// A Google Takeout's files are never a Facebook record's: neither
	// read its JSON nor keep its files (a tenth of preview's memory on a
	// large Takeout, issue 7).
	if strings.HasPrefix(m.Path, "Takeout/") {
		return
	}
	switch ext := strings.ToLower(path.Ext(m.Path)); {
	case ext == ".json":
		if m.Size == 0 {
			return
		}
		// Named like a record takeback reads: worth a warning when it
		// cannot be read. Other JSON files may be another source's.
		record := IsHTMLRecord(strings.TrimSuffix(m.Path, path.Ext(m.Path)) + ".html")
		if m.Size > MaxJSON {
			if record {
				slog.Warn("Facebook record too large, not read", "source", m.Source(), "size", m.Size)
				p.Warn(m.Source(), lang.T("not read: the file is %s uncompressed, more than the %s takeback reads of a Facebook record; "+
					"what it lists is not imported", lang.Size(m.Size), lang.Size(MaxJSON)))
			}
			return
		}
		// Capped whatever the archive declares.
		data, err := importers.ReadAll(open, m.Size, MaxJSON)
		if err != nil {
			if record {
				slog.Warn("Facebook record not read", "source", m.Source(), "error", err.Error())
				p.Warn(m.Source(), lang.T("could not be read: %v", err))
			}
			return
		}
		f, err := ParseFile(data)
		if err != nil || !f.Facebook {
			return
		}
		if !e.json[m.Input] {
			slog.Debug("Facebook export recognised", "input", m.Input, "first", m.Path)
		}
		slog.Debug("Facebook record read", "source", m.Source(), "record", f.String())
		e.json[m.Input] = true
		for _, ev := range f.Events {
			e.events = append(e.events, found[Event]{m.Source(), m.Input, ev})
		}
		for _, mr := range f.Media {
			e.media = append(e.media, found[MediaRef]{m.Source(), m.Input, mr})
		}
	case ext == ".html" && IsHTMLRecord(m.Path):
		if _, ok := e.html[m.Input]; !ok {
			e.html[m.Input] = m.Source()
		}
	default:
		if _, ok := e.members[m.Path]; !ok {
			e.members[m.Path] = member{seq: e.seq, m: m}
		}
	}
}

// Finish plans the events and the photos and videos.
func (e *Export) Finish(p *importers.Plan) {
	for input, source := range e.html {
		if !e.json[input] {
			slog.Warn("Facebook export in HTML format, not read", "source", source)
			p.Fail(importers.Archive, source, lang.T("this Facebook export is in HTML format, whose times cannot be trusted. "+
				"Ask Facebook for a new one in JSON format: Settings, Download your information, Format: JSON"))
		}
	}
	from := len(p.Items)
	e.finishEvents(p)
	e.finishMedia(p)
	p.LogPlanned("Facebook export", from)
}

func (e *Export) finishEvents(p *importers.Plan) {
	if len(e.events) == 0 {
		return
	}
	sources := map[string]string{}
	var all []Event
	for _, f := range e.events {
		if _, ok := sources[UID(f.rec)]; !ok {
			sources[UID(f.rec)] = f.source
		}
		all = append(all, f.rec)
	}
	cal := &importers.Collection{Kind: importers.Calendar, ID: "facebook-" + importers.Slug(e.opt.Calendar),
		Name: e.opt.Calendar, Components: []string{"VEVENT"}}
	for _, ev := range MergeEvents(all) {
		uid := UID(ev)
		data := EventObject(ev)
		it := &importers.Item{Kind: importers.Event, Source: sources[uid], Collection: cal,
			Name: importers.ResourceName(uid, ".ics"), UID: uid, Title: ev.Name, Date: ev.Start,
			DateSource: "facebook", Body: data, Size: int64(len(data))}
		if !e.opt.AllEvents {
			switch ev.Response {
			case Declined:
				it.Skip = lang.T("you declined this event (--facebook-events all imports it)")
			case Invited:
				it.Skip = lang.T("you were invited but did not answer (--facebook-events all imports it)")
			}
		}
		if ev.End.IsZero() {
			it.Note = lang.T("no end time in the Facebook export: 2 hours assumed")
		}
		p.Add(it)
	}
}

// asset is one photo or video, with every album that names it.
type asset struct {
	found[MediaRef]
	albums []string
	m      member
}

func (e *Export) finishMedia(p *importers.Plan) {
	byURI := map[string]*asset{}
	missing := map[string]bool{}
	var assets []*asset
	for _, f := range e.media {
		a := byURI[f.rec.URI]
		if a == nil {
			m, ok := e.resolve(f.rec.URI)
			if !ok {
				if !missing[f.rec.URI] {
					missing[f.rec.URI] = true
					slog.Debug("Facebook media not in the export", "source", f.source, "uri", f.rec.URI)
					p.Fail(importers.Photo, f.source, lang.T("it names %s, which is not in the export (is a part missing?)", f.rec.URI))
				}
				continue
			}
			a = &asset{found: f, m: m}
			byURI[f.rec.URI] = a
			assets = append(assets, a)
		}
		if f.rec.Album != "" && !slices.Contains(a.albums, f.rec.Album) {
			a.albums = append(a.albums, f.rec.Album)
		}
		if a.rec.Taken.IsZero() && !f.rec.Taken.IsZero() {
			a.rec.Taken = f.rec.Taken
		}
		a.rec.Video = a.rec.Video || f.rec.Video
	}
	sort.SliceStable(assets, func(i, j int) bool { return assets[i].m.seq < assets[j].m.seq })
	folder := &importers.Collection{Kind: importers.Folder, ID: e.opt.PhotosDir, Name: e.opt.PhotosDir}
	var names importers.Names
	for _, a := range assets {
		p.Add(e.mediaItem(a, folder, &names))
	}
}

// resolve finds the file a record names: by its path from the export
// root, or, when the export sits in a folder of its own inside the
// archive, by its path below that folder.
func (e *Export) resolve(uri string) (member, bool) {
	uri = strings.TrimPrefix(uri, "/")
	if m, ok := e.members[uri]; ok {
		return m, true
	}
	if e.nested == nil {
		e.nested = map[string]member{}
		for p, m := range e.members {
			if i := strings.IndexByte(p, '/'); i >= 0 {
				if old, ok := e.nested[p[i+1:]]; !ok || m.seq < old.seq {
					e.nested[p[i+1:]] = m
				}
			}
		}
	}
	m, ok := e.nested[uri]
	return m, ok
}

func (e *Export) mediaItem(a *asset, folder *importers.Collection, names *importers.Names) *importers.Item {
	m := a.m.m
	name := path.Base(m.Path)
	kind := importers.Photo
	if a.rec.Video || media.Detect(name, nil) == media.Video {
		kind = importers.Video
	}
	when, source := captureDate(a.rec, m)
	it := &importers.Item{Kind: kind, Source: m.Source(), Collection: folder, Title: name,
		Date: when, DateSource: source, Albums: a.albums, Size: m.Size, Content: m.Reopen()}
	it.Name = names.Unique(when.Format("2006/01/") + safeName(name))
	return it
}

// captureDate prefers the capture time Facebook kept, then the upload
// time: Facebook strips EXIF from the files it delivers (facebook-export.md
// §4), so the JSON is the only truth.
func captureDate(r MediaRef, m importers.Member) (time.Time, string) {
	switch {
	case !r.Taken.IsZero():
		return r.Taken.In(time.Local), "facebook-taken"
	case !r.Created.IsZero():
		return r.Created.In(time.Local), "facebook-created"
	}
	if c, ok := media.FromName(path.Base(m.Path)); ok {
		return time.Date(c.Time.Year(), c.Time.Month(), c.Time.Day(), c.Time.Hour(), c.Time.Minute(), c.Time.Second(), 0, time.Local), "filename"
	}
	return m.ModTime.In(time.Local), "archive"
}

// safeName keeps a file name from the export inside its folder.
func safeName(name string) string {
	name = strings.NewReplacer("/", "_", "\\", "_").Replace(name)
	if name == "" || name == "." || name == ".." {
		return "_"
	}
	return name
}

package google

import (
	"bytes"
	"fmt"
	"log/slog"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/takeback/takeback/importers"
	"github.com/takeback/takeback/importers/media"
	"github.com/takeback/takeback/internal/lang"
)

// maxFile bounds how much of one calendar or contacts file is read.
const maxFile = 64 << 20

var kindOf = map[string]importers.Kind{".ics": importers.Event, ".vcf": importers.Contact}

// Options tune what is read from a Takeout.
type Options struct {
	Photos PhotosOptions
	Drive  DriveOptions
	Notes  NotesOptions
}

// Takeout is the importers.Source for Google Takeout.
type Takeout struct {
	opt       Options
	calendars []*foundCalendar
	contacts  []ContactsFile
	dirs      map[string]*photoDir  // Photos folders by in-archive path
	heads     map[string]*mediaFile // the first media file of each name and size
	drive     driveState            // drive.go
	tasks     tasksState            // tasks.go
	keep      keepState             // keep.go
	seq       int
	found     map[string]bool // input + "\x00" + product, for the log
}

type foundCalendar struct {
	source string
	member string
	file   *CalendarFile
}

// NewTakeout returns an empty Takeout source.
func NewTakeout(opt Options) *Takeout {
	return &Takeout{opt: opt, dirs: map[string]*photoDir{}, heads: map[string]*mediaFile{}}
}

// Visit reads the members that look like calendars, contacts, Photos
// metadata, photos or videos.
func (t *Takeout) Visit(m importers.Member, open importers.Opener, p *importers.Plan) {
	t.seq++
	// Drive's files are the user's files whatever they hold: an .ics in
	// Drive is a file, not a calendar to import.
	if t.visitDrive(m, open, p) {
		return
	}
	t.keepMember(m)
	ext := strings.ToLower(path.Ext(m.Path))
	if ext != ".ics" && ext != ".vcf" {
		if m.Size > 0 && (ext == ".json" || mayBeMedia(path.Base(m.Path), ext)) {
			t.visitPhotos(m, open, ext, p)
		}
		return
	}
	if m.Size == 0 {
		return // Takeout writes empty label files (google-takeout.md §4.1)
	}
	if m.Size > maxFile {
		reason := lang.T("the calendar file is %s uncompressed, more than the %s takeback reads", lang.Size(m.Size), lang.Size(maxFile))
		if ext == ".vcf" {
			reason = lang.T("the contacts file is %s uncompressed, more than the %s takeback reads", lang.Size(m.Size), lang.Size(maxFile))
		}
		fail(p, kindOf[ext], m.Source(), reason)
		return
	}
	// The archive may declare less than the member holds: the read is
	// capped whatever it says.
	data, err := importers.ReadAll(open, m.Size, maxFile)
	if err != nil {
		fail(p, kindOf[ext], m.Source(), lang.T("the file could not be read: %v", err))
		return
	}
	switch {
	case ext == ".ics" && startsWith(data, "BEGIN:VCALENDAR"):
		f, err := ParseCalendar(bytes.NewReader(data))
		if err != nil {
			fail(p, importers.Event, m.Source(), lang.T("the calendar file is damaged: %v", err))
			return
		}
		t.recognise(m, "calendar")
		slog.Debug("calendar file read", "source", m.Source(), "objects", len(f.Objects), "warnings", len(f.Warnings))
		t.calendars = append(t.calendars, &foundCalendar{source: m.Source(), member: m.Path, file: f})
	case ext == ".vcf" && startsWith(data, "BEGIN:VCARD"):
		t.recognise(m, "contacts")
		t.contacts = append(t.contacts, ContactsFile{Source: m.Source(), Label: path.Base(path.Dir(m.Path)), Data: data})
	case ext == ".ics":
		warn(p, m.Source(), lang.T("not imported: the file does not start like a calendar (BEGIN:VCALENDAR)"))
	default:
		warn(p, m.Source(), lang.T("not imported: the file does not start like a contacts file (BEGIN:VCARD)"))
	}
}

// recognise logs, once per input and product, that the input holds a
// Google product: what takeback found in each part of a Takeout.
func (t *Takeout) recognise(m importers.Member, product string) {
	key := m.Input + "\x00" + product
	if t.found[key] {
		return
	}
	if t.found == nil {
		t.found = map[string]bool{}
	}
	t.found[key] = true
	slog.Debug("Google Takeout product found", "input", m.Input, "product", product, "first", m.Path)
}

// fail records a file that cannot be imported, and logs it. The log leaves
// the reason out: it may quote the user's data.
func fail(p *importers.Plan, kind importers.Kind, source string, reason lang.Text) {
	slog.Warn("Google Takeout file not read", "kind", kind, "source", source)
	p.Fail(kind, source, reason)
}

// warn records a warning about a file, and logs that there is one.
func warn(p *importers.Plan, source string, message lang.Text) {
	slog.Debug("Google Takeout warning", "source", source)
	p.Warn(source, message)
}

// Finish turns what was found into items: one calendar per .ics file, and
// one address book for all contacts.
func (t *Takeout) Finish(p *importers.Plan) {
	defer p.LogPlanned("Google Takeout", len(p.Items))
	ids := map[string]int{}
	for _, fc := range t.calendars {
		t.addCalendar(fc, ids, p)
	}
	if len(t.contacts) > 0 {
		t.addContacts(p)
	}
	t.finishPhotos(p)
	t.finishDrive(p)
	t.finishTasks(p)
	t.finishKeep(p)
}

// otherJSON hands a JSON file that is a task list or a Keep note to its
// reader, recognised by content (google-takeout.md §1.3), and reports
// whether it did.
func (t *Takeout) otherJSON(m importers.Member, data []byte, p *importers.Plan) bool {
	switch {
	case isTasks(data):
		t.visitTasks(m, data, p)
	case isKeepNote(data):
		t.visitKeep(m, data, p)
	default:
		return false
	}
	return true
}

// mayBeMedia says whether a file is worth sniffing as a photo or video: a
// media extension, or none, or Pixel's ".MP"/".MP~2" (google-takeout.md §2.4).
func mayBeMedia(name, ext string) bool {
	return media.Detect(name, nil) != media.Unknown || ext == "" || ext == ".mp" || strings.HasPrefix(ext, ".mp~")
}

func (t *Takeout) addCalendar(fc *foundCalendar, ids map[string]int, p *importers.Plan) {
	f := fc.file
	name := f.Name
	if name == "" {
		name = strings.TrimSuffix(path.Base(fc.member), path.Ext(fc.member))
	}
	id := "google-" + importers.Slug(name)
	if ids[id]++; ids[id] > 1 {
		id = fmt.Sprintf("%s-%d", id, ids[id])
		name = fmt.Sprintf("%s (%d)", name, ids[id])
	}
	c := &importers.Collection{Kind: importers.Calendar, ID: id, Name: name,
		Description: f.Description, Color: f.Color, Timezone: f.Timezone, TimezoneData: f.TimezoneData, Components: componentSet(f)}
	for _, w := range f.Warnings {
		warn(p, fc.source, w)
	}
	for _, o := range f.Objects {
		kind := importers.Event
		if o.Component == "VTODO" {
			kind = importers.Task
		}
		it := &importers.Item{Kind: kind, Source: fc.source, Collection: c,
			Name: importers.ResourceName(o.UID, ".ics"), UID: o.UID, Title: o.Summary,
			Date: o.Start, AllDay: o.AllDay, DateSource: "DTSTART", Body: o.Data, Size: int64(len(o.Data)), Skip: o.Skip, Note: o.Note}
		if f.Birthday {
			it.Skip = lang.T("Google's birthday calendar is not imported: Nextcloud makes its own from your contacts' birthdays")
		}
		p.Add(it)
	}
}

// componentSet lists the component types of the file's objects, so that a
// calendar holding to-dos accepts them (sabre refuses other types, 403).
func componentSet(f *CalendarFile) []string {
	set := []string{"VEVENT"}
	for _, o := range f.Objects {
		if o.Component != "" && !slices.Contains(set, o.Component) {
			set = append(set, o.Component)
		}
	}
	return set
}

func (t *Takeout) addContacts(p *importers.Plan) {
	cards, warnings := MergeContacts(t.contacts)
	for _, w := range warnings {
		if w.Card > 0 {
			// Titled by file and number, in no language: the reason says
			// "card 3" in the reader's.
			slog.Warn("Google contact card not read", "source", w.Source, "card", w.Card)
			p.Add(&importers.Item{Kind: importers.Contact, Source: w.Source, Title: path.Base(afterBang(w.Source)) + " #" + strconv.Itoa(w.Card), Fail: w.Message})
			continue
		}
		warn(p, w.Source, w.Message)
	}
	book := &importers.Collection{Kind: importers.AddressBook, ID: "google-contacts", Name: "Google Contacts"}
	for _, c := range cards {
		p.Add(&importers.Item{Kind: importers.Contact, Source: c.Source, Collection: book,
			Name: importers.ResourceName(c.UID, ".vcf"), UID: c.UID, Title: c.Name,
			Body: c.Data, Size: int64(len(c.Data)), Skip: c.Skip, Note: joinTexts(c.Notes), Merged: c.Merged})
	}
}

// joinTexts puts texts one after the other, "a; b; c".
func joinTexts(ts []lang.Text) lang.Text {
	var out lang.Text
	for _, t := range ts {
		out = lang.Join(out, t)
	}
	return out
}

// afterBang is a source's member path: what follows its last "!".
func afterBang(source string) string {
	return source[strings.LastIndex(source, "!")+1:]
}

// startsWith reports whether data begins with prefix, after an optional
// UTF-8 byte order mark and blank lines, ignoring case.
func startsWith(data []byte, prefix string) bool {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	data = bytes.TrimLeft(data, " \t\r\n")
	return len(data) >= len(prefix) && strings.EqualFold(string(data[:len(prefix)]), prefix)
}

package google

import (
	"path"
	"sort"
	"strings"

	"github.com/takeback/takeback/importers"
	"github.com/takeback/takeback/importers/media"
	"github.com/takeback/takeback/internal/lang"
)

// Why trashed notes and their attachments are not imported.
const (
	reasonTrashedNote       = "it was in Google Keep's trash (--include-trashed imports it)"
	reasonTrashedAttachment = "it is attached to a note in Google Keep's trash (--include-trashed imports it)"
)

// finishKeep plans the notes, in order of creation, so that of two notes
// with one title the older keeps the plain name whatever the order of the
// parts; then their attachments, in archive order, so that a tgz is read
// in one pass; then the attachments that are missing, as failed items.
func (t *Takeout) finishKeep(p *importers.Plan) {
	k := t.keep
	t.keep = keepState{}
	if len(k.notes) == 0 {
		return
	}
	dir := t.opt.Notes.Dir
	if dir == "" {
		dir = DefaultNotesDir
	}
	kp := &keepPlanner{idx: newKeepIndex(k.files), placed: map[string]*keepPlaced{},
		folder: &importers.Collection{Kind: importers.Folder, ID: dir, Name: dir}}
	notes := k.notes
	sort.SliceStable(notes, func(i, j int) bool {
		a, b := notes[i], notes[j]
		if a.json.Created != b.json.Created {
			return a.json.Created < b.json.Created
		}
		return a.member.Source() < b.member.Source()
	})
	// Every note's name is taken first, trashed ones too, so that
	// --include-trashed changes no other name.
	items := make([]*importers.Item, len(notes))
	for i, n := range notes {
		items[i] = t.keepNoteItem(n, kp.folder, &kp.names)
	}
	for i, n := range notes {
		it := items[i]
		it.Body = keepMarkdown(n.json, kp.attach(n, it))
		it.Size = int64(len(it.Body))
	}
	p.Add(items...)
	sort.SliceStable(kp.files, func(i, j int) bool { return kp.files[i].seq < kp.files[j].seq })
	for _, f := range kp.files {
		p.Add(f.item)
	}
	p.Add(kp.missing...)
}

// keepPlanner places the notes' attachments.
type keepPlanner struct {
	idx     *keepIndex
	folder  *importers.Collection
	names   importers.Names
	placed  map[string]*keepPlaced // by category and member: one file for the notes of a folder that share it
	files   []*keepPlaced
	missing []*importers.Item
}

// keepPlaced is an attachment planned next to its note.
type keepPlaced struct {
	seq  int
	item *importers.Item
}

// attach plans the note's attachments next to it, and returns how the
// note links them. One that is missing is noted on the note and failed,
// unless the note itself is skipped.
func (kp *keepPlanner) attach(n *keepNote, note *importers.Item) []keepLink {
	category := keepCategory(n.json)
	var links []keepLink
	for _, a := range n.json.Attachments {
		listed := path.Base(strings.ReplaceAll(a.FilePath, `\`, "/"))
		link := keepLink{listed: listed, image: keepIsImage(a.Mimetype, listed)}
		f := kp.idx.find(n.dir, a.FilePath)
		if f == nil {
			links = append(links, link)
			if note.Skip.IsZero() {
				note.Note = lang.Join(note.Note, lang.T("its attachment %s is not in the archives given", listed))
				kp.missing = append(kp.missing, &importers.Item{Kind: importers.File, Source: note.Source, Title: listed, Owner: note,
					Fail: lang.T("%s, attached to the Google Keep note %q, is not in the archives given (a Takeout in several parts needs them all)", listed, note.Title)})
			}
			continue
		}
		key := category + "\x00" + f.member.Source()
		pl := kp.placed[key]
		if pl == nil {
			it := &importers.Item{Kind: importers.File, Source: f.member.Source(), Collection: kp.folder,
				Name: kp.names.Unique(keepAttachmentName(category, f.member.Path)), Date: note.Date, DateSource: note.DateSource,
				Size: f.member.Size, Content: f.member.Reopen(), Owner: note}
			it.Title = path.Base(it.Name)
			if actual := path.Base(f.member.Path); actual != listed {
				it.Note = lang.T("the note names it %s; the archive holds %s", listed, actual)
			}
			if !note.Skip.IsZero() {
				it.Skip = lang.T(reasonTrashedAttachment)
			}
			pl = &keepPlaced{seq: f.seq, item: it}
			kp.placed[key] = pl
			kp.files = append(kp.files, pl)
		}
		if note.Skip.IsZero() && !pl.item.Skip.IsZero() {
			// A trashed note's attachment that an imported note links too.
			pl.item.Skip, pl.item.Owner = lang.Text{}, note
		}
		link.name = pl.item.Name
		links = append(links, link)
	}
	return links
}

// keepNoteItem plans a note, without its body yet: its name is taken in
// names.
func (t *Takeout) keepNoteItem(n *keepNote, folder *importers.Collection, names *importers.Names) *importers.Item {
	title := keepTitle(n.json)
	date, source := keepDate(n)
	it := &importers.Item{Kind: importers.Note, Source: n.member.Source(), Collection: folder,
		Name: names.Unique(keepNoteName(n.json)), Title: title, Date: date, DateSource: source}
	if stem := keepStem(n.json); stem != title {
		it.Note = lang.T("its file is named %q: a file name cannot hold the title as it is", stem+".md")
	}
	if source == "archive" {
		it.Note = lang.Join(it.Note, lang.T("the note has no time of its own; dated from the archive"))
	}
	if n.json.IsTrashed && !t.opt.Notes.IncludeTrashed {
		it.Skip = lang.T(reasonTrashedNote)
	}
	return it
}

// keepIsImage says whether an attachment is shown as an image: by its MIME
// type, else by its name.
func keepIsImage(mimetype, name string) bool {
	if mimetype != "" {
		return strings.HasPrefix(strings.ToLower(mimetype), "image/")
	}
	return media.Detect(name, nil) == media.Photo
}

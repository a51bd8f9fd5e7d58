package google

import (
	"path"
	"strings"

	"github.com/takeback/takeback/importers"
	"github.com/takeback/takeback/internal/lang"
)

// Google Keep (google-takeout.md §5.3): each note's JSON becomes a Markdown
// file in the folder the Nextcloud Notes app reads, its first label a
// category subfolder, its attachments beside it. keep_note.go reads the
// JSON, keep_name.go names the files, keep_markdown.go writes them,
// keep_attach.go finds the attachments and keep_plan.go plans it all.

// NotesOptions tune the import of Google Keep.
type NotesOptions struct {
	// Dir is the folder in the user's files for the notes; "" means
	// DefaultNotesDir.
	Dir string
	// IncludeTrashed imports the notes that were in Keep's trash.
	IncludeTrashed bool
}

// DefaultNotesDir is the folder the Nextcloud Notes app reads.
const DefaultNotesDir = "Notes"

// keepState is what the walk found of Google Keep: the notes, and the files
// that may be their attachments.
//
// An attachment may come before or after its note, in any part, so files
// are remembered before any note is seen; but a Takeout can hold 100,000
// members, so only those of a folder named like Keep's (keepFolderNames)
// or of a folder that already had a note are. The limitation: in a Keep
// folder whose localized name is not known, an attachment met before the
// folder's first note is not found, and is reported missing.
type keepState struct {
	notes    []*keepNote
	noteDirs map[string]bool        // in-archive folders that hold a note
	files    map[string][]*keepFile // remembered files, by in-archive folder
}

// keepFile is a file that may be a note's attachment.
type keepFile struct {
	member importers.Member
	seq    int // walk order, so a tgz is read in one pass at import time
}

// keepFolderNames are the localized names of Takeout's Keep folder, as
// normName gives them in lower case (google-takeout.md §1.2, §5.3).
var keepFolderNames = setOf("keep", "google keep", "google notizen")

// isKeepFolder says whether a member's folder ("Takeout/Keep/") is named
// like Takeout's Keep folder; at the top of a folder input, the input's
// name is the folder's.
func isKeepFolder(m importers.Member, dir string) bool {
	name := path.Base(strings.TrimSuffix(dir, "/"))
	if dir == "" {
		name = m.Input
	}
	return keepFolderNames[strings.ToLower(normName(name))]
}

// keepMember remembers a file that may be a note's attachment. Notes' JSON
// and their HTML twins never are.
func (t *Takeout) keepMember(m importers.Member) {
	dir, name := path.Split(m.Path)
	switch strings.ToLower(path.Ext(name)) {
	case ".json", ".html":
		return
	}
	k := &t.keep
	if !k.noteDirs[dir] && !isKeepFolder(m, dir) {
		return
	}
	if k.files == nil {
		k.files = map[string][]*keepFile{}
	}
	k.files[dir] = append(k.files[dir], &keepFile{member: m, seq: t.seq})
}

// visitKeep reads a Keep note. A note that is recognised but cannot be
// read is failed, so that it is not lost silently.
func (t *Takeout) visitKeep(m importers.Member, data []byte, p *importers.Plan) {
	j, err := parseKeepNote(data)
	if err != nil {
		fail(p, importers.Note, m.Source(), lang.T("the Google Keep note could not be read: %v", err))
		return
	}
	t.recognise(m, "keep")
	k := &t.keep
	dir, _ := path.Split(m.Path)
	if k.noteDirs == nil {
		k.noteDirs = map[string]bool{}
	}
	k.noteDirs[dir] = true
	k.notes = append(k.notes, &keepNote{member: m, dir: dir, json: j})
}

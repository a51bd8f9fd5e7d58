package google

import "github.com/takeback/takeback/importers"

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

// keepState is what the walk found of Google Keep (STUB: issue 9).
type keepState struct{}

// isKeepNote says whether data is a Keep note (STUB: issue 9).
func isKeepNote(data []byte) bool { return false }

// keepMember remembers a file that may be a note's attachment (STUB).
func (t *Takeout) keepMember(m importers.Member) {}

// visitKeep reads a Keep note (STUB: issue 9).
func (t *Takeout) visitKeep(m importers.Member, data []byte, p *importers.Plan) {}

// finishKeep plans the notes and their attachments (STUB: issue 9).
func (t *Takeout) finishKeep(p *importers.Plan) {}

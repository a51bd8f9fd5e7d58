package google

import (
	"path"
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/takeback/takeback/importers"
	"github.com/takeback/takeback/internal/lang"
)

// DriveOptions tune the import of Google Drive.
type DriveOptions struct {
	// Dir is the folder in the user's files for Drive's tree; "" means
	// DefaultDriveDir.
	Dir string
}

// DefaultDriveDir is where Drive's tree goes unless told otherwise.
const DefaultDriveDir = "Google Drive"

// ownPageReason is why Takeout's archive browser page is not imported.
const ownPageReason = "Takeout's own index page, not your data"

// driveState is what the walk found of Drive: its files, and Takeout's own
// pages, in walk order.
type driveState struct {
	folder *importers.Collection
	items  []*importers.Item
}

// visitDrive takes the members under the Takeout's Drive folder, and
// Takeout's own files, and reports whether it took m. A Drive file is the
// user's file whatever it holds: an .ics, a .vcf, a photo or a JSON there
// is uploaded as it is, never read as a calendar, contacts or Photos.
func (t *Takeout) visitDrive(m importers.Member, open importers.Opener, p *importers.Plan) bool {
	place, rel := takeoutPlace(m.Path)
	switch place {
	case inDrive:
		t.recognise(m, "drive")
		t.drive.items = append(t.drive.items, t.driveItem(m, rel))
	case ownPage:
		t.drive.items = append(t.drive.items, &importers.Item{Kind: importers.File, Source: m.Source(),
			Title: path.Base(m.Path), Skip: lang.T(ownPageReason)})
	default:
		return false
	}
	return true
}

// driveItem is one Drive file, at its path below the Drive folder. Names
// are left as they are, but for their Unicode form and "." and ".."; the
// target applies the server's rules and reports what it renames.
func (t *Takeout) driveItem(m importers.Member, rel []string) *importers.Item {
	var note lang.Text
	elems := make([]string, len(rel))
	for i, e := range rel {
		// NFC, as Nextcloud stores names: an archive made or extracted on
		// macOS has NFD names (google-takeout.md §1.2, GPTH #243), and the
		// same file must get the same name whichever way it came.
		e = norm.NFC.String(e)
		if e == "." || e == ".." {
			note = lang.T("its path in the archive holds %q, which cannot be a folder: read as \"_\"", e)
			e = "_"
		}
		elems[i] = e
	}
	name := strings.Join(elems, "/")
	it := &importers.Item{Kind: importers.File, Source: m.Source(), Collection: t.driveFolder(),
		Name: name, Title: path.Base(name), Date: m.ModTime, Size: m.Size, Content: m.Reopen(), Note: note}
	if !m.ModTime.IsZero() {
		it.DateSource = "archive"
	}
	return it
}

// driveFolder is the one folder all of Drive goes into.
func (t *Takeout) driveFolder() *importers.Collection {
	if t.drive.folder == nil {
		dir := t.opt.Drive.Dir
		if dir == "" {
			dir = DefaultDriveDir
		}
		t.drive.folder = &importers.Collection{Kind: importers.Folder, ID: dir, Name: dir}
	}
	return t.drive.folder
}

// finishDrive plans Drive's files. They were kept in walk order, so that
// a tgz is read in one pass at import time, and are added here rather than
// during the walk so that the plan lists Drive after calendars, contacts
// and photos, as the other products are listed in the order Finish runs.
func (t *Takeout) finishDrive(p *importers.Plan) {
	p.Add(t.drive.items...)
	t.drive.items = nil
}

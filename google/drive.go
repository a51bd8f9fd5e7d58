package google

import "github.com/takeback/takeback/importers"

// DriveOptions tune the import of Google Drive.
type DriveOptions struct {
	// Dir is the folder in the user's files for Drive's tree; "" means
	// DefaultDriveDir.
	Dir string
}

// DefaultDriveDir is where Drive's tree goes unless told otherwise.
const DefaultDriveDir = "Google Drive"

// driveState is what the walk found of Drive (STUB: issue 9).
type driveState struct{}

// visitDrive takes the members under the Takeout's Drive folder, and
// Takeout's own files, and reports whether it took m (STUB: issue 9).
func (t *Takeout) visitDrive(m importers.Member, open importers.Opener, p *importers.Plan) bool {
	return false
}

// finishDrive plans Drive's files (STUB: issue 9).
func (t *Takeout) finishDrive(p *importers.Plan) {}

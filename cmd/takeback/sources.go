package main

import (
	"github.com/urfave/cli/v2"

	"github.com/takeback/takeback/facebook"
	"github.com/takeback/takeback/google"
	"github.com/takeback/takeback/importers"
	"github.com/takeback/takeback/internal/lang"
)

// sourceFlags tune what the sources read.
func sourceFlags(p *lang.Printer) []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "photos-dir", Value: google.DefaultPhotosDir, Usage: p.Sprintf("the folder in your files that receives Google photos and videos, by year and month")},
		&cli.BoolFlag{Name: "untitled-albums", Usage: p.Sprintf("keep Google Photos albums that have no title, named after their folder")},
		&cli.BoolFlag{Name: "include-trashed", Usage: p.Sprintf("also import what was in the trash of Google Photos and Keep")},
		&cli.StringFlag{Name: "drive-dir", Value: google.DefaultDriveDir, Usage: p.Sprintf("the folder in your files that receives your Google Drive, with its folder tree")},
		&cli.StringFlag{Name: "notes-dir", Value: google.DefaultNotesDir, Usage: p.Sprintf("the folder in your files that receives Google Keep notes (the Nextcloud Notes app reads Notes)")},
		&cli.StringFlag{Name: "facebook-calendar", Value: facebook.DefaultCalendar, Usage: p.Sprintf("the calendar that receives Facebook events")},
		&cli.StringFlag{Name: "facebook-events", Value: "answered", Usage: p.Sprintf("which Facebook events: answered (hosted, going, interested) or all (also declined and unanswered invitations)")},
		&cli.StringFlag{Name: "facebook-photos-dir", Value: facebook.DefaultPhotosDir, Usage: p.Sprintf("the folder in your files that receives Facebook photos and videos")},
	}
}

// sourceOptions are what the source flags say.
type sourceOptions struct {
	google   google.Options
	facebook facebook.Options
}

// defaultSources are the sources as the flags' defaults tune them, for the
// web page, which has no flags.
func defaultSources() []importers.Source {
	return sourceOptions{
		google: google.Options{
			Photos: google.PhotosOptions{Dir: google.DefaultPhotosDir},
			Drive:  google.DriveOptions{Dir: google.DefaultDriveDir},
			Notes:  google.NotesOptions{Dir: google.DefaultNotesDir},
		},
		facebook: facebook.Options{Calendar: facebook.DefaultCalendar, PhotosDir: facebook.DefaultPhotosDir},
	}.sources()
}

// sources lists every source takeback knows; each recognises its own
// members by content, so Takeout and Facebook inputs can be mixed.
func (o sourceOptions) sources() []importers.Source {
	return []importers.Source{google.NewTakeout(o.google), facebook.New(o.facebook)}
}

// newSources are the sources as the flags tune them.
func newSources(c *cli.Context) ([]importers.Source, error) {
	var all bool
	switch c.String("facebook-events") {
	case "answered":
	case "all":
		all = true
	default:
		return nil, lang.Errorf("--facebook-events takes answered or all, not %q", c.String("facebook-events"))
	}
	return sourceOptions{
		google: google.Options{
			Photos: google.PhotosOptions{
				Dir:            c.String("photos-dir"),
				UntitledAlbums: c.Bool("untitled-albums"),
				IncludeTrashed: c.Bool("include-trashed"),
			},
			Drive: google.DriveOptions{Dir: c.String("drive-dir")},
			Notes: google.NotesOptions{Dir: c.String("notes-dir"), IncludeTrashed: c.Bool("include-trashed")},
		},
		facebook: facebook.Options{
			Calendar:  c.String("facebook-calendar"),
			AllEvents: all,
			PhotosDir: c.String("facebook-photos-dir"),
		},
	}.sources(), nil
}

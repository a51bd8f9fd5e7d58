package main

import (
	"github.com/urfave/cli/v2"

	"github.com/takeback/takeback/google"
	"github.com/takeback/takeback/importers"
)

// sourceFlags tune what the sources read.
var sourceFlags = []cli.Flag{
	&cli.StringFlag{Name: "photos-dir", Value: google.DefaultPhotosDir, Usage: "the folder in your files that receives photos and videos, by year and month"},
	&cli.BoolFlag{Name: "untitled-albums", Usage: "keep Google Photos albums that have no title, named after their folder"},
	&cli.BoolFlag{Name: "include-trashed", Usage: "also import what was in Google Photos' trash"},
}

// newSources lists every source takeback knows; each recognises its own
// members by content.
func newSources(c *cli.Context) []importers.Source {
	return []importers.Source{google.NewTakeout(google.Options{Photos: google.PhotosOptions{
		Dir:            c.String("photos-dir"),
		UntitledAlbums: c.Bool("untitled-albums"),
		IncludeTrashed: c.Bool("include-trashed"),
	}})}
}

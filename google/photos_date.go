package google

import (
	"path"
	"time"

	"github.com/takeback/takeback/importers"
	"github.com/takeback/takeback/importers/media"
	"github.com/takeback/takeback/internal/lang"
)

// capture is the date chosen for a photo, and where it comes from.
type capture struct {
	time    time.Time
	source  string // exif, sidecar, video, filename, archive
	warning lang.Text
}

// maxZone is the widest UTC offset in use; an EXIF clock further than this
// from Google's instant cannot be the same moment in some zone.
const maxZone = 14 * time.Hour

// captureDate picks the capture date by trust (issue 3): the camera's EXIF
// (Nextcloud Photos dates by it too, so the folder must agree), Google's
// photoTakenTime, the video's own creation time, a date in the file name,
// and last the archive's mtime, a guess. Instants with no zone of their own
// are shown in the local zone.
func captureDate(f *mediaFile, sc *Sidecar, m importers.Member) capture {
	var google time.Time
	if sc != nil {
		google = sc.Taken
	}
	switch {
	case f.hasEXIF:
		t := f.exif.Time
		if !f.exif.Zoned {
			t = inZone(t, zoneOf(t, google))
		}
		c := capture{time: t, source: "exif"}
		if !google.IsZero() && absDur(t.Sub(google)) > 24*time.Hour {
			c.warning = lang.T("the camera's date (%s) and Google's (%s) differ by more than a day; the camera's is used, though Google's may be a correction",
				t.Format("2006-01-02 15:04"), google.In(time.Local).Format("2006-01-02 15:04"))
		}
		return c
	case !google.IsZero():
		return capture{time: google.In(time.Local), source: "sidecar"}
	case !f.video.IsZero():
		t := f.video
		if t.Location() == time.UTC {
			t = t.In(time.Local) // mvhd is UTC; Apple's creationdate keeps its own offset
		}
		return capture{time: t, source: "video"}
	}
	if c, ok := media.FromName(path.Base(m.Path)); ok {
		return capture{time: inZone(c.Time, time.Local), source: "filename"}
	}
	if !m.ModTime.IsZero() {
		return capture{time: m.ModTime.In(time.Local), source: "archive"}
	}
	return capture{}
}

// zoneOf is the zone in which the wall clock reads the instant google, when
// the two are within a day's worth of zones; else the local zone.
func zoneOf(wall, google time.Time) *time.Location {
	if google.IsZero() {
		return time.Local
	}
	off := wall.Sub(google).Round(15 * time.Minute)
	if absDur(off) > maxZone {
		return time.Local
	}
	if off == 0 {
		return time.UTC
	}
	return time.FixedZone("", int(off.Seconds()))
}

// inZone reads the wall clock of t (a zoneless reading) in loc.
func inZone(t time.Time, loc *time.Location) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), loc)
}

func absDur(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

// describeSource says where a date comes from, after "dated from".
func describeSource(s string) lang.Text {
	switch s {
	case "exif":
		return lang.T("the camera's EXIF")
	case "video":
		return lang.T("the video's own creation time")
	case "filename":
		return lang.T("the date in its file name")
	case "archive":
		return lang.T("the archive's file date, a guess")
	case "sidecar":
		return lang.T("Google's metadata")
	}
	return lang.T("nothing: it has no date")
}

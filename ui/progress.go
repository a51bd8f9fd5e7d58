package ui

import (
	"math"
	"time"

	"github.com/takeback/takeback/internal/lang"
)

// importView is step 4's progress and step 5's outcome, in words.
type importView struct {
	State   jobState `json:"state"`
	Status  string   `json:"status"`
	Error   string   `json:"error,omitempty"`
	Percent int      `json:"percent"`
	Items   string   `json:"items"`
	Size    string   `json:"size,omitempty"`
	Speed   string   `json:"speed,omitempty"`
	Left    string   `json:"left,omitempty"`
	Current string   `json:"current,omitempty"`
	// Step 5.
	Summary []string   `json:"summary,omitempty"`
	Links   []linkView `json:"links,omitempty"`
}

// view is the job's state at now; the session's lock is held.
func (j *job) view(p *lang.Printer, now time.Time) *importView {
	done := len(j.ended)
	v := &importView{State: j.state, Items: p.Sprintf("Items done: %d of %d", done, j.total)}
	switch {
	case j.bytesTotal > 0:
		v.Percent = int(100 * j.bytes / j.bytesTotal)
		v.Size = p.Sprintf("Size: %v of %v", lang.Size(j.bytes), lang.Size(j.bytesTotal))
	case j.total > 0:
		v.Percent = 100 * done / j.total
	}
	switch j.state {
	case starting:
		v.Status = p.Sprintf("Checking your Nextcloud before the import…")
	case running:
		v.Status = p.Sprintf("Importing…")
		v.Speed, v.Left = j.pace(p, now)
		if j.current != "" {
			v.Current = p.Sprintf("Now: %s", j.current)
		}
	case pausing:
		v.Status = p.Sprintf("Pausing: the uploads under way finish, no new one starts…")
	case paused:
		v.Status = p.Sprintf("Paused. Nothing is lost: resume when you like.")
	case cancelling:
		v.Status = p.Sprintf("Cancelling: the uploads under way finish…")
	case failed:
		v.Status = p.Sprintf("The import did not start.")
		v.Error = p.Error(j.err)
	case finished:
		v.Status = p.Sprintf("The import is over.")
		if j.cancelled {
			v.Status = p.Sprintf("You cancelled the import. Start it again later with the same archives: nothing is imported twice.")
		}
		v.Summary = summary(p, j.report)
		v.Links = links(p, j.account.Server, j.report)
	}
	return v
}

// pace is the current run's speed, and the time left at that speed: by
// bytes when there are some to send, else by items.
func (j *job) pace(p *lang.Printer, now time.Time) (speed, left string) {
	secs := now.Sub(j.runStart).Seconds()
	sent := j.bytes - j.runBytes
	ended := int64(len(j.ended)) - j.runEnded
	if secs < 1 || ended == 0 {
		return "", ""
	}
	var rest float64
	if j.bytesTotal > 0 && sent > 0 {
		perSec := float64(sent) / secs
		if perSec >= 1 {
			speed = p.Sprintf("%v/s", lang.Size(int64(perSec)))
		}
		rest = float64(j.bytesTotal-j.bytes) / perSec
	} else {
		rest = float64(int64(j.total)-int64(len(j.ended))) / (float64(ended) / secs)
	}
	return speed, timeLeft(p, time.Duration(rest*float64(time.Second)))
}

// timeLeft says a remaining time roughly, as people say it.
func timeLeft(p *lang.Printer, d time.Duration) string {
	switch {
	case d < time.Minute:
		return p.Sprintf("Less than a minute left")
	case d < 90*time.Minute:
		return p.Sprintf("About %d minutes left", int(math.Ceil(d.Minutes())))
	}
	return p.Sprintf("About %d hours left", int(math.Round(d.Hours())))
}

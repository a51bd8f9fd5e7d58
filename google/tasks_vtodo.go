package google

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/takeback/takeback/internal/contentline"
	"github.com/takeback/takeback/internal/lang"
)

const (
	// taskProdID is takeback's PRODID, as on the Facebook events.
	taskProdID    = "-//takeback//takeback//EN"
	untitledTask  = "(untitled task)"
	taskUTCFormat = "20060102T150405Z"
)

// todo is one task of a list, ready for the plan: body is nil when the
// task is skipped.
type todo struct {
	uid, summary string
	date         time.Time
	dateSource   string
	body         []byte
	skip, note   lang.Text
}

// taskUID is deterministic, from the list's id and the task's: "google-task-"
// + 32 hex digits of a SHA-256 + "@takeback". A new Takeout of the same
// account gives the same UIDs.
func taskUID(listKey, taskKey string) string {
	h := sha256.New()
	for _, s := range []string{"google task", listKey, taskKey} {
		// Length-prefixed, so that no two pairs hash the same input.
		h.Write(binary.AppendUvarint(nil, uint64(len(s))))
		h.Write([]byte(s))
	}
	return "google-task-" + hex.EncodeToString(h.Sum(nil)[:16]) + "@takeback"
}

// taskKey tells a task apart in its list: its id, or for a task without
// one (Takeout always writes it) its content.
func taskKey(t taskJSON) string {
	if t.ID != "" {
		return t.ID
	}
	return "\x00" + strings.Join([]string{t.Title, t.Notes, t.Updated, t.Position, t.Parent}, "\x00")
}

// listTodos renders the tasks of one list, in their order. stamp stands in
// for a task's update time when Takeout gives none, so that DTSTAMP never
// depends on the clock. Deleted tasks are skipped. Hidden ones (completed,
// then cleared from the list) are imported as the completed tasks they
// are: clients hide those until asked. A subtask whose parent is not
// imported becomes a top-level task, with a note.
func listTodos(listKey string, tasks []taskJSON, stamp time.Time) []todo {
	parents, notes := taskParents(tasks)
	order := sortOrder(tasks, parents)
	uids := make([]string, len(tasks))
	for i, t := range tasks {
		uids[i] = taskUID(listKey, taskKey(t))
	}
	out := make([]todo, 0, len(tasks))
	for i, t := range tasks {
		td := todo{uid: uids[i], summary: taskSummary(t), note: notes[i]}
		if due, ok := taskTime(t.Due); ok {
			td.date, td.dateSource = due, "due"
		} else if up, ok := taskTime(t.Updated); ok {
			td.date, td.dateSource = up, "updated"
		}
		if t.Deleted {
			td.skip = lang.T("deleted in Google Tasks: Takeout still lists it")
			out = append(out, td)
			continue
		}
		parent := ""
		if parents[i] >= 0 {
			parent = uids[parents[i]]
		}
		td.body = vtodo(t, td, parent, order[i], stamp)
		if t.Due != "" && td.dateSource != "due" {
			td.note = lang.Join(td.note, lang.T("its due date %q is not a date: left out", t.Due))
		}
		out = append(out, td)
	}
	return out
}

// taskSummary is the title, else the first line of the notes, else
// "(untitled task)".
func taskSummary(t taskJSON) string {
	if strings.TrimSpace(t.Title) != "" {
		return t.Title
	}
	for _, l := range strings.Split(t.Notes, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			return l
		}
	}
	return untitledTask
}

// vtodo writes one task as a CalDAV object: a VCALENDAR (VERSION 2.0,
// takeback's PRODID) holding one VTODO. Lines end in CRLF and are folded
// at 75 octets.
func vtodo(t taskJSON, td todo, parentUID string, order int, stamp time.Time) []byte {
	var b bytes.Buffer
	line := func(name, value string) { contentline.Fold(&b, name+":"+value) }
	updated, hasUpdated := taskTime(t.Updated)
	completed, hasCompleted := taskTime(t.Completed)
	dtstamp := stamp
	switch {
	case hasUpdated:
		dtstamp = updated
	case hasCompleted:
		dtstamp = completed
	}
	done := t.Status == "completed"

	line("BEGIN", "VCALENDAR")
	line("VERSION", "2.0")
	line("PRODID", taskProdID)
	line("BEGIN", "VTODO")
	line("UID", td.uid)
	line("DTSTAMP", dtstamp.Format(taskUTCFormat))
	if hasUpdated {
		line("LAST-MODIFIED", updated.Format(taskUTCFormat))
	}
	line("SUMMARY", contentline.EscapeText(td.summary))
	if desc := taskDescription(t); desc != "" {
		line("DESCRIPTION", contentline.EscapeText(desc))
	}
	if td.dateSource == "due" {
		line("DUE;VALUE=DATE", td.date.Format("20060102"))
	}
	if done {
		line("STATUS", "COMPLETED")
		if !hasCompleted {
			// Google clears `completed` only when a task is reopened: the
			// update time is the best guess of when it was done.
			completed, hasCompleted = dtstamp, true
		}
		line("COMPLETED", completed.Format(taskUTCFormat))
		line("PERCENT-COMPLETE", "100")
	} else {
		line("STATUS", "NEEDS-ACTION")
	}
	if parentUID != "" {
		line("RELATED-TO;RELTYPE=PARENT", parentUID)
	}
	// The manual order of Apple Reminders, Nextcloud Tasks and Tasks.org.
	line("X-APPLE-SORT-ORDER", strconv.Itoa(order))
	if u := taskURL(t.Links); u != "" {
		line("URL", u)
	}
	line("END", "VTODO")
	line("END", "VCALENDAR")
	return b.Bytes()
}

// taskDescription is the notes, then one line per link ("description:
// link"). The first link is also the URL, but it is repeated here: URL
// has no room for the link's description, and not every client shows it.
func taskDescription(t taskJSON) string {
	var links []string
	for _, l := range t.Links {
		link, desc := strings.TrimSpace(l.Link), strings.TrimSpace(l.Description)
		switch {
		case link == "" && desc == "":
			continue
		case link == "":
			links = append(links, desc)
		case desc == "":
			links = append(links, link)
		default:
			links = append(links, desc+": "+link)
		}
	}
	if len(links) == 0 {
		return t.Notes
	}
	if strings.TrimSpace(t.Notes) == "" {
		return strings.Join(links, "\n")
	}
	return strings.TrimRight(t.Notes, "\r\n") + "\n\n" + strings.Join(links, "\n")
}

// taskURL is the first link that is an absolute URL fit for a URI value
// (RFC 5545 §3.3.13: no spaces or control characters), else "".
func taskURL(links []taskLink) string {
	for _, l := range links {
		s := strings.TrimSpace(l.Link)
		if s == "" {
			continue
		}
		u, err := url.Parse(s)
		if err != nil || u.Scheme == "" || strings.ContainsFunc(s, func(r rune) bool {
			return unicode.IsSpace(r) || unicode.IsControl(r) || r == unicode.ReplacementChar
		}) {
			return ""
		}
		return s
	}
	return ""
}

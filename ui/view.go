package ui

import (
	"slices"

	"github.com/takeback/takeback/importers"
	"github.com/takeback/takeback/internal/lang"
)

// view is the session as the page shows it, in one language: the page
// gets it whole at each change (events) and draws the steps from it.
type view struct {
	Version    uint64         `json:"version"`
	Paths      []string       `json:"paths"`
	Scan       statusView     `json:"scan"`
	Stored     *accountView   `json:"stored"`
	Account    *accountView   `json:"account"`
	Login      loginView      `json:"login"`
	Check      statusView     `json:"check"`
	Categories []categoryView `json:"categories"`
	Import     *importView    `json:"import"`
}

// statusView is background work: State is "", "running", "done" or
// "failed".
type statusView struct {
	State string `json:"state"`
	Text  string `json:"text,omitempty"`
	Error string `json:"error,omitempty"`
}

type accountView struct {
	Account
	// Text names it: "alice on https://cloud.example.org".
	Text string `json:"text"`
}

type loginView struct {
	Waiting bool   `json:"waiting"`
	URL     string `json:"url,omitempty"`
	Error   string `json:"error,omitempty"`
}

// categoryView is a checkbox of step 3: a word of --only and what it
// holds ("Photos and videos (15)").
type categoryView struct {
	Name  string `json:"name"`
	Label string `json:"label"`
}

func (s *Server) view(p *lang.Printer) view {
	ss := s.sess
	ss.mu.Lock()
	defer ss.mu.Unlock()
	v := view{Version: ss.version, Paths: ss.paths, Stored: account(p, ss.stored), Account: account(p, ss.account)}
	switch sc := ss.scan; {
	case sc.running:
		v.Scan = statusView{State: "running", Text: p.Sprintf("Reading the archives: %d of %d read, %d files so far", sc.prog.InputsDone, sc.prog.Inputs, sc.prog.Members)}
	case sc.err != nil:
		v.Scan = statusView{State: "failed", Error: p.Sprintf("The archives could not be read: %v", sc.err)}
	case ss.plan != nil:
		v.Scan.State = "done"
	}
	v.Login = loginView{Waiting: ss.login.waiting, URL: ss.login.url}
	if ss.login.err != nil {
		v.Login.Error = p.Sprintf("You are not logged in: %v", ss.login.err)
	}
	switch c := ss.check; {
	case c.running:
		v.Check = statusView{State: "running", Text: p.Sprintf("Checking what your Nextcloud already has…")}
	case c.err != nil:
		v.Check = statusView{State: "failed", Error: p.Sprintf("What your Nextcloud already has could not be checked: %v", c.err)}
	case c.done:
		v.Check.State = "done"
	}
	if ss.plan != nil {
		v.Categories = categories(p, ss.plan)
	}
	if ss.job != nil {
		v.Import = ss.job.view(p, s.now())
	}
	return v
}

func account(p *lang.Printer, a *Account) *accountView {
	if a == nil {
		return nil
	}
	return &accountView{Account: *a, Text: p.Sprintf("Logged in as %s on %s", a.User, a.Server)}
}

// categoryOrder is the order of step 3's checkboxes; categories not in it
// come after, by name.
var categoryOrder = []string{"calendars", "tasks", "contacts", "photos", "drive", "notes"}

// categories lists the categories of --only that have something to
// import.
func categories(p *lang.Printer, plan *importers.Plan) []categoryView {
	names := slices.Clone(categoryOrder)
	for _, n := range importers.CategoryNames() {
		if !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	var out []categoryView
	for _, name := range names {
		kinds := importers.Categories[name]
		n := 0
		for _, it := range plan.Items {
			kind := it.Kind
			if it.Owner != nil {
				kind = it.Owner.Kind
			}
			if it.Skip.IsZero() && it.Fail.IsZero() && slices.Contains(kinds, kind) {
				n++
			}
		}
		if n > 0 {
			out = append(out, categoryView{Name: name, Label: p.Sprintf("%v (%d)", categoryLabel(p, name), n)})
		}
	}
	return out
}

func categoryLabel(p *lang.Printer, name string) string {
	switch name {
	case "calendars":
		return p.Sprintf("Calendars")
	case "tasks":
		return p.Sprintf("Tasks")
	case "contacts":
		return p.Sprintf("Contacts")
	case "photos":
		return p.Sprintf("Photos and videos")
	case "drive":
		return p.Sprintf("Google Drive files")
	case "notes":
		return p.Sprintf("Google Keep notes")
	}
	return name
}

package ui

import (
	"bytes"
	"net/http"
	"strings"

	"github.com/takeback/takeback/importers"
	"github.com/takeback/takeback/internal/lang"
)

// linkView is a link of step 5 into the server's apps.
type linkView struct {
	Label string `json:"label"`
	URL   string `json:"url"`
}

// summary is the import's summary, as `takeback import` prints it, a line
// each; the skipped items are left to the full report.
func summary(p *lang.Printer, rep *importers.Report) []string {
	if rep == nil {
		return nil
	}
	var b bytes.Buffer
	rep.WriteSummaryWith(&b, p, importers.SummaryOptions{Quiet: true, Report: true})
	return strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
}

// apps are the Nextcloud apps that show each kind of item.
var apps = []struct {
	path  string
	kinds []importers.Kind
}{
	{"calendar", []importers.Kind{importers.Event, importers.Task}},
	{"contacts", []importers.Kind{importers.Contact}},
	{"photos", []importers.Kind{importers.Photo, importers.Video}},
	{"files", []importers.Kind{importers.File, importers.Note, importers.Photo, importers.Video}},
}

// links opens the apps that show what the import brought. index.php
// serves the apps whether or not the server has pretty addresses.
func links(p *lang.Printer, server string, rep *importers.Report) []linkView {
	if !isWeb(server) || rep == nil {
		return nil
	}
	counts := rep.Count()
	var out []linkView
	for _, app := range apps {
		has := false
		for _, k := range app.kinds {
			has = has || counts[k][importers.Imported]+counts[k][importers.Present] > 0
		}
		if has {
			out = append(out, linkView{Label: appName(p, app.path), URL: strings.TrimRight(server, "/") + "/index.php/apps/" + app.path + "/"}) //lang:data
		}
	}
	return out
}

func appName(p *lang.Printer, app string) string {
	switch app {
	case "calendar":
		return p.Sprintf("Open Calendar")
	case "contacts":
		return p.Sprintf("Open Contacts")
	case "photos":
		return p.Sprintf("Open Photos")
	}
	return p.Sprintf("Open Files")
}

// report serves the full report, JSON Lines as `takeback import --report`
// writes it.
func (s *Server) report(w http.ResponseWriter, r *http.Request) {
	s.sess.mu.Lock()
	var rep *importers.Report
	if j := s.sess.job; j != nil && j.state == finished {
		rep = j.report
	}
	s.sess.mu.Unlock()
	if rep == nil {
		s.fail(w, r, http.StatusNotFound, lang.New("there is no report yet: the import is not over"))
		return
	}
	var b bytes.Buffer
	if err := rep.WriteJSON(&b); err != nil {
		s.fail(w, r, http.StatusInternalServerError, err)
		return
	}
	w.Header().Set("Content-Type", "application/x-ndjson")
	w.Header().Set("Content-Disposition", `attachment; filename="takeback-report.jsonl"`) //lang:data
	w.Write(b.Bytes())
}

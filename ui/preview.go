package ui

import (
	"bytes"
	"net/http"
	"slices"
	"strings"

	"github.com/takeback/takeback/importers"
)

// preview serves the HTML preview report of the plan, as `takeback
// preview --html` writes it, with what the server has when it was asked.
// ?only=calendars,photos keeps those categories (the step's checkboxes);
// without it, everything. The page shows it in a frame.
func (s *Server) preview(w http.ResponseWriter, r *http.Request) {
	var kinds []importers.Kind
	only, filter := r.URL.Query()["only"]
	if filter {
		var err error
		if kinds, err = importers.ParseOnly(strings.Join(only, ",")); err != nil {
			s.answer(w, r, err)
			return
		}
	}
	var b bytes.Buffer
	var err error
	s.sess.mu.Lock()
	plan := s.sess.plan
	if plan != nil {
		if filter {
			plan = filtered(plan, kinds)
		}
		err = plan.WriteHTML(&b, s.printer(r))
	}
	s.sess.mu.Unlock()
	switch {
	case plan == nil:
		s.answer(w, r, errNotRead)
		return
	case err != nil:
		s.fail(w, r, http.StatusInternalServerError, err)
		return
	}
	// The report is one page with its style inline and no script: it may
	// have that style, and sit in this page's frame only.
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'") //lang:data
	h.Set("X-Frame-Options", "SAMEORIGIN")
	h.Set("Content-Type", "text/html; charset=utf-8")
	w.Write(b.Bytes())
}

// filtered is a copy of the plan with the items of these kinds only, as
// --only keeps them; the plan itself stays whole, for another choice.
func filtered(p *importers.Plan, kinds []importers.Kind) *importers.Plan {
	q := *p
	q.Items = slices.Clone(p.Items)
	q.Only(kinds)
	return &q
}

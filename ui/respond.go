package ui

import (
	"encoding/json"
	"errors"
	"net/http"
	"slices"

	"github.com/takeback/takeback/internal/lang"
)

// maxBody bounds what a request of the page may send: a list of paths at
// most.
const maxBody = 1 << 20

// printer is the language the request asks for (?lang=fr), else the
// page's first one.
func (s *Server) printer(r *http.Request) *lang.Printer {
	if code := r.URL.Query().Get("lang"); slices.Contains(lang.Supported, code) {
		return lang.NewPrinter(code)
	}
	return s.cfg.Lang
}

// readJSON reads the request's body into v, or answers 400.
func (s *Server) readJSON(w http.ResponseWriter, r *http.Request, v any) bool {
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody)).Decode(v); err != nil {
		s.fail(w, r, http.StatusBadRequest, lang.Errorf("the page sent a request takeback cannot read: %w", err))
		return false
	}
	return true
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// fail answers with the error in the reader's language, as {"error": …}.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, code int, err error) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(struct {
		Error string `json:"error"`
	}{s.printer(r).Error(err)})
}

// refused is an action the session's state does not allow now: HTTP 409.
type refused struct{ error }

// answer ends a state-changing request: the error, or the new state.
func (s *Server) answer(w http.ResponseWriter, r *http.Request, err error) {
	var ref refused
	switch {
	case errors.As(err, &ref):
		s.fail(w, r, http.StatusConflict, ref.error)
	case err != nil:
		s.fail(w, r, http.StatusBadRequest, err)
	default:
		writeJSON(w, s.view(s.printer(r)))
	}
}

func (s *Server) state(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, s.view(s.printer(r)))
}

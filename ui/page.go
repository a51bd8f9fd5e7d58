package ui

import (
	"bytes"
	"embed"
	"html/template"
	"net/http"

	"github.com/takeback/takeback/internal/lang"
)

//go:embed assets
var assets embed.FS

// pageTemplate is the page; {{w "key"}} is one of its words (words), and
// a key without a word fails the page rather than showing nothing.
var pageTemplate = template.Must(template.New("index.html").Funcs(template.FuncMap{
	"w": func(string) (string, error) { return "", nil },
}).ParseFS(assets, "assets/index.html"))

// page serves the page in the language asked for, its words inside: the
// script reads them from there.
func (s *Server) page(w http.ResponseWriter, r *http.Request) {
	p := s.printer(r)
	var b bytes.Buffer
	if err := renderPage(&b, p, s.token); err != nil {
		s.fail(w, r, http.StatusInternalServerError, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(b.Bytes())
}

func renderPage(b *bytes.Buffer, p *lang.Printer, token string) error {
	ws := words(p)
	t, err := pageTemplate.Clone()
	if err != nil {
		return err
	}
	t.Funcs(template.FuncMap{"w": func(key string) (string, error) {
		text, ok := ws[key]
		if !ok {
			return "", lang.Errorf("the page has no word %q", key)
		}
		return text, nil
	}})
	return t.Execute(b, struct {
		Lang, Token string
		Words       map[string]string
	}{p.Code(), token, ws})
}

// asset serves one of the embedded files.
func (s *Server) asset(name, contentType string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		data, err := assets.ReadFile("assets/" + name)
		if err != nil {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", contentType)
		w.Write(data)
	}
}

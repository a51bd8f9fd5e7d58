package nextcloud

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"unicode/utf8"
)

const (
	nsDAV   = "DAV:"
	nsSabre = "http://sabredav.org/ns"
)

// problem is what an error answer says, in the forms DAV servers use: a
// DAV:error body with precondition elements (RFC 4918 §16), sabre's
// s:exception and s:message inside it, or plain text.
type problem struct {
	Status     int
	Conditions []string // local names of DAV:error's children, e.g. "no-uid-conflict"
	Exception  string   // sabre's exception class
	Message    string   // sabre's message, or the first line of a text body
}

// readProblem reads up to 64 KiB of resp's body and closes it.
func readProblem(resp *http.Response) problem {
	defer resp.Body.Close()
	p := problem{Status: resp.StatusCode}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	switch {
	case mt == "application/xml" || mt == "text/xml" || bytes.HasPrefix(bytes.TrimSpace(body), []byte("<?xml")):
		p.parseXML(body)
	case mt == "text/html":
		// An HTML page (a proxy's, a login form) says nothing useful here.
	default:
		p.Message = firstLine(string(body))
	}
	return p
}

// parseXML fills p from a DAV:error document.
func (p *problem) parseXML(body []byte) {
	d := xml.NewDecoder(bytes.NewReader(body))
	depth := 0
	var text *string
	for {
		tok, err := d.Token()
		if err != nil {
			return
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			switch {
			case depth == 1 && (t.Name.Space != nsDAV || t.Name.Local != "error"):
				return
			case depth == 2 && t.Name.Space == nsSabre && t.Name.Local == "message":
				text = &p.Message
			case depth == 2 && t.Name.Space == nsSabre && t.Name.Local == "exception":
				text = &p.Exception
			case depth == 2 && t.Name.Space != nsSabre:
				p.Conditions = append(p.Conditions, t.Name.Local)
			}
		case xml.EndElement:
			depth--
			text = nil
		case xml.CharData:
			if text != nil {
				*text += string(t)
			}
		}
	}
}

// firstLine is the first non-empty line of s, shortened.
func firstLine(s string) string {
	for _, line := range strings.Split(s, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			return shorten(line, 200)
		}
	}
	return ""
}

func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// has reports whether the answer names the condition or mentions text in
// its message (case-insensitive).
func (p problem) has(condition, text string) bool {
	for _, c := range p.Conditions {
		if condition != "" && c == condition {
			return true
		}
	}
	return text != "" && strings.Contains(strings.ToLower(p.Message), strings.ToLower(text))
}

// detail is the server's own words: its message, else its conditions.
func (p problem) detail() string {
	msg := strings.TrimSpace(p.Message)
	if msg == "" && len(p.Conditions) > 0 {
		msg = strings.Join(p.Conditions, ", ")
	}
	return shorten(msg, 300)
}

// String is "415 Unsupported Media Type: <the server's words>".
func (p problem) String() string {
	s := fmt.Sprintf("%d %s", p.Status, http.StatusText(p.Status))
	if d := p.detail(); d != "" && !strings.EqualFold(d, http.StatusText(p.Status)) {
		s += ": " + d
	}
	return s
}

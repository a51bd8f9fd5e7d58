package lang

import (
	"io"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// Printer prints messages in one language, with its number formats
// ("1,234" in English, "1 234" in French).
type Printer struct {
	code string
	p    *message.Printer
}

// Supported lists the languages takeback speaks, English first.
var Supported = []string{"en", "fr"}

var tags = map[string]language.Tag{"en": language.English, "fr": language.French}

// English prints in English; it is also what errors and reports say.
var English = NewPrinter("en")

// NewPrinter returns the printer of a language code ("en", "fr",
// "fr_FR.UTF-8"…); any language takeback does not speak is English.
func NewPrinter(code string) *Printer {
	code = Match(code)
	return &Printer{code: code, p: message.NewPrinter(tags[code], message.Catalog(catalogue))}
}

// Match returns the supported language closest to a language code or a
// POSIX locale, "en" when there is none.
func Match(code string) string {
	code = strings.ToLower(code)
	for _, c := range Supported {
		if code == c || strings.HasPrefix(code, c+"_") || strings.HasPrefix(code, c+"-") || strings.HasPrefix(code, c+".") {
			return c
		}
	}
	return "en"
}

// Code is the printer's language code, "en" or "fr".
func (p *Printer) Code() string { return p.code }

// Sprintf formats a message of the catalogue in the printer's language.
func (p *Printer) Sprintf(format string, args ...any) string {
	return p.p.Sprintf(lookupKey(format), p.localArgs(args)...)
}

// Fprintf writes a message of the catalogue in the printer's language.
func (p *Printer) Fprintf(w io.Writer, format string, args ...any) (int, error) {
	return io.WriteString(w, p.Sprintf(format, args...))
}

// Text is t in the printer's language.
func (p *Printer) Text(t Text) string {
	if t.raw != "" || t.format == "" {
		return t.raw
	}
	return p.Sprintf(t.format, t.args...)
}

// Error is err's message in the printer's language: takeback's own errors
// are translated, others (from the system or a server) are left as they
// are, inside a translated sentence when takeback wrapped them.
func (p *Printer) Error(err error) string {
	if err == nil {
		return ""
	}
	// Ours, or another error type that keeps its message as a Text.
	if e, ok := err.(interface{ Text() Text }); ok {
		return p.Text(e.Text())
	}
	// errors.Join's message is its errors' messages, a line each: those
	// may be ours.
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var en, local []string
		for _, e := range j.Unwrap() {
			en = append(en, e.Error())
			local = append(local, p.Error(e))
		}
		if strings.Join(en, "\n") == err.Error() {
			return strings.Join(local, "\n")
		}
	}
	return err.Error()
}

// localArgs puts the Texts and errors among args into the printer's
// language.
func (p *Printer) localArgs(args []any) []any {
	out := args
	for i, a := range args {
		var s string
		switch a := a.(type) {
		case Text:
			s = p.Text(a)
		case error:
			s = p.Error(a)
		default:
			continue
		}
		if &out[0] == &args[0] {
			out = append([]any(nil), args...)
		}
		out[i] = s
	}
	return out
}

package google

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/ianaindex"

	"github.com/takeback/takeback/internal/contentline"
	"github.com/takeback/takeback/internal/lang"
)

var vcNoteNotUTF8 = lang.T("text that was not valid UTF-8 was read as Windows-1252")

// vcConvert makes one line valid vCard 3.0: bare 2.1 parameters become
// TYPE=, QUOTED-PRINTABLE and CHARSET are decoded away, base64 is written
// ENCODING=b (ENCODING=BASE64 is invalid in 3.0, nextcloud-api.md §7), and
// 2.1 values are escaped the 3.0 way. Lines that need none of this are
// left untouched. It returns notes for the user, and an error when the
// line cannot be kept.
func vcConvert(l *vcLine, v21 bool) ([]lang.Text, error) {
	var notes []lang.Text
	enc, charset := "", ""
	var types []string
	params := make([]vcParam, 0, len(l.params))
	typeAt := -1
	for _, p := range l.params {
		switch {
		case p.bare && vcIsEncoding(p.name), !p.bare && p.name == "ENCODING":
			enc = p.name
			if !p.bare {
				enc = ""
				if len(p.values) > 0 {
					enc = strings.ToUpper(p.values[0])
				}
			}
			switch {
			case enc == "B" && !p.bare:
				params = append(params, p)
			case enc == "B" || enc == "BASE64":
				params = append(params, vcParam{name: "ENCODING", values: []string{"b"}, edited: true})
				l.edited = true
			case vcIsEncoding(enc):
				l.edited = true // QUOTED-PRINTABLE is decoded below; 8BIT and 7BIT mean nothing in 3.0
			default:
				params = append(params, p)
			}
		case p.bare:
			if typeAt < 0 {
				typeAt = len(params)
				params = append(params, vcParam{})
			}
			types = append(types, p.name)
			l.edited = true
		case p.name == "CHARSET":
			if len(p.values) > 0 {
				charset = p.values[0]
			}
			l.edited = true
		default:
			params = append(params, p)
		}
	}
	if typeAt >= 0 {
		params[typeAt] = vcParam{name: "TYPE", values: types, edited: true}
	}
	for i, p := range params {
		if utf8.ValidString(p.raw) || p.edited {
			continue
		}
		vs := make([]string, len(p.values))
		for j, v := range p.values {
			if vs[j] = v; !utf8.ValidString(v) {
				vs[j] = vcCP1252([]byte(v))
			}
		}
		params[i] = vcParam{name: p.name, values: vs, edited: true}
		notes = append(notes, vcNoteNotUTF8)
		l.edited = true
	}
	l.params = params

	if enc == "BASE64" || enc == "B" {
		if v := strings.Join(strings.Fields(l.value), ""); v != l.value {
			l.value, l.edited = v, true
		}
		if strings.IndexFunc(l.value, notBase64) >= 0 {
			return notes, lang.New("its embedded data is not base64")
		}
		return notes, nil
	}
	value := []byte(l.value)
	if enc == "QUOTED-PRINTABLE" {
		value = vcDecodeQP(l.value)
	}
	text, note := vcToUTF8(value, charset)
	if !note.IsZero() {
		notes = append(notes, note)
	}
	if v21 {
		text = vcEscape21(l.prop, text)
	} else {
		text = vcEscapeNewlines(text) // decoded QP or CHARSET text may hold line breaks
	}
	if text != l.value {
		l.value, l.edited = text, true
	}
	return notes, nil
}

func notBase64(r rune) bool {
	return !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || strings.ContainsRune("+/=-_", r))
}

func vcIsEncoding(s string) bool {
	switch s {
	case "QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT":
		return true
	}
	return false
}

// vcEscape21 re-escapes a 2.1 value for 3.0. 2.1 escapes little (only `\;`
// in compound values), so commas, backslashes and newlines need escaping,
// while the `;` between components of N, ADR and the like must stay.
func vcEscape21(prop, v string) string {
	switch prop {
	case "FN", "NOTE", "TITLE", "ROLE", "LABEL", "MAILER", "SORT-STRING", "CLASS", "NAME":
		return vcEscape(contentline.UnescapeText(v))
	case "CATEGORIES", "NICKNAME":
		return vcEscapeParts(v, ',')
	case "TEL", "EMAIL", "URL", "UID", "BDAY", "REV", "GEO", "TZ", "PHOTO", "LOGO", "SOUND", "KEY",
		"AGENT", "PRODID", "SOURCE", "KIND", "VERSION", "IMPP":
		return vcEscapeNewlines(v)
	}
	// N, ADR, ORG and unknown or X- properties, such as Android's
	// X-ANDROID-CUSTOM, whose ';' separate fields.
	return vcEscapeParts(v, ';')
}

func vcEscapeParts(v string, sep byte) string {
	parts := vcSplit(v, sep)
	for i, p := range parts {
		parts[i] = vcEscape(contentline.UnescapeText(p))
	}
	return strings.Join(parts, string(sep))
}

// vcDecodeQP decodes quoted-printable leniently: a malformed escape stays as
// written. Soft line breaks were already joined by vcUnfold.
func vcDecodeQP(s string) []byte {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '=' && i+2 < len(s) && vcIsHex(s[i+1]) && vcIsHex(s[i+2]) {
			out = append(out, vcUnhex(s[i+1])<<4|vcUnhex(s[i+2]))
			i += 2
			continue
		}
		out = append(out, s[i])
	}
	return out
}

func vcIsHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func vcUnhex(c byte) byte {
	switch {
	case c >= 'a':
		return c - 'a' + 10
	case c >= 'A':
		return c - 'A' + 10
	}
	return c - '0'
}

// vcToUTF8 decodes b from the CHARSET given (none means UTF-8). Text that is
// not valid in its charset is read as Windows-1252, the usual charset of
// old exports that do not say.
func vcToUTF8(b []byte, charset string) (string, lang.Text) {
	switch strings.ToUpper(strings.TrimSpace(charset)) {
	case "", "UTF-8", "UTF8", "US-ASCII", "ASCII":
		if utf8.Valid(b) {
			return string(b), lang.Text{}
		}
		return vcCP1252(b), vcNoteNotUTF8
	}
	enc, err := ianaindex.IANA.Encoding(strings.TrimSpace(charset))
	if err != nil || enc == nil {
		if utf8.Valid(b) {
			return string(b), lang.Text{}
		}
		return vcCP1252(b), lang.T("unknown CHARSET %q: text read as Windows-1252", vcShorten(charset))
	}
	s, err := enc.NewDecoder().Bytes(b)
	if err != nil || !utf8.Valid(s) {
		return vcCP1252(b), lang.T("text not valid in CHARSET %q was read as Windows-1252", vcShorten(charset))
	}
	return string(s), lang.Text{}
}

func vcCP1252(b []byte) string {
	s, err := charmap.Windows1252.NewDecoder().Bytes(b)
	if err != nil {
		return strings.ToValidUTF8(string(b), "\uFFFD")
	}
	return string(s)
}

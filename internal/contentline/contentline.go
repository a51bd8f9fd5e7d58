// Package contentline holds the content-line rules that vCard and
// iCalendar share: folding at 75 octets and backslash escapes in text.
package contentline

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// Fold writes one line, CRLF-terminated, folded at 75 octets without
// splitting a UTF-8 sequence (RFC 2425 §5.8.1, RFC 5545 §3.1).
func Fold(b *bytes.Buffer, line string) {
	const limit = 75
	room := limit
	for len(line) > room {
		cut := room
		for cut > room-utf8.UTFMax && !utf8.RuneStart(line[cut]) {
			cut--
		}
		if !utf8.RuneStart(line[cut]) {
			cut = room
		}
		b.WriteString(line[:cut])
		b.WriteString("\r\n ")
		line = line[cut:]
		room = limit - 1 // the leading space counts
	}
	b.WriteString(line)
	b.WriteString("\r\n")
}

// EscapeText writes s as an iCalendar TEXT value (RFC 5545 §3.3.11):
// backslash, semicolon, comma and line breaks escaped, other control
// characters dropped (TEXT cannot hold them), invalid UTF-8 replaced.
func EscapeText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\\' || r == ';' || r == ',':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n' || r == '\r':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteRune(r)
		case r < ' ' || r == 0x7f:
			// dropped
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// UnescapeText undoes vCard 3.0 and iCalendar TEXT escaping, and Google's
// `\:` (google-takeout.md §4.2); any other backslash stays. It is for
// reading names and titles: values themselves are carried raw.
func UnescapeText(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 == len(s) {
			b.WriteByte(s[i])
			continue
		}
		switch c := s[i+1]; c {
		case 'n', 'N':
			b.WriteByte('\n')
		case '\\', ';', ',', ':':
			b.WriteByte(c)
		default:
			b.WriteString(s[i : i+2])
		}
		i++
	}
	return b.String()
}

package facebook

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// foldLine writes one content line, CRLF-terminated, folded at 75 octets
// without splitting a UTF-8 sequence (RFC 5545 §3.1).
func foldLine(b *bytes.Buffer, line string) {
	const limit = 75
	room := limit
	for len(line) > room {
		cut := room
		for cut > 0 && !utf8.RuneStart(line[cut]) {
			cut--
		}
		if cut == 0 { // not UTF-8: cut anywhere
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

// escapeText writes s as an iCalendar TEXT value (RFC 5545 §3.3.11):
// backslash, semicolon, comma and line breaks escaped, other control
// characters dropped (TEXT cannot hold them), invalid UTF-8 replaced.
func escapeText(s string) string {
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

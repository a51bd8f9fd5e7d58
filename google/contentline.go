package google

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// vCard and iCalendar share their content-line rules: folding at 75 octets
// and backslash escapes in text.

// foldLine writes one line, CRLF-terminated, folded at 75 octets without
// splitting a UTF-8 sequence (RFC 2425 §5.8.1, RFC 5545 §3.1).
func foldLine(b *bytes.Buffer, line string) {
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

// unescapeText undoes vCard 3.0 and iCalendar TEXT escaping, and Google's
// `\:` (google-takeout.md §4.2); any other backslash stays. It is for
// reading names and titles: values themselves are carried raw.
func unescapeText(s string) string {
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

package google

import (
	"bytes"
	"strings"

	"github.com/takeback/takeback/internal/lang"
)

// maxDroppedShown bounds the dropped lines a calendar's warnings quote.
const maxDroppedShown = 3

// dropBrokenLines removes the content lines inside a component that
// go-ical cannot read at all, such as a line without a colon
// (google-takeout.md §6.1): go-ical fails the whole file on one, or
// panics. Everything else is kept as written, so one broken line costs one
// property, not the calendar; lines outside any component are left to the
// decoder. It returns data itself when no line is broken, and a warning
// per dropped line (the first few, then a count).
func dropBrokenLines(data []byte) ([]byte, []lang.Text) {
	broken := 0
	forEachInside(data, func(line []byte, inside bool) {
		if inside && icsLineError(string(line)) != nil {
			broken++
		}
	})
	if broken == 0 {
		return data, nil
	}
	var out bytes.Buffer
	out.Grow(len(data))
	var warnings []lang.Text
	forEachInside(data, func(line []byte, inside bool) {
		if inside {
			if err := icsLineError(string(line)); err != nil {
				if len(warnings) < maxDroppedShown {
					warnings = append(warnings, lang.T("unreadable line dropped (%v): %q", err, vcShorten(string(line))))
				}
				return
			}
		}
		out.Write(line)
		out.WriteString("\r\n")
	})
	if more := broken - len(warnings); more > 0 {
		warnings = append(warnings, lang.T("%d more unreadable lines dropped", more))
	}
	return out.Bytes(), warnings
}

// forEachInside calls fn with every unfolded line, and whether it is a
// non-empty line inside a component, counting BEGIN and END lines as
// checkNesting does.
func forEachInside(data []byte, fn func(line []byte, inside bool)) {
	depth := 0
	_ = eachUnfolded(data, func(line []byte) error {
		name := line
		if i := bytes.IndexAny(line, ";:"); i >= 0 {
			name = line[:i]
		}
		switch {
		case bytes.EqualFold(name, []byte("BEGIN")):
			depth++
			fn(line, false)
		case bytes.EqualFold(name, []byte("END")) && depth > 0:
			depth--
			fn(line, false)
		default:
			fn(line, depth > 0 && len(line) > 0)
		}
		return nil
	})
}

// icsLineError says why go-ical cannot read an unfolded, non-empty content
// line, following its grammar: a name up to the first ';' or ':', then
// parameters NAME=value[,value] (values optionally quoted), then ':' and
// the value. nil means go-ical reads it.
func icsLineError(s string) error {
	i := strings.IndexAny(s, ";:")
	switch {
	case i < 0:
		return lang.New("no ':' between name and value")
	case i == 0:
		return lang.New("no property name")
	}
	s = s[i:]
	for len(s) > 0 && s[0] == ';' {
		s = s[1:]
		eq := strings.IndexByte(s, '=')
		switch {
		case eq < 0:
			return lang.New("a parameter without '='")
		case eq == 0:
			return lang.New("a parameter without a name")
		}
		s = s[eq+1:]
		for {
			if len(s) > 0 && s[0] == '"' {
				end := strings.IndexByte(s[1:], '"')
				if end < 0 {
					return lang.New("an unterminated quoted parameter value")
				}
				s = s[end+2:]
			} else {
				end := strings.IndexAny(s, "\";,:")
				if end >= 0 && s[end] == '"' {
					return lang.New("a double quote inside a parameter value")
				}
				if end < 0 {
					end = len(s)
				}
				s = s[end:]
			}
			if len(s) == 0 {
				return lang.New("no ':' after the parameters")
			}
			if s[0] != ',' {
				break
			}
			s = s[1:]
		}
		if s[0] != ';' && s[0] != ':' {
			return lang.Errorf("%q after a parameter value", s[0])
		}
	}
	if len(s) == 0 || s[0] != ':' {
		return lang.New("no ':' after the parameters")
	}
	return nil
}

package google

import (
	"bytes"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"github.com/takeback/takeback/internal/lang"
)

// vcLine is one unfolded vCard line, `[group.]NAME[;params]:value`.
// It is written back byte for byte unless edited.
type vcLine struct {
	raw    string
	group  string
	name   string // as written
	prop   string // name upper-cased
	params []vcParam
	value  string
	edited bool
}

type vcParam struct {
	raw    string   // as written, without the leading ';'
	name   string   // upper-cased; for a bare 2.1 parameter, its upper-cased text
	values []string // without quotes
	bare   bool
	edited bool
}

func (p vcParam) String() string {
	if !p.edited {
		return p.raw
	}
	vs := make([]string, len(p.values))
	for i, v := range p.values {
		if strings.ContainsAny(v, ";:,") {
			v = `"` + v + `"`
		}
		vs[i] = v
	}
	return p.name + "=" + strings.Join(vs, ",")
}

func (l vcLine) String() string {
	if !l.edited {
		return l.raw
	}
	var b strings.Builder
	if l.group != "" {
		b.WriteString(l.group + ".")
	}
	b.WriteString(l.name)
	for _, p := range l.params {
		b.WriteString(";" + p.String())
	}
	b.WriteString(":" + l.value)
	return b.String()
}

func vcIsToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// vcParseLine splits a line the way go-vcard does (group before the
// first '.', name up to the first ';' or ':') but also honours quoted
// parameter values, and rejects what no reader would take.
func vcParseLine(s string) (vcLine, error) {
	l := vcLine{raw: s}
	rest := s
	if i := strings.IndexAny(rest, ".;:"); i >= 0 && rest[i] == '.' {
		l.group, rest = rest[:i], rest[i+1:]
		if !vcIsToken(l.group) {
			return l, lang.Errorf("invalid group %q", l.group)
		}
	}
	i := strings.IndexAny(rest, ";:")
	if i < 0 {
		return l, lang.New("no ':' between name and value")
	}
	l.name, l.prop = rest[:i], strings.ToUpper(rest[:i])
	if !vcIsToken(l.name) {
		return l, lang.Errorf("invalid property name %q", l.name)
	}
	if rest[i] == ':' {
		l.value = rest[i+1:]
		return l, nil
	}
	pos := i + 1
	for {
		start, quoted := pos, false
		for pos < len(rest) && (quoted || rest[pos] != ';' && rest[pos] != ':') {
			if rest[pos] == '"' {
				quoted = !quoted
			}
			pos++
		}
		if pos == len(rest) {
			return l, lang.New("no ':' after the parameters")
		}
		if seg := rest[start:pos]; seg == "" {
			l.edited = true // drop the empty parameter of "TEL;;TYPE=x"
		} else {
			p, err := vcParseParam(seg)
			if err != nil {
				return l, err
			}
			l.params = append(l.params, p)
		}
		if rest[pos] == ':' {
			l.value = rest[pos+1:]
			return l, nil
		}
		pos++
	}
}

func vcParseParam(seg string) (vcParam, error) {
	p := vcParam{raw: seg}
	eq := strings.IndexByte(seg, '=')
	if eq < 0 {
		if !vcIsToken(seg) {
			return p, lang.Errorf("invalid parameter %q", seg)
		}
		p.name, p.bare = strings.ToUpper(seg), true
		return p, nil
	}
	p.name = strings.ToUpper(seg[:eq])
	if !vcIsToken(p.name) {
		return p, lang.Errorf("invalid parameter name %q", seg[:eq])
	}
	for _, v := range vcSplitQuoted(seg[eq+1:]) {
		if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
			v = v[1 : len(v)-1]
		}
		if strings.Contains(v, `"`) {
			return p, lang.Errorf("misquoted parameter %q", seg)
		}
		p.values = append(p.values, v)
	}
	return p, nil
}

// vcSplitQuoted splits on commas outside double quotes.
func vcSplitQuoted(s string) []string {
	var out []string
	start, quoted := 0, false
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '"':
			quoted = !quoted
		case ',':
			if !quoted {
				out = append(out, s[start:i])
				start = i + 1
			}
		}
	}
	return append(out, s[start:])
}

// goVcardSafe reports whether go-vcard reads these parameters as written:
// it fails on a backslash inside quotes or a quoted value in a list, and
// then drops the whole property without a word (google-takeout.md §6.2).
func goVcardSafe(params []vcParam) bool {
	for _, p := range params {
		if p.bare {
			return false
		}
		quoted := strings.Contains(p.raw, `"`)
		if p.edited {
			quoted = slices.ContainsFunc(p.values, func(v string) bool { return strings.ContainsAny(v, ";:,") })
		}
		if quoted && (len(p.values) > 1 || slices.ContainsFunc(p.values, func(v string) bool { return strings.Contains(v, `\`) })) {
			return false
		}
	}
	return true
}

// vcPhysicalLines strips a BOM (UTF-8 or UTF-16, which it decodes) and
// splits on CRLF, LF or a lone CR.
func vcPhysicalLines(data []byte) []string {
	if out, _, err := transform.Bytes(unicode.BOMOverride(encoding.Nop.NewDecoder()), data); err == nil {
		data = out
	}
	s := string(data)
	var lines []string
	for len(s) > 0 {
		i := strings.IndexAny(s, "\r\n")
		if i < 0 {
			lines = append(lines, s)
			break
		}
		lines = append(lines, s[:i])
		if s[i] == '\r' && i+1 < len(s) && s[i+1] == '\n' {
			i++
		}
		s = s[i+1:]
	}
	return lines
}

// vcUnfold joins folded lines (a leading space or tab) and, on
// QUOTED-PRINTABLE lines, soft line breaks (a trailing '='), which 2.1
// writers use instead of folding and go-vcard ignores (google-takeout.md §6.2).
// A soft break wins over folding: the next line is QP data, spaces included.
func vcUnfold(phys []string) []string {
	out := make([]string, 0, len(phys))
	var buf []byte
	for i := 0; i < len(phys); {
		buf = append(buf[:0], phys[i]...)
		i++
		qp := vcQPUnknown
		colon := bytes.IndexByte(buf, ':') >= 0
		for i < len(phys) {
			next := phys[i]
			if len(buf) > 0 && buf[len(buf)-1] == '=' && !vcIsBoundary(next) {
				if qp == vcQPUnknown && colon {
					qp = vcQPState(string(buf))
				}
				if qp == vcQPYes {
					buf = append(buf[:len(buf)-1], next...)
					i++
					continue
				}
			}
			if next == "" || next[0] != ' ' && next[0] != '\t' {
				break
			}
			buf = append(buf, next[1:]...)
			colon = colon || strings.IndexByte(next, ':') >= 0
			i++
		}
		out = append(out, string(buf))
	}
	return out
}

const (
	vcQPUnknown = iota
	vcQPNo
	vcQPYes
)

// vcQPState tells whether a line that has reached its value declares
// QUOTED-PRINTABLE.
func vcQPState(s string) int {
	l, err := vcParseLine(s)
	if err == nil && vcEncoding(l) == "QUOTED-PRINTABLE" {
		return vcQPYes
	}
	return vcQPNo
}

func vcIsBoundary(s string) bool {
	s = strings.TrimSpace(s)
	return strings.EqualFold(s, "END:VCARD") || strings.EqualFold(s, "BEGIN:VCARD")
}

// vcEncoding returns the upper-cased ENCODING, 2.1's bare form included.
func vcEncoding(l vcLine) string {
	for _, p := range l.params {
		name := p.name
		if !p.bare && name == "ENCODING" && len(p.values) > 0 {
			name = strings.ToUpper(p.values[0])
		} else if !p.bare {
			continue
		}
		if vcIsEncoding(name) {
			return name
		}
	}
	return ""
}

// vcSplit splits a 3.0 value on sep where it is not backslash-escaped.
func vcSplit(s string, sep byte) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case sep:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

var vcTextEscaper = strings.NewReplacer(`\`, `\\`, ",", `\,`, ";", `\;`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`)

func vcEscape(s string) string { return vcTextEscaper.Replace(s) }

var vcNewlineEscaper = strings.NewReplacer("\r\n", `\n`, "\n", `\n`, "\r", `\n`)

func vcEscapeNewlines(s string) string { return vcNewlineEscaper.Replace(s) }

// vcCard is one BEGIN:VCARD … END:VCARD block of a file.
type vcCard struct {
	number int // 1-based, in file order
	lines  []vcLine
	notes  []lang.Text
	broken lang.Text // why the card cannot be read at all
	bad    int       // lines dropped as unreadable
}

func (c *vcCard) drop(line string, why error) {
	if c.bad++; c.bad == 1 {
		c.notes = append(c.notes, lang.T("unreadable line dropped (%v): %q", why, vcShorten(line)))
	}
}

// vcSplitCards reads every card of a file, broken ones included, and says
// how many lines were outside any card.
func vcSplitCards(data []byte) ([]vcCard, int) {
	var cards []vcCard
	var cur *vcCard
	n, depth, stray := 0, 0, 0
	agent := false // the previous line was an empty AGENT: a 2.1 embedded card follows
	for _, s := range vcUnfold(vcPhysicalLines(data)) {
		if strings.TrimSpace(s) == "" {
			continue
		}
		l, err := vcParseLine(s)
		begin := err == nil && l.prop == "BEGIN"
		end := err == nil && l.prop == "END"
		isVCard := err == nil && strings.EqualFold(strings.TrimSpace(l.value), "VCARD")
		afterAgent := agent
		agent = false
		switch {
		case begin && isVCard && cur == nil:
			n++
			cur = &vcCard{number: n}
		case begin && isVCard && (afterAgent || depth > 0):
			if depth++; depth == 1 {
				cur.notes = append(cur.notes, lang.T("embedded vCard (AGENT) dropped"))
			}
		case begin && isVCard:
			cards = append(cards, vcCard{number: cur.number, broken: lang.T("no END:VCARD before the next BEGIN:VCARD")})
			n++
			cur = &vcCard{number: n}
		case cur == nil:
			stray++
		case end && isVCard && depth > 0:
			depth--
		case end && isVCard:
			cards = append(cards, *cur)
			cur = nil
		case depth > 0:
		case err != nil:
			cur.drop(s, err)
		case begin || end:
			cur.drop(s, lang.New("BEGIN or END inside a card"))
		case l.prop == "AGENT" && strings.TrimSpace(l.value) == "":
			agent = true
		default:
			cur.lines = append(cur.lines, l)
		}
	}
	for i := range cards {
		if c := &cards[i]; c.bad > 1 {
			c.notes = append(c.notes, lang.T("%d more unreadable lines dropped", c.bad-1))
		}
	}
	if cur != nil {
		cards = append(cards, vcCard{number: cur.number, broken: lang.T("no END:VCARD before the end of the file")})
	}
	return cards, stray
}

func vcShorten(s string) string {
	const limit = 60
	if len(s) <= limit {
		return s
	}
	cut := limit
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

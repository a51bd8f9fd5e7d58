package contentline

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestFold(t *testing.T) {
	tests := []string{
		"SUMMARY:short",
		"DESCRIPTION:" + strings.Repeat("a", 200),
		"NOTE:" + strings.Repeat("é", 100), // two-byte characters never split
		"X:" + strings.Repeat("😀", 40),     // four-byte ones neither
	}
	for _, line := range tests {
		var b bytes.Buffer
		Fold(&b, line)
		out := b.String()
		for _, l := range strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n") {
			if len(l) > 75 || !utf8.ValidString(l) {
				t.Errorf("folded line %q: %d octets", l, len(l))
			}
		}
		if got := strings.ReplaceAll(strings.TrimSuffix(out, "\r\n"), "\r\n ", ""); got != line {
			t.Errorf("unfolds to %q, want %q", got, line)
		}
	}
}

func TestEscapeRoundTrip(t *testing.T) {
	for _, s := range []string{"Dinner, then movie", `a\b;c`, "two\nlines", "plain"} {
		if got := UnescapeText(EscapeText(s)); got != s {
			t.Errorf("%q → %q → %q", s, EscapeText(s), got)
		}
	}
	if got := UnescapeText(`http\://x`); got != "http://x" {
		t.Errorf("Google's \\: gives %q", got)
	}
}

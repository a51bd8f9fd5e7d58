package batch

import (
	"strings"
	"testing"
	"unicode"
)

func TestGeneratePassword(t *testing.T) {
	classes := []struct {
		name string
		in   func(rune) bool
	}{
		{"lower-case letter", unicode.IsLower},
		{"upper-case letter", unicode.IsUpper},
		{"digit", unicode.IsDigit},
		{"special character", func(r rune) bool { return strings.ContainsRune(passwordSpecial, r) }},
	}
	seen := map[string]bool{}
	for range 200 {
		pw, err := GeneratePassword()
		if err != nil {
			t.Fatal(err)
		}
		if len(pw) != PasswordLength {
			t.Errorf("%q has %d characters, want %d", pw, len(pw), PasswordLength)
		}
		for _, c := range classes {
			if strings.IndexFunc(pw, c.in) < 0 {
				t.Errorf("%q has no %s", pw, c.name)
			}
		}
		if strings.ContainsAny(pw, "lI1O0 \"',;$\\`") {
			t.Errorf("%q has a look-alike or a character that needs quoting", pw)
		}
		if !unicode.IsLetter(rune(pw[0])) {
			t.Errorf("%q does not start with a letter", pw)
		}
		if seen[pw] {
			t.Errorf("%q was generated twice", pw)
		}
		seen[pw] = true
	}
}

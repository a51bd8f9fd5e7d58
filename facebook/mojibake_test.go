package facebook

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// mojibake encodes s as Facebook does: one rune per UTF-8 byte.
func mojibake(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		b.WriteRune(rune(s[i]))
	}
	return b.String()
}

func TestRepair(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"French", "F\u00c3\u00aate de la musique", "Fête de la musique"},
		{"French name", "Beno\u00c3\u00aet", "Benoît"},
		{"German", "Gr\u00c3\u00bc\u00c3\u009fe", "Grüße"},
		{"Danish", "Brol\u00c3\u00b8kkevej", "Broløkkevej"},
		{"emoji, four escapes", "\u00f0\u009f\u0098\u0081", "😁"},
		{"emoji in text", "Party \u00f0\u009f\u0098\u0081!", "Party 😁!"},
		{"CJK, three escapes each", mojibake("東京"), "東京"},
		{"lone é is genuine Latin-1", "é", "é"},
		{"Latin-1 word", "café au lait", "café au lait"},
		{"already correct", "Fête", "Fête"},
		{"already correct German", "Grüße", "Grüße"},
		{"ASCII", "Hello, world", "Hello, world"},
		{"empty", "", ""},
		{"CJK", "東京タワー", "東京タワー"},
		{"emoji", "😁", "😁"},
		{"mixed repaired and correct runes", "Ã© 東", "Ã© 東"},
		{"truncated sequence", "\u00c3", "\u00c3"},
		{"lone continuation byte", "a\u00a9b", "a\u00a9b"},
		{"invalid UTF-8 kept", "\xc3(", "\xc3("},
		// Only one layer is undone: what the user typed is kept.
		{"double mojibake, one layer", mojibake(mojibake("é")), mojibake("é")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Repair(tt.in); got != tt.want {
				t.Errorf("Repair(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzRepair(f *testing.F) {
	for _, s := range []string{"", "abc", "é", "Fête", "F\u00c3\u00aate", "\u00f0\u009f\u0098\u0081", "東京", "\xff\xfe", "Ã©"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Repair(s)
		if got == s {
			return
		}
		// A change is always the undoing of Facebook's encoding.
		if mojibake(got) != s {
			t.Fatalf("Repair(%q) = %q, which does not encode back to the input", s, got)
		}
		if !utf8.ValidString(got) {
			t.Fatalf("Repair(%q) = %q: invalid UTF-8", s, got)
		}
		// Stable: a result holding a rune above U+00FF is final. (A
		// result of Latin-1 runes only is the user's own mojibake, and
		// one more Repair would change it: Repair is not a closure.)
		if strings.ContainsFunc(got, func(r rune) bool { return r > 0xFF }) && Repair(got) != got {
			t.Fatalf("Repair(Repair(%q)) = %q, want %q", s, Repair(got), got)
		}
	})
}

func FuzzRepairRoundTrip(f *testing.F) {
	for _, s := range []string{"", "Benoît", "Grüße", "😁", "東京", "Ã©"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		if got := Repair(mojibake(s)); got != s {
			t.Fatalf("Repair(mojibake(%q)) = %q", s, got)
		}
		if strings.ContainsFunc(s, func(r rune) bool { return r > 0xFF }) && Repair(s) != s {
			t.Fatalf("Repair(%q) = %q: a string with a rune above U+00FF must stay", s, Repair(s))
		}
	})
}

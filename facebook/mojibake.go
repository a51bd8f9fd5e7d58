package facebook

import "unicode/utf8"

// Repair undoes Facebook's mojibake (facebook-export.md §6). The export
// writes every UTF-8 byte of a string as an escape of its own
// ("Beno\u00c3\u00aet"), so the decoded string holds one rune per byte.
//
// The rule: when every rune of s is at most U+00FF, those runes taken as
// bytes are s's repair if they form valid UTF-8; otherwise s is kept. Text
// that Facebook wrote correctly and genuine Latin-1 text (a lone "é")
// come back unchanged.
//
// Repair undoes one layer only: text that was already mojibake when the
// user typed it comes back as typed.
func Repair(s string) string {
	i := 0
	for i < len(s) && s[i] < utf8.RuneSelf {
		i++
	}
	if i == len(s) {
		return s // ASCII
	}
	b := make([]byte, i, len(s))
	copy(b, s[:i])
	for _, r := range s[i:] {
		// Invalid UTF-8 in s reads as U+FFFD, so such an s is kept.
		if r > 0xFF {
			return s
		}
		b = append(b, byte(r))
	}
	if !utf8.Valid(b) {
		return s
	}
	return string(b)
}

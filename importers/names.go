package importers

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/takeback/takeback/internal/lang"
)

// Member names come from the archive as bytes. What users see of them (in
// the preview, the report, warnings) and what sources match them against
// must be text, so every input turns the stored name into a display name:
// valid UTF-8, without control characters. The stored bytes are still
// what the input opens.

// Why a display name differs from the stored name, noted on the Member so
// that the scan can tell the user once per input.
const (
	nameCP437      = "cp437"      // a legacy zip name, decoded from CP437
	nameUnreadable = "unreadable" // bytes that are not text, replaced by U+FFFD
)

// displayName is the name to show and to match for a stored member name.
// legacy says the name may be in the zip's old code page: a zip member
// without the UTF-8 flag (general-purpose bit 11). Such a name that is not
// valid UTF-8 is decoded from CP437, the code page the zip format defines
// for it; any other name that is not valid UTF-8 gets U+FFFD for each byte
// that cannot be read. Control characters (a hostile name could hold
// terminal escape sequences) become U+FFFD too. note says what was done,
// "" when nothing was.
func displayName(stored string, legacy bool) (name, note string) {
	name = stored
	if !utf8.ValidString(name) {
		if legacy {
			// CP437 maps every byte, so this cannot fail.
			name, _ = charmap.CodePage437.NewDecoder().String(name)
			note = nameCP437
		} else {
			name, note = replaceInvalid(name), nameUnreadable
		}
	}
	if strings.ContainsFunc(name, isControl) {
		name = strings.Map(func(r rune) rune {
			if isControl(r) {
				return utf8.RuneError
			}
			return r
		}, name)
		if note == "" {
			note = nameUnreadable
		}
	}
	return name, note
}

// replaceInvalid replaces each byte of s that is not part of valid UTF-8
// with U+FFFD, one for one, so that names differing in those bytes mostly
// stay apart.
func replaceInvalid(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b.WriteRune(utf8.RuneError)
		} else {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// isControl reports C0 and C1 control characters and DEL.
func isControl(r rune) bool {
	return r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0
}

// nameWarning tells once per input and kind of change how member names
// were turned into text, n of them: the warning's source is the first such
// member.
func nameWarning(note string, n int) lang.Text {
	if note == nameCP437 {
		return lang.T("%d member names of this zip are not marked as UTF-8 and were read as CP437, the old code page of zip "+
			"(this one is the first); if they look wrong, the archive was made with another code page", n)
	}
	return lang.T("%d member names of this archive hold bytes that are not text (not valid UTF-8, or control characters), "+
		"shown as \uFFFD (this one is the first)", n)
}

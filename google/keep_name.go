package google

import (
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Caps on one element of a note's path, before " (2)" and ".md": Nextcloud
// refuses names over 250 bytes (nextcloud-api.md §3.4), and a title is
// shown in the Notes app's list.
const (
	keepMaxRunes = 100
	keepMaxBytes = 200
)

// keepUntitled names a note with no title and no text.
const keepUntitled = "Untitled note"

// keepTitle is what a note is called: its title or, when it has none, its
// first line. Not the JSON's file name: untitled notes' files are named by
// timestamp (google-takeout.md §5.3).
func keepTitle(j *keepJSON) string {
	if t := keepLine(j.Title); t != "" {
		return t
	}
	if t := keepFirstLine(j.TextContent); t != "" {
		return t
	}
	for _, it := range j.ListContent {
		if t := keepFirstLine(it.Text); t != "" {
			return t
		}
	}
	return keepUntitled
}

// keepFirstLine is the first line of text that is not blank, without the
// marks of a Markdown heading.
func keepFirstLine(text string) string {
	for _, l := range strings.Split(text, "\n") {
		if l = keepLine(strings.TrimLeft(strings.TrimSpace(l), "#")); l != "" {
			return l
		}
	}
	return ""
}

// keepLine makes s one trimmed line of valid UTF-8: control characters and
// runs of white space become one space.
func keepLine(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
	return strings.Join(strings.Fields(s), " ")
}

// keepSafeName makes s one safe path element, or "": one line in NFC,
// without "/" or "\" (they become "-"), without leading dots (no hidden
// file, no "." or ".."), cut to keepMaxRunes and keepMaxBytes. The rest of
// Nextcloud's rules are the target's, which reports what it renames.
func keepSafeName(s string) string {
	s = norm.NFC.String(keepLine(s))
	s = strings.NewReplacer("/", "-", `\`, "-").Replace(s)
	s = strings.TrimLeft(s, ". ")
	if utf8.RuneCountInString(s) > keepMaxRunes {
		s = string([]rune(s)[:keepMaxRunes])
	}
	if len(s) > keepMaxBytes {
		cut := keepMaxBytes
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut]
	}
	return strings.TrimSpace(s)
}

// keepCategory is the note's category folder: its first label, or "".
func keepCategory(j *keepJSON) string {
	for _, l := range j.Labels {
		if c := keepSafeName(l.Name); c != "" {
			return c
		}
	}
	return ""
}

// keepNoteName is the note's file under the notes folder, before
// deduplication: "<category>/<title>.md" or "<title>.md".
func keepNoteName(j *keepJSON) string {
	return keepInCategory(keepCategory(j), keepStem(j)+".md")
}

// keepStem is the note's file name without ".md".
func keepStem(j *keepJSON) string {
	if stem := keepSafeName(keepTitle(j)); stem != "" {
		return stem
	}
	return keepUntitled
}

// keepAttachmentName is an attachment's file next to its note: the name
// the file has in the archive, made safe, keeping its extension.
func keepAttachmentName(category, member string) string {
	base := path.Base(member)
	ext := path.Ext(base)
	if !keepPlainExt(ext) {
		ext = ""
	}
	stem := keepSafeName(strings.TrimSuffix(base, ext))
	if stem == "" {
		stem = "attachment"
	}
	return keepInCategory(category, stem+ext)
}

// keepPlainExt says whether ext is a short extension of ASCII letters and
// digits, such as ".jpg".
func keepPlainExt(ext string) bool {
	if len(ext) < 2 || len(ext) > 10 || ext[0] != '.' {
		return false
	}
	for _, c := range []byte(ext[1:]) {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

func keepInCategory(category, name string) string {
	if category == "" {
		return name
	}
	return category + "/" + name
}

package nextcloud

import (
	"fmt"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxNameBytes is the longest file name Nextcloud accepts
// (nextcloud-api.md §3.4).
const maxNameBytes = 250

// maxExtBytes bounds what counts as an extension when a name is shortened
// or numbered: in "notes.from a very long meeting…" the part after the dot
// is text, not an extension.
const maxExtBytes = 16

// SafeName makes one path element acceptable to Nextcloud's file-name rules
// (nextcloud-api.md §3.4), changing as little as it can:
//   - control characters, "\" and "/" become "_", and so do bytes that are
//     not UTF-8;
//   - "", "." and ".." become "_";
//   - a name ending in ".part" or ".filepart", and the name ".htaccess",
//     get a "_" appended;
//   - a name longer than 250 bytes loses the end of its stem, never the
//     extension and never half a character.
//
// Rules an administrator adds (Windows compatibility, more forbidden
// names) are not applied.
func SafeName(name string) string {
	name = strings.ToValidUTF8(name, "_")
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '/' || r == '\\' {
			return '_'
		}
		return r
	}, name)
	switch lower := strings.ToLower(name); {
	case name == "" || name == "." || name == "..":
		return "_"
	case lower == ".htaccess", strings.HasSuffix(lower, ".part"), strings.HasSuffix(lower, ".filepart"):
		name += "_"
	}
	if len(name) > maxNameBytes {
		stem, ext := splitExt(name)
		name = cut(stem, maxNameBytes-len(ext)) + ext
	}
	return name
}

// numbered is the n-th name to try for name: name itself for n = 1, then
// "stem (2).ext", "stem (3).ext"…, shortened to stay within 250 bytes.
func numbered(name string, n int) string {
	if n <= 1 {
		return name
	}
	stem, ext := splitExt(name)
	suffix := fmt.Sprintf(" (%d)", n)
	return cut(stem, maxNameBytes-len(suffix)-len(ext)) + suffix + ext
}

// splitExt splits name before its extension; a leading dot (".bashrc") and
// an overlong "extension" are part of the stem.
func splitExt(name string) (stem, ext string) {
	ext = path.Ext(name)
	if ext == name || len(ext) > maxExtBytes {
		return name, ""
	}
	return strings.TrimSuffix(name, ext), ext
}

// cut shortens s to at most n bytes without splitting a character.
func cut(s string, n int) string {
	if n <= 0 {
		return ""
	}
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// safePath applies SafeName to every element of a slash-separated path,
// dropping empty elements, so that "Photos//2019/" is "Photos/2019".
func safePath(p string) string {
	var parts []string
	for _, e := range strings.Split(p, "/") {
		if e != "" {
			parts = append(parts, SafeName(e))
		}
	}
	return strings.Join(parts, "/")
}

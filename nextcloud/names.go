package nextcloud

import (
	"fmt"
	"path"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/takeback/takeback/internal/lang"
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
// names) are NameRules.Safe's.
func SafeName(name string) string {
	return builtinSafe(name, nil)
}

// Safe makes one path element acceptable to a server with the rules r:
// SafeName's built-in rules first, then r's lists, compared without regard
// to case as Nextcloud does (lib/private/Files/FilenameValidator.php):
//   - each forbidden character becomes "_";
//   - a forbidden name gets "_" before its extension (".htaccess_",
//     "desktop_.ini");
//   - a forbidden basename, the part before the first dot that is not the
//     leading one, gets "_" appended to it ("con" → "con_", "CON.txt" →
//     "CON_.txt");
//   - a forbidden extension made of spaces and dots only (" ", "."; the
//     Windows rule against trailing ones) is stripped, any other gets a
//     "_" appended ("clip.part" → "clip.part_").
//
// When "_" is itself forbidden, "-" stands in for it. The rules are applied
// until none matches (or 8 rounds passed, for lists that contradict each
// other); then the name is cut to 250 bytes, as SafeName does.
//
// why lists, in plain words, what the server forbids that the name had,
// each completing "the server forbids …": `the character ":"`, `the
// reserved name "con"`, `names ending in a dot`…; it is empty when the name
// is unchanged.
func (r NameRules) Safe(name string) (safe string, why []lang.Text) {
	var w renames
	safe = r.safe(name, &w)
	return safe, w.reasons()
}

func (r NameRules) safe(name string, w *renames) string {
	name = builtinSafe(name, w)
	if r.empty() {
		return name
	}
	repl := "_"
	if slices.Contains(r.Characters, "_") {
		repl = "-"
	}
	for range 8 {
		before := name
		for _, c := range r.Characters {
			if c != "" && strings.Contains(name, c) {
				name = strings.ReplaceAll(name, c, repl)
				w.char(c)
			}
		}
		lower := strings.ToLower(name)
		for _, n := range r.Names {
			if n != "" && lower == strings.ToLower(n) {
				stem, ext := splitExt(name)
				w.add(lang.T("the name %s", quote(n)))
				name = stem + repl + ext
				break
			}
		}
		if i := strings.Index(name[min(1, len(name)):], "."); len(r.Basenames) > 0 {
			base, rest := name, ""
			if i >= 0 {
				base, rest = name[:i+1], name[i+1:]
			}
			for _, b := range r.Basenames {
				if b != "" && strings.EqualFold(base, b) {
					w.add(lang.T("the reserved name %s", quote(b)))
					name = base + repl + rest
					break
				}
			}
		}
		for _, e := range r.Extensions {
			if e == "" || !strings.HasSuffix(strings.ToLower(name), strings.ToLower(e)) {
				continue
			}
			if strings.Trim(e, " .") == "" {
				for strings.HasSuffix(name, e) {
					name = strings.TrimSuffix(name, e)
				}
			} else {
				name += repl
			}
			w.add(endingIn(e))
		}
		if name == "" || name == "." || name == ".." {
			name = repl
		}
		if len(name) > maxNameBytes {
			w.add(lang.T("names longer than 250 bytes"))
			stem, ext := splitExt(name)
			name = cut(stem, maxNameBytes-len(ext)) + ext
		}
		if name == before {
			break
		}
	}
	return name
}

func (r NameRules) empty() bool {
	return len(r.Names) == 0 && len(r.Basenames) == 0 && len(r.Characters) == 0 && len(r.Extensions) == 0
}

// builtinSafe is SafeName, noting in w what it changed.
func builtinSafe(name string, w *renames) string {
	if !utf8.ValidString(name) {
		name = strings.ToValidUTF8(name, "_")
		w.add(lang.T("bytes that are not UTF-8"))
	}
	name = strings.Map(func(r rune) rune {
		switch {
		case r == '/' || r == '\\':
			w.char(string(r))
			return '_'
		case unicode.IsControl(r):
			w.add(lang.T("control characters"))
			return '_'
		}
		return r
	}, name)
	switch lower := strings.ToLower(name); {
	case name == "":
		w.add(lang.T("empty names"))
		return "_"
	case name == "." || name == "..":
		w.add(lang.T("the name %s", quote(name)))
		return "_"
	case lower == ".htaccess":
		w.add(lang.T("the name %s", quote(".htaccess")))
		name += "_"
	case strings.HasSuffix(lower, ".part"):
		w.add(endingIn(".part"))
		name += "_"
	case strings.HasSuffix(lower, ".filepart"):
		w.add(endingIn(".filepart"))
		name += "_"
	}
	if len(name) > maxNameBytes {
		w.add(lang.T("names longer than 250 bytes"))
		stem, ext := splitExt(name)
		name = cut(stem, maxNameBytes-len(ext)) + ext
	}
	return name
}

// quote puts s in double quotes, or a double quote in single ones.
func quote(s string) string {
	if s == `"` {
		return `'"'`
	}
	return `"` + s + `"`
}

func endingIn(ext string) lang.Text {
	switch ext {
	case " ":
		return lang.T("names ending in a space")
	case ".":
		return lang.T("names ending in a dot")
	}
	return lang.T("names ending in %v", quote(ext))
}

// renames collects why names were changed; a nil *renames collects
// nothing.
type renames struct {
	list  []lang.Text
	chars []string
}

func (w *renames) add(reason lang.Text) {
	if w == nil {
		return
	}
	for _, r := range w.list {
		if r.String() == reason.String() {
			return
		}
	}
	w.list = append(w.list, reason)
}

func (w *renames) char(c string) {
	if w != nil && !slices.Contains(w.chars, c) {
		w.chars = append(w.chars, c)
	}
}

// reasons lists the reasons, the forbidden characters first as one.
func (w *renames) reasons() []lang.Text {
	if w == nil || len(w.list)+len(w.chars) == 0 {
		return nil
	}
	var out []lang.Text
	switch len(w.chars) {
	case 0:
	case 1:
		out = append(out, lang.T("the character %s", quote(w.chars[0])))
	default:
		q := make([]string, len(w.chars))
		for i, c := range w.chars {
			q[i] = quote(c)
		}
		out = append(out, lang.T("the characters %s and %s", strings.Join(q[:len(q)-1], ", "), q[len(q)-1]))
	}
	return append(out, w.list...)
}

// joinTexts puts texts one after the other, "a; b; c".
func joinTexts(texts []lang.Text) lang.Text {
	var out lang.Text
	for _, t := range texts {
		out = lang.Join(out, t)
	}
	return out
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

// safePath applies r.Safe to every element of a slash-separated path,
// dropping empty elements, so that "Photos//2019/" is "Photos/2019"; w
// collects why elements changed.
func (r NameRules) safePath(p string, w *renames) string {
	var parts []string
	for _, e := range strings.Split(p, "/") {
		if e != "" {
			parts = append(parts, r.safe(e, w))
		}
	}
	return strings.Join(parts, "/")
}

// safePath applies SafeName to every element of a slash-separated path.
func safePath(p string) string { return NameRules{}.safePath(p, nil) }

// SetNameRules makes Put and Ensure apply rules, the lists the server
// publishes in its capabilities, to every element of a file's or folder's
// path, after SafeName's own rules. Set them before the first Ensure or
// Put: folders made before would keep their old names.
func (d *DAV) SetNameRules(rules NameRules) {
	d.files.cfg.mu.Lock()
	defer d.files.cfg.mu.Unlock()
	d.files.cfg.rules = NameRules{
		Names:      slices.Clone(rules.Names),
		Basenames:  slices.Clone(rules.Basenames),
		Characters: slices.Clone(rules.Characters),
		Extensions: slices.Clone(rules.Extensions),
	}
}

// NameRules are the rules SetNameRules set; the zero value before.
func (d *DAV) NameRules() NameRules {
	d.files.cfg.mu.Lock()
	defer d.files.cfg.mu.Unlock()
	return d.files.cfg.rules
}

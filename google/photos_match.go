package google

import (
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// SidecarName is one per-media JSON of a directory: its file name, and the
// "title" read from it ("" when unknown).
type SidecarName struct{ Name, Title string }

// The rules that pair a media file with its sidecar (Match.Rule), from the
// most to the least specific; a media file takes the first that matches
// (google-takeout.md §2.2–2.4, §2.6).
const (
	// The JSON name is the media name plus ".json" (or ".JSON").
	MatchExact = "exact"
	// The JSON name is the media name plus ".supplemental-metadata.json" or
	// any clipped form of it, down to "..json". A "(n)" that is part of
	// the media name stays in place (ente's skytree (2).jpg).
	MatchSupplemental = "supplemental-metadata"
	// Google moved the "(n)" it added to make the name unique behind the
	// extension: IMG_3479(1).JPG ↔ IMG_3479.JPG(1).json, also after a
	// clipped supplemental-metadata suffix or a truncated title.
	MatchCounter = "counter"
	// The media name is the sidecar's title, with / : * ? " < > | \ turned
	// into "_" (with or without its extension). Used only when the title
	// says more than the JSON's own name.
	MatchTitle = "title"
	// The JSON name was cut to 51 characters: the first 46 UTF-16 units of
	// the title (or of title + ".supplemental-metadata") are a prefix of
	// the media name, and the "(n)" counters agree.
	MatchTruncated = "truncated title"
	// The title had no extension: 20030616.json ↔ 20030616.jpg, and
	// Peanut Butter Balls.supplemental-metadata.json ↔ Peanut Butter Balls.jpg.
	MatchNoExtension = "no extension"
	// A video without a JSON of its own shares its still's: PXL_….MP and
	// PXL_….MP~2 ↔ PXL_….MP.jpg.json, MVIMG_… ↔ MVIMG_….jpg.json,
	// IMG_4573.MP4/.MOV ↔ IMG_4573.HEIC.json.
	MatchLivePhoto = "live photo"
	// An edited copy shares the original's JSON: its stem is the sidecar's
	// stem followed by "-" and anything (-edited, -modifié, -bearbeitet(1)…),
	// the longest such sidecar stem winning.
	MatchEdited = "edited copy"
	// immich-go's "forgotten duplicates": original_<uuid>_.json ↔
	// original_<uuid>_P(1).jpg. The JSON stem (without a media extension)
	// is a prefix of the media stem, fewer than 10 characters are left
	// over, and either the JSON name was cut at 46 units or what is left
	// is a "(n)" counter.
	MatchForgotten = "forgotten duplicate"
)

// Match is the sidecar paired with one media file, and why.
type Match struct {
	Sidecar string // the JSON's file name, as given
	Rule    string // the rule that paired them: one of the Match… constants
}

// MatchSidecars returns, for each media file name that has a sidecar, the
// sidecar's file name and the rule that matched. It pairs the media files
// of ONE directory with the sidecars of the same directory (the caller
// groups every part of a Takeout by in-archive directory first:
// google-takeout.md §2.7), and looks at names only, plus the sidecar
// titles when they help.
//
// Each media file takes the first rule that matches, in the order of the
// Match… constants; one sidecar may serve several media files (edited
// copies, live-photo videos). Names are compared after NFC normalization
// (macOS writes NFD) with no-break and narrow no-break spaces read as
// spaces; the ".json" extension is matched in any case, the rest of the
// names exactly. Lengths are counted in UTF-16 units, as Google does.
//
// The result does not depend on the order of the inputs: when two sidecars
// fit the same media file under the same rule, the smaller name wins,
// except for titles, where a title that two sidecars give matches nothing.
// Every sidecar is indexed under a few keys, and every media file looks a
// bounded number of keys up, so the cost is linear in the directory size.
func MatchSidecars(sidecars []SidecarName, media []string) map[string]Match {
	ix := newSidecarIndex(sidecars)
	ix.media = make(map[string]bool, len(media))
	for _, m := range media {
		ix.media[normName(m)] = true
	}
	out := make(map[string]Match)
	for _, m := range media {
		if _, done := out[m]; done {
			continue
		}
		if s, r := ix.lookup(m); s != "" {
			out[m] = Match{Sidecar: s, Rule: r}
		}
	}
	return out
}

// nameKey is a name (or a stem, or a prefix) and the Google counter that
// goes with it ("" for none).
type nameKey struct{ base, counter string }

type keyMap map[nameKey]string

// put keeps the first sidecar under a key: sidecars are added sorted.
func (m keyMap) put(base, counter, sidecar string) {
	if base == "" {
		return
	}
	k := nameKey{base, counter}
	if _, ok := m[k]; !ok {
		m[k] = sidecar
	}
}

// ambiguous marks a key that two sidecars claim in a putUnique map.
const ambiguous = "\x00"

// putUnique keeps a key only if one sidecar claims it.
func (m keyMap) putUnique(base, counter, sidecar string) {
	if base == "" {
		return
	}
	k := nameKey{base, counter}
	if old, ok := m[k]; ok && old != sidecar {
		m[k] = ambiguous
	} else {
		m[k] = sidecar
	}
}

func (m keyMap) get(base, counter string) string {
	if base == "" {
		return ""
	}
	if s := m[nameKey{base, counter}]; s != ambiguous {
		return s
	}
	return ""
}

type sidecarIndex struct {
	exact     keyMap // J: the JSON name without .json
	supp      keyMap // J without a (clipped) supplemental-metadata segment
	counter   keyMap // the name (without suffix) before a counter, and the counter
	title     keyMap // the sanitized title, when the name does not already say it, of sidecars without counter
	titleCtr  keyMap // the same with the counter, for sidecars with one
	titleAny  keyMap // the same without the counter, for sidecars with one
	titleStem keyMap // titles without a media extension, to compare with media stems
	trunc46   keyMap // names cut at 46 UTF-16 units
	trunc45   keyMap // names cut at 45 units because the 46th began a surrogate pair
	bare      keyMap // the base forms above that have no media extension
	bareCut   keyMap // the same, for names cut at 46 units
	stem      keyMap // every base form, without its media extension
	liveStill keyMap // stems of sidecars of still images that can have a motion part

	counterOf map[string]string // sidecar name → its counter
	media     map[string]bool   // the normalized media names of the directory
}

func newSidecarIndex(sidecars []SidecarName) *sidecarIndex {
	n := len(sidecars)
	ix := &sidecarIndex{
		exact: make(keyMap, n), supp: make(keyMap, n), counter: keyMap{}, title: keyMap{}, titleCtr: keyMap{}, titleAny: keyMap{}, titleStem: keyMap{},
		trunc46: keyMap{}, trunc45: keyMap{}, bare: keyMap{}, bareCut: keyMap{}, stem: make(keyMap, 2*n), liveStill: keyMap{},
	}
	ix.counterOf = map[string]string{}
	sorted := slices.Clone(sidecars)
	slices.SortFunc(sorted, func(a, b SidecarName) int {
		if c := strings.Compare(a.Name, b.Name); c != 0 {
			return c
		}
		return strings.Compare(a.Title, b.Title)
	})
	for _, s := range sorted {
		ix.add(s)
	}
	return ix
}

func (ix *sidecarIndex) add(s SidecarName) {
	name := s.Name
	j := normName(trimJSONExt(name))
	j2, cj := peelCounter(j) // the counter Google appends to the JSON name
	js, hasSupp := stripSupplemental(j)
	j3, hasSupp3 := stripSupplemental(j2)

	ix.exact.put(j, "", name)
	if hasSupp {
		ix.supp.put(js, "", name)
	}
	type form struct{ base, counter string }
	forms := []form{{j, ""}}
	if hasSupp {
		forms = append(forms, form{js, ""})
	}
	if cj != "" {
		ix.counter.put(j2, cj, name)
		forms = append(forms, form{j2, cj})
		if hasSupp3 {
			ix.counter.put(j3, cj, name)
			forms = append(forms, form{j3, cj})
		}
	}
	// A truncated name is the first 46 UTF-16 units of the title or of
	// title + ".supplemental-metadata", then the counter, then ".json".
	// The length is that of the name as given or of its NFC form: Google
	// counts the title as uploaded (NFD from a Mac), and a Takeout
	// extracted on a Mac has NFD names.
	rawBase, _ := peelCounter(trimJSONExt(name))
	cut := utf16Len(rawBase) == 46 || utf16Len(j2) == 46
	if cut {
		ix.trunc46.put(j2, cj, name)
	} else if utf16Len(rawBase) == 45 || utf16Len(j2) == 45 {
		ix.trunc45.put(j2, cj, name)
	}
	for _, f := range forms {
		st, ext := splitMediaExt(f.base)
		ix.stem.put(st, f.counter, name)
		if ext != "" {
			if stillExts[strings.ToLower(ext[1:])] {
				ix.liveStill.put(st, f.counter, name)
			}
			continue
		}
		ix.bare.put(f.base, f.counter, name)
		if cut && cj == "" && f.base == j {
			ix.bareCut.put(f.base, f.counter, name)
		}
	}
	if s.Title != "" {
		t := normName(sanitizeName(s.Title))
		// Titles are not unique (IMG_1.jpg.json and IMG_1.jpg(1).json both
		// say IMG_1.jpg): a title two sidecars give is no evidence.
		if !slices.ContainsFunc(forms, func(f form) bool { return f.base == t }) {
			if cj == "" {
				ix.title.putUnique(t, "", name)
			} else {
				ix.titleCtr.putUnique(t, cj, name)
				ix.titleAny.putUnique(t, "", name)
				ix.counterOf[name] = cj
			}
			if _, ext := splitMediaExt(t); ext == "" {
				ix.titleStem.putUnique(t, "", name)
			}
		}
	}
}

// lookup finds the sidecar of one media file.
func (ix *sidecarIndex) lookup(media string) (string, string) {
	m := normName(media)
	if m == "" {
		return "", ""
	}
	stem, ext := splitExt(m)        // Google's notion: the extension is after the last dot
	peeled, cm := peelCounter(stem) // IMG_3479(1) → IMG_3479, "1"
	full := peeled + ext            // the name without its counter

	if s := ix.exact.get(m, ""); s != "" {
		return s, MatchExact
	}
	if s := ix.supp.get(m, ""); s != "" {
		return s, MatchSupplemental
	}
	if cm != "" {
		if s := ix.counter.get(full, cm); s != "" {
			return s, MatchCounter
		}
	}
	if s := ix.title.get(m, ""); s != "" {
		return s, MatchTitle
	}
	if cm != "" {
		if s := ix.titleCtr.get(full, cm); s != "" {
			return s, MatchTitle
		}
	}
	// A JSON with a counter whose title is this name: the counter only
	// made the cut JSON name unique (…jour 1(1).json for …jour 12.jpg),
	// unless the directory has the name with that counter too
	// (…_n.j(1).json is for …_n(1).jpg, not …_n.jpg).
	if _, seen := ix.title[nameKey{m, ""}]; !seen {
		if s := ix.titleAny.get(m, ""); s != "" && !ix.media[stem+"("+ix.counterOf[s]+")"+ext] {
			return s, MatchTitle
		}
	}
	if ext != "" {
		if s := ix.titleStem.get(stem, ""); s != "" {
			return s, MatchTitle
		}
	}
	// Truncated: the counter-less name first, with its counter; then the
	// name as it is, unless its counter lies beyond the cut (a counter on
	// one side only does not match).
	if cm != "" {
		if s := ix.truncated(full, cm, 0); s != "" {
			return s, MatchTruncated
		}
	}
	minCut := 0
	if cm != "" {
		minCut = len(stem)
	}
	if s := ix.truncated(m, "", minCut); s != "" {
		return s, MatchTruncated
	}
	if ext != "" {
		if cm != "" {
			if s := ix.bare.get(peeled, cm); s != "" {
				return s, MatchNoExtension
			}
		}
		if s := ix.bare.get(stem, ""); s != "" {
			return s, MatchNoExtension
		}
	}
	if s := ix.live(m, stem, peeled, full, ext, cm); s != "" {
		return s, MatchLivePhoto
	}
	if cm != "" {
		if s := ix.edited(peeled, cm); s != "" {
			return s, MatchEdited
		}
	}
	if s := ix.edited(stem, ""); s != "" {
		return s, MatchEdited
	}
	if s := ix.forgottenDuplicate(stem); s != "" {
		return s, MatchForgotten
	}
	return "", ""
}

// truncated looks up the cut Google would have made in name: a sidecar
// name whose base was exactly 46 UTF-16 units (45 when the 46th began a
// surrogate pair) and is a strict prefix of name, with the same counter.
// The cut must fall at byte minLen or later.
func (ix *sidecarIndex) truncated(name, counter string, minLen int) string {
	// NFC can make a name shorter than the 46 units Google counted, so every
	// cut from 36 to 46 units is looked up; the sidecar keys themselves are
	// only those whose given name was cut at 46.
	units := 0
	for i, r := range name {
		w := 1
		if r >= 0x10000 {
			w = 2
		}
		if units >= 36 && i >= minLen {
			if s := ix.trunc46.get(name[:i], counter); s != "" {
				return s
			}
			if units == 45 && w == 2 {
				if s := ix.trunc45.get(name[:i], counter); s != "" {
					return s
				}
			}
		}
		units += w
		if units > 46 {
			break
		}
	}
	return ""
}

// live pairs a motion part that has no JSON with its still's JSON.
func (ix *sidecarIndex) live(m, stem, peeled, full, ext, cm string) string {
	lext := strings.ToLower(ext)
	switch {
	case ext == "" || lext == ".mp" || !looksLikeExt(ext):
		// PXL_….MP ↔ PXL_….MP.jpg.json; MVIMG_… ↔ MVIMG_….jpg.json
		if cm != "" {
			if s := ix.stem.get(full, cm); s != "" {
				return s
			}
		}
		if s := ix.stem.get(m, ""); s != "" {
			return s
		}
	case isMPTilde(lext):
		// PXL_….MP~2 ↔ PXL_….MP~2.jpg.json, else PXL_….MP.jpg.json
		if s := ix.stem.get(m, ""); s != "" {
			return s
		}
		if s := ix.stem.get(stem+ext[:3], ""); s != "" {
			return s
		}
	case motionExts[lext[1:]]:
		// IMG_4573.MOV ↔ IMG_4573.HEIC.json
		if cm != "" {
			if s := ix.liveStill.get(peeled, cm); s != "" {
				return s
			}
		}
		return ix.liveStill.get(stem, "")
	}
	return ""
}

// maxDashes bounds the "-" positions tried for an edited copy.
const maxDashes = 16

// edited finds the longest sidecar stem that the media stem starts with,
// followed by "-".
func (ix *sidecarIndex) edited(stem, counter string) string {
	end := len(stem)
	for n := 0; n < maxDashes; n++ {
		i := strings.LastIndexByte(stem[:end], '-')
		if i <= 0 {
			return ""
		}
		if s := ix.stem.get(stem[:i], counter); s != "" {
			return s
		}
		end = i
	}
	return ""
}

// forgottenDuplicate finds a sidecar whose base has no media extension
// and is the media stem minus 1 to 9 trailing characters, when the JSON
// name was cut at 46 units (original_<uuid>_.json, immich-go's case) or
// what is left is a "(n)" counter Google gave no JSON of its own
// (20030616.json ↔ 20030616(1).jpg). So IMG_1.json never claims
// IMG_10.jpg.
func (ix *sidecarIndex) forgottenDuplicate(stem string) string {
	end := len(stem)
	for n := 1; n < 10; n++ {
		_, w := utf8.DecodeLastRuneInString(stem[:end])
		end -= w
		if end <= 0 {
			return ""
		}
		if s := ix.bareCut.get(stem[:end], ""); s != "" {
			return s
		}
		if _, c := peelCounter(stem[end:]); c != "" && len(c)+2 == len(stem)-end {
			if s := ix.bare.get(stem[:end], ""); s != "" {
				return s
			}
		}
	}
	return ""
}

// trimJSONExt removes a final ".json" in any case.
func trimJSONExt(name string) string {
	if len(name) >= 5 && strings.EqualFold(name[len(name)-5:], ".json") {
		return name[:len(name)-5]
	}
	return name
}

const supplementalSuffix = "supplemental-metadata"

// stripSupplemental removes a final dotted segment that is a prefix of
// "supplemental-metadata", the empty one included ("x.jpg." from x.jpg..json).
func stripSupplemental(s string) (string, bool) {
	i := strings.LastIndexByte(s, '.')
	if i < 0 {
		return s, false
	}
	seg := s[i+1:]
	if len(seg) > len(supplementalSuffix) || !strings.EqualFold(seg, supplementalSuffix[:len(seg)]) {
		return s, false
	}
	return s[:i], true
}

// peelCounter splits a trailing "(n)" off s: "IMG_1(2)" → "IMG_1", "2".
func peelCounter(s string) (string, string) {
	if !strings.HasSuffix(s, ")") {
		return s, ""
	}
	i := strings.LastIndexByte(s, '(')
	if i < 0 {
		return s, ""
	}
	digits := s[i+1 : len(s)-1]
	if digits == "" || len(digits) > 6 {
		return s, ""
	}
	for _, c := range []byte(digits) {
		if c < '0' || c > '9' {
			return s, ""
		}
	}
	return s[:i], digits
}

// splitExt splits at the last dot, as Google does when it inserts a counter
// (21.12.11 - 1 became 21.12(1).11 - 1).
func splitExt(name string) (stem, ext string) {
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		return name[:i], name[i:]
	}
	return name, ""
}

// splitMediaExt splits off the extension only if it is a known media one.
func splitMediaExt(name string) (stem, ext string) {
	st, ext := splitExt(name)
	if ext != "" && mediaExts[strings.ToLower(ext[1:])] {
		return st, ext
	}
	return name, ""
}

// looksLikeExt: 1 to 8 ASCII letters, digits, "_" or "~".
func looksLikeExt(ext string) bool {
	if len(ext) < 2 || len(ext) > 9 {
		return false
	}
	for _, c := range []byte(ext[1:]) {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '~') {
			return false
		}
	}
	return true
}

// isMPTilde matches ".mp~2" (lower case).
func isMPTilde(lext string) bool {
	if len(lext) < 5 || lext[:4] != ".mp~" {
		return false
	}
	for _, c := range []byte(lext[4:]) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

var (
	// stillExts: stills whose motion part can come as a separate video.
	stillExts = setOf("jpg", "jpeg", "heic", "heif")
	// motionExts: the separate video of a live photo.
	motionExts = setOf("mp4", "mov", "m4v", "qt", "3gp")
	// mediaExts: the extensions Google Photos files carry, lower case. A
	// dotted tail that is not one of them ("21.12.11 - 1", "My.Trip") is
	// part of the name.
	mediaExts = setOf(
		"jpg", "jpeg", "jpe", "jfif", "png", "gif", "heic", "heif", "avif", "webp", "bmp", "tif", "tiff", "ico", "svg",
		"dng", "raw", "cr2", "cr3", "crw", "nef", "nrw", "arw", "srf", "sr2", "orf", "rw2", "raf", "srw", "pef", "x3f", "3fr", "erf", "kdc", "mos", "mrw", "rwl",
		"mp4", "m4v", "mov", "qt", "3gp", "3g2", "avi", "mkv", "webm", "mts", "m2ts", "ts", "mpg", "mpeg", "mpe", "wmv", "asf", "flv", "divx", "vob", "mp",
	)
)

func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// normName puts a name in NFC and reads the no-break spaces Google and
// Takeout folders carry (U+00A0, U+202F, U+2007) as spaces.
func normName(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	s = norm.NFC.String(s)
	return strings.Map(func(r rune) rune {
		if r == '\u00a0' || r == '\u202f' || r == '\u2007' {
			return ' '
		}
		return r
	}, s)
}

// sanitizeName replaces what cannot be in a file name, as Google does on
// disk: \ / : * ? " < > | and control characters become "_".
func sanitizeName(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r < 0x20 || r == 0x7f:
			return '_'
		case strings.ContainsRune(`\/:*?"<>|`, r):
			return '_'
		}
		return r
	}, s)
}

// utf16Len is the length of s in UTF-16 code units.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r >= 0x10000 {
			n++
		}
	}
	return n
}

// maxAssetName is Nextcloud's limit on a file name, in bytes.
const maxAssetName = 250

// AssetName is the name a media file gets in Nextcloud. With a sidecar
// title, it is the title with \r \n \ / : * ? " < > | and other control
// characters replaced by "_"; when the title's extension differs from the
// file's, up to two media extensions are trimmed from the title and the
// file's real extension is put back; a title without a stem gives
// "No Name.<ext>". Without a title, it is the file's own name (sanitized
// the same way).
//
// One addition to immich-go's rule: an edited copy that shares its
// original's sidecar (title IMG_1.jpg, file IMG_1-edited.jpg) keeps the
// part of its own stem after the title's stem, so that it does not take
// its original's name.
//
// The result is in NFC, never ends in ".part" or ".filepart" (Nextcloud
// refuses those; the dot becomes "_") and is at most 250 bytes: the stem
// is cut on a character boundary and the extension kept.
func AssetName(title, fileName string) string {
	file := sanitizeName(norm.NFC.String(strings.ToValidUTF8(fileName, "_")))
	name := file
	if title != "" {
		name = titleName(sanitizeName(norm.NFC.String(strings.ToValidUTF8(title, "_"))), file)
	}
	return fitName(name)
}

func titleName(title, file string) string {
	fileStem, realExt := splitExt(file)
	if !looksLikeExt(realExt) {
		fileStem, realExt = file, ""
	}
	// Trim up to two media extensions while the title's differs from the file's.
	t := title
	for i := 0; i < 2; i++ {
		if _, e := splitExt(t); realExt != "" && strings.EqualFold(e, realExt) {
			break
		}
		st, me := splitMediaExt(t)
		if me == "" {
			break
		}
		t = st
	}
	stem, ext := t, realExt
	if _, e := splitExt(t); realExt != "" && strings.EqualFold(e, realExt) {
		stem, ext = t[:len(t)-len(e)], e // the title's spelling of the extension
	}
	// The edited copy of the title's file keeps what follows the stem.
	if rest, ok := strings.CutPrefix(fileStem, stem); ok && stem != "" && strings.HasPrefix(rest, "-") {
		stem += rest
	}
	if strings.TrimSpace(stem) == "" {
		stem = "No Name"
	}
	return stem + ext
}

// fitName enforces Nextcloud's rules on the final name.
func fitName(name string) string {
	if name == "" || name == "." || name == ".." {
		name = "No Name"
	}
	if len(name) > maxAssetName {
		stem, ext := splitExt(name)
		if len(ext) > 16 {
			stem, ext = name, ""
		}
		cut := maxAssetName - len(ext)
		for cut > 0 && !utf8.RuneStart(stem[cut]) {
			cut--
		}
		name = stem[:cut] + ext
	}
	for _, bad := range []string{".part", ".filepart"} {
		if n := len(name) - len(bad); n >= 0 && strings.EqualFold(name[n:], bad) {
			name = name[:n] + "_" + name[n+1:]
		}
	}
	return name
}

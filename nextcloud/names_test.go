package nextcloud

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSafeName(t *testing.T) {
	long := strings.Repeat("a", 300)
	longUTF8 := strings.Repeat("é", 200) // 400 bytes
	for _, tc := range []struct{ in, want string }{
		{"IMG_0001.jpg", "IMG_0001.jpg"},
		{"Été à Paris 🌞.jpg", "Été à Paris 🌞.jpg"},
		{"a/b\\c.jpg", "a_b_c.jpg"},
		{"tab\there\r\n.jpg", "tab_here__.jpg"},
		{"nul\x00del\x7f.jpg", "nul_del_.jpg"},
		{"bad\xffutf8.jpg", "bad_utf8.jpg"},
		{"", "_"},
		{".", "_"},
		{"..", "_"},
		{"...", "..."},
		{"movie.part", "movie.part_"},
		{"movie.PART", "movie.PART_"},
		{"doc.filepart", "doc.filepart_"},
		{"movie.part.jpg", "movie.part.jpg"},
		{".htaccess", ".htaccess_"},
		{".HTAccess", ".HTAccess_"},
		{"x.htaccess", "x.htaccess"},
		{long + ".jpg", strings.Repeat("a", 246) + ".jpg"},
		{long, strings.Repeat("a", 250)},
		{longUTF8 + ".jpeg", strings.Repeat("é", 122) + ".jpeg"}, // 244 + 5 bytes
		{long + ".part", strings.Repeat("a", 244) + ".part_"},
		// An overlong "extension" is text: cut like the rest.
		{"a." + long, "a." + strings.Repeat("a", 248)},
	} {
		got := SafeName(tc.in)
		if got != tc.want {
			t.Errorf("SafeName(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if len(got) > 250 || !utf8.ValidString(got) {
			t.Errorf("SafeName(%q) = %q: %d bytes, valid UTF-8 %v", tc.in, got, len(got), utf8.ValidString(got))
		}
		if again := SafeName(got); again != got {
			t.Errorf("SafeName is not stable on %q: %q", got, again)
		}
	}
}

func TestNumbered(t *testing.T) {
	long := strings.Repeat("é", 200)
	for _, tc := range []struct {
		in   string
		n    int
		want string
	}{
		{"IMG_1.jpg", 1, "IMG_1.jpg"},
		{"IMG_1.jpg", 2, "IMG_1 (2).jpg"},
		{"IMG_1.jpg", 13, "IMG_1 (13).jpg"},
		{"README", 2, "README (2)"},
		{".bashrc", 3, ".bashrc (3)"},
		{"archive.tar.gz", 2, "archive.tar (2).gz"},
		{long + ".jpg", 2, strings.Repeat("é", 121) + " (2).jpg"}, // 242 + 4 + 4 bytes
	} {
		if got := numbered(tc.in, tc.n); got != tc.want {
			t.Errorf("numbered(%q, %d) = %q, want %q", tc.in, tc.n, got, tc.want)
		}
	}
}

func TestSafePath(t *testing.T) {
	for in, want := range map[string]string{
		"Photos/Google Photos": "Photos/Google Photos",
		"/Photos//2019/":       "Photos/2019",
		"a/../b":               "a/_/b",
		"":                     "",
	} {
		if got := safePath(in); got != want {
			t.Errorf("safePath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNameRulesSafe(t *testing.T) {
	windows := NameRules{
		Names:      []string{".htaccess", "Thumbs.db"},
		Basenames:  []string{"con", "prn", "aux", "nul", "com1", "lpt1"},
		Characters: []string{"<", ">", ":", `"`, "|", "?", "*"},
		Extensions: []string{".part", ".filepart", " ", "."},
	}
	for _, tc := range []struct {
		rules NameRules
		in    string
		want  string
		why   []string
	}{
		{NameRules{}, "IMG_1.jpg", "IMG_1.jpg", nil},
		{NameRules{}, `a\b.jpg`, "a_b.jpg", []string{`the character "\"`}},
		{NameRules{}, "movie.part", "movie.part_", []string{`names ending in ".part"`}},
		{NameRules{}, "..", "_", []string{`the name ".."`}},
		{NameRules{}, "", "_", []string{"empty names"}},
		{NameRules{}, "tab\there", "tab_here", []string{"control characters"}},
		{NameRules{}, "bad\xffname", "bad_name", []string{"bytes that are not UTF-8"}},
		{windows, "IMG_1.jpg", "IMG_1.jpg", nil},
		{windows, "Trip: Paris?.jpg", "Trip_ Paris_.jpg", []string{`the characters ":" and "?"`}},
		{windows, `a<b>c|d*e"f.jpg`, "a_b_c_d_e_f.jpg", []string{`the characters "<", ">", '"', "|" and "*"`}},
		{windows, "con", "con_", []string{`the reserved name "con"`}},
		{windows, "CON.txt", "CON_.txt", []string{`the reserved name "con"`}},
		{windows, "com1.tar.gz", "com1_.tar.gz", []string{`the reserved name "com1"`}},
		{windows, "console.txt", "console.txt", nil},
		{windows, ".con", ".con", nil}, // the leading dot is not the basename's end
		{windows, "thumbs.DB", "thumbs_.DB", []string{`the name "Thumbs.db"`}},
		{windows, ".htaccess", ".htaccess_", []string{`the name ".htaccess"`}},
		{windows, "notes.", "notes", []string{"names ending in a dot"}},
		{windows, "notes . .", "notes", []string{"names ending in a dot", "names ending in a space"}},
		{windows, "trailing  ", "trailing", []string{"names ending in a space"}},
		{windows, "...", "_", []string{"names ending in a dot"}},
		{windows, "clip.FILEPART", "clip.FILEPART_", []string{`names ending in ".filepart"`}},
		{windows, "a:b\\c.", "a_b_c", []string{`the characters "\" and ":"`, "names ending in a dot"}},
		{windows, "prn: list", "prn_ list", []string{`the character ":"`}}, // "prn_ list" is no longer "prn"
		{windows, "nul:", "nul_", []string{`the character ":"`}},
		// "_" forbidden: "-" stands in.
		{NameRules{Characters: []string{"_", ":"}, Basenames: []string{"con"}}, "a_b:c", "a-b-c", []string{`the characters "_" and ":"`}},
		{NameRules{Characters: []string{"_"}, Basenames: []string{"con"}}, "con", "con-", []string{`the reserved name "con"`}},
		// Other extensions get "_".
		{NameRules{Extensions: []string{".exe"}}, "setup.EXE", "setup.EXE_", []string{`names ending in ".exe"`}},
		// Lengthened past 250 bytes: cut again.
		{NameRules{Extensions: []string{".exe"}}, strings.Repeat("a", 246) + ".exe", strings.Repeat("a", 245) + ".exe_",
			[]string{`names ending in ".exe"`, "names longer than 250 bytes"}},
	} {
		got, why := tc.rules.Safe(tc.in)
		if got != tc.want || joinEnglish(why, "|") != strings.Join(tc.why, "|") {
			t.Errorf("Safe(%q) = %q %q, want %q %q", tc.in, got, why, tc.want, tc.why)
		}
		if again, why := tc.rules.Safe(got); again != got || why != nil {
			t.Errorf("Safe is not stable on %q: %q %q", got, again, why)
		}
		if tc.rules.empty() && got != SafeName(tc.in) {
			t.Errorf("Safe(%q) with no rules = %q, SafeName %q", tc.in, got, SafeName(tc.in))
		}
	}
}

func TestSafePathWithRules(t *testing.T) {
	r := NameRules{Characters: []string{":"}, Extensions: []string{"."}}
	var w renames
	got := r.safePath("Photos/Album: 2019./IMG:1.jpg", &w)
	if want := "Photos/Album_ 2019/IMG_1.jpg"; got != want {
		t.Errorf("safePath = %q, want %q", got, want)
	}
	if why := joinEnglish(w.reasons(), "|"); why != `the character ":"|names ending in a dot` {
		t.Errorf("reasons %q", why)
	}
}

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

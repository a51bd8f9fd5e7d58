package ui

import (
	"bytes"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/takeback/takeback/internal/lang"
)

// TestEveryWordOfThePageHasItsText fails when the page's template or
// script uses a word key that has no text, or words has one nobody uses:
// the catalogue's own test reads Go files only.
func TestEveryWordOfThePageHasItsText(t *testing.T) {
	uses := map[string]*regexp.Regexp{
		"assets/index.html": regexp.MustCompile(`\{\{w "([^"]*)"\}\}`),
		"assets/app.js":     regexp.MustCompile(`\bw\('([^']*)'\)`),
	}
	used := map[string]bool{}
	for file, re := range uses {
		src, err := assets.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		ms := re.FindAllStringSubmatch(string(src), -1)
		if len(ms) < 4 {
			t.Errorf("%s: only %d words found: the scan is broken", file, len(ms))
		}
		for _, m := range ms {
			used[m[1]] = true
		}
		// A word the script asks for any other way would escape this test.
		if calls := regexp.MustCompile(`\bw\(`).FindAllString(string(src), -1); file == "assets/app.js" && len(calls) != len(ms)+1 { // +1: function w(key)
			t.Errorf("%s calls w() with something else than a quoted key", file)
		}
	}
	for _, code := range lang.Supported {
		ws := words(lang.NewPrinter(code))
		for key := range used {
			if strings.TrimSpace(ws[key]) == "" {
				t.Errorf("%s: the page uses the word %q, which has no text", code, key)
			}
		}
		for key := range ws {
			if !used[key] {
				t.Errorf("the word %q is used nowhere on the page", key)
			}
		}
	}
}

func TestThePageIsInItsLanguage(t *testing.T) {
	for _, tc := range []struct {
		code string
		want []string
	}{
		{"en", []string{`<html lang="en">`, "Choose your archives", "Start the import", `"chooseTitle":"Choose your archives"`}},
		{"fr", []string{`<html lang="fr">`, "Choisissez vos archives", "Lancer l’import", `"chooseTitle":"Choisissez vos archives"`}},
	} {
		var b bytes.Buffer
		if err := renderPage(&b, lang.NewPrinter(tc.code), "TOKEN"); err != nil {
			t.Fatal(err)
		}
		page := b.String()
		for _, w := range tc.want {
			if !strings.Contains(page, w) {
				t.Errorf("%s: the page lacks %q", tc.code, w)
			}
		}
		if n := strings.Count(page, "token=TOKEN"); n < 4 {
			t.Errorf("%s: the token is in %d addresses, want the script's, the style's, the languages' and the report's", tc.code, n)
		}
		if slices.ContainsFunc([]string{"<script>", "onclick=", "onload=", "javascript:"}, func(s string) bool { return strings.Contains(page, s) }) {
			t.Errorf("%s: the page has inline script, which its Content-Security-Policy refuses", tc.code)
		}
	}
}

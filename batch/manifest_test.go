package batch

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

const manifestHeader = "userid,display_name,email,groups,quota,language,archives,password\n"

// writeManifest writes content as dir/manifest.csv, with empty archives
// a.zip, b.zip and c.zip beside it.
func writeManifest(t *testing.T, dir, content string) string {
	t.Helper()
	writeArchives(t, dir)
	return writeManifestOnly(t, dir, content)
}

func writeArchives(t testing.TB, dir string) {
	t.Helper()
	for _, name := range []string{"a.zip", "b.zip", "c.zip"} {
		if err := os.WriteFile(filepath.Join(dir, name), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func writeManifestOnly(t *testing.T, dir, content string) string {
	t.Helper()
	path := filepath.Join(dir, "manifest.csv")
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func manifestError(t *testing.T, err error) *ManifestError {
	t.Helper()
	var me *ManifestError
	if !errors.As(err, &me) {
		t.Fatalf("error %v (%T), want a *ManifestError", err, err)
	}
	return me
}

// wantProblem is a problem expected at a line and column, whose reason
// holds the given text.
type wantProblem struct {
	line   int
	column string
	reason string
}

func TestReadManifestProblems(t *testing.T) {
	long := strings.Repeat("a", 65)
	tests := []struct {
		name    string
		content string
		want    []wantProblem
	}{
		{"unknown column, close to a known one", "userid,mail,archives\nann,ann@example.org,a.zip\n",
			[]wantProblem{{1, "mail", `did you mean "email"?`}}},
		{"unknown column, a typo", "userid,Langauge,archives\nann,fr,a.zip\n",
			[]wantProblem{{1, "Langauge", `did you mean "language"?`}}},
		{"unknown column, spaced", "userid,Display Name,archives\nann,Ann,a.zip\n",
			[]wantProblem{{1, "Display Name", `did you mean "display_name"?`}}},
		{"unknown column, nothing close", "userid,favourite_colour,archives\nann,blue,a.zip\n",
			[]wantProblem{{1, "favourite_colour", "the columns are userid, display_name"}}},
		{"column twice", "userid,email,archives,EMAIL\nann,a@example.org,a.zip,b@example.org\n",
			[]wantProblem{{1, "email", "twice (columns 2 and 4)"}}},
		{"column without a name", "userid,,archives\nann,x,a.zip\n",
			[]wantProblem{{1, "", "column 2 of the header has no name"}}},
		{"no userid column", "display_name,archives\nAnn,a.zip\n",
			[]wantProblem{{1, "userid", "no userid column"}}},
		{"no archives column", "userid,email\nann,ann@example.org\n",
			[]wantProblem{{1, "archives", "no archives column"}}},
		{"empty userid", manifestHeader + ",Ann,,,,,a.zip,\n",
			[]wantProblem{{2, "userid", "missing: every person needs a userid"}}},
		{"userid with an accent and a slash", manifestHeader + "élo/die,,,,,,a.zip,\n",
			[]wantProblem{{2, "userid", `characters Nextcloud refuses in a userid ("é/")`}}},
		{"userid of dots", manifestHeader + ".,,,,,,a.zip,\n..,,,,,,b.zip,\n",
			[]wantProblem{{2, "userid", "only dots"}, {3, "userid", "only dots"}}},
		{"userid too long", manifestHeader + long + ",,,,,,a.zip,\n",
			[]wantProblem{{2, "userid", "longer than the 64 characters"}}},
		{"userid allowed characters", manifestHeader + "o'neil ann_b.c@d-e,,,,,,a.zip,\n", nil},
		{"duplicate userid, other case", manifestHeader + "Ann,,,,,,a.zip,\nbob,,,,,,b.zip,\nann,,,,,,c.zip,\n",
			[]wantProblem{{4, "userid", `"ann" is already on line 2`}}},
		{"email without domain", manifestHeader + "ann,,ann@,,,,a.zip,\n",
			[]wantProblem{{2, "email", `"ann@" is not an address`}}},
		{"email with a name", manifestHeader + "ann,,Ann <ann@example.org>,,,,a.zip,\n",
			[]wantProblem{{2, "email", "without a name or <>"}}},
		{"quota without unit", manifestHeader + "ann,,,,10,,a.zip,\n",
			[]wantProblem{{2, "quota", `"10" has no unit`}}},
		{"quota in words", manifestHeader + "ann,,,,ten GB,,a.zip,\n",
			[]wantProblem{{2, "quota", `"ten GB" is not a quota`}}},
		{"quota with a decimal comma", manifestHeader + "ann,,,,\"1,5 GB\",,a.zip,\n",
			[]wantProblem{{2, "quota", `"1,5 GB" is not a quota`}}},
		{"quota too large", manifestHeader + "ann,,,,99999999 PB,,a.zip,\n",
			[]wantProblem{{2, "quota", "larger than any disk"}}},
		{"language in words", manifestHeader + "ann,,,,,french,a.zip,\n",
			[]wantProblem{{2, "language", `"french" is not a language code`}}},
		{"archive missing", manifestHeader + "ann,,,,,,a.zip;missing-*.zip,\n",
			[]wantProblem{{2, "archives", `"missing-*.zip" matches no file`}}},
		{"archive under ~", manifestHeader + "ann,,,,,,~/takeout.zip,\n",
			[]wantProblem{{2, "archives", "~ is not expanded"}}},
		{"archive pattern invalid", manifestHeader + "ann,,,,,,[a.zip,\n",
			[]wantProblem{{2, "archives", `"[a.zip" is not a valid pattern`}}},
		{"archives empty", manifestHeader + "ann,,,,,, ; ,\n",
			[]wantProblem{{2, "archives", "nothing to import"}}},
		{"too few cells", manifestHeader + "ann,Ann,a.zip\n",
			[]wantProblem{{2, "", "this row has 3 cells, the header has 8"}}},
		{"too many cells", manifestHeader + "ann,,,,,,a.zip,,extra\n",
			[]wantProblem{{2, "", "this row has 9 cells"}}},
		{"stray quote", manifestHeader + "ann,Ann \"A\" B,,,,,a.zip,\n",
			[]wantProblem{{2, "", "put the whole cell in quotes"}}},
		{"quoted cell not closed", manifestHeader + "ann,\"Ann,,,,,a.zip,\n",
			[]wantProblem{{2, "", "not closed"}}},
		{"not UTF-8", manifestHeader + "ann,Am\xe9lie,,,,,a.zip,\n",
			[]wantProblem{{2, "display_name", "not valid UTF-8"}}},
		{"display name too long", manifestHeader + "ann," + long + ",,,,,a.zip,\n",
			[]wantProblem{{2, "display_name", "longer than the 64 characters"}}},
		{"group too long", manifestHeader + "ann,,," + long + ";ok,,,a.zip,\n",
			[]wantProblem{{2, "groups", "longer than the 64 characters"}}},
		{"empty file", "", []wantProblem{{0, "", "the manifest is empty"}}},
		{"only comments", "# nobody yet\n\n", []wantProblem{{0, "", "the manifest is empty"}}},
		{"header only", "# a comment\n" + manifestHeader, []wantProblem{{2, "", "lists nobody"}}},
		{"several problems, all reported, in order", "# comment\n" + manifestHeader + "ann,,bad,,,,a.zip,\n\nann,,,,10,,none.zip,\n",
			[]wantProblem{{3, "email", "not an address"}, {5, "userid", "already on line 3"}, {5, "quota", "no unit"}, {5, "archives", "matches no file"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeManifest(t, t.TempDir(), tt.content)
			m, err := ReadManifest(path)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("ReadManifest: %v", err)
				}
				if len(m.People) != 1 {
					t.Fatalf("%d people, want 1", len(m.People))
				}
				return
			}
			if err == nil {
				t.Fatalf("no error, want %v", tt.want)
			}
			me := manifestError(t, err)
			if len(me.Problems) != len(tt.want) {
				t.Fatalf("problems:\n%v\nwant %d: %v", err, len(tt.want), tt.want)
			}
			for i, w := range tt.want {
				p := me.Problems[i]
				if p.Line != w.line || p.Column != w.column || !strings.Contains(p.Reason.String(), w.reason) {
					t.Errorf("problem %d = %+v, want line %d, column %q, reason with %q", i, p, w.line, w.column, w.reason)
				}
			}
			if !strings.Contains(err.Error(), path) {
				t.Errorf("error %q does not name the manifest", err)
			}
		})
	}
}

func TestReadManifestPeople(t *testing.T) {
	dir := t.TempDir()
	content := "\uFEFF# The newcomers.\n" +
		" UserID , Display_Name,EMAIL,groups,quota,language,archives,password\n" +
		"\n" +
		"ann, Ann Ébert ,ann@example.org, family ; ;photos;family,1.5gb,EN-gb,c.zip;*.zip;a.zip,\"p,w \"\"x\"\"\"\n" +
		"# bob is next\n" +
		"  ,  ,,,,,,\n" +
		"bob,,,,none,fr,sub/../b.zip,\n"
	path := writeManifest(t, dir, content)
	m, err := ReadManifest(path)
	if err != nil {
		t.Fatal(err)
	}
	abs := func(name string) string { return filepath.Join(dir, name) }
	want := []Person{
		{Line: 4, UserID: "ann", DisplayName: "Ann Ébert", Email: "ann@example.org", Groups: []string{"family", "photos"},
			Quota: "1.5 GB", Language: "en_GB", Archives: []string{abs("c.zip"), abs("a.zip"), abs("b.zip")}, Password: `p,w "x"`},
		{Line: 7, UserID: "bob", Quota: "none", Language: "fr", Archives: []string{abs("b.zip")}},
	}
	if !reflect.DeepEqual(m.People, want) {
		t.Errorf("people\n%+v\nwant\n%+v", m.People, want)
	}
	if m.Path != path {
		t.Errorf("Path = %q, want %q", m.Path, path)
	}
}

// Relative archive paths are relative to the manifest's folder, not to
// the working directory.
func TestReadManifestRelativePaths(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "people")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	writeManifest(t, dir, "")
	path := writeManifest(t, sub, manifestHeader+"ann,,,,,,../a.zip;"+filepath.Join(dir, "b.zip")+",\n")
	t.Chdir(t.TempDir())
	rel, err := filepath.Rel(mustGetwd(t), path)
	if err != nil {
		t.Fatal(err)
	}
	m, err := ReadManifest(rel)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{filepath.Join(dir, "a.zip"), filepath.Join(dir, "b.zip")}
	if got := m.People[0].Archives; !reflect.DeepEqual(got, want) {
		t.Errorf("archives %q, want %q", got, want)
	}
	if !filepath.IsAbs(m.Path) {
		t.Errorf("Path %q is not absolute", m.Path)
	}
}

func mustGetwd(t *testing.T) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	return wd
}

func TestNormaliseQuota(t *testing.T) {
	tests := []struct{ in, want string }{
		{"none", "none"},
		{"NONE", "none"},
		{"Unlimited", "none"},
		{"default", "default"},
		{"10 GB", "10 GB"},
		{"10GB", "10 GB"},
		{"10  gb", "10 GB"},
		{"500MB", "500 MB"},
		{"500 m", "500 MB"},
		{"1.5 GB", "1.5 GB"},
		{"1.50 GiB", "1.5 GB"},
		{"2 TiB", "2 TB"},
		{"0 B", "0 B"},
		{"100 kb", "100 KB"},
		{"10", ""},
		{"-1 GB", ""},
		{"1,5 GB", ""},
		{"10 XB", ""},
		{"GB", ""},
		{"10 iB", ""},
	}
	for _, tt := range tests {
		got, problem := normaliseQuota(tt.in)
		if got != tt.want || problem.IsZero() != (tt.want != "") {
			t.Errorf("normaliseQuota(%q) = %q, %q; want %q", tt.in, got, problem, tt.want)
		}
	}
}

func TestNormaliseLanguage(t *testing.T) {
	tests := []struct{ in, want string }{
		{"fr", "fr"},
		{"FR", "fr"},
		{"en_GB", "en_GB"},
		{"en-gb", "en_GB"},
		{"zh_hant", "zh_Hant"},
		{"es_419", "es_419"},
		{"sr@latin", "sr@latin"},
		{"ast", "ast"},
		{"french", ""},
		{"f", ""},
		{"en_", ""},
		{"en_GB_x", ""},
		{"fr;de", ""},
	}
	for _, tt := range tests {
		got, problem := normaliseLanguage(tt.in)
		if got != tt.want || problem.IsZero() != (tt.want != "") {
			t.Errorf("normaliseLanguage(%q) = %q, %q; want %q", tt.in, got, problem, tt.want)
		}
	}
}

// A password may be anything in its cell; no problem, of its row or of
// another, shows it.
func TestReadManifestPasswordNeverShown(t *testing.T) {
	const secret = "S3cret-Value"
	tests := []struct{ name, content string }{
		{"control character", manifestHeader + "ann,,,,,,a.zip,\"" + secret + "\nx\"\n"},
		{"too long", manifestHeader + "ann,,,,,,a.zip," + strings.Repeat(secret, 40) + "\n"},
		{"not UTF-8", manifestHeader + "ann,,,,,,a.zip," + secret + "\xff\n"},
		{"row too short", manifestHeader + "ann,,,,,a.zip," + secret + "\n"},
		{"row too long", manifestHeader + "ann,,,,,,a.zip," + secret + "," + secret + "\n"},
		{"stray quote", manifestHeader + "ann,,,,,,a.zip," + secret + "\"x\n"},
		{"other cells wrong", manifestHeader + "ann,,bad,,10,xx1,none.zip," + secret + "\nann,,,,,,a.zip," + secret + "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadManifest(writeManifest(t, t.TempDir(), tt.content))
			me := manifestError(t, err)
			if strings.Contains(err.Error(), secret[:6]) {
				t.Errorf("the error shows the password: %v", err)
			}
			for _, p := range me.Problems {
				if strings.Contains(p.Reason.String(), secret[:6]) || strings.Contains(p.Column, secret[:6]) {
					t.Errorf("a problem shows the password: %+v", p)
				}
			}
		})
	}
}

func TestReadManifestLimits(t *testing.T) {
	t.Run("too large", func(t *testing.T) {
		big := manifestHeader + strings.Repeat("#"+strings.Repeat("x", 1023)+"\n", MaxManifestBytes/1024+1)
		_, err := ReadManifest(writeManifest(t, t.TempDir(), big))
		me := manifestError(t, err)
		if len(me.Problems) != 1 || !strings.Contains(me.Problems[0].Reason.String(), "larger than 10 MiB") {
			t.Errorf("problems %+v, want one saying the manifest is too large", me.Problems)
		}
	})
	t.Run("too many people", func(t *testing.T) {
		var b strings.Builder
		b.WriteString(manifestHeader)
		for i := range MaxPeople + 1 {
			b.WriteString("user" + strconv.Itoa(i) + ",,,,,,a.zip,\n")
		}
		_, err := ReadManifest(writeManifest(t, t.TempDir(), b.String()))
		me := manifestError(t, err)
		last := me.Problems[len(me.Problems)-1]
		if len(me.Problems) != 1 || last.Line != MaxPeople+2 || !strings.Contains(last.Reason.String(), "more than 10,000 people") {
			t.Errorf("problems %+v, want one on line %d saying there are too many people", me.Problems, MaxPeople+2)
		}
	})
	t.Run("too many problems", func(t *testing.T) {
		_, err := ReadManifest(writeManifest(t, t.TempDir(), manifestHeader+strings.Repeat("ann,,,,,,a.zip,\n", 2000)))
		me := manifestError(t, err)
		if len(me.Problems) != maxProblems+1 || !strings.Contains(me.Problems[maxProblems].Reason.String(), "too many problems") {
			t.Errorf("%d problems, want %d ending with 'too many problems'", len(me.Problems), maxProblems+1)
		}
		if n := strings.Count(err.Error(), "\n"); n != maxShownProblems+1 {
			t.Errorf("the error has %d lines, want %d", n, maxShownProblems+1)
		}
	})
}

func TestReadManifestIOError(t *testing.T) {
	_, err := ReadManifest(filepath.Join(t.TempDir(), "missing.csv"))
	if err == nil || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("error %v, want one wrapping os.ErrNotExist", err)
	}
	var me *ManifestError
	if errors.As(err, &me) {
		t.Errorf("a missing file is an I/O error, not a *ManifestError")
	}
}

// The example manifest of the README is valid.
func TestReadManifestFixture(t *testing.T) {
	m, err := ReadManifest(filepath.Join("..", "fixtures", "batch", "newcomers.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if len(m.People) != 4 {
		t.Fatalf("%d people, want 4", len(m.People))
	}
	amelie := m.People[0]
	if amelie.UserID != "amelie" || amelie.DisplayName != "Amélie Lefèvre" || amelie.Quota != "10 GB" ||
		!reflect.DeepEqual(amelie.Groups, []string{"famille", "photos"}) || amelie.Line != 5 {
		t.Errorf("first person %+v", amelie)
	}
	for _, p := range m.People {
		if len(p.Archives) == 0 {
			t.Errorf("%s has no archive", p.UserID)
		}
		for _, a := range p.Archives {
			if _, err := os.Stat(a); err != nil || !filepath.IsAbs(a) {
				t.Errorf("%s: archive %q: %v", p.UserID, a, err)
			}
		}
	}
	if m.People[3].Password != "" || m.People[3].Quota != "500 MB" {
		t.Errorf("last person %+v, want no password and a quota of 500 MB", m.People[3])
	}
}

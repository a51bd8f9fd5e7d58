package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/urfave/cli/v2"

	"github.com/takeback/takeback/batch"
	"github.com/takeback/takeback/fixtures"
	"github.com/takeback/takeback/importers"
	"github.com/takeback/takeback/internal/lang"
)

var french = map[string]string{"LANG": "fr_FR.UTF-8"}

// LANG=fr_FR.UTF-8 gives the help in French: headings, usage, examples,
// options, defaults and placeholders.
func TestFrenchHelpFromLANG(t *testing.T) {
	code, out, errOut := takebackIn(t, french, "import", "--help")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	for _, want := range []string{"NOM :", "UTILISATION :", "takeback import [options de la commande] ARCHIVE...",
		"importer les archives dans Nextcloud", "Exemples :", "# dans un dossier, sans serveur",
		"takeback import --to ~/takeback-out takeout-*.zip", "OPTIONS :", "--to valeur", "écrire dans ce dossier local",
		"envois en même temps (par défaut : 4)", "--log-file FICHIER", "--help, -h", "afficher l’aide"} {
		if !strings.Contains(out, want) {
			t.Errorf("the French help lacks %q:\n%s", want, out)
		}
	}
	for _, english := range []string{"NAME:", "OPTIONS:", "Examples", "(default:", "show help", " value ", "write into this local folder"} {
		if strings.Contains(out, english) {
			t.Errorf("the French help holds %q:\n%s", english, out)
		}
	}
}

// An import into a folder with LANG=fr: progress, reasons and summary in
// French, in the report's place English.
func TestFrenchImportSummary(t *testing.T) {
	sample := filepath.Join("..", "..", "fixtures", "sample", fixtures.SampleName)
	report := filepath.Join(t.TempDir(), "report.jsonl")
	code, out, errOut := takebackIn(t, french, "import", "--to", t.TempDir(), "--report", report, sample)
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	for _, want := range []string{"12 photos importées, 1 ignorée", "6 contacts importés.", "photo ignorée \"IMG_TRASH.jpg\"",
		"dans la corbeille de Google Photos", "Rapport complet : " + report} {
		if !strings.Contains(out, want) {
			t.Errorf("the French summary lacks %q:\n%s", want, out)
		}
	}
	for _, english := range []string{"imported", "skipped", "in the trash", "Full report"} {
		if strings.Contains(out, english) {
			t.Errorf("the French summary holds %q:\n%s", english, out)
		}
	}
	if !strings.Contains(errOut, "Lecture des archives : 1 sur 1 partie lue") || !strings.Contains(errOut, "Import : ") {
		t.Errorf("the progress is not in French:\n%s", errOut)
	}
	// The report stays English, for the programs that read it.
	for _, r := range readReport(t, report) {
		if reason, _ := r["reason"].(string); strings.Contains(reason, "corbeille") {
			t.Errorf("a French reason in the report: %q", reason)
		}
	}
}

// --lang wins over the locale variables, before or after the command's
// name; a language takeback does not speak is refused in the locale's.
func TestLangFlagOverridesLANG(t *testing.T) {
	sample := filepath.Join("..", "..", "fixtures", "sample", fixtures.SampleName)
	tests := []struct {
		name   string
		locale map[string]string
		args   []string
		code   int
		out    string // in stdout, or stderr when code is not 0
	}{
		{"help", french, []string{"--lang", "en", "import", "--help"}, 0, "write into this local folder"},
		{"help, --lang=", map[string]string{"LC_ALL": "fr_FR.UTF-8"}, []string{"--lang=en", "--help"}, 0, "GLOBAL OPTIONS:"},
		{"after the command", french, []string{"import", "--lang", "en", "--to", "", sample}, 0, "12 photos imported, 1 skipped."},
		{"French over English", map[string]string{"LANG": "en_US.UTF-8"}, []string{"import", "--lang", "fr", "--to", "", sample}, 0, "12 photos importées, 1 ignorée."},
		{"preview", french, []string{"preview", "--lang", "en", sample}, 0, "photos"},
		{"usage error", french, []string{"import", "--bogus"}, exitUsage, "l’option --bogus n’existe pas (voir takeback import --help)"},
		{"usage error in English", french, []string{"--lang", "en", "import", "--bogus"}, exitUsage, "there is no option --bogus (see takeback import --help)"},
		{"a language takeback does not speak", french, []string{"--lang", "de", "import", "--help"}, exitUsage, "--lang accepte en ou fr, pas \"de\""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{}, tt.args...)
			for i, a := range args {
				if a == "" {
					args[i] = t.TempDir()
				}
			}
			code, out, errOut := takebackIn(t, tt.locale, args...)
			got := out
			if tt.code != 0 {
				got = errOut
			}
			if code != tt.code || !strings.Contains(got, tt.out) {
				t.Errorf("exit %d, want %d with %q\n%s\n%s", code, tt.code, tt.out, out, errOut)
			}
		})
	}
}

// Every command's help in French differs from the English one and holds
// no English usage; every flag's usage is translated (unless it has no
// words).
func TestEveryHelpIsInFrench(t *testing.T) {
	fr := lang.NewPrinter("fr")
	var check func(path []string, en, frs []*cli.Command)
	check = func(path []string, en, frs []*cli.Command) {
		if len(en) != len(frs) {
			t.Fatalf("%q: %d commands in English, %d in French", path, len(en), len(frs))
		}
		for i := range en {
			args := append(append([]string{}, path...), en[i].Name)
			name := "takeback " + strings.Join(args, " ")
			if en[i].Usage == frs[i].Usage || en[i].Description == frs[i].Description {
				t.Errorf("%s: the usage or description is not translated", name)
			}
			_, enOut, _ := takeback(t, append(args, "--help")...)
			code, frOut, errOut := takebackIn(t, french, append(args, "--help")...)
			if code != 0 || frOut == enOut || !strings.Contains(frOut, "Exemple") || !strings.Contains(frOut, name) {
				t.Errorf("%s --help in French: exit %d, no French example:\n%s%s", name, code, frOut, errOut)
			}
			for _, english := range []string{"NAME:", "OPTIONS:", "(default:", "show help", " value "} {
				if strings.Contains(frOut, english) {
					t.Errorf("%s --help in French holds %q", name, english)
				}
			}
			if len(en[i].Flags) != len(frs[i].Flags) {
				t.Fatalf("%s: %d flags in English, %d in French", name, len(en[i].Flags), len(frs[i].Flags))
			}
			for j, f := range en[i].Flags {
				enUsage := f.(cli.DocGenerationFlag).GetUsage()
				frUsage := frs[i].Flags[j].(cli.DocGenerationFlag).GetUsage()
				if enUsage == frUsage && hasWords(enUsage) {
					t.Errorf("%s --%s: the usage is not translated: %q", name, f.Names()[0], enUsage)
				}
				if shown := strings.ReplaceAll(enUsage, "`", ""); hasWords(shown) && strings.Contains(frOut, shown) {
					t.Errorf("%s --help in French holds the English usage of --%s", name, f.Names()[0])
				}
			}
			check(args, en[i].Subcommands, frs[i].Subcommands)
		}
	}
	check(nil, commands(lang.English), commands(fr))

	_, enOut, _ := takeback(t, "--help")
	_, frOut, _ := takebackIn(t, french, "--help")
	if enOut == frOut || !strings.Contains(frOut, "OPTIONS GÉNÉRALES :") || !strings.Contains(frOut, "afficher la version") {
		t.Errorf("takeback --help in French:\n%s", frOut)
	}
}

// hasWords reports whether a text says something in a language: two
// letters in a row.
func hasWords(s string) bool {
	run := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			if run++; run >= 2 {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}

// The manual page and the completions are made from the English command
// line, whatever the language.
func TestManPageStaysEnglish(t *testing.T) {
	for _, args := range [][]string{{"man"}, {"completion", "fish"}} {
		code, out, _ := takebackIn(t, french, args...)
		if code != 0 || !strings.Contains(out, "import the archives into Nextcloud") || strings.Contains(out, "importer les archives") {
			t.Errorf("takeback %s with LANG=fr: exit %d, not in English:\n%.400s", strings.Join(args, " "), code, out)
		}
	}
}

// Progress lines in French: grouped numbers, sizes, plurals.
func TestFrenchProgress(t *testing.T) {
	fr := lang.NewPrinter("fr")
	for d, want := range map[time.Duration]string{
		20 * time.Second:                           "encore moins d’une minute",
		25*time.Minute + 10*time.Second:            "encore environ 25 min",
		time.Hour + 4*time.Minute + 40*time.Second: "encore environ 1 h 5 min",
	} {
		if got := leftText(fr, d); got != want {
			t.Errorf("leftText(%v) = %q, want %q", d, got, want)
		}
	}
	if got := speedText(fr, "1536"); got != "1,5 Ko/s" {
		t.Errorf("speedText = %q", got)
	}

	var out bytes.Buffer
	clock := &fakeClock{time.Unix(1_700_000_000, 0)}
	s := newScanProgress(&console{base: &out, w: &out}, fr, false)
	s.now, s.last = clock.now, clock.now()
	s.update(importers.ScanProgress{Inputs: 2, InputsDone: 1, Members: 1234})
	clock.advance(6 * time.Second)
	s.update(importers.ScanProgress{Inputs: 2, InputsDone: 1, Members: 1234})
	s.finish()
	if want := "Lecture des archives : 1 sur 2 parties lues, 1\u00a0234 fichiers trouvés\n"; !strings.HasPrefix(out.String(), want) {
		t.Errorf("scan line %q, want %q", out.String(), want)
	}

	out.Reset()
	b := newBatchProgressOn(&out, fr, 1, false)
	b.items("ann", 1, 1)
	b.done(batch.Row{UserID: "ann", Account: batch.AccountCreated}, 1, 1)
	if want := "ann : 1 sur 1 élément\nann : terminé (1 sur 1 personne)\n"; out.String() != want {
		t.Errorf("batch lines %q, want %q", out.String(), want)
	}
}

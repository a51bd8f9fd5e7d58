package importers

import (
	"errors"
	"strings"
	"testing"

	"github.com/takeback/takeback/internal/lang"
)

// results makes n results of a kind and outcome, with a reason for the
// skipped and failed ones.
func results(k Kind, o Outcome, n int) []Result {
	var rs []Result
	for range n {
		r := Result{Type: "result", Kind: k, Source: "t.zip!x", Title: "x", Outcome: o}
		if o == Skipped || o == Failed {
			r.Reason = ReasonInterrupted
		}
		rs = append(rs, r)
	}
	return rs
}

func join(parts ...[]Result) []Result {
	var all []Result
	for _, p := range parts {
		all = append(all, p...)
	}
	return all
}

func TestSummary(t *testing.T) {
	const nbsp = "\u00a0" // French groups thousands with a no-break space
	tests := []struct {
		name    string
		results []Result
		stopped error
		opt     SummaryOptions
		en, fr  string
	}{{
		name:    "one sentence per kind, thousands separated, in a fixed order",
		results: join(results(Photo, Imported, 1234), results(Photo, Present, 12), results(Contact, Imported, 1), results(Event, Present, 2)),
		en:      "2 events already there.\n1 contact imported.\n1,234 photos imported, 12 already there.\n",
		fr:      "2 événements déjà présents.\n1 contact importé.\n1" + nbsp + "234 photos importées, 12 déjà présentes.\n",
	}, {
		name:    "skipped and failed listed first, then counted",
		results: join(results(Photo, Imported, 2), results(Photo, Skipped, 1), results(Photo, Failed, 1)),
		en: "skipped photo \"x\" (t.zip!x): the import was interrupted\nfailed photo \"x\" (t.zip!x): the import was interrupted\n" +
			"2 photos imported, 1 skipped, 1 failed.\n",
		fr: "photo ignorée \"x\" (t.zip!x) : l’import a été interrompu\nphoto en échec \"x\" (t.zip!x) : l’import a été interrompu\n" +
			"2 photos importées, 1 ignorée, 1 en échec.\n",
	}, {
		name:    "with a report, the counts point to it",
		results: join(results(Note, Imported, 3), results(Note, Skipped, 1)),
		opt:     SummaryOptions{Report: true},
		en:      "skipped note \"x\" (t.zip!x): the import was interrupted\n3 notes imported, 1 skipped (see the report).\n",
		fr:      "note ignorée \"x\" (t.zip!x) : l’import a été interrompu\n3 notes importées, 1 ignorée (voir le rapport).\n",
	}, {
		name:    "masculine kinds",
		results: join(results(File, Imported, 1234), results(File, Present, 12), results(File, Skipped, 3), results(Event, Skipped, 1)),
		opt:     SummaryOptions{Quiet: true, Report: true},
		en:      "1 event skipped (see the report).\n1,234 files imported, 12 already there, 3 skipped (see the report).\n",
		fr:      "1 événement ignoré (voir le rapport).\n1" + nbsp + "234 fichiers importés, 12 déjà présents, 3 ignorés (voir le rapport).\n",
	}, {
		name:    "quiet: the failed items only",
		results: join(results(Photo, Skipped, 1), results(Photo, Failed, 1)),
		opt:     SummaryOptions{Quiet: true},
		en:      "failed photo \"x\" (t.zip!x): the import was interrupted\n1 photo skipped, 1 failed.\n",
		fr:      "photo en échec \"x\" (t.zip!x) : l’import a été interrompu\n1 photo ignorée, 1 en échec.\n",
	}, {
		name:    "nothing but skipped items",
		results: results(File, Skipped, 1),
		opt:     SummaryOptions{Quiet: true},
		en:      "1 file skipped.\nNothing to import.\n",
		fr:      "1 fichier ignoré.\nRien à importer.\n",
	}, {
		name:    "an unreadable archive",
		results: results(Archive, Failed, 2),
		opt:     SummaryOptions{Quiet: true},
		en:      "failed archive \"x\" (t.zip!x): the import was interrupted\nfailed archive \"x\" (t.zip!x): the import was interrupted\n2 archives failed.\n",
		fr:      "archive illisible \"x\" (t.zip!x) : l’import a été interrompu\narchive illisible \"x\" (t.zip!x) : l’import a été interrompu\n2 archives illisibles.\n",
	}, {
		name:    "stopped early",
		results: join(results(Video, Imported, 1), results(Video, Present, 2)),
		stopped: lang.Errorf("not tried: %v", ReasonInterrupted),
		opt:     SummaryOptions{Quiet: true, Report: true},
		en:      "1 video imported, 2 already there.\nThe import stopped early: not tried: the import was interrupted\n",
		fr:      "1 vidéo importée, 2 déjà présentes.\nL’import s’est arrêté avant la fin : pas essayé : l’import a été interrompu\n",
	}, {
		name:    "stopped by an error from elsewhere, said as it is",
		results: results(Task, Imported, 1),
		stopped: errors.New("401 Unauthorized"),
		en:      "1 task imported.\nThe import stopped early: 401 Unauthorized\n",
		fr:      "1 tâche importée.\nL’import s’est arrêté avant la fin : 401 Unauthorized\n",
	}}
	for _, tt := range tests {
		for _, l := range []struct{ code, want string }{{"en", tt.en}, {"fr", tt.fr}} {
			t.Run(tt.name+"/"+l.code, func(t *testing.T) {
				var b strings.Builder
				rep := &Report{Results: tt.results, Stopped: tt.stopped}
				if err := rep.WriteSummaryWith(&b, lang.NewPrinter(l.code), tt.opt); err != nil {
					t.Fatal(err)
				}
				if b.String() != l.want {
					t.Errorf("summary:\n%s\nwant:\n%s", b.String(), l.want)
				}
			})
		}
	}
}

func TestResultLine(t *testing.T) {
	tests := []struct {
		res    Result
		en, fr string
	}{
		{Result{Kind: Photo, Source: "t.zip!a.jpg", Title: "a.jpg", Outcome: Imported},
			`imported photo "a.jpg" (t.zip!a.jpg)`, `photo importée "a.jpg" (t.zip!a.jpg)`},
		{Result{Kind: Event, Source: "t.zip!c.ics", Outcome: Present, Reason: lang.T("a different version is already there and was kept")},
			`present event t.zip!c.ics: a different version is already there and was kept`,
			`événement déjà présent t.zip!c.ics : une autre version est déjà là et a été gardée`},
		{Result{Kind: Note, Source: "t.zip!n\x1b.json", Title: "n", Outcome: Failed, Reason: lang.Raw("bad\x07")},
			"failed note \"n\" (t.zip!n\uFFFD.json): bad\uFFFD", "note en échec \"n\" (t.zip!n\uFFFD.json) : bad\uFFFD"},
		{Result{Kind: "fax", Source: "t.zip!f", Outcome: Skipped, Reason: ReasonInterrupted},
			"skipped item t.zip!f: the import was interrupted", "élément ignoré t.zip!f : l’import a été interrompu"},
		{Result{Kind: File, Source: "t.zip!f", Outcome: "lost"}, "lost t.zip!f", "lost t.zip!f"},
	}
	for _, tt := range tests {
		if got := tt.res.Line(lang.English); got != tt.en {
			t.Errorf("Line(English) = %q, want %q", got, tt.en)
		}
		if got := tt.res.Line(lang.NewPrinter("fr")); got != tt.fr {
			t.Errorf("Line(French) = %q, want %q", got, tt.fr)
		}
	}
}

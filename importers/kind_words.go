package importers

import "github.com/takeback/takeback/internal/lang"

// kindWords are the phrases that say things about items of one kind. Each
// is a whole phrase per kind and outcome, so that each language makes its
// words agree with the kind: in French, photos are "importées" and files
// "importés".
type kindWords struct {
	// name names one item: "photo".
	name lang.Text
	// count counts items: "12 photos".
	count func(n int) lang.Text
	// counted opens a summary sentence with the kind: "12 photos imported";
	// more goes on without it: "3 skipped".
	counted, more map[Outcome]func(n int) lang.Text
	// line tells how one item ended, before its title and source: `imported
	// photo "a.jpg" (t.zip!a.jpg)`; lineWhy adds the reason.
	line    map[Outcome]func(what string) lang.Text
	lineWhy map[Outcome]func(what string, why lang.Text) lang.Text
}

// CountOf counts items of a kind in words: "8 events", "1 photo".
func CountOf(k Kind, n int) lang.Text {
	return wordsFor(k).count(n)
}

// wordsFor are the words of a kind; a kind takeback does not know is an
// "item".
func wordsFor(k Kind) kindWords {
	if w, ok := kindWordsOf[k]; ok {
		return w
	}
	return kindWordsOf[anyKind]
}

// anyKind keys the words of a kind that has none of its own.
const anyKind Kind = ""

var kindWordsOf = map[Kind]kindWords{
	Event: {
		name:  lang.T("event"),
		count: func(n int) lang.Text { return lang.T("%d events", n) },
		counted: map[Outcome]func(int) lang.Text{
			Imported: func(n int) lang.Text { return lang.T("%d events imported", n) },
			Present:  func(n int) lang.Text { return lang.T("%d events already there", n) },
			Skipped:  func(n int) lang.Text { return lang.T("%d events skipped", n) },
			Failed:   func(n int) lang.Text { return lang.T("%d events failed", n) },
		},
		more: map[Outcome]func(int) lang.Text{
			Imported: func(n int) lang.Text { return lang.T("%d imported (events)", n) },
			Present:  func(n int) lang.Text { return lang.T("%d already there (events)", n) },
			Skipped:  func(n int) lang.Text { return lang.T("%d skipped (events)", n) },
			Failed:   func(n int) lang.Text { return lang.T("%d failed (events)", n) },
		},
		line: map[Outcome]func(string) lang.Text{
			Imported: func(what string) lang.Text { return lang.T("imported event %s", what) },
			Present:  func(what string) lang.Text { return lang.T("present event %s", what) },
			Skipped:  func(what string) lang.Text { return lang.T("skipped event %s", what) },
			Failed:   func(what string) lang.Text { return lang.T("failed event %s", what) },
		},
		lineWhy: map[Outcome]func(string, lang.Text) lang.Text{
			Imported: func(what string, why lang.Text) lang.Text { return lang.T("imported event %s: %v", what, why) },
			Present:  func(what string, why lang.Text) lang.Text { return lang.T("present event %s: %v", what, why) },
			Skipped:  func(what string, why lang.Text) lang.Text { return lang.T("skipped event %s: %v", what, why) },
			Failed:   func(what string, why lang.Text) lang.Text { return lang.T("failed event %s: %v", what, why) },
		},
	},
	Task: {
		name:  lang.T("task"),
		count: func(n int) lang.Text { return lang.T("%d tasks", n) },
		counted: map[Outcome]func(int) lang.Text{
			Imported: func(n int) lang.Text { return lang.T("%d tasks imported", n) },
			Present:  func(n int) lang.Text { return lang.T("%d tasks already there", n) },
			Skipped:  func(n int) lang.Text { return lang.T("%d tasks skipped", n) },
			Failed:   func(n int) lang.Text { return lang.T("%d tasks failed", n) },
		},
		more: map[Outcome]func(int) lang.Text{
			Imported: func(n int) lang.Text { return lang.T("%d imported (tasks)", n) },
			Present:  func(n int) lang.Text { return lang.T("%d already there (tasks)", n) },
			Skipped:  func(n int) lang.Text { return lang.T("%d skipped (tasks)", n) },
			Failed:   func(n int) lang.Text { return lang.T("%d failed (tasks)", n) },
		},
		line: map[Outcome]func(string) lang.Text{
			Imported: func(what string) lang.Text { return lang.T("imported task %s", what) },
			Present:  func(what string) lang.Text { return lang.T("present task %s", what) },
			Skipped:  func(what string) lang.Text { return lang.T("skipped task %s", what) },
			Failed:   func(what string) lang.Text { return lang.T("failed task %s", what) },
		},
		lineWhy: map[Outcome]func(string, lang.Text) lang.Text{
			Imported: func(what string, why lang.Text) lang.Text { return lang.T("imported task %s: %v", what, why) },
			Present:  func(what string, why lang.Text) lang.Text { return lang.T("present task %s: %v", what, why) },
			Skipped:  func(what string, why lang.Text) lang.Text { return lang.T("skipped task %s: %v", what, why) },
			Failed:   func(what string, why lang.Text) lang.Text { return lang.T("failed task %s: %v", what, why) },
		},
	},
	Contact: {
		name:  lang.T("contact"),
		count: func(n int) lang.Text { return lang.T("%d contacts", n) },
		counted: map[Outcome]func(int) lang.Text{
			Imported: func(n int) lang.Text { return lang.T("%d contacts imported", n) },
			Present:  func(n int) lang.Text { return lang.T("%d contacts already there", n) },
			Skipped:  func(n int) lang.Text { return lang.T("%d contacts skipped", n) },
			Failed:   func(n int) lang.Text { return lang.T("%d contacts failed", n) },
		},
		more: map[Outcome]func(int) lang.Text{
			Imported: func(n int) lang.Text { return lang.T("%d imported (contacts)", n) },
			Present:  func(n int) lang.Text { return lang.T("%d already there (contacts)", n) },
			Skipped:  func(n int) lang.Text { return lang.T("%d skipped (contacts)", n) },
			Failed:   func(n int) lang.Text { return lang.T("%d failed (contacts)", n) },
		},
		line: map[Outcome]func(string) lang.Text{
			Imported: func(what string) lang.Text { return lang.T("imported contact %s", what) },
			Present:  func(what string) lang.Text { return lang.T("present contact %s", what) },
			Skipped:  func(what string) lang.Text { return lang.T("skipped contact %s", what) },
			Failed:   func(what string) lang.Text { return lang.T("failed contact %s", what) },
		},
		lineWhy: map[Outcome]func(string, lang.Text) lang.Text{
			Imported: func(what string, why lang.Text) lang.Text { return lang.T("imported contact %s: %v", what, why) },
			Present:  func(what string, why lang.Text) lang.Text { return lang.T("present contact %s: %v", what, why) },
			Skipped:  func(what string, why lang.Text) lang.Text { return lang.T("skipped contact %s: %v", what, why) },
			Failed:   func(what string, why lang.Text) lang.Text { return lang.T("failed contact %s: %v", what, why) },
		},
	},
	Photo: {
		name:  lang.T("photo"),
		count: func(n int) lang.Text { return lang.T("%d photos", n) },
		counted: map[Outcome]func(int) lang.Text{
			Imported: func(n int) lang.Text { return lang.T("%d photos imported", n) },
			Present:  func(n int) lang.Text { return lang.T("%d photos already there", n) },
			Skipped:  func(n int) lang.Text { return lang.T("%d photos skipped", n) },
			Failed:   func(n int) lang.Text { return lang.T("%d photos failed", n) },
		},
		more: map[Outcome]func(int) lang.Text{
			Imported: func(n int) lang.Text { return lang.T("%d imported (photos)", n) },
			Present:  func(n int) lang.Text { return lang.T("%d already there (photos)", n) },
			Skipped:  func(n int) lang.Text { return lang.T("%d skipped (photos)", n) },
			Failed:   func(n int) lang.Text { return lang.T("%d failed (photos)", n) },
		},
		line: map[Outcome]func(string) lang.Text{
			Imported: func(what string) lang.Text { return lang.T("imported photo %s", what) },
			Present:  func(what string) lang.Text { return lang.T("present photo %s", what) },
			Skipped:  func(what string) lang.Text { return lang.T("skipped photo %s", what) },
			Failed:   func(what string) lang.Text { return lang.T("failed photo %s", what) },
		},
		lineWhy: map[Outcome]func(string, lang.Text) lang.Text{
			Imported: func(what string, why lang.Text) lang.Text { return lang.T("imported photo %s: %v", what, why) },
			Present:  func(what string, why lang.Text) lang.Text { return lang.T("present photo %s: %v", what, why) },
			Skipped:  func(what string, why lang.Text) lang.Text { return lang.T("skipped photo %s: %v", what, why) },
			Failed:   func(what string, why lang.Text) lang.Text { return lang.T("failed photo %s: %v", what, why) },
		},
	},
	Video: {
		name:  lang.T("video"),
		count: func(n int) lang.Text { return lang.T("%d videos", n) },
		counted: map[Outcome]func(int) lang.Text{
			Imported: func(n int) lang.Text { return lang.T("%d videos imported", n) },
			Present:  func(n int) lang.Text { return lang.T("%d videos already there", n) },
			Skipped:  func(n int) lang.Text { return lang.T("%d videos skipped", n) },
			Failed:   func(n int) lang.Text { return lang.T("%d videos failed", n) },
		},
		more: map[Outcome]func(int) lang.Text{
			Imported: func(n int) lang.Text { return lang.T("%d imported (videos)", n) },
			Present:  func(n int) lang.Text { return lang.T("%d already there (videos)", n) },
			Skipped:  func(n int) lang.Text { return lang.T("%d skipped (videos)", n) },
			Failed:   func(n int) lang.Text { return lang.T("%d failed (videos)", n) },
		},
		line: map[Outcome]func(string) lang.Text{
			Imported: func(what string) lang.Text { return lang.T("imported video %s", what) },
			Present:  func(what string) lang.Text { return lang.T("present video %s", what) },
			Skipped:  func(what string) lang.Text { return lang.T("skipped video %s", what) },
			Failed:   func(what string) lang.Text { return lang.T("failed video %s", what) },
		},
		lineWhy: map[Outcome]func(string, lang.Text) lang.Text{
			Imported: func(what string, why lang.Text) lang.Text { return lang.T("imported video %s: %v", what, why) },
			Present:  func(what string, why lang.Text) lang.Text { return lang.T("present video %s: %v", what, why) },
			Skipped:  func(what string, why lang.Text) lang.Text { return lang.T("skipped video %s: %v", what, why) },
			Failed:   func(what string, why lang.Text) lang.Text { return lang.T("failed video %s: %v", what, why) },
		},
	},
	File: {
		name:  lang.T("file"),
		count: func(n int) lang.Text { return lang.T("%d files", n) },
		counted: map[Outcome]func(int) lang.Text{
			Imported: func(n int) lang.Text { return lang.T("%d files imported", n) },
			Present:  func(n int) lang.Text { return lang.T("%d files already there", n) },
			Skipped:  func(n int) lang.Text { return lang.T("%d files skipped", n) },
			Failed:   func(n int) lang.Text { return lang.T("%d files failed", n) },
		},
		more: map[Outcome]func(int) lang.Text{
			Imported: func(n int) lang.Text { return lang.T("%d imported (files)", n) },
			Present:  func(n int) lang.Text { return lang.T("%d already there (files)", n) },
			Skipped:  func(n int) lang.Text { return lang.T("%d skipped (files)", n) },
			Failed:   func(n int) lang.Text { return lang.T("%d failed (files)", n) },
		},
		line: map[Outcome]func(string) lang.Text{
			Imported: func(what string) lang.Text { return lang.T("imported file %s", what) },
			Present:  func(what string) lang.Text { return lang.T("present file %s", what) },
			Skipped:  func(what string) lang.Text { return lang.T("skipped file %s", what) },
			Failed:   func(what string) lang.Text { return lang.T("failed file %s", what) },
		},
		lineWhy: map[Outcome]func(string, lang.Text) lang.Text{
			Imported: func(what string, why lang.Text) lang.Text { return lang.T("imported file %s: %v", what, why) },
			Present:  func(what string, why lang.Text) lang.Text { return lang.T("present file %s: %v", what, why) },
			Skipped:  func(what string, why lang.Text) lang.Text { return lang.T("skipped file %s: %v", what, why) },
			Failed:   func(what string, why lang.Text) lang.Text { return lang.T("failed file %s: %v", what, why) },
		},
	},
	Note: {
		name:  lang.T("note"),
		count: func(n int) lang.Text { return lang.T("%d notes", n) },
		counted: map[Outcome]func(int) lang.Text{
			Imported: func(n int) lang.Text { return lang.T("%d notes imported", n) },
			Present:  func(n int) lang.Text { return lang.T("%d notes already there", n) },
			Skipped:  func(n int) lang.Text { return lang.T("%d notes skipped", n) },
			Failed:   func(n int) lang.Text { return lang.T("%d notes failed", n) },
		},
		more: map[Outcome]func(int) lang.Text{
			Imported: func(n int) lang.Text { return lang.T("%d imported (notes)", n) },
			Present:  func(n int) lang.Text { return lang.T("%d already there (notes)", n) },
			Skipped:  func(n int) lang.Text { return lang.T("%d skipped (notes)", n) },
			Failed:   func(n int) lang.Text { return lang.T("%d failed (notes)", n) },
		},
		line: map[Outcome]func(string) lang.Text{
			Imported: func(what string) lang.Text { return lang.T("imported note %s", what) },
			Present:  func(what string) lang.Text { return lang.T("present note %s", what) },
			Skipped:  func(what string) lang.Text { return lang.T("skipped note %s", what) },
			Failed:   func(what string) lang.Text { return lang.T("failed note %s", what) },
		},
		lineWhy: map[Outcome]func(string, lang.Text) lang.Text{
			Imported: func(what string, why lang.Text) lang.Text { return lang.T("imported note %s: %v", what, why) },
			Present:  func(what string, why lang.Text) lang.Text { return lang.T("present note %s: %v", what, why) },
			Skipped:  func(what string, why lang.Text) lang.Text { return lang.T("skipped note %s: %v", what, why) },
			Failed:   func(what string, why lang.Text) lang.Text { return lang.T("failed note %s: %v", what, why) },
		},
	},
	Archive: {
		name:  lang.T("archive"),
		count: func(n int) lang.Text { return lang.T("%d archives", n) },
		counted: map[Outcome]func(int) lang.Text{
			Imported: func(n int) lang.Text { return lang.T("%d archives imported", n) },
			Present:  func(n int) lang.Text { return lang.T("%d archives already there", n) },
			Skipped:  func(n int) lang.Text { return lang.T("%d archives skipped", n) },
			Failed:   func(n int) lang.Text { return lang.T("%d archives failed", n) },
		},
		more: map[Outcome]func(int) lang.Text{
			Imported: func(n int) lang.Text { return lang.T("%d imported (archives)", n) },
			Present:  func(n int) lang.Text { return lang.T("%d already there (archives)", n) },
			Skipped:  func(n int) lang.Text { return lang.T("%d skipped (archives)", n) },
			Failed:   func(n int) lang.Text { return lang.T("%d failed (archives)", n) },
		},
		line: map[Outcome]func(string) lang.Text{
			Imported: func(what string) lang.Text { return lang.T("imported archive %s", what) },
			Present:  func(what string) lang.Text { return lang.T("present archive %s", what) },
			Skipped:  func(what string) lang.Text { return lang.T("skipped archive %s", what) },
			Failed:   func(what string) lang.Text { return lang.T("failed archive %s", what) },
		},
		lineWhy: map[Outcome]func(string, lang.Text) lang.Text{
			Imported: func(what string, why lang.Text) lang.Text { return lang.T("imported archive %s: %v", what, why) },
			Present:  func(what string, why lang.Text) lang.Text { return lang.T("present archive %s: %v", what, why) },
			Skipped:  func(what string, why lang.Text) lang.Text { return lang.T("skipped archive %s: %v", what, why) },
			Failed:   func(what string, why lang.Text) lang.Text { return lang.T("failed archive %s: %v", what, why) },
		},
	},
	anyKind: {
		name:  lang.T("item"),
		count: func(n int) lang.Text { return lang.T("%d items", n) },
		counted: map[Outcome]func(int) lang.Text{
			Imported: func(n int) lang.Text { return lang.T("%d items imported", n) },
			Present:  func(n int) lang.Text { return lang.T("%d items already there", n) },
			Skipped:  func(n int) lang.Text { return lang.T("%d items skipped", n) },
			Failed:   func(n int) lang.Text { return lang.T("%d items failed", n) },
		},
		more: map[Outcome]func(int) lang.Text{
			Imported: func(n int) lang.Text { return lang.T("%d imported (items)", n) },
			Present:  func(n int) lang.Text { return lang.T("%d already there (items)", n) },
			Skipped:  func(n int) lang.Text { return lang.T("%d skipped (items)", n) },
			Failed:   func(n int) lang.Text { return lang.T("%d failed (items)", n) },
		},
		line: map[Outcome]func(string) lang.Text{
			Imported: func(what string) lang.Text { return lang.T("imported item %s", what) },
			Present:  func(what string) lang.Text { return lang.T("present item %s", what) },
			Skipped:  func(what string) lang.Text { return lang.T("skipped item %s", what) },
			Failed:   func(what string) lang.Text { return lang.T("failed item %s", what) },
		},
		lineWhy: map[Outcome]func(string, lang.Text) lang.Text{
			Imported: func(what string, why lang.Text) lang.Text { return lang.T("imported item %s: %v", what, why) },
			Present:  func(what string, why lang.Text) lang.Text { return lang.T("present item %s: %v", what, why) },
			Skipped:  func(what string, why lang.Text) lang.Text { return lang.T("skipped item %s: %v", what, why) },
			Failed:   func(what string, why lang.Text) lang.Text { return lang.T("failed item %s: %v", what, why) },
		},
	},
}

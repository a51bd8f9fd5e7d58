package google

import (
	"io"
	"strings"
	"testing"

	"github.com/takeback/takeback/importers"
	"github.com/takeback/takeback/internal/lang"
)

// englishAll is texts in English, for comparisons.
func englishAll(texts []lang.Text) []string {
	out := make([]string, len(texts))
	for i, t := range texts {
		out[i] = t.String()
	}
	return out
}

// tooLarge is the English of the error a capped read gives.
func tooLarge(limit int64) string {
	return (&importers.TooLargeError{Limit: limit}).Error()
}

// A Takeout item's reason is kept as a message, printed in the reader's
// language: here, the typical reasons of each product in French.
func TestReasonsInFrench(t *testing.T) {
	stamp := "DTSTAMP:20240101T000000Z"
	tests := []struct {
		name, path, data string
		title            string // the item's title
		fr               string // its skip or fail reason in French
	}{
		{"Takeout's own page", "Takeout/archive_browser.html", "<html></html>", "archive_browser.html",
			"la page d’index propre à Takeout, pas vos données"},
		{"a series with every date excluded", "Takeout/Calendar/Work.ics",
			calendarOf(vevent("UID:a", stamp, "SUMMARY:Standup", "DTSTART:20240101T100000Z", "RRULE:FREQ=DAILY;COUNT=1", "EXDATE:20240101T100000Z")),
			"Standup", "la répétition n’a aucune occurrence (toutes les dates sont exclues)"},
		{"Google's birthday calendar", "Takeout/Calendar/Birthdays.ics",
			calendarOf(vevent("UID:b", stamp, "SUMMARY:Ann", "DTSTART;VALUE=DATE:20240301", "ATTENDEE;CN=Ann:ann@virtual")),
			"Ann", "l’agenda des anniversaires de Google n’est pas importé : Nextcloud crée le sien à partir des anniversaires de vos contacts"},
		{"a damaged card", "Takeout/Contacts/All/All.vcf", "BEGIN:VCARD\r\nFN:A\r\nBEGIN:VCARD\r\nFN:B\r\nEND:VCARD\r\n",
			"All.vcf #1", "fiche 1 : pas de END:VCARD avant le BEGIN:VCARD suivant : la fiche est abîmée et ne peut pas être lue"},
		{"a deleted task", "Takeout/Tasks/Tasks.json",
			tasksFileJSON(jsonTaskList("L1", "Home", "2024-01-01T00:00:00.000Z", `{"id":"a","title":"Milk","status":"needsAction","deleted":true}`)),
			"Milk", "supprimée dans Google Tasks : Takeout la liste encore"},
		{"a note in Keep's trash", "Takeout/Keep/Old.json", `{"title":"Old","textContent":"x","isTrashed":true}`,
			"Old", "elle était dans la corbeille de Google Keep (--include-trashed l’importe)"},
		{"a broken calendar", "Takeout/Calendar/Cut.ics", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n",
			"Cut.ics", "le fichier d’agenda est abîmé : lecture de l’agenda : le fichier s’arrête avant END:VCALENDAR"},
	}
	fr := lang.NewPrinter("fr")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tk := NewTakeout(Options{})
			p := &importers.Plan{}
			m := importers.Member{Input: "takeout.zip", Path: tt.path, Size: int64(len(tt.data))}
			tk.Visit(m, func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(tt.data)), nil }, p)
			tk.Finish(p)
			var got []string
			for _, it := range p.Items {
				reason := it.Skip
				if reason.IsZero() {
					reason = it.Fail
				}
				if it.Title == tt.title && fr.Text(reason) == tt.fr {
					return
				}
				got = append(got, it.Title+": "+fr.Text(reason))
			}
			t.Errorf("items %q, want %q: %q", got, tt.title, tt.fr)
		})
	}
}

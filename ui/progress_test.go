package ui

import (
	"reflect"
	"testing"
	"time"

	"github.com/takeback/takeback/importers"
	"github.com/takeback/takeback/internal/lang"
)

func TestProgressWords(t *testing.T) {
	start := time.Date(2024, 10, 2, 10, 0, 0, 0, time.UTC)
	photos := samplePlan("takeout.zip")
	photos.Only([]importers.Kind{importers.Photo})
	events := samplePlan("takeout.zip")
	events.Only([]importers.Kind{importers.Event})
	for _, tc := range []struct {
		name    string
		plan    *importers.Plan
		ended   int
		elapsed time.Duration
		lang    string
		want    importView
	}{
		{"photos, first seconds", photos, 0, 500 * time.Millisecond, "en",
			importView{Items: "Items done: 0 of 7", Size: "Size: 0 bytes of 1.0 MB", Status: "Importing…"}},
		{"photos, by bytes", photos, 2, 2 * time.Second, "en",
			importView{Percent: 28, Items: "Items done: 2 of 7", Size: "Size: 293 KB of 1.0 MB", Speed: "146 KB/s", Left: "Less than a minute left", Status: "Importing…"}},
		{"photos, slowly", photos, 1, 10 * time.Minute, "fr",
			importView{Percent: 14, Items: "Éléments traités : 1 sur 7", Size: "Taille : 146 Ko sur 1,0 Mo", Speed: "250 octets/s", Left: "Environ 60 minutes restantes", Status: "Import en cours…"}},
		{"photos, very slowly", photos, 1, 2 * time.Hour, "en",
			importView{Percent: 14, Items: "Items done: 1 of 7", Size: "Size: 146 KB of 1.0 MB", Speed: "20 bytes/s", Left: "About 12 hours left", Status: "Importing…"}},
		{"events, by items", events, 1, time.Minute, "en",
			importView{Percent: 33, Items: "Items done: 1 of 3", Size: "Size: 32 bytes of 96 bytes", Left: "About 2 minutes left", Status: "Importing…"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			j := newJob(tc.plan, Account{})
			j.runLocked(start)
			n := 0
			for _, it := range tc.plan.Items {
				if n < tc.ended && it.Skip.IsZero() {
					j.finish(it)
					n++
				}
			}
			got := *j.view(lang.NewPrinter(tc.lang), start.Add(tc.elapsed))
			got.State = ""
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestMergeKeepsWhatEarlierRunsImported(t *testing.T) {
	before := &importers.Report{Results: []importers.Result{{Outcome: importers.Imported}, {Outcome: importers.Failed}, {Outcome: importers.Present}}}
	after := &importers.Report{Results: []importers.Result{{Outcome: importers.Present}, {Outcome: importers.Imported}, {Outcome: importers.Present}}}
	got := merge(before, after)
	for i, want := range []importers.Outcome{importers.Imported, importers.Imported, importers.Present} {
		if got.Results[i].Outcome != want {
			t.Errorf("result %d: %s, want %s", i, got.Results[i].Outcome, want)
		}
	}
}

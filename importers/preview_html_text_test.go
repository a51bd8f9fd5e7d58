package importers

import (
	"reflect"
	"testing"
	"time"
)

func TestPageTextsComplete(t *testing.T) {
	kinds := []Kind{Event, Task, Contact, Photo, Video, File, Note, Archive}
	for lang, text := range pageTexts {
		v := reflect.ValueOf(text)
		for i := 0; i < v.NumField(); i++ {
			f, name := v.Field(i), v.Type().Field(i).Name
			switch f.Kind() {
			case reflect.String:
				if f.String() == "" {
					t.Errorf("%s: %s is empty", lang, name)
				}
			case reflect.Array:
				for j := 0; j < f.Len(); j++ {
					if f.Index(j).String() == "" {
						t.Errorf("%s: %s[%d] is empty", lang, name, j)
					}
				}
			}
		}
		for _, k := range kinds {
			if text.One[k] == "" {
				t.Errorf("%s: no word for one %s", lang, k)
			}
		}
		if text.Lang != lang {
			t.Errorf("%s: Lang is %q", lang, text.Lang)
		}
	}
}

func TestPageTextFormats(t *testing.T) {
	day := time.Date(2024, 2, 9, 23, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		lang, got, want string
	}{
		{"en", textFor("en").Num(1234567), "1,234,567"},
		{"fr", textFor("fr").Num(1234567), "1\u202f234\u202f567"},
		{"fr", textFor("fr").Num(123), "123"},
		{"en", textFor("en").SizeOf(999), "999\u00a0bytes"},
		{"en", textFor("en").SizeOf(1_500), "1.5\u00a0KB"},
		{"fr", textFor("fr").SizeOf(1_500), "1,5\u00a0ko"},
		{"fr", textFor("fr").SizeOf(2_000_000_000), "2\u00a0Go"},
		{"en", textFor("en").Date(day), "9\u00a0Feb\u00a02024"},
		{"fr", textFor("fr").Date(day), "9\u00a0févr.\u00a02024"},
		{"fr", textFor("fr").Pair("Photos", 3), "Photos\u00a0: 3"},
		{"fr_CA", textFor("fr_CA").Lang, "fr"},
		{"fr-FR.UTF-8", textFor("fr-FR.UTF-8").Lang, "fr"},
		{"de_DE", textFor("de_DE").Lang, "en"},
		{"empty", textFor("").Lang, "en"},
	} {
		if tc.got != tc.want {
			t.Errorf("%s: %q, want %q", tc.lang, tc.got, tc.want)
		}
	}
}

func TestChart(t *testing.T) {
	media := func(kind Kind, dates ...time.Time) []*Item {
		var items []*Item
		for _, d := range dates {
			items = append(items, &Item{Kind: kind, Date: d})
		}
		return items
	}
	month := func(y int, m time.Month) time.Time { return time.Date(y, m, 15, 12, 0, 0, 0, time.UTC) }
	var twentyYears []time.Time
	for y := 2000; y < 2020; y++ {
		twentyYears = append(twentyYears, month(y, time.March))
	}
	for _, tc := range []struct {
		name              string
		items             []*Item
		bars, rows, ticks int
		labels            []string
		undated           int
	}{
		{"nothing", nil, 0, 0, 0, nil, 0},
		{"one photo", media(Photo, month(2019, time.July)), 1, 1, 1, []string{"2019"}, 0},
		{"a gap is shown", media(Video, month(2019, time.November), month(2020, time.February)), 4, 2, 2, []string{"2019", "2020"}, 0},
		{"a short first year has no label", media(Photo, month(2019, time.December), month(2025, time.June)), 67, 2, 7,
			[]string{"", "2020", "2021", "2022", "2023", "2024", "2025"}, 0},
		{"a long first year has one", media(Photo, month(2019, time.March), month(2021, time.June)), 28, 2, 3,
			[]string{"2019", "2020", "2021"}, 0},
		{"two years: every other", media(Photo, month(2000, time.January), month(2011, time.December)), 144, 2, 12,
			[]string{"2000", "", "2002", "", "2004", "", "2006", "", "2008", "", "2010", ""}, 0},
		{"twenty years: every five", media(Photo, twentyYears...), 12*19 + 1, 20, 20,
			[]string{"", "", "", "", "", "2005", "", "", "", "", "2010", "", "", "", "", "2015", "", "", "", ""}, 0},
		{"undated only", append(media(Photo, time.Time{}), &Item{Kind: File, Date: month(2019, 1)}), 0, 0, 0, nil, 1},
		{"skipped photos are not counted", []*Item{{Kind: Photo, Date: month(2019, 1), Skip: "trash"}}, 0, 0, 0, nil, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ch := newChart(tc.items, textFor("en"))
			if ch == nil {
				if tc.bars+tc.undated > 0 {
					t.Fatal("no chart")
				}
				return
			}
			if len(ch.Bars) != tc.bars || len(ch.Rows) != tc.rows || len(ch.Years) != tc.ticks || ch.Undated != tc.undated {
				t.Errorf("%d bars, %d rows, %d ticks, %d undated; want %d, %d, %d, %d",
					len(ch.Bars), len(ch.Rows), len(ch.Years), ch.Undated, tc.bars, tc.rows, tc.ticks, tc.undated)
			}
			var labels []string
			last := -1e9
			for _, y := range ch.Years {
				labels = append(labels, y.Label)
				if y.Label != "" {
					if y.X-last < yearLabelW {
						t.Errorf("label %s at %.1f overlaps the one at %.1f", y.Label, y.X, last)
					}
					last = y.X
				}
			}
			if len(tc.labels) > 0 && !reflect.DeepEqual(labels, tc.labels) {
				t.Errorf("year labels %q, want %q", labels, tc.labels)
			}
			for _, b := range ch.Bars {
				if b.X < chartLeft || b.X+b.W > chartW || b.VideoY < chartTop-0.01 {
					t.Errorf("bar %+v outside the chart", b)
				}
			}
		})
	}
}

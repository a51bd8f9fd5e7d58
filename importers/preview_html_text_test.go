package importers

import (
	"reflect"
	"testing"
	"time"

	"github.com/takeback/takeback/internal/lang"
)

func TestPageTextsComplete(t *testing.T) {
	for _, code := range lang.Supported {
		text := pageTextFor(lang.NewPrinter(code))
		v := reflect.ValueOf(text)
		for i := 0; i < v.NumField(); i++ {
			f, field := v.Field(i), v.Type().Field(i)
			if !field.IsExported() {
				continue
			}
			switch f.Kind() {
			case reflect.String:
				if f.String() == "" {
					t.Errorf("%s: %s is empty", code, field.Name)
				}
			case reflect.Array:
				for j := 0; j < f.Len(); j++ {
					if f.Index(j).String() == "" {
						t.Errorf("%s: %s[%d] is empty", code, field.Name, j)
					}
				}
			}
		}
		for _, k := range []Kind{Event, Task, Contact, Photo, Video, File, Note, Archive} {
			if text.kindName(k) == "" || text.kindCount(k, 2) == "" {
				t.Errorf("%s: no words for %s", code, k)
			}
		}
		if text.Lang != code {
			t.Errorf("%s: Lang is %q", code, text.Lang)
		}
	}
}

func TestPageTextFormats(t *testing.T) {
	day := time.Date(2024, 2, 9, 23, 0, 0, 0, time.UTC)
	en, fr := pageTextFor(lang.English), pageTextFor(lang.NewPrinter("fr_FR.UTF-8"))
	for _, tc := range []struct {
		name, got, want string
	}{
		{"en count", en.Num(1234567), "1,234,567"},
		{"fr count", fr.Num(1234567), "1\u00a0234\u00a0567"},
		{"fr small count", fr.Num(123), "123"},
		{"en bytes", en.SizeOf(999), "999 bytes"},
		{"en size", en.SizeOf(1_536), "1.5 KB"},
		{"fr size", fr.SizeOf(1_536), "1,5 Ko"},
		{"fr large size", fr.SizeOf(2 << 30), "2,0 Go"},
		{"en date", en.Date(day), "9\u00a0Feb\u00a02024"},
		{"fr date", fr.Date(day), "9\u00a0févr.\u00a02024"},
		{"fr no date", fr.Date(time.Time{}), "sans date"},
		{"fr span", fr.Span(day, day.AddDate(0, 3, 0)), "Du 9\u00a0févr.\u00a02024 au 9\u00a0mai\u00a02024"},
		{"fr pair", fr.FolderCount(1234), "Dossiers : 1\u00a0234"},
		{"fr kinds", fr.kindCount(Video, 2) + ", " + fr.kindCount(Event, 1), "2 vidéos, 1 événement"},
		{"en kinds", en.kindCount(Video, 2) + ", " + en.kindCount(Event, 1), "2 videos, 1 event"},
		{"fr language", fr.Lang, "fr"},
		{"other language", pageTextFor(lang.NewPrinter("de_DE")).Title, "What takeback will import"},
	} {
		if tc.got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, tc.got, tc.want)
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
		{"skipped photos are not counted", []*Item{{Kind: Photo, Date: month(2019, 1), Skip: lang.T("trash")}}, 0, 0, 0, nil, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ch := newChart(tc.items, pageTextFor(lang.English))
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

package importers

import (
	"strconv"
	"strings"
	"time"
)

// The chart's drawing box, in SVG units; the page scales it to the screen.
const (
	chartW, chartH       = 400, 210
	chartLeft, chartTop  = 46, 12
	chartPlotW, chartPlH = chartW - chartLeft - 8, 160
	yearLabelW           = 40 // room a year label needs, so labels never overlap
)

// htmlChart is the photos-and-videos-per-month chart, laid out.
type htmlChart struct {
	W, H, Left, Top, Base, Right int
	Tick                         int // where a year's tick ends, below the axis
	Title, Desc                  string
	Max                          string
	Bars                         []htmlBar
	Years                        []htmlYear
	Rows                         []htmlMonth // the months that have something, for the table
	Undated                      int
}

type htmlBar struct {
	X, W, PhotoY, PhotoH, VideoY, VideoH float64
	Label                                string
}

type htmlYear struct {
	X     float64
	Label string
}

type htmlMonth struct {
	Month          string
	Photos, Videos int
}

type monthKey struct {
	year  int
	month time.Month
}

func (k monthKey) next() monthKey {
	if k.month == time.December {
		return monthKey{k.year + 1, time.January}
	}
	return monthKey{k.year, k.month + 1}
}

func (k monthKey) before(o monthKey) bool {
	return k.year < o.year || k.year == o.year && k.month < o.month
}

// newChart counts the photos and videos that will be imported per month,
// every month from the first to the last, empty ones too, so that the
// bars show time as it passed. Nil when there are none.
func newChart(items []*Item, t pageText) *htmlChart {
	photos, videos := map[monthKey]int{}, map[monthKey]int{}
	var first, last monthKey
	var dated bool
	ch := &htmlChart{W: chartW, H: chartH, Left: chartLeft, Top: chartTop, Base: chartTop + chartPlH, Tick: chartTop + chartPlH + 6, Right: chartW - 8}
	for _, it := range items {
		if it.Kind != Photo && it.Kind != Video || !it.Skip.IsZero() || !it.Fail.IsZero() {
			continue
		}
		if it.Date.IsZero() {
			ch.Undated++
			continue
		}
		k := monthKey{it.Date.Year(), it.Date.Month()}
		if it.Kind == Photo {
			photos[k]++
		} else {
			videos[k]++
		}
		if !dated || k.before(first) {
			first = k
		}
		if !dated || last.before(k) {
			last = k
		}
		dated = true
	}
	if !dated && ch.Undated == 0 {
		return nil
	}
	var months []monthKey
	if dated {
		for k := first; !last.before(k); k = k.next() {
			months = append(months, k)
		}
	}
	most := 1
	for _, k := range months {
		most = max(most, photos[k]+videos[k])
	}
	ch.Max = t.Num(most)
	step := float64(chartPlotW) / float64(max(len(months), 1))
	barW := min(step*0.8, 40)
	scale := float64(chartPlH) / float64(most)
	every := 1
	for _, n := range []int{1, 2, 5, 10, 20, 50, 100} {
		if every = n; float64(12*n)*step >= yearLabelW {
			break
		}
	}
	var totalP, totalV int
	for i, k := range months {
		p, v := photos[k], videos[k]
		totalP, totalV = totalP+p, totalV+v
		x := float64(chartLeft) + float64(i)*step
		hp, hv := float64(p)*scale, float64(v)*scale
		base := float64(ch.Base)
		label := t.p.Sprintf("%s — Photos: %d, Videos: %d", t.MonthYear(k.year, k.month), p, v)
		ch.Bars = append(ch.Bars, htmlBar{X: x + (step-barW)/2, W: barW,
			PhotoY: base - hp, PhotoH: hp, VideoY: base - hp - hv, VideoH: hv, Label: label})
		if p+v > 0 {
			ch.Rows = append(ch.Rows, htmlMonth{Month: t.MonthYear(k.year, k.month), Photos: p, Videos: v})
		}
		if i > 0 && k.month != time.January {
			continue
		}
		// Every year gets a tick; labels go every "every" years, and on a
		// first, partial year only when it is wide enough.
		y := htmlYear{X: x}
		if k.month == time.January && k.year%every == 0 ||
			i == 0 && every == 1 && float64(13-k.month)*step >= yearLabelW {
			y.Label = strconv.Itoa(k.year)
		}
		ch.Years = append(ch.Years, y)
	}
	ch.Title = t.Chart
	desc := []string{t.ChartDesc}
	if dated {
		desc = append(desc, t.MonthYear(first.year, first.month)+" – "+t.MonthYear(last.year, last.month)+".",
			t.p.Sprintf("Photos: %d, Videos: %d.", totalP, totalV))
	}
	if ch.Undated > 0 {
		desc = append(desc, t.p.Sprintf("Without a date: %d.", ch.Undated))
	}
	ch.Desc = strings.Join(desc, " ")
	return ch
}

package importers

import (
	"errors"
	"strings"
	"testing"
)

// results makes n results of a kind and outcome, with a reason for the
// skipped and failed ones.
func results(k Kind, o Outcome, n int) []Result {
	var rs []Result
	for range n {
		r := Result{Type: "result", Kind: k, Source: "t.zip!x", Title: "x", Outcome: o}
		if o == Skipped || o == Failed {
			r.Reason = "why"
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
	tests := []struct {
		name    string
		results []Result
		stopped error
		opt     SummaryOptions
		want    string
	}{{
		name:    "one sentence per kind, thousands separated, in a fixed order",
		results: join(results(Photo, Imported, 1234), results(Photo, Present, 12), results(Contact, Imported, 1), results(Event, Present, 2)),
		want:    "2 events already there.\n1 contact imported.\n1,234 photos imported, 12 already there.\n",
	}, {
		name:    "skipped and failed listed first, then counted",
		results: join(results(Photo, Imported, 2), results(Photo, Skipped, 1), results(Photo, Failed, 1)),
		want: "skipped photo \"x\" (t.zip!x): why\nfailed photo \"x\" (t.zip!x): why\n" +
			"2 photos imported, 1 skipped, 1 failed.\n",
	}, {
		name:    "with a report, the counts point to it",
		results: join(results(Note, Imported, 3), results(Note, Skipped, 1)),
		opt:     SummaryOptions{Report: true},
		want:    "skipped note \"x\" (t.zip!x): why\n3 notes imported, 1 skipped (see the report).\n",
	}, {
		name:    "quiet: the failed items only",
		results: join(results(Photo, Skipped, 1), results(Photo, Failed, 1)),
		opt:     SummaryOptions{Quiet: true},
		want:    "failed photo \"x\" (t.zip!x): why\n1 photo skipped, 1 failed.\n",
	}, {
		name:    "nothing but skipped items",
		results: results(File, Skipped, 1),
		opt:     SummaryOptions{Quiet: true},
		want:    "1 file skipped.\nNothing to import.\n",
	}, {
		name:    "stopped early",
		results: join(results(Video, Imported, 1), results(Video, Failed, 2)),
		stopped: errors.New("the server refused the password"),
		opt:     SummaryOptions{Quiet: true, Report: true},
		want: "failed video \"x\" (t.zip!x): why\nfailed video \"x\" (t.zip!x): why\n" +
			"1 video imported, 2 failed (see the report).\nThe import stopped early: the server refused the password\n",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			rep := &Report{Results: tt.results, Stopped: tt.stopped}
			if err := rep.WriteSummaryWith(&b, tt.opt); err != nil {
				t.Fatal(err)
			}
			if b.String() != tt.want {
				t.Errorf("summary:\n%s\nwant:\n%s", b.String(), tt.want)
			}
		})
	}
}

func TestFormatCount(t *testing.T) {
	for n, want := range map[int]string{0: "0", 7: "7", 999: "999", 1000: "1,000", 1234: "1,234", 123456: "123,456", 1234567: "1,234,567", -1234: "-1,234"} {
		if got := FormatCount(n); got != want {
			t.Errorf("FormatCount(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestResultLine(t *testing.T) {
	tests := []struct {
		res  Result
		want string
	}{
		{Result{Kind: Photo, Source: "t.zip!a.jpg", Title: "a.jpg", Outcome: Imported}, `imported photo "a.jpg" (t.zip!a.jpg)`},
		{Result{Kind: Event, Source: "t.zip!c.ics", Outcome: Present, Reason: "already there"}, `present event t.zip!c.ics: already there`},
		{Result{Kind: Note, Source: "t.zip!n\x1b.json", Title: "n", Outcome: Failed, Reason: "bad\x07"}, "failed note \"n\" (t.zip!n\uFFFD.json): bad\uFFFD"},
	}
	for _, tt := range tests {
		if got := tt.res.Line(); got != tt.want {
			t.Errorf("Line() = %q, want %q", got, tt.want)
		}
	}
}

package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/takeback/takeback/fixtures"
	"github.com/takeback/takeback/importers"
	"github.com/takeback/takeback/internal/lang"
)

// progressPlan is a plan of three photos of 1 MB, and a skipped one.
func progressPlan() *importers.Plan {
	folder := &importers.Collection{Kind: importers.Folder, ID: "photos", Name: "Photos"}
	p := &importers.Plan{}
	for _, name := range []string{"a.jpg", "b.jpg", "c.jpg"} {
		p.Add(&importers.Item{Kind: importers.Photo, Source: "t.zip!" + name, Collection: folder, Name: name, Size: 1 << 20})
	}
	p.Add(&importers.Item{Kind: importers.Photo, Source: "t.zip!trash.jpg", Title: "trash.jpg", Skip: lang.T("in the trash"), Size: 1 << 20})
	return p
}

// resultsOf are the results Apply would give for the plan, in order.
func resultsOf(p *importers.Plan) []importers.Result {
	var rs []importers.Result
	for _, it := range p.Items {
		o := importers.Imported
		if !it.Skip.IsZero() {
			o = importers.Skipped
		}
		rs = append(rs, importers.Result{Kind: it.Kind, Source: it.Source, Target: it.Target(), Outcome: o})
	}
	return rs
}

type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time          { return c.t }
func (c *fakeClock) advance(d time.Duration) { c.t = c.t.Add(d) }

func noControl(t *testing.T, what, out string) {
	t.Helper()
	if strings.ContainsAny(out, "\r\x1b") {
		t.Errorf("%s holds control characters: %q", what, out)
	}
}

// Off a terminal: a plain line every few seconds and one at the end, with
// items, bytes, speed and time left; no control characters.
func TestPlainProgress(t *testing.T) {
	var out bytes.Buffer
	clock := &fakeClock{time.Unix(1_700_000_000, 0)}
	plan := progressPlan()
	p := newProgressAt(&console{base: &out, w: &out}, lang.English, plan, false, clock.now)
	rs := resultsOf(plan)
	clock.advance(10 * time.Second)
	p.update(1, 4, rs[0]) // 10 s since the start: a line
	clock.advance(time.Second)
	p.update(2, 4, rs[1]) // 1 s later: none
	clock.advance(time.Second)
	p.update(3, 4, rs[2])
	p.update(4, 4, rs[3]) // the last: a line
	p.finish()
	want := "Importing: 1 of 4 items, 1.0 MB of 3.0 MB, 102 KB/s, less than a minute left\n" +
		"Importing: 4 of 4 items, 3.0 MB of 3.0 MB, 1.0 MB/s\n"
	if got := out.String(); got != want {
		t.Errorf("plain progress:\n%s\nwant:\n%s", got, want)
	}
	noControl(t, "the plain progress", out.String())
}

// --quiet: no progress at all.
func TestQuietProgress(t *testing.T) {
	var out bytes.Buffer
	plan := progressPlan()
	p := newProgress(&console{base: &out, w: &out, tty: true}, lang.English, plan, true)
	for i, r := range resultsOf(plan) {
		p.update(i+1, len(plan.Items), r)
	}
	p.finish()
	s := newScanProgress(&console{base: &out, w: &out}, lang.English, true)
	s.update(importers.ScanProgress{Inputs: 1, InputsDone: 1, Members: 3})
	s.finish()
	if out.Len() != 0 {
		t.Errorf("quiet progress printed %q", out.String())
	}
}

// On a terminal: a bar with items, bytes and the speed; messages go above
// it while it shows.
func TestTerminalProgress(t *testing.T) {
	var out bytes.Buffer
	msgs := &console{base: &out, w: &out, tty: true}
	plan := progressPlan()
	p := newProgress(msgs, lang.English, plan, false)
	for i, r := range resultsOf(plan) {
		time.Sleep(2 * time.Millisecond)
		p.update(i+1, len(plan.Items), r)
		if i == 0 {
			msgs.Write([]byte("a message\n"))
		}
	}
	p.finish()
	msgs.Write([]byte("after the bar\n"))
	got := out.String()
	for _, s := range []string{"Importing: 4 of 4 items", "3.0 MB of 3.0 MB", "/s", "a message", "after the bar"} {
		if !strings.Contains(got, s) {
			t.Errorf("the terminal output lacks %q:\n%q", s, got)
		}
	}
	if !strings.HasSuffix(got, "after the bar\n") || strings.Count(got, "after the bar") != 1 {
		t.Errorf("a message after the bar did not go straight to the terminal:\n%q", got)
	}
}

// The scan tells how far it is once per file and once per part read; off
// a terminal the line comes every few seconds and at the end.
func TestScanProgress(t *testing.T) {
	archives, err := fixtures.Takeout{Parts: 2}.Write(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(t.TempDir(), "missing.zip")
	var seen []importers.ScanProgress
	opt := importers.LoadOptions{OnScan: func(sp importers.ScanProgress) { seen = append(seen, sp) }}
	_, tree := opt.Load(append([]string{missing}, archives...))
	tree.Close()

	files := len(fixtures.Takeout{Parts: 2}.Files())
	last := seen[len(seen)-1]
	if last != (importers.ScanProgress{Inputs: 3, InputsDone: 3, Members: files}) {
		t.Errorf("last progress %+v, want 3 of 3 inputs (one missing), %d files", last, files)
	}
	if first := seen[0]; first.InputsDone != 1 || first.Members != 1 || first.Input != filepath.Base(archives[0]) {
		t.Errorf("first progress %+v, want the missing input done and the first file of %s", first, filepath.Base(archives[0]))
	}
	if len(seen) != files+2 {
		t.Errorf("%d calls for %d files and 2 parts", len(seen), files)
	}

	var out bytes.Buffer
	clock := &fakeClock{time.Unix(1_700_000_000, 0)}
	s := newScanProgress(&console{base: &out, w: &out}, lang.English, false)
	s.now, s.last = clock.now, clock.now()
	s.update(importers.ScanProgress{Inputs: 2, Members: 1})
	clock.advance(6 * time.Second)
	s.update(importers.ScanProgress{Inputs: 2, InputsDone: 1, Members: 1234})
	s.update(importers.ScanProgress{Inputs: 2, InputsDone: 2, Members: 2000})
	s.finish()
	want := "Reading the archives: 1 of 2 parts read, 1,234 files found\nReading the archives: 2 of 2 parts read, 2,000 files found\n"
	if out.String() != want {
		t.Errorf("scan lines:\n%s\nwant:\n%s", out.String(), want)
	}
	noControl(t, "the plain scan progress", out.String())
}

func TestLeftText(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{0, ""},
		{20 * time.Second, "less than a minute left"},
		{25*time.Minute + 10*time.Second, "about 25 min left"},
		{time.Hour + 4*time.Minute + 40*time.Second, "about 1 h 5 min left"},
	}
	for _, tt := range tests {
		if got := leftText(lang.English, tt.d); got != tt.want {
			t.Errorf("leftText(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
	for s, want := range map[string]string{"0": "", "0 b/s": "", "1536": "1.5 KB/s", "2621440": "2.5 MB/s"} {
		if got := speedText(lang.English, s); got != want {
			t.Errorf("speedText(%q) = %q, want %q", s, got, want)
		}
	}
}

// --quiet prints the summary and the failures only; --verbose a line per
// item; both at once is a mistake. Either goes before or after "import".
func TestQuietAndVerbose(t *testing.T) {
	sample := filepath.Join("..", "..", "fixtures", "sample", fixtures.SampleName)
	tests := []struct {
		name           string
		args           []string
		code           int
		stdout, stderr []string // present
		notOut, notErr []string // absent
	}{
		{name: "default", args: []string{"import"},
			stdout: []string{"skipped photo", "photos imported"}, stderr: []string{"Reading the archives: 1 of 1 part read", "Importing: "},
			notErr: []string{"imported photo"}},
		{name: "quiet", args: []string{"--quiet", "import"},
			stdout: []string{"photos imported"}, notOut: []string{"skipped photo"}, notErr: []string{"Reading", "Importing", "warning"}},
		{name: "quiet after import", args: []string{"import", "-q"},
			stdout: []string{"photos imported"}, notOut: []string{"skipped photo"}, notErr: []string{"Reading", "Importing"}},
		{name: "verbose", args: []string{"import", "--verbose"},
			stdout: []string{"skipped photo", "photos imported"}, stderr: []string{"imported photo", "skipped photo", "Importing: ", "archive opened"}},
		{name: "both", args: []string{"--quiet", "import", "--verbose"}, code: exitUsage, stderr: []string{"choose --quiet or --verbose"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append(append(tt.args, "--to", t.TempDir()), sample)
			code, out, errOut := takeback(t, args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d\n%s\n%s", code, tt.code, out, errOut)
			}
			for _, s := range tt.stdout {
				if !strings.Contains(out, s) {
					t.Errorf("stdout lacks %q:\n%s", s, out)
				}
			}
			for _, s := range tt.notOut {
				if strings.Contains(out, s) {
					t.Errorf("stdout holds %q:\n%s", s, out)
				}
			}
			for _, s := range tt.stderr {
				if !strings.Contains(errOut, s) {
					t.Errorf("stderr lacks %q:\n%s", s, errOut)
				}
			}
			for _, s := range tt.notErr {
				if strings.Contains(errOut, s) {
					t.Errorf("stderr holds %q:\n%s", s, errOut)
				}
			}
			noControl(t, "the output off a terminal", out+errOut)
		})
	}
}

package main

import (
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/emersion/go-ical"

	"github.com/takeback/takeback/fixtures"
	"github.com/takeback/takeback/internal/servers"
)

// TestFacebookIntoServers imports a two-part Facebook export, events into a
// real Radicale and photos into a real WebDAV server, twice.
func TestFacebookIntoServers(t *testing.T) {
	cal := servers.Radicale(t)
	files := servers.Rclone(t)
	if files.User != cal.User || files.Password != cal.Password {
		t.Fatal("the test servers must share one login")
	}
	dir := t.TempDir()
	fb := fixtures.Facebook{Layout: "2020", Parts: 2}
	archives, err := fb.Write(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("TAKEBACK_PASSWORD", cal.Password)
	report := filepath.Join(dir, "report.jsonl")
	args := append([]string{"import", "--caldav", cal.URL, "--webdav", files.URL, "--user", cal.User, "--report", report}, archives...)
	code, out, errOut := takeback(t, args...)
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}

	var want []string
	for _, e := range fb.ExpectedEvents() {
		if e.Imported {
			want = append(want, e.Name)
		}
	}
	sort.Strings(want)
	st := readServer(t, cal)
	var got []string
	for _, obj := range st.calendars["Facebook"] {
		for _, ev := range obj.Events() {
			summary, _ := ev.Props.Text(ical.PropSummary)
			got = append(got, summary)
		}
	}
	sort.Strings(got)
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("Facebook calendar holds %q, want the repaired names %q", got, want)
	}
	first := outcomes(readReport(t, report))
	wantImported := len(want) + len(fb.ExpectedMedia())
	if first["imported"] != wantImported || first["failed"] != 0 || first["skipped"] != len(fb.ExpectedEvents())-len(want) {
		t.Errorf("first run %v, want %d imported", first, wantImported)
	}

	code, out, _ = takeback(t, args...)
	second := outcomes(readReport(t, report))
	if code != 0 || second["imported"] != 0 || second["present"] != wantImported {
		t.Errorf("second run: exit %d, %v\n%s", code, second, out)
	}
}

// A Takeout and a Facebook export on one command line: each is recognised
// by its content.
func TestMixedInputs(t *testing.T) {
	fb := fixtures.Facebook{}
	archives, err := fb.Write(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	sample := filepath.Join("..", "..", "fixtures", "sample", fixtures.SampleName)
	code, out, errOut := takeback(t, append([]string{"preview", "--json", sample}, archives...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var google, facebook int
	for _, l := range jsonLines(t, out) {
		if l["type"] != "item" {
			continue
		}
		switch src := l["source"].(string); {
		case strings.HasPrefix(src, fixtures.SampleName+"!"):
			google++
		case strings.HasPrefix(src, "facebook-"):
			facebook++
			if l["kind"] == "photo" && !strings.HasPrefix(l["date_source"].(string), "facebook-") {
				t.Errorf("Facebook photo dated from %v", l["date_source"])
			}
		default:
			t.Errorf("item from %s", src)
		}
	}
	_, alone, _ := takeback(t, "preview", "--json", sample)
	want := 0
	for _, l := range jsonLines(t, alone) {
		if l["type"] == "item" {
			want++
		}
	}
	if google != want || facebook != len(fb.ExpectedEvents())+len(fb.ExpectedMedia()) {
		t.Errorf("%d Google and %d Facebook items", google, facebook)
	}
}

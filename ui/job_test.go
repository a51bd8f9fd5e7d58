package ui

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/takeback/takeback/importers"
	"github.com/takeback/takeback/internal/lang"
)

// ready makes a server whose archives are read and whose account is
// checked, as step 3 finds them.
func ready(t *testing.T) (*Server, *fakeBackend, client) {
	t.Helper()
	b := newFakeBackend("")
	b.stored = &Account{Server: "https://cloud.example.org", User: "alice"}
	b.password = fakePassword
	b.target.writes[presentPhoto] = 1
	s, _ := serve(t, b, Config{Home: t.TempDir(), Jobs: 2})
	c := client{t, s}
	c.post("/api/archives", `{"paths":["`+jsonPath(archive(t))+`"]}`, 200)
	c.post("/api/login/stored", `{}`, 200)
	waitFor(t, s, "the server checked", func(v view) bool { return v.Check.State == "done" })
	return s, b, c
}

func TestCancelEndsWithTheReport(t *testing.T) {
	s, b, c := ready(t)
	gate := b.target.hold()
	c.post("/api/import", `{"only":["calendars","contacts","photos"]}`, 200)
	b.target.waiting(t, 2)
	waitFor(t, s, "uploads under way", func(v view) bool { return v.Import != nil && v.Import.Current != "" })
	c.post("/api/pause", `{}`, 200)
	c.post("/api/pause", `{}`, 409)
	c.post("/api/cancel", `{}`, 200)
	if v := s.view(lang.English); v.Import.State != cancelling {
		t.Errorf("state %q after cancel, want %q", v.Import.State, cancelling)
	}
	close(gate)
	v := waitFor(t, s, "the end", func(v view) bool { return v.Import.State == finished })

	writes, _ := b.target.snapshot()
	if len(writes) != 1+2 {
		t.Errorf("the server holds %d items, want the photo it had and the 2 under way when cancelled: %v", len(writes), writes)
	}
	if !strings.Contains(v.Import.Status, "cancelled") || v.Import.Items != "Items done: 2 of 12" {
		t.Errorf("status %q, items %q", v.Import.Status, v.Import.Items)
	}
	summary := strings.Join(v.Import.Summary, "\n")
	if !strings.Contains(summary, lang.T("%d events imported", 2).String()) || !strings.Contains(summary, "(see the report)") {
		t.Errorf("summary:\n%s", summary)
	}
	res, report := c.get("/report.jsonl?token=" + s.token)
	if res.StatusCode != 200 || res.Header.Get("Content-Disposition") != `attachment; filename="takeback-report.jsonl"` {
		t.Fatalf("report: %d %v", res.StatusCode, res.Header)
	}
	lines := strings.Split(strings.TrimSpace(report), "\n")
	outcomes := map[importers.Outcome]int{}
	for _, l := range lines {
		var r importers.Result
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatalf("%q: %v", l, err)
		}
		outcomes[r.Outcome]++
		if r.Outcome == importers.Failed && !strings.Contains(r.Reason.String(), "interrupted") {
			t.Errorf("%s failed: %v", r.Source, r.Reason)
		}
	}
	if len(lines) != 13 || outcomes[importers.Imported] != 2 || outcomes[importers.Skipped] != 1 || outcomes[importers.Failed] != 10 {
		t.Errorf("report: %d lines, %v", len(lines), outcomes)
	}
	c.post("/api/resume", `{}`, 409)
}

func TestResumeImportsEachItemOnce(t *testing.T) {
	s, b, c := ready(t)
	gate := b.target.hold()
	c.post("/api/import", `{"only":["photos","calendars"]}`, 200)
	b.target.waiting(t, 2)
	waitFor(t, s, "uploads under way", func(v view) bool { return v.Import != nil && v.Import.Current != "" })
	c.post("/api/resume", `{}`, 409)
	c.post("/api/pause", `{}`, 200)
	close(gate)
	v := waitFor(t, s, "the pause", func(v view) bool { return v.Import.State == paused })
	if v.Import.Items != "Items done: 2 of 10" {
		t.Errorf("paused at %q", v.Import.Items)
	}
	c.post("/api/archives", `{"paths":["`+jsonPath(archive(t))+`"]}`, 409)
	c.post("/api/resume", `{}`, 200)
	v = waitFor(t, s, "the end", func(v view) bool { return v.Import.State == finished })

	writes, albums := b.target.snapshot()
	for target, n := range writes {
		if n != 1 || strings.HasPrefix(target, "contacts/") {
			t.Errorf("%s written %d times", target, n)
		}
	}
	if len(writes) != sampleEvents+samplePhotos || len(albums["Rome 2019"]) != samplePhotos {
		t.Errorf("the server holds %d items and %d photos in the album, want %d and %d", len(writes), len(albums["Rome 2019"]), sampleEvents+samplePhotos, samplePhotos)
	}
	summary := strings.Join(v.Import.Summary, "\n")
	for _, want := range []string{lang.T("%d events imported", 3).String(), lang.T("%d photos imported", 6).String()} {
		if !strings.Contains(summary, want) {
			t.Errorf("the summary lacks %q (the events of the first run are imported, not present):\n%s", want, summary)
		}
	}
	var links []string
	for _, l := range v.Import.Links {
		links = append(links, l.Label+" "+l.URL)
	}
	want := "Open Calendar https://cloud.example.org/index.php/apps/calendar/|Open Photos https://cloud.example.org/index.php/apps/photos/|Open Files https://cloud.example.org/index.php/apps/files/"
	if strings.Join(links, "|") != want {
		t.Errorf("links %q", links)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed != 0 {
		t.Errorf("the archives were closed %d times before the server stopped", b.closed)
	}
}

func TestRefusals(t *testing.T) {
	b := newFakeBackend("https://cloud.example.org/login")
	s, _ := serve(t, b, Config{Home: t.TempDir()})
	c := client{t, s}
	for _, tc := range []struct {
		path, body string
		want       int
		says       string
	}{
		{"/api/archives", `{"paths":[]}`, 400, "choose at least one archive"},
		{"/api/archives", `{"paths":["relative.zip"]}`, 400, "not a full path"},
		{"/api/archives", `not json`, 400, "cannot read"},
		{"/api/login", `{"server":"  "}`, 400, "address"},
		{"/api/login/stored", `{}`, 409, "no login is stored"},
		{"/api/import", `{"only":["photos"]}`, 409, "not read yet"},
		{"/api/import", `{"only":[]}`, 400, "at least one kind"},
		{"/api/import", `{"only":["pictures"]}`, 400, "pictures"},
		{"/api/pause", `{}`, 409, "no import"},
		{"/api/check", `{}`, 409, "not read yet"},
	} {
		if got := c.post(tc.path+"?lang=en", tc.body, tc.want); !strings.Contains(got, tc.says) {
			t.Errorf("%s %s: %s, want it to say %q", tc.path, tc.body, got, tc.says)
		}
	}
	if got := c.post("/api/archives?lang=fr", `{"paths":[]}`, 400); !strings.Contains(got, "choisissez au moins une archive") {
		t.Errorf("in French: %s", got)
	}
	if res, body := c.get("/report.jsonl"); res.StatusCode != 404 || !strings.Contains(body, "no report yet") {
		t.Errorf("report before the import: %d %s", res.StatusCode, body)
	}
}

package ui

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/takeback/takeback/internal/lang"
)

// downloads makes a home folder whose Downloads hold a Takeout in parts
// (003 missing), a Facebook archive, other files, an extracted Takeout
// and a hidden folder.
func downloads(t *testing.T) (home, dir string) {
	t.Helper()
	home = t.TempDir()
	dir = filepath.Join(home, "Downloads")
	files := map[string]int{
		"takeout-20241002T101010Z-001.zip": 2000,
		"takeout-20241002T101010Z-002.zip": 3000,
		"takeout-20241002T101010Z-004.zip": 1000,
		"facebook-alice-2024.zip":          5000,
		"notes.txt":                        10,
		"photo.jpg":                        10,
		"old.TGZ":                          10,
		"Extracted/Takeout/Calendar/a.ics": 10,
		"Other/readme.txt":                 10,
		".hidden/takeout-x.zip":            10,
	}
	for name, size := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, make([]byte, size), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return home, dir
}

func TestBrowse(t *testing.T) {
	home, dir := downloads(t)
	s, _ := serve(t, newFakeBackend(""), Config{Home: home})
	c := client{t, s}

	res, body := c.get("/api/browse")
	var l listing
	if err := json.Unmarshal([]byte(body), &l); res.StatusCode != 200 || err != nil {
		t.Fatalf("status %d, %v: %s", res.StatusCode, err, body)
	}
	if l.Path != home || l.Home != home || len(l.Entries) != 1 || l.Entries[0].Name != "Downloads" || l.Entries[0].Type != "folder" {
		t.Fatalf("the home folder lists %+v", l)
	}

	res, body = c.get("/api/browse?lang=fr&path=" + strings.ReplaceAll(dir, " ", "%20"))
	if err := json.Unmarshal([]byte(body), &l); res.StatusCode != 200 || err != nil {
		t.Fatalf("status %d, %v: %s", res.StatusCode, err, body)
	}
	if l.Parent != home || l.Export {
		t.Errorf("parent %q, export %v", l.Parent, l.Export)
	}
	var got []string
	for _, e := range l.Entries {
		got = append(got, e.Type+" "+e.Name)
	}
	want := []string{"export Extracted", "folder Other", "archive facebook-alice-2024.zip", "archive old.TGZ", "set takeout-20241002T101010Z"}
	if !slices.Equal(got, want) {
		t.Fatalf("entries %q, want %q", got, want)
	}
	set := l.Entries[4]
	fr := lang.NewPrinter("fr")
	if len(set.Paths) != 3 || filepath.Base(set.Paths[2]) != "takeout-20241002T101010Z-004.zip" ||
		set.Parts != fr.Sprintf("in %d parts: %s", 3, "001, 002, 004") || set.Size != fr.Text(lang.Size(6000)) {
		t.Errorf("the set is %+v", set)
	}
	if len(set.Missing) != 1 || !strings.Contains(set.Missing[0], "takeout-20241002T101010Z-003.zip") {
		t.Errorf("missing parts: %q", set.Missing)
	}
	if e := l.Entries[0]; len(e.Paths) != 1 || e.Paths[0] != filepath.Join(dir, "Extracted") {
		t.Errorf("the extracted export is chosen as %q", e.Paths)
	}

	res, body = c.get("/api/browse?path=" + filepath.Join(dir, "Extracted", "Takeout"))
	if err := json.Unmarshal([]byte(body), &l); res.StatusCode != 200 || err != nil || !l.Export {
		t.Errorf("Takeout itself: export %v (%d %s)", l.Export, res.StatusCode, body)
	}
	for _, bad := range []string{"relative/path", filepath.Join(dir, "notes.txt"), filepath.Join(dir, "nowhere")} {
		if res, body := c.get("/api/browse?path=" + bad); res.StatusCode != 400 || !strings.Contains(body, `"error"`) {
			t.Errorf("%s: status %d: %s", bad, res.StatusCode, body)
		}
	}
}

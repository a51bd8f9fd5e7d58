package folder

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/takeback/takeback/importers"
)

func TestPutIsIdempotent(t *testing.T) {
	dir := t.TempDir()
	tg, err := New(dir)
	if err != nil {
		t.Fatal(err)
	}
	cal := &importers.Collection{Kind: importers.Calendar, ID: "google-work", Name: "Work"}
	it := &importers.Item{Kind: importers.Event, Collection: cal, Name: "abc.ics", Body: []byte("BEGIN:VCALENDAR\r\n")}
	ctx := context.Background()
	if err := tg.Ensure(ctx, cal); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		body string
		want importers.Outcome
		note bool
	}{
		{"first run writes", "BEGIN:VCALENDAR\r\n", importers.Imported, false},
		{"second run finds it", "BEGIN:VCALENDAR\r\n", importers.Present, false},
		{"a changed item keeps the old one", "BEGIN:VCALENDAR\r\nX:1\r\n", importers.Present, true},
	}
	for _, tt := range tests {
		it.Body = []byte(tt.body)
		o, note, err := tg.Put(ctx, it)
		if err != nil || o != tt.want || note.IsZero() == tt.note {
			t.Errorf("%s: Put = %q, %q, %v; want %q", tt.name, o, note, err, tt.want)
		}
	}
	got, err := os.ReadFile(filepath.Join(dir, "calendars", "Work", "abc.ics"))
	if err != nil || string(got) != "BEGIN:VCALENDAR\r\n" {
		t.Errorf("file = %q, %v", got, err)
	}
	left, _ := filepath.Glob(filepath.Join(dir, "calendars", "Work", ".takeback-*"))
	if len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// Every file among the user's files gets its date as its mtime: a photo's
// capture time, a Drive file's, a note's last edit.
func TestPutSetsTheDateOnFiles(t *testing.T) {
	when := time.Date(2019, 7, 14, 10, 30, 0, 0, time.UTC)
	for _, it := range []*importers.Item{
		{Kind: importers.Photo, Name: "IMG_1.jpg", Body: []byte{0xff, 0xd8}, Size: 2},
		{Kind: importers.File, Name: "Docs/report.docx", Body: []byte("PK"), Size: 2},
		{Kind: importers.Note, Name: "Shopping.md", Body: []byte("# Shopping\n"), Size: 11},
	} {
		dir := t.TempDir()
		tg, _ := New(dir)
		c := &importers.Collection{Kind: importers.Folder, ID: "f", Name: "Files"}
		it.Collection, it.Date = c, when
		tg.Ensure(context.Background(), c)
		if o, _, err := tg.Put(context.Background(), it); err != nil || o != importers.Imported {
			t.Fatalf("%s: Put = %v, %v", it.Name, o, err)
		}
		fi, err := os.Stat(filepath.Join(dir, "files", "Files", filepath.FromSlash(it.Name)))
		if err != nil || !fi.ModTime().Equal(when) {
			t.Errorf("%s: mtime = %v, %v; want %v", it.Name, fi.ModTime(), err, when)
		}
		if o, _, err := tg.Put(context.Background(), it); err != nil || o != importers.Present {
			t.Errorf("%s again: %v, %v", it.Name, o, err)
		}
	}
}

func TestSafeName(t *testing.T) {
	tests := map[string]string{
		"Work":              "Work",
		"../etc":            ".._etc",
		"a/b\\c:d":          "a_b_c_d",
		"..":                "_",
		"trailing dot.":     "trailing dot",
		"alice@example.com": "alice@example.com",
	}
	for in, want := range tests {
		if got := safeName(in); got != want {
			t.Errorf("safeName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPutNeverOverwritesAnotherFile(t *testing.T) {
	dir := t.TempDir()
	tg, _ := New(dir)
	photos := &importers.Collection{Kind: importers.Folder, ID: "photos", Name: "Photos/Google Photos"}
	ctx := context.Background()
	tg.Ensure(ctx, photos)
	put := func(body string) (importers.Outcome, string) {
		it := &importers.Item{Kind: importers.Photo, Collection: photos, Name: "2019/07/IMG_1.jpg", Body: []byte(body), Size: int64(len(body))}
		o, note, err := tg.Put(ctx, it)
		if err != nil {
			t.Fatal(err)
		}
		return o, note.String()
	}
	steps := []struct {
		body string
		want importers.Outcome
		file string
	}{
		{"first", importers.Imported, "IMG_1.jpg"},
		{"first", importers.Present, "IMG_1.jpg"},
		{"second photo", importers.Imported, "IMG_1 (2).jpg"},
		{"second photo", importers.Present, "IMG_1 (2).jpg"},
		{"a third one", importers.Imported, "IMG_1 (3).jpg"},
	}
	for _, s := range steps {
		o, note := put(s.body)
		if o != s.want {
			t.Errorf("%q: %s (%s), want %s", s.body, o, note, s.want)
		}
		got, err := os.ReadFile(filepath.Join(dir, "files", "Photos", "Google Photos", "2019", "07", s.file))
		if err != nil || string(got) != s.body {
			t.Errorf("%s = %q, %v; want %q", s.file, got, err, s.body)
		}
	}
}

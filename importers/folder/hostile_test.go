package folder

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/takeback/takeback/importers"
)

// Names from an archive never reach outside the folder: not through a
// calendar's name, nor through a photo's.
func TestPutStaysInside(t *testing.T) {
	base := t.TempDir()
	dir := filepath.Join(base, "out")
	tg, err := New(dir)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	cal := &importers.Collection{Kind: importers.Calendar, ID: "google-x", Name: "../../../../tmp/escaped"}
	book := &importers.Collection{Kind: importers.AddressBook, ID: "google-y", Name: ".."}
	photos := &importers.Collection{Kind: importers.Folder, ID: "p", Name: "../Photos"}
	items := []*importers.Item{
		{Kind: importers.Event, Collection: cal, Name: "../../a.ics", Body: []byte("BEGIN:VCALENDAR\r\n")},
		{Kind: importers.Contact, Collection: book, Name: "b.vcf", Body: []byte("BEGIN:VCARD\r\n")},
		{Kind: importers.Photo, Collection: photos, Name: "2019/07/../../../../../../x.jpg", Body: []byte{0xff, 0xd8}, Size: 2},
		{Kind: importers.Photo, Collection: photos, Name: "/etc/passwd", Body: []byte{0xff, 0xd8, 0}, Size: 3},
	}
	for _, c := range []*importers.Collection{cal, book, photos} {
		if err := tg.Ensure(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	for _, it := range items {
		if o, _, err := tg.Put(ctx, it); err != nil || o != importers.Imported {
			t.Errorf("Put %s: %s, %v", it.Name, o, err)
		}
	}
	var got []string
	filepath.WalkDir(base, func(p string, d fs.DirEntry, err error) error {
		if d.Type().IsRegular() {
			rel, _ := filepath.Rel(base, p)
			got = append(got, filepath.ToSlash(rel))
		}
		return nil
	})
	want := []string{
		"out/calendars/.._.._.._.._tmp_escaped/_/_/a.ics",
		"out/contacts/_/b.vcf",
		"out/files/_/Photos/2019/07/_/_/_/_/_/_/x.jpg",
		"out/files/_/Photos/_/etc/passwd",
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("files %q, want %q", got, want)
	}
	if err := tg.contains(filepath.Join(dir, "..", "x")); err == nil {
		t.Error("a path outside the folder passes the last guard")
	}
	if _, err := os.Stat(filepath.Join(base, "tmp")); err == nil {
		t.Error("written outside the folder")
	}
}

package google

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/takeback/takeback/fixtures"
	"github.com/takeback/takeback/importers"
)

func memberOf(it *importers.Item) string {
	return it.Source[strings.Index(it.Source, "!")+1:]
}

// Every shape and language of a Takeout with Drive plans each Drive file
// once, as a file at its place in the Drive folder, dated by the archive;
// none of them is read as a calendar, contacts or Photos; the archive
// browser page is listed as skipped.
func TestDrivePlan(t *testing.T) {
	cases := []struct {
		shape fixtures.Takeout
		dir   string // --drive-dir; "" for the default
	}{
		{shape: fixtures.Takeout{Drive: true}},
		{shape: fixtures.Takeout{Drive: true, Parts: 2}},
		{shape: fixtures.Takeout{Drive: true, Format: "tgz"}},
		{shape: fixtures.Takeout{Drive: true, Format: "dir"}},
		{shape: fixtures.Takeout{Drive: true, Lang: "fr", Parts: 2, Format: "tgz"}},
		{shape: fixtures.Takeout{Drive: true, Lang: "fr", Format: "dir"}},
		{shape: fixtures.Takeout{Drive: true, Lang: "de"}},
		{shape: fixtures.Takeout{Drive: true, Lang: "de", Parts: 2}},
		{shape: fixtures.Takeout{Drive: true, Lang: "de", Format: "tgz"}, dir: "Archives/Drive de Google"},
		{shape: fixtures.Takeout{Drive: true, Lang: "en", Parts: 2, Photos: true}, dir: "Backup"},
	}
	for _, c := range cases {
		s := c.shape
		t.Run(fmt.Sprintf("%s-%s-%d-%s", s.Lang, s.Format, s.Parts, c.dir), func(t *testing.T) {
			p := scanTakeout(t, s, Options{Drive: DriveOptions{Dir: c.dir}})
			dir := c.dir
			if dir == "" {
				dir = DefaultDriveDir
			}
			data := map[string][]byte{}
			for _, f := range s.Files() {
				data[f.Path] = f.Data
			}
			files := map[string]*importers.Item{}
			var pages []*importers.Item
			for _, it := range p.Items {
				switch {
				case it.Kind == importers.File && !it.Skip.IsZero():
					pages = append(pages, it)
				case it.Kind == importers.File:
					if files[memberOf(it)] != nil {
						t.Errorf("%s: planned twice", it.Source)
					}
					files[memberOf(it)] = it
				case strings.Contains(it.Source, "/Drive/") || strings.HasPrefix(memberOf(it), "Drive/"):
					t.Errorf("%s: a Drive file planned as a %s", it.Source, it.Kind)
				}
			}
			want := s.ExpectedDrive()
			if len(files) != len(want) {
				t.Errorf("%d files planned, want %d", len(files), len(want))
			}
			for _, w := range want {
				member := w.Member
				if s.Format == "dir" {
					member = strings.TrimPrefix(member, "Takeout/") // the folder itself is the input
				}
				it := files[member]
				if it == nil {
					t.Errorf("%s: not planned", member)
					continue
				}
				if c := it.Collection; c == nil || c.Kind != importers.Folder || c.Name != dir || c.ID != dir {
					t.Errorf("%s: collection %+v, want the folder %q", member, c, dir)
				}
				if it.Name != w.Path || it.Title != path.Base(w.Path) || it.Target() != "files/"+dir+"/"+w.Path {
					t.Errorf("%s: name %q, title %q, target %q; want %q", member, it.Name, it.Title, it.Target(), w.Path)
				}
				if !it.Date.Equal(w.ModTime) || it.DateSource != "archive" {
					t.Errorf("%s: date %v from %q, want %v from the archive", member, it.Date, it.DateSource, w.ModTime)
				}
				if it.Size != w.Size || !it.Note.IsZero() || !it.Fail.IsZero() {
					t.Errorf("%s: size %d, note %q, fail %q; want size %d", member, it.Size, it.Note, it.Fail, w.Size)
				}
				rc, err := it.Open()
				if err != nil {
					t.Errorf("%s: %v", member, err)
					continue
				}
				got, err := io.ReadAll(rc)
				rc.Close()
				if err != nil || !bytes.Equal(got, data[w.Member]) {
					t.Errorf("%s: content differs (%v)", member, err)
				}
			}
			// Drive comes in walk order: a tgz is read in one pass.
			var order []string
			for _, it := range p.Items {
				if it.Kind == importers.File && it.Skip.IsZero() {
					order = append(order, memberOf(it))
				}
			}
			if !slices.IsSorted(order) {
				t.Errorf("Drive files not in archive order: %q", order)
			}

			page := "archive_browser.html"
			if s.Lang == "de" {
				page = "Archiv_Übersicht.html"
			}
			if len(pages) != 1 || pages[0].Title != page || pages[0].Skip.String() != ownPageReason || !strings.HasSuffix(pages[0].Source, page) {
				for _, pg := range pages {
					t.Logf("skipped: %s %q: %s", pg.Source, pg.Title, pg.Skip)
				}
				t.Errorf("want %s skipped once as Takeout's own page", page)
			}
			for _, w := range p.Warnings {
				if strings.Contains(w.Source, "/Drive/") {
					t.Errorf("warning about a Drive file: %v", w)
				}
			}
			// The fixture's calendars and contacts are still read.
			if p.Counts()[importers.Event] == 0 || p.Counts()[importers.Contact] == 0 {
				t.Errorf("counts %v: the calendars and contacts beside Drive were lost", p.Counts())
			}
		})
	}
}

func TestTakeoutPlace(t *testing.T) {
	cases := []struct {
		path  string
		place drivePlace
		rel   []string
	}{
		{"Takeout/Drive/a.txt", inDrive, []string{"a.txt"}},
		{"Takeout/Drive/Docs/Sub/b.docx", inDrive, []string{"Docs", "Sub", "b.docx"}},
		{"Drive/a.txt", inDrive, []string{"a.txt"}}, // an extracted Takeout given as the input
		{"Takeout/DRIVE/a.txt", inDrive, []string{"a.txt"}},
		{"/Takeout//Drive/a.txt", inDrive, []string{"a.txt"}},
		{"Takeout/Drive/../../etc/passwd", inDrive, []string{"..", "..", "etc", "passwd"}},
		{"Takeout/Drive/Calendar/x.ics", inDrive, []string{"Calendar", "x.ics"}},
		{"Takeout/Drive", elsewhere, nil}, // a file named Drive
		{"Takeout/My Drive/a.txt", elsewhere, nil},
		{"Takeout/Google Photos/Drive/a.jpg", elsewhere, nil},
		{"Other/Takeout/Drive/a.txt", elsewhere, nil},
		{"Takeout/archive_browser.html", ownPage, nil},
		{"archive_browser.html", ownPage, nil},
		{"Takeout/ARCHIVE_BROWSER.HTML", ownPage, nil},
		{"Takeout/Archiv_Übersicht.html", ownPage, nil},
		{"Takeout/Archiv_U\u0308bersicht.html", ownPage, nil}, // NFD
		{"Takeout/Calendar/archive_browser.html", elsewhere, nil},
		{"Takeout/Drive/archive_browser.html", inDrive, []string{"archive_browser.html"}},
		{"Takeout/index.html", elsewhere, nil},
	}
	for _, c := range cases {
		place, rel := takeoutPlace(c.path)
		if place != c.place || !slices.Equal(rel, c.rel) {
			t.Errorf("%q: %v %q, want %v %q", c.path, place, rel, c.place, c.rel)
		}
	}
}

// Drive names are kept as they are, but for their Unicode form and the
// path elements "." and "..", which become "_": the target applies the
// server's own rules.
func TestDriveNames(t *testing.T) {
	members := []struct{ name, want, note string }{
		{"Takeout/Drive/../escape.txt", "_/escape.txt", `".."`},
		{"Takeout/Drive/a/./b.txt", "a/_/b.txt", `"."`},
		{"Takeout/Drive/Cafe\u0301/me\u0301nu.pdf", "Caf\u00e9/m\u00e9nu.pdf", ""},
		{"Takeout/Drive/Notes: draft?.txt", "Notes: draft?.txt", ""},
		{"Takeout/Drive/trailing space .txt ", "trailing space .txt ", ""},
		{"Takeout/Drive/.htaccess", ".htaccess", ""},
		{"Takeout/Drive/clip.part", "clip.part", ""},
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	mod := time.Date(2021, 3, 4, 5, 6, 7, 0, time.UTC)
	for _, m := range members {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: m.name, Method: zip.Store, Modified: mod})
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(m.name))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(t.TempDir(), "names.zip")
	if err := os.WriteFile(in, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	p, tree := importers.Load([]string{in}, NewTakeout(Options{}))
	defer tree.Close()
	if len(p.Items) != len(members) {
		t.Fatalf("%d items, want %d", len(p.Items), len(members))
	}
	for i, m := range members {
		it := p.Items[i]
		if it.Kind != importers.File || it.Name != m.want || !strings.HasPrefix(it.Target(), "files/Google Drive/") {
			t.Errorf("%q: %s %q (target %q), want a file %q", m.name, it.Kind, it.Name, it.Target(), m.want)
		}
		if (m.note == "") != (it.Note.IsZero()) || !strings.Contains(it.Note.String(), m.note) {
			t.Errorf("%q: note %q, want one naming %s", m.name, it.Note, m.note)
		}
		if !it.Date.Equal(mod) {
			t.Errorf("%q: date %v", m.name, it.Date)
		}
	}
}

package importers_test

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/takeback/takeback/google"
	"github.com/takeback/takeback/importers"
	"github.com/takeback/takeback/importers/folder"
)

// writeRawZip stores every member under its name as given, backslashes and
// drive letters included, as a zip tool on Windows may.
func writeRawZip(t *testing.T, names []string) string {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, name := range names {
		fw, err := w.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: time.Date(2024, 5, 25, 20, 14, 56, 0, time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(fw, "content of "+name)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "takeout-20241002T101010Z-001.zip")
	if err := os.WriteFile(p, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// A zip made on Windows may separate folders with backslashes: takeback
// reads them as slashes, and a member keeps the name it is listed under.
// Drive letters and UNC prefixes are just text inside an archive.
func TestWindowsStyleMemberNames(t *testing.T) {
	tests := []struct {
		stored, path string
	}{
		{`Takeout\Google Photos\x.jpg`, "Takeout/Google Photos/x.jpg"},
		{`Takeout\Drive\Mes documents\été.txt`, "Takeout/Drive/Mes documents/été.txt"},
		{`Takeout/Drive\mixed\y.txt`, "Takeout/Drive/mixed/y.txt"},
		{`C:\Users\x`, "C:/Users/x"},
		{`\\server\share\x`, "//server/share/x"},
		{`\\?\C:\Takeout\z.txt`, "//?/C:/Takeout/z.txt"},
		{`..\..\escape.txt`, "../../escape.txt"},
		{`Takeout\Drive\CON.txt`, "Takeout/Drive/CON.txt"},
	}
	var names []string
	for _, tt := range tests {
		names = append(names, tt.stored)
	}
	in, err := importers.OpenInput(writeRawZip(t, names))
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	got := map[string]string{}
	err = in.Walk(func(m importers.Member, open importers.Opener) error {
		got[m.Path] = readAll(t, open)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(tests) {
		t.Errorf("walk listed %d members, want %d: %q", len(got), len(tests), got)
	}
	for _, tt := range tests {
		if body, ok := got[tt.path]; !ok || body != "content of "+tt.stored {
			t.Errorf("%s: listed as %q? %v, content %q", tt.stored, tt.path, ok, body)
		}
		if body := readAll(t, func() (io.ReadCloser, error) { return in.Open(tt.path) }); body != "content of "+tt.stored {
			t.Errorf("Open(%q) = %q", tt.path, body)
		}
	}
}

func readAll(t *testing.T, open importers.Opener) string {
	t.Helper()
	rc, err := open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// A Takeout zipped on Windows, with names Windows itself would refuse,
// imported into a local folder: every file lands inside the folder, under a
// name Windows accepts, and each renamed file says so.
func TestWindowsMadeTakeoutIntoAFolder(t *testing.T) {
	tests := []struct {
		member string
		file   string // where it lands in the folder, "" when it is not imported
		note   bool   // the report says it was renamed
	}{
		{`Takeout\Drive\Docs\report.txt`, "files/Google Drive/Docs/report.txt", false},
		{`Takeout\Drive\CON.txt`, "files/Google Drive/CON_.txt", true},
		{`Takeout\Drive\lpt1`, "files/Google Drive/lpt1_", true},
		{`Takeout\Drive\nul\inside.txt`, "files/Google Drive/nul_/inside.txt", true},
		{`Takeout\Drive\Budget: 2024?.txt`, "files/Google Drive/Budget_ 2024_.txt", true},
		{`Takeout\Drive\draft. `, "files/Google Drive/draft", true},
		{`Takeout\Drive\C:\Users\bob\a.txt`, "files/Google Drive/C_/Users/bob/a.txt", true},
		// Google's importer drops the empty elements.
		{`Takeout\Drive\\\server\share\b.txt`, "files/Google Drive/server/share/b.txt", false},
		{`C:\Users\bob\Takeout\Drive\c.txt`, "", false},
		{`\\server\share\Takeout\Drive\d.txt`, "", false},
		{`..\..\Takeout\Drive\e.txt`, "", false},
	}
	var names []string
	for _, tt := range tests {
		names = append(names, tt.member)
	}
	plan, tree := importers.Load([]string{writeRawZip(t, names)}, google.NewTakeout(google.Options{}))
	defer tree.Close()

	base := t.TempDir()
	out := filepath.Join(base, "out")
	target, err := folder.New(out)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	notes := map[string]string{} // by member
	for _, it := range plan.Items {
		if !it.Skip.IsZero() || it.Collection == nil {
			continue
		}
		if err := target.Ensure(ctx, it.Collection); err != nil {
			t.Fatal(err)
		}
		o, note, err := target.Put(ctx, it)
		if err != nil || o != importers.Imported {
			t.Errorf("%s: %s, %v", it.Source, o, err)
		}
		notes[it.Source[strings.Index(it.Source, "!")+1:]] = note.String()
	}

	var written []string
	filepath.WalkDir(base, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			rel, _ := filepath.Rel(out, p)
			if !filepath.IsLocal(rel) {
				t.Errorf("%s is outside the folder", p)
			}
			rel = filepath.ToSlash(rel)
			if bad := notForWindows(rel); bad != "" {
				t.Errorf("%s: Windows refuses %q", rel, bad)
			}
			written = append(written, rel)
		}
		return nil
	})
	for _, tt := range tests {
		member := strings.ReplaceAll(tt.member, `\`, "/")
		note, planned := notes[member]
		switch {
		case tt.file == "" && planned:
			t.Errorf("%s was imported, want it left out", tt.member)
		case tt.file == "":
		case !slices.Contains(written, tt.file):
			t.Errorf("%s: not at %s; files: %q", tt.member, tt.file, written)
		case (note != "") != tt.note || tt.note && !strings.Contains(note, strings.TrimPrefix(tt.file, "files/Google Drive/")):
			t.Errorf("%s: note %q", tt.member, note)
		}
	}
}

// windowsReserved matches the names Windows keeps for devices, which it
// reads up to the first dot and without the spaces before it.
var windowsReserved = regexp.MustCompile(`(?i)^(CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³]|CONIN\$|CONOUT\$) *(\.|$)`)

// notForWindows returns the element of a slash-separated path that is not
// a valid file name on Windows, or "".
func notForWindows(rel string) string {
	for _, e := range strings.Split(rel, "/") {
		if e == "" || strings.ContainsAny(e, `\:*?"<>|`) || strings.ContainsFunc(e, func(r rune) bool { return r < 0x20 }) ||
			strings.HasSuffix(e, ".") || strings.HasSuffix(e, " ") || windowsReserved.MatchString(e) {
			return e
		}
	}
	return ""
}

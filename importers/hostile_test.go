package importers

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"hash/crc32"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/takeback/takeback/internal/lang"
)

// Hostile and broken archives at the level of inputs (issue 6); the
// corpus in fixtures/hostile is imported end to end in cmd/takeback.

func TestDisplayName(t *testing.T) {
	tests := []struct {
		stored string
		legacy bool
		want   string
		note   string
	}{
		{"Takeout/Calendar/Work.ics", true, "Takeout/Calendar/Work.ics", ""},
		// A UTF-8 name without the zip flag stays: many tools forget it.
		{"Takeout/Agenda/Mes événements.ics", true, "Takeout/Agenda/Mes événements.ics", ""},
		{"Takeout/Calendar/Caf\x82.ics", true, "Takeout/Calendar/Café.ics", nameCP437},
		{"\x90t\x82 2018.jpg", true, "Été 2018.jpg", nameCP437},
		{"Agenda \xff.ics", false, "Agenda \uFFFD.ics", nameUnreadable},
		{"a\xff\xfeb", false, "a\uFFFD\uFFFDb", nameUnreadable},
		{"clear\x1b[2Jscreen.jpg", false, "clear\uFFFD[2Jscreen.jpg", nameUnreadable},
		{"tab\there\u0085.ics", false, "tab\uFFFDhere\uFFFD.ics", nameUnreadable},
		{"already \uFFFD.ics", false, "already \uFFFD.ics", ""},
	}
	for _, tt := range tests {
		got, note := displayName(tt.stored, tt.legacy)
		if got != tt.want || note != tt.note {
			t.Errorf("displayName(%q, %v) = %q, %q; want %q, %q", tt.stored, tt.legacy, got, note, tt.want, tt.note)
		}
		if !utf8.ValidString(got) {
			t.Errorf("displayName(%q) is not valid UTF-8", tt.stored)
		}
	}
}

// rawZipMember is a member written as given by writeRawZip.
type rawZipMember struct {
	name   string
	flags  uint16
	body   string
	raw    []byte // when set, stored as is with the CRC and size below
	crc    uint32
	size   uint64
	method uint16
}

func writeRawZip(t *testing.T, path string, members []rawZipMember) {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, m := range members {
		h := &zip.FileHeader{Name: m.name, Flags: m.flags, Method: zip.Deflate, Modified: testModTime}
		if m.raw != nil {
			h.Method, h.CRC32, h.CompressedSize64, h.UncompressedSize64 = m.method, m.crc, uint64(len(m.raw)), m.size
			fw, err := w.CreateRaw(h)
			if err != nil {
				t.Fatal(err)
			}
			fw.Write(m.raw)
			continue
		}
		fw, err := w.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(fw, m.body)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}

// recorder is a source that notes every member and reads it.
type recorder struct {
	members []Member
	bodies  []string
}

func (r *recorder) Visit(m Member, open Opener, p *Plan) {
	r.members = append(r.members, m)
	b, err := ReadAll(open, m.Size, 1<<20)
	if err != nil {
		p.Fail(File, m.Source(), lang.FromError(err))
	}
	r.bodies = append(r.bodies, string(b))
	p.Add(&Item{Kind: File, Source: m.Source(), Name: m.Path})
}

func (r *recorder) Finish(*Plan) {}

func TestZipNames(t *testing.T) {
	path := filepath.Join(t.TempDir(), "names.zip")
	writeRawZip(t, path, []rawZipMember{
		{name: "Takeout/Calendar/Caf\x82.ics", body: "cp437"},              // no UTF-8 flag
		{name: "Takeout/Agenda/Réunion.ics", body: "utf8", flags: zipUTF8}, // flagged
		{name: "Takeout/bad\xff.txt", body: "first", flags: zipUTF8},       // flagged, but not UTF-8
		{name: "Takeout/bad\xfe.txt", body: "second", flags: zipUTF8},      // the same display name
		{name: `..\Takeout\Contacts\Back.vcf`, body: "backslashes"},
		{name: "Takeout/esc\x1b[31m.jpg", body: "control"},
	})
	tree, errs := OpenTree([]string{path})
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	defer tree.Close()
	rec := &recorder{}
	p := Scan(tree, rec)
	var paths []string
	for _, m := range rec.members {
		paths = append(paths, m.Path)
	}
	want := []string{"Takeout/Calendar/Café.ics", "Takeout/Agenda/Réunion.ics", "Takeout/bad\uFFFD.txt", "Takeout/bad\uFFFD.txt",
		"../Takeout/Contacts/Back.vcf", "Takeout/esc\uFFFD[31m.jpg"}
	if !slices.Equal(paths, want) {
		t.Errorf("paths %q, want %q", paths, want)
	}
	if want := []string{"cp437", "utf8", "first", "second", "backslashes", "control"}; !slices.Equal(rec.bodies, want) {
		t.Errorf("bodies %q, want %q", rec.bodies, want)
	}
	// Reopen opens the very member, even when two share a display name.
	for i, m := range rec.members {
		rc, err := m.Reopen()()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		if string(b) != rec.bodies[i] {
			t.Errorf("Reopen of member %d (%s) read %q, want %q", i, m.Path, b, rec.bodies[i])
		}
	}
	if body, err := readMember(tree.Inputs[0], "Takeout/Calendar/Café.ics"); err != nil || body != "cp437" {
		t.Errorf("Open by display name: %q, %v", body, err)
	}
	wantWarnings := []string{
		"names.zip!Takeout/Calendar/Caf\u00e9.ics: 1 member name of this zip is not marked as UTF-8 and was read as CP437, " +
			"the old code page of zip (this one is the first); if it looks wrong, the archive was made with another code page",
		"names.zip!Takeout/bad\uFFFD.txt: 3 member names of this archive hold bytes that are not text (not valid UTF-8, or control characters), " +
			"shown as \uFFFD (this one is the first)",
	}
	if got := warningLines(p.Warnings); !slices.Equal(got, wantWarnings) {
		t.Errorf("warnings:\n%q\nwant:\n%q", got, wantWarnings)
	}
	if got, want := lang.NewPrinter("fr").Text(p.Warnings[1].Message), "3 noms de fichiers de cette archive contiennent des octets"; !strings.HasPrefix(got, want) {
		t.Errorf("in French: %q, want it to start %q", got, want)
	}
}

func TestZipEncrypted(t *testing.T) {
	dir := t.TempDir()
	secret := rawZipMember{name: "Takeout/Calendar/Secret.ics", flags: zipEncrypted, raw: bytes.Repeat([]byte{0x5a}, 40),
		crc: 1234, size: 28, method: zip.Deflate}

	all := filepath.Join(dir, "all.zip")
	writeRawZip(t, all, []rawZipMember{secret})
	_, err := OpenInput(all)
	if err == nil || !strings.Contains(err.Error(), "all.zip: the zip archive is password-protected (encrypted)") {
		t.Errorf("an encrypted zip: %v", err)
	}

	// Only some members are encrypted: the others are read, and each
	// encrypted one is reported by name.
	some := filepath.Join(dir, "some.zip")
	writeRawZip(t, some, []rawZipMember{{name: "Takeout/Calendar/Plain.ics", body: "plain"}, secret})
	rec := &recorder{}
	p, tree := Load([]string{some}, rec)
	defer tree.Close()
	if len(rec.members) != 1 || rec.bodies[0] != "plain" {
		t.Errorf("read %v %q, want only the plain member", rec.members, rec.bodies)
	}
	var failed []*Item
	for _, it := range p.Items {
		if !it.Fail.IsZero() {
			failed = append(failed, it)
		}
	}
	if len(failed) != 1 || failed[0].Kind != Archive || failed[0].Source != "some.zip!Takeout/Calendar/Secret.ics" ||
		failed[0].Title != "Secret.ics" || !strings.HasPrefix(failed[0].Fail.String(), "it is password-protected (encrypted)") {
		t.Errorf("failed items %+v", failed)
	}
	if _, err := tree.Inputs[0].Open("Takeout/Calendar/Secret.ics"); err == nil {
		t.Error("an encrypted member was opened")
	}
}

func TestZipMemberErrors(t *testing.T) {
	big := bytes.Repeat([]byte("x"), 1<<20)
	var deflated bytes.Buffer
	fw, _ := flate.NewWriter(&deflated, flate.BestCompression)
	fw.Write(big)
	fw.Close()
	tests := []struct {
		name string
		m    rawZipMember
		want string
		is   error
	}{
		{"header declares less", rawZipMember{raw: deflated.Bytes(), crc: crc32.ChecksumIEEE(big), size: 100, method: zip.Deflate},
			"it holds more than the 100 bytes the archive's table of contents gives it: the archive is damaged, or made to deceive", zip.ErrFormat},
		{"header declares more", rawZipMember{raw: deflated.Bytes(), crc: crc32.ChecksumIEEE(big), size: 2 << 20, method: zip.Deflate},
			"it ends before the 2.0 MB the archive's table of contents gives it: the archive is damaged", io.ErrUnexpectedEOF},
		{"wrong checksum", rawZipMember{raw: deflated.Bytes(), crc: 1, size: 1 << 20, method: zip.Deflate},
			"its content does not match its checksum: the archive is damaged", zip.ErrChecksum},
		{"damaged deflate data", rawZipMember{raw: []byte{0xff, 0xff, 0xff, 0xff}, crc: 1, size: 10, method: zip.Deflate},
			"its compressed data is damaged: the archive is damaged", nil},
		{"unknown method", rawZipMember{raw: []byte("abc"), crc: 1, size: 3, method: 99},
			"it is compressed with a method takeback cannot read (zip method 99)", zip.ErrAlgorithm},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "x.zip")
			tt.m.name = "Takeout/Calendar/x.ics"
			writeRawZip(t, path, []rawZipMember{tt.m})
			in := openTest(t, path)
			rc, err := in.Open("Takeout/Calendar/x.ics")
			if err == nil {
				_, err = io.ReadAll(rc)
				rc.Close()
			}
			if err == nil || err.Error() != tt.want {
				t.Errorf("error %v, want %q", err, tt.want)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error %v is not %v", err, tt.is)
			}
			if fr := lang.NewPrinter("fr").Error(err); fr == err.Error() || !strings.Contains(fr, "abîm") && !strings.Contains(fr, "méthode") {
				t.Errorf("in French: %q", fr)
			}
		})
	}
}

func TestZipDamagedTableOfContents(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.zip")
	writeZip(t, good, testMembers)
	data, _ := os.ReadFile(good)
	// The central directory starts at the first "PK\x01\x02".
	cd := bytes.Index(data, []byte("PK\x01\x02"))
	garbled := slices.Clone(data)
	for i := cd; i < len(garbled)-22; i++ {
		garbled[i] = byte(i * 7)
	}
	tests := map[string]struct {
		data []byte
		want string
	}{
		"cut.zip":     {data[:cd+10], "the zip archive is incomplete or damaged (was the download interrupted?)"},
		"garbled.zip": {garbled, "the zip archive is damaged: its table of contents (the central directory) cannot be read"},
	}
	for name, tt := range tests {
		p := filepath.Join(dir, name)
		os.WriteFile(p, tt.data, 0o600)
		_, err := OpenInput(p)
		if err == nil || !strings.HasPrefix(err.Error(), name+": "+tt.want) {
			t.Errorf("%s: %v, want %q", name, err, tt.want)
		}
	}
}

func TestDirNamesNotUTF8(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "Takeout folder")
	if err := os.MkdirAll(filepath.Join(dir, "Takeout"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "Takeout", "Caf\xe9.ics"), []byte("latin-1 name"), 0o600); err != nil {
		t.Skipf("this file system refuses names that are not UTF-8: %v", err)
	}
	in := openTest(t, dir)
	got, err := walkAll(t, in)
	if err != nil || len(got) != 1 || got[0].Path != "Takeout/Caf\uFFFD.ics" || got[0].body != "latin-1 name" {
		t.Fatalf("walked %+v, %v", got, err)
	}
	rc, err := got[0].Reopen()()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	if b, _ := io.ReadAll(rc); string(b) != "latin-1 name" {
		t.Errorf("Reopen read %q", b)
	}
}

func TestTarNamesNotUTF8(t *testing.T) {
	path := filepath.Join(t.TempDir(), "names.tgz")
	writeTgz(t, path, []testMember{{"Takeout/Caf\xe9.ics", "latin-1 name"}, {"Takeout/ok.ics", "ok"}})
	in := openTest(t, path)
	got, err := walkAll(t, in)
	if err != nil || len(got) != 2 || got[0].Path != "Takeout/Caf\uFFFD.ics" || got[0].nameNote != nameUnreadable {
		t.Fatalf("walked %+v, %v", got, err)
	}
	if body, err := readMember(in, "Takeout/Caf\uFFFD.ics"); err != nil || body != "latin-1 name" {
		t.Errorf("Open by display name: %q, %v", body, err)
	}
}

func TestReadAllCaps(t *testing.T) {
	for _, tt := range []struct {
		content, declared, limit int64
		tooLarge                 bool
	}{
		{10, 10, 10, false},
		{11, 10, 10, true},
		{1 << 30, 5, 1 << 20, true}, // the header lies
		{0, 0, 10, false},
	} {
		src := &countingReader{left: tt.content}
		data, err := ReadAll(func() (io.ReadCloser, error) { return src, nil }, tt.declared, tt.limit)
		var tl *TooLargeError
		switch {
		case tt.tooLarge && (!errors.As(err, &tl) || tl.Limit != tt.limit):
			t.Errorf("%d bytes, limit %d: %v, want a TooLargeError", tt.content, tt.limit, err)
		case !tt.tooLarge && (err != nil || int64(len(data)) != tt.content):
			t.Errorf("%d bytes, limit %d: %d bytes, %v", tt.content, tt.limit, len(data), err)
		}
		if src.read > tt.limit+1 {
			t.Errorf("%d bytes, limit %d: read %d bytes", tt.content, tt.limit, src.read)
		}
		if !src.closed {
			t.Error("not closed")
		}
	}
	tl := &TooLargeError{Limit: 64 << 20}
	if msg := tl.Error(); msg != "it holds more than the 64 MB takeback reads" {
		t.Errorf("message %q", msg)
	}
	if msg := lang.NewPrinter("fr").Text(tl.Text()); msg != "il contient plus que les 64 Mo que takeback lit" {
		t.Errorf("message in French %q", msg)
	}
}

// countingReader gives left zero bytes and counts what is read.
type countingReader struct {
	left, read int64
	closed     bool
}

func (c *countingReader) Read(p []byte) (int, error) {
	if c.left == 0 {
		return 0, io.EOF
	}
	n := int(min(int64(len(p)), c.left))
	clear(p[:n])
	c.left -= int64(n)
	c.read += int64(n)
	return n, nil
}

func (c *countingReader) Close() error { c.closed = true; return nil }

func TestTargetStaysInside(t *testing.T) {
	tests := []struct {
		it   Item
		want string
	}{
		{Item{Collection: &Collection{Kind: Calendar, Name: "../../../../tmp/escaped"}, Name: "a.ics"}, "calendars/.._.._.._.._tmp_escaped/a.ics"},
		{Item{Collection: &Collection{Kind: Calendar, Name: ".."}, Name: "a.ics"}, "calendars/_/a.ics"},
		{Item{Collection: &Collection{Kind: AddressBook, Name: "Work/Home"}, Name: "b.vcf"}, "contacts/Work_Home/b.vcf"},
		{Item{Collection: &Collection{Kind: Folder, Name: "Photos/Google Photos"}, Name: "2019/07/../../../../x.jpg"}, "files/Photos/Google Photos/2019/07/_/_/_/_/x.jpg"},
		{Item{Collection: &Collection{Kind: Folder, Name: "/../etc"}, Name: "/passwd"}, "files/_/etc/passwd"},
		{Item{Name: "../x"}, "_/x"},
	}
	for _, tt := range tests {
		got := tt.it.Target()
		if got != tt.want {
			t.Errorf("Target() = %q, want %q", got, tt.want)
		}
		if path.IsAbs(got) || slices.Contains(strings.Split(got, "/"), "..") {
			t.Errorf("Target() = %q leaves the destination", got)
		}
	}
}

// nothing is a source that finds nothing.
type nothing struct{}

func (nothing) Visit(Member, Opener, *Plan) {}
func (nothing) Finish(*Plan)                {}

func TestNothingToImport(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.zip")
	writeZip(t, empty, []testMember{{"Takeout/archive_browser.html", "<html></html>"}})
	other := filepath.Join(dir, "other.zip")
	writeZip(t, other, []testMember{{"Takeout/Fit/a.json", "{}"}, {"Takeout/YouTube/b.json", "{}"}, {"Takeout/archive_browser.html", "x"}})
	broken := filepath.Join(dir, "broken.zip")
	os.WriteFile(broken, []byte("not a zip"), 0o600)

	p, tree := Load([]string{empty, other, broken}, nothing{})
	defer tree.Close()
	want := []string{
		"empty.zip: Nothing to import was found in empty.zip: it holds nothing takeback reads (calendars, contacts, tasks, photos, videos, Drive files, Keep notes)",
		`other.zip: Nothing to import was found in other.zip: it holds nothing takeback reads (calendars, contacts, tasks, photos, videos, Drive files, Keep notes) (its folders: "Fit", "YouTube")`,
	}
	if got := warningLines(p.Warnings); !slices.Equal(got, want) {
		t.Errorf("warnings:\n%q\nwant:\n%q", got, want)
	}

	// When something is found, nothing is said about the inputs that gave
	// nothing: a part of a Takeout may hold only metadata.
	p, tree = Load([]string{empty, other}, &recorder{})
	defer tree.Close()
	if len(p.Warnings) != 0 {
		t.Errorf("warnings %q", p.Warnings)
	}
}

// The summary printed after an import shows text from archives (titles,
// reasons): it stays valid UTF-8 without control characters.
func TestSummaryIsPrintable(t *testing.T) {
	rep := &Report{Results: []Result{{Type: "result", Kind: Event, Source: "x.zip!Takeout/Calendar/a\xff.ics",
		Title: "clear\x1b[2J", Outcome: Failed, Reason: lang.Raw("bad \x1b]0;title\x07 line \xfe")}}}
	var b strings.Builder
	if err := rep.WriteSummary(&b, lang.English); err != nil {
		t.Fatal(err)
	}
	out := strings.TrimSuffix(b.String(), "\n")
	if !utf8.ValidString(out) || strings.ContainsFunc(strings.ReplaceAll(out, "\n", ""), isControl) {
		t.Errorf("summary %q", out)
	}
	if !strings.Contains(out, `failed event "clear\x1b[2J" (x.zip!Takeout/Calendar/a`+"\uFFFD"+`.ics): bad `+"\uFFFD]0;title\uFFFD line \uFFFD") {
		t.Errorf("summary %q", out)
	}
}

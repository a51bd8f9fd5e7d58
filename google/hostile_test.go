package google

import (
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-ical"

	"github.com/takeback/takeback/importers"
	"github.com/takeback/takeback/importers/media"
)

// Hostile and broken Takeout content (issue 6).

// goICALReads says whether go-ical decodes a calendar whose event holds
// line, without error or panic.
func goICALReads(line string) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	_, err := ical.NewDecoder(strings.NewReader(calendarOf(vevent("UID:a", line)))).Decode()
	return err == nil
}

// icsLineError must refuse exactly the lines go-ical cannot read, so that
// dropping them is enough for the rest of the file to decode.
func TestICSLineErrorAgreesWithGoICAL(t *testing.T) {
	lines := []string{
		"X-FOO;BAR=baz", "BROKENLINE", "DESCRIPTION;LANGUAGE=en", ":value", ";A=b:c", "X;A:b", "X;=b:c",
		`X;A="b:c`, `X;A="b"c:d`, `X;A="b";C=d:e`, `X;A=b,"c":d`, `X;A=b"c:d`, "X;A=b,", "X;A=b;", `X;A="b"`,
		"SUMMARY:fine", "X-A;B=c;D=e,f:g", `ATTENDEE;CN="Doe: John":mailto:a@example.com`, "X;A=:b",
	}
	// And random lines over the characters that matter.
	rnd := rand.New(rand.NewChaCha8([32]byte{6}))
	const alphabet = `XA;:=",- `
	for range 20000 {
		b := make([]byte, 1+rnd.IntN(10))
		for i := range b {
			b[i] = alphabet[rnd.IntN(len(alphabet))]
		}
		if b[0] == ' ' {
			continue // a continuation line, not a line of its own
		}
		lines = append(lines, string(b))
	}
	for _, l := range lines {
		if mine, theirs := icsLineError(l) == nil, goICALReads(l); mine != theirs {
			t.Errorf("%q: icsLineError says readable %v, go-ical %v (%v)", l, mine, theirs, icsLineError(l))
		}
	}
}

func TestParseCalendarDropsBrokenLines(t *testing.T) {
	stamp := "DTSTAMP:20240101T000000Z"
	data := calendarOf(vevent("UID:a", stamp, "DTSTART:20240301T090000Z", "SUMMARY:First", "X-FOO;BAR=baz") +
		vevent("UID:b", stamp, "DTSTART:20240302T090000Z", "BROKEN", "SUMMARY:Second", "X;A=\"b", "X;=c:d", "LAST;"))
	f := parseCalendarBytes(t, []byte(data))
	if uids := objectUIDs(f); len(uids) != 2 || uids[0] != "a" || uids[1] != "b" {
		t.Fatalf("UIDs %q", uids)
	}
	if f.Objects[1].Summary != "Second" || strings.Contains(string(f.Objects[0].Data), "X-FOO") {
		t.Errorf("objects %+v", f.Objects)
	}
	want := []string{
		`unreadable line dropped (no ':' after the parameters): "X-FOO;BAR=baz"`,
		`unreadable line dropped (no ':' between name and value): "BROKEN"`,
		`unreadable line dropped (an unterminated quoted parameter value): "X;A=\"b"`,
		"2 more unreadable lines dropped",
	}
	if got := strings.Join(englishAll(f.Warnings), "\n"); got != strings.Join(want, "\n") {
		t.Errorf("warnings:\n%s\nwant:\n%s", got, strings.Join(want, "\n"))
	}
}

// endless is a member that never ends, behind a header that says it is
// small: it counts what is read of it.
type endless struct {
	head string
	read int64
}

func (e *endless) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		if int(e.read) < len(e.head) {
			c := copy(p[n:], e.head[e.read:])
			n += c
			e.read += int64(c)
			continue
		}
		p[n] = ' '
		n++
		e.read++
	}
	return n, nil
}

func (e *endless) Close() error { return nil }

// TestVisitCapsEveryRead gives the Takeout source members that lie about
// their size and never end: each read stops at the cap of its kind.
func TestVisitCapsEveryRead(t *testing.T) {
	jpeg := "\xff\xd8\xff\xfe\x00\x04ab"
	tests := []struct {
		path, head string
		limit      int64
		fail       string // the failed item's reason, or ""
		warn       string // the warning, or ""
	}{
		{"Takeout/Calendar/x.ics", "BEGIN:VCALENDAR\r\n", maxFile + 1, "the file could not be read: " + tooLarge(maxFile), ""},
		{"Takeout/Contacts/x/x.vcf", "BEGIN:VCARD\r\n", maxFile + 1, "the file could not be read: " + tooLarge(maxFile), ""},
		{"Takeout/Google Photos/2019/x.jpg.json", "{", maxJSON + 1, "", "could not be read: " + tooLarge(maxJSON)},
		{"Takeout/Google Photos/2019/x.jpg", jpeg, 64 << 10, "", ""}, // media.ReadHead's bound for a JPEG
		{"Takeout/Google Photos/2019/x.mp4", "\x00\x00\x00\x18ftypmp42", media.HeadSize, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			src := &endless{head: tt.head}
			tk := NewTakeout(Options{})
			p := &importers.Plan{}
			m := importers.Member{Input: "x.zip", Path: tt.path, Size: 100}
			tk.Visit(m, func() (io.ReadCloser, error) { return src, nil }, p)
			if src.read > tt.limit {
				t.Errorf("read %d bytes, more than %d", src.read, tt.limit)
			}
			var fails, warns []string
			for _, it := range p.Items {
				fails = append(fails, it.Fail.String())
			}
			for _, w := range p.Warnings {
				warns = append(warns, w.Message.String())
			}
			if strings.Join(fails, "|") != tt.fail || strings.Join(warns, "|") != tt.warn {
				t.Errorf("failed %q, warnings %q; want %q, %q", fails, warns, tt.fail, tt.warn)
			}
		})
	}
}

// A sidecar too large to read still makes its folder Photos, and its
// photo is imported without it; a large JSON elsewhere says nothing.
func TestUnreadSidecar(t *testing.T) {
	dir := "Takeout/Google Photos/Photos from 2018/"
	youtube := "Takeout/YouTube and YouTube Music/"
	jpeg := []byte("\xff\xd8\xff\xfe\x00\x04ab")
	tk := NewTakeout(Options{})
	p := &importers.Plan{}
	visit := func(path string, size int64, data []byte) {
		m := importers.Member{Input: "x.zip", Path: path, Size: size, ModTime: time.Date(2024, 10, 2, 10, 10, 10, 0, time.UTC)}
		tk.Visit(m, func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(string(data))), nil }, p)
	}
	visit(dir+"IMG_1.jpg", int64(len(jpeg)), jpeg)
	visit(dir+"IMG_1.jpg.json", 1<<30, nil)
	visit(youtube+"history/watch-history.json", 50<<20, nil)
	visit(youtube+"videos/clip.jpg", int64(len(jpeg)), jpeg)
	tk.Finish(p)
	if len(p.Items) != 1 || p.Items[0].Source != "x.zip!"+dir+"IMG_1.jpg" ||
		p.Items[0].Note.String() != "its Google metadata (IMG_1.jpg.json) was not read; dated from the archive's file date, a guess" {
		for _, it := range p.Items {
			t.Logf("%s: %s", it.Source, it.Note)
		}
		t.Fatalf("%d items, want the photo", len(p.Items))
	}
	want := "Google Photos metadata not read: the file is 1.0 GB uncompressed, more than the 4.0 MB takeback reads of Google Photos metadata; IMG_1.jpg is imported without it"
	if len(p.Warnings) != 1 || p.Warnings[0].Source != "x.zip!"+dir+"IMG_1.jpg.json" || p.Warnings[0].Message.String() != want {
		t.Errorf("warnings %q", p.Warnings)
	}
}

package google

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// bigCalendar is a Google-style calendar of n events: a third of them
// weekly series with an exception, the rest one-off UTC events.
func bigCalendar(n int) []byte {
	var b bytes.Buffer
	b.WriteString("BEGIN:VCALENDAR\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\nVERSION:2.0\r\nMETHOD:PUBLISH\r\n" +
		"X-WR-CALNAME:bench@gmail.com\r\nX-WR-TIMEZONE:Europe/Paris\r\n" +
		"BEGIN:VTIMEZONE\r\nTZID:Europe/Paris\r\nX-LIC-LOCATION:Europe/Paris\r\nBEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\n" +
		"TZOFFSETTO:+0100\r\nTZNAME:CET\r\nDTSTART:19701025T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n")
	for i := 0; i < n; i++ {
		day := fmt.Sprintf("2024%02d%02d", i%12+1, i%28+1)
		if i%3 == 0 {
			fmt.Fprintf(&b, "BEGIN:VEVENT\r\nDTSTART;TZID=Europe/Paris:%sT100000\r\nDTEND;TZID=Europe/Paris:%sT110000\r\n"+
				"RRULE:FREQ=WEEKLY;COUNT=10\r\nEXDATE;TZID=Europe/Paris:%sT100000\r\nDTSTAMP:20241002T101010Z\r\nUID:series-%d@google.com\r\n"+
				"ORGANIZER;CN=Alice:mailto:alice@example.com\r\nATTENDEE;CN=Bob;PARTSTAT=ACCEPTED:mailto:bob@example.com\r\n"+
				"SUMMARY:Series %d\r\nEND:VEVENT\r\n", day, day, day, i, i)
			fmt.Fprintf(&b, "BEGIN:VEVENT\r\nDTSTART;TZID=Europe/Paris:%sT120000\r\nDTEND;TZID=Europe/Paris:%sT130000\r\n"+
				"RECURRENCE-ID;TZID=Europe/Paris:%sT100000\r\nDTSTAMP:20241002T101010Z\r\nUID:series-%d@google.com\r\n"+
				"SUMMARY:Series %d (moved)\r\nEND:VEVENT\r\n", day, day, day, i, i)
			continue
		}
		fmt.Fprintf(&b, "BEGIN:VEVENT\r\nDTSTART:%sT130000Z\r\nDTEND:%sT140000Z\r\nDTSTAMP:20241002T101010Z\r\n"+
			"UID:one-%d@google.com\r\nSUMMARY:Event %d\\, with a comma\r\nDESCRIPTION:A line\\nand another\r\n"+
			"BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:This is an event reminder\r\nTRIGGER:-P0DT0H30M0S\r\nEND:VALARM\r\nEND:VEVENT\r\n", day, day, i, i)
	}
	b.WriteString("END:VCALENDAR\r\n")
	return b.Bytes()
}

// benchmarkParseCalendar splits a calendar of n events into CalDAV objects
// per iteration; ns/event should stay flat from 500 to 5,000 events
// (issue 7: near-linear).
func benchmarkParseCalendar(b *testing.B, n int) {
	data := bigCalendar(n)
	// One untimed run checks the output: b.Loop starts the timer afresh.
	f, err := ParseCalendar(bytes.NewReader(data))
	if err != nil {
		b.Fatal(err)
	}
	if len(f.Objects) != n {
		b.Fatalf("%d objects, want %d", len(f.Objects), n)
	}
	for _, o := range f.Objects {
		if !o.Skip.IsZero() || o.Data == nil {
			b.Fatalf("object %s: skip %q, %d bytes", o.UID, o.Skip, len(o.Data))
		}
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		ParseCalendar(bytes.NewReader(data))
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/event")
}

func BenchmarkParseCalendar500(b *testing.B)  { benchmarkParseCalendar(b, 500) }
func BenchmarkParseCalendar5000(b *testing.B) { benchmarkParseCalendar(b, 5_000) }

// bigContacts is n distinct Google-style cards, each also present in a
// second label folder, as Takeout writes them.
func bigContacts(n int) []ContactsFile {
	var all, friends bytes.Buffer
	for i := 0; i < n; i++ {
		card := fmt.Sprintf("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person %d\r\nN:%d;Person;;;\r\n"+
			"EMAIL;TYPE=INTERNET;TYPE=HOME:p%d@example.com\r\nitem1.EMAIL;TYPE=INTERNET:p%d@club.example.org\r\n"+
			"item1.X-ABLabel:Custom\r\nTEL;TYPE=CELL:+33 6 12 34 %02d %02d\r\nBDAY:--11%02d\r\n"+
			"NOTE:Met at the climbing gym\\, likes cake.\r\nPHOTO:https://lh3.googleusercontent.com/contacts/X%d\r\n", i, i, i, i, i%100, i/100%100, i%28+1, i)
		all.WriteString(card + "CATEGORIES:myContacts,starred,Friends\r\nEND:VCARD\r\n")
		if i%2 == 0 {
			friends.WriteString(card + "CATEGORIES:myContacts,Friends\r\nEND:VCARD\r\n")
		}
	}
	return []ContactsFile{
		{Source: "t.zip!Takeout/Contacts/All Contacts/All Contacts.vcf", Data: all.Bytes()},
		{Source: "t.zip!Takeout/Contacts/Friends/Friends.vcf", Data: friends.Bytes()},
	}
}

// benchmarkMergeContacts normalizes and merges n contacts (1.5 n cards in
// two label folders) per iteration; ns/contact should stay flat from 500 to
// 5,000 contacts (issue 7: near-linear).
func benchmarkMergeContacts(b *testing.B, n int) {
	files := bigContacts(n)
	// One untimed run checks the output: b.Loop starts the timer afresh.
	cards, warnings := MergeContacts(files)
	if len(cards) != n || len(warnings) != 0 {
		b.Fatalf("%d cards, want %d; warnings %v", len(cards), n, warnings)
	}
	b.SetBytes(int64(len(files[0].Data) + len(files[1].Data)))
	b.ReportAllocs()
	for b.Loop() {
		MergeContacts(files)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/contact")
}

func BenchmarkMergeContacts500(b *testing.B)  { benchmarkMergeContacts(b, 500) }
func BenchmarkMergeContacts5000(b *testing.B) { benchmarkMergeContacts(b, 5_000) }

// takeoutDir is the names of one Takeout directory.
type takeoutDir struct {
	sidecars []SidecarName
	media    []string
}

// sidecarTakeout is a Photos Takeout of about n names in 300 directories:
// 20 year folders of n/30 names (two thirds of the names) and 280 albums
// of n/840. Every directory grows with n, so a 10x step also grows each
// folder 10x. It returns the number of names and of media files that have
// a sidecar: all but the generator's "_nojson" files.
func sidecarTakeout(n int) (dirs []takeoutDir, names, paired int) {
	for d := 0; d < 300; d++ {
		size := n / 30
		if d >= 20 {
			size = n / 840
		}
		s, m := generatedFolder(d, size)
		dirs = append(dirs, takeoutDir{s, m})
		names += len(s) + len(m)
		for _, name := range m {
			if !strings.Contains(name, "_nojson") {
				paired++
			}
		}
	}
	return dirs, names, paired
}

// benchmarkMatchSidecars pairs every directory of a Takeout of about n
// names per iteration; ns/name should stay flat from 15k to 150k names
// (issue 7: near-linear).
func benchmarkMatchSidecars(b *testing.B, n int) {
	dirs, names, want := sidecarTakeout(n)
	// One untimed run checks the output: b.Loop starts the timer afresh.
	got := 0
	for _, d := range dirs {
		got += len(MatchSidecars(d.sidecars, d.media))
	}
	if got != want {
		b.Fatalf("%d media paired, want %d", got, want)
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, d := range dirs {
			MatchSidecars(d.sidecars, d.media)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(names), "ns/name")
}

func BenchmarkMatchSidecars15k(b *testing.B)  { benchmarkMatchSidecars(b, 15_000) }
func BenchmarkMatchSidecars150k(b *testing.B) { benchmarkMatchSidecars(b, 150_000) }

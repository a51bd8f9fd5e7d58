package google

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/emersion/go-ical"
)

func FuzzParseCalendar(f *testing.F) {
	files, err := filepath.Glob("testdata/calendar/*.ics")
	if err != nil || len(files) == 0 {
		f.Fatalf("no seed files: %v", err)
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	// Small seeds reach the branches faster than the Google-sized files.
	f.Add([]byte(calendarOf(vevent("UID:a", "X-FOO;BAR=baz"))))
	f.Add([]byte(calendarOf(vevent("DTSTART:20240101T100000Z", "RRULE:FREQ=DAILY;COUNT=2", "EXDATE:20240101T100000Z,20240102T100000Z"))))
	f.Add([]byte(calendarOf("BEGIN:VTIMEZONE\nTZID:X\nX-LIC-LOCATION:europe/paris\nBEGIN:STANDARD\nDTSTART:19700101T000000\nTZOFFSETFROM:+0100\nTZOFFSETTO:+0100\nEND:STANDARD\nEND:VTIMEZONE\n" +
		vevent("UID:a", "DTSTART;TZID=X:20240101T100000", "RRULE:FREQ=WEEKLY;UNTIL=20240201T000000Z", "EXDATE;TZID=X:20240101T100000", "ATTENDEE;CN=\"A, B\":mailto:a@b") +
		vevent("UID:a", "RECURRENCE-ID;TZID=X:20240108T100000", "SUMMARY:x\\, y\\:") + "BEGIN:VTODO\nUID:a\nEND:VTODO\n")))

	f.Fuzz(func(t *testing.T, data []byte) {
		cf, err := ParseCalendar(bytes.NewReader(data))
		if err != nil {
			return
		}
		for _, o := range cf.Objects {
			if o.Data == nil {
				if o.Skip.IsZero() {
					t.Fatalf("%q: no data and no skip reason", o.UID)
				}
				continue
			}
			cal, err := ical.NewDecoder(bytes.NewReader(o.Data)).Decode()
			if err != nil {
				t.Fatalf("%q: output does not decode: %v\n%s", o.UID, err, o.Data)
			}
			if cal.Props.Get(ical.PropMethod) != nil {
				t.Fatalf("%q: output has METHOD", o.UID)
			}
			for _, c := range cal.Children {
				if c.Name == ical.CompTimezone {
					continue
				}
				if c.Name != o.Component || len(c.Props[ical.PropUID]) != 1 || c.Props[ical.PropUID][0].Value != o.UID {
					t.Fatalf("%q: component %s with UIDs %v in a %s object", o.UID, c.Name, c.Props[ical.PropUID], o.Component)
				}
			}
		}
	})
}

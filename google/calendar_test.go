package google

import (
	"bytes"
	"io"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/emersion/go-ical"

	"github.com/takeback/takeback/internal/lang"
)

func readCalendarFixture(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile("testdata/calendar/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func parseCalendarBytes(t *testing.T, data []byte) *CalendarFile {
	t.Helper()
	f, err := ParseCalendar(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("ParseCalendar: %v", err)
	}
	for _, o := range f.Objects {
		checkCalendarObject(t, o)
	}
	return f
}

// checkCalendarObject asserts what every object must satisfy for CalDAV
// (nextcloud-api.md §6.2) and returns the decoded object.
func checkCalendarObject(t *testing.T, o CalendarObject) *ical.Calendar {
	t.Helper()
	if o.Data == nil {
		if o.Skip.IsZero() {
			t.Errorf("%s: no data and no skip reason", o.UID)
		}
		return nil
	}
	for _, line := range strings.SplitAfter(string(o.Data), "\r\n") {
		if len(line) > 77 || !utf8.ValidString(line) && utf8.ValidString(string(o.Data)) {
			t.Errorf("%s: line not folded at 75 octets or split inside a character: %q", o.UID, line)
		}
	}
	cal, err := ical.NewDecoder(bytes.NewReader(o.Data)).Decode()
	if err != nil {
		t.Fatalf("%s: go-ical cannot decode the object: %v\n%s", o.UID, err, o.Data)
	}
	if len(cal.Props[ical.PropMethod]) > 0 {
		t.Errorf("%s: object has METHOD", o.UID)
	}
	for name := range cal.Props {
		if strings.HasPrefix(name, "X-WR-") {
			t.Errorf("%s: object has %s", o.UID, name)
		}
	}
	if got := propValue(cal.Component, ical.PropProductID); got != calendarProdID {
		t.Errorf("%s: PRODID %q", o.UID, got)
	}
	if got := propValue(cal.Component, ical.PropVersion); got != "2.0" {
		t.Errorf("%s: VERSION %q", o.UID, got)
	}
	uids := map[string]bool{}
	for _, c := range cal.Children {
		if c.Name == ical.CompTimezone {
			continue
		}
		if c.Name != o.Component {
			t.Errorf("%s: %s in a %s object", o.UID, c.Name, o.Component)
		}
		for _, p := range c.Props[ical.PropUID] {
			uids[p.Value] = true
		}
	}
	if len(uids) != 1 || !uids[o.UID] {
		t.Errorf("%s: UIDs in object: %v", o.UID, uids)
	}
	checkScheduleAgent(t, o.UID, cal.Component)
	return cal
}

func checkScheduleAgent(t *testing.T, uid string, c *ical.Component) {
	t.Helper()
	for _, name := range []string{ical.PropOrganizer, ical.PropAttendee} {
		for _, p := range c.Props[name] {
			if got := p.Params.Values("SCHEDULE-AGENT"); !slices.Equal(got, []string{"CLIENT"}) {
				t.Errorf("%s: %s %s has SCHEDULE-AGENT %v", uid, name, p.Value, got)
			}
		}
	}
	for _, child := range c.Children {
		checkScheduleAgent(t, uid, child)
	}
}

func zoneIDs(cal *ical.Calendar) []string {
	var ids []string
	for _, c := range cal.Children {
		if c.Name == ical.CompTimezone {
			ids = append(ids, propValue(c, ical.PropTimezoneID))
		}
	}
	return ids
}

func components(cal *ical.Calendar) []*ical.Component {
	var out []*ical.Component
	for _, c := range cal.Children {
		if c.Name != ical.CompTimezone {
			out = append(out, c)
		}
	}
	return out
}

func unfoldICS(data []byte) string {
	return strings.ReplaceAll(string(data), "\r\n ", "")
}

func TestParseCalendarGoogle(t *testing.T) {
	data := readCalendarFixture(t, "primary.ics")
	if !bytes.Contains(data, []byte("\r\n ")) || bytes.Contains(bytes.ReplaceAll(data, []byte("\r\n"), nil), []byte("\n")) {
		t.Fatal("fixture should be CRLF and folded like Google's exports")
	}
	f := parseCalendarBytes(t, data)
	if f.Name != "gabi.example@gmail.com" || f.Timezone != "Europe/Paris" || f.Color != "" || f.Birthday {
		t.Errorf("header: %+v", f)
	}
	if tz := string(f.TimezoneData); !strings.Contains(tz, "TZID:Europe/Paris") || !strings.HasPrefix(tz, "BEGIN:VCALENDAR") {
		t.Errorf("TimezoneData = %q, want the file's Europe/Paris VTIMEZONE", tz)
	}
	if want := "Work and family, shared with the team. A description long enough for Google to fold it."; f.Description != want {
		t.Errorf("Description = %q", f.Description)
	}
	if len(f.Warnings) != 0 {
		t.Errorf("warnings: %q", f.Warnings)
	}

	paris, _ := time.LoadLocation("Europe/Paris")
	lisbon, _ := time.LoadLocation("Europe/Lisbon")
	tests := []struct {
		uid       string
		summary   string
		start     time.Time
		overrides int // components after the first
		master    bool
		zones     []string
		skip      string
	}{
		{uid: "5q1dinner0then0movie7b3c9@google.com", summary: "Dinner, then movie", start: time.Date(2024, 1, 9, 18, 0, 0, 0, time.UTC), master: true},
		// The override comes before its master in the file.
		{uid: "3vweekly0team0sync0k2m8@google.com", summary: "Team sync", start: time.Date(2024, 9, 3, 10, 0, 0, 0, paris), overrides: 1, master: true, zones: []string{"Europe/Paris"}},
		// An occurrence without its series becomes a master of its own.
		{uid: "8ninvited0series0only0override@google.com", summary: "Partner review (moved by Ana)", start: time.Date(2024, 9, 12, 14, 0, 0, 0, time.UTC), master: true},
		{uid: "2aday0trip0imported@google.com", summary: "Day trip", start: time.Date(2024, 8, 3, 0, 0, 0, 0, time.UTC), master: true},
		// All-day, DTSTART excluded, UNTIL a UTC date-time: still has 2006-2008.
		{uid: "6yanniversary0until0utc@google.com", summary: "Anniversary", start: time.Date(2005, 3, 23, 0, 0, 0, 0, time.UTC), master: true},
		{uid: "7g0gmail0invoice0attach@google.com", summary: "Invoice due", start: time.Date(2024, 4, 15, 9, 0, 0, 0, time.UTC), master: true},
		// TZID=Europe/lisbon: no VTIMEZONE of that name to copy, but the
		// start is read in Lisbon.
		{uid: "4lsurf0course0lisbon@google.com", summary: "Surf course", start: time.Date(2024, 6, 15, 9, 30, 0, 0, lisbon), master: true},
		{uid: "9ffado0night@google.com", summary: "Fado night", start: time.Date(2024, 6, 20, 20, 0, 0, 0, lisbon), master: true, zones: []string{"Europe/Lisbon"}},
		{uid: "1ccancelled0choir0series@google.com", summary: "Choir rehearsal", start: time.Date(2024, 10, 1, 18, 0, 0, 0, paris), master: true, zones: []string{"Europe/Paris"},
			skip: "the recurrence has no occurrences (every date is excluded)"},
	}
	if len(f.Objects) != len(tests) {
		var uids []string
		for _, o := range f.Objects {
			uids = append(uids, o.UID)
		}
		t.Fatalf("got %d objects, want %d: %q", len(f.Objects), len(tests), uids)
	}
	for i, tt := range tests {
		o := f.Objects[i]
		t.Run(tt.uid, func(t *testing.T) {
			if o.UID != tt.uid {
				t.Fatalf("object %d is %s", i, o.UID)
			}
			if o.Summary != tt.summary || !o.Start.Equal(tt.start) || o.Skip.String() != tt.skip || o.Component != ical.CompEvent {
				t.Errorf("got %q %v skip %q %s", o.Summary, o.Start, o.Skip, o.Component)
			}
			cal := checkCalendarObject(t, o)
			if got := zoneIDs(cal); !slices.Equal(got, tt.zones) {
				t.Errorf("VTIMEZONEs %q, want %q", got, tt.zones)
			}
			comps := components(cal)
			if len(comps) != 1+tt.overrides {
				t.Fatalf("%d components", len(comps))
			}
			for j, c := range comps {
				isMaster := c.Props.Get(ical.PropRecurrenceID) == nil
				if isMaster != (j == 0 && tt.master) {
					t.Errorf("component %d: master %v", j, isMaster)
				}
			}
		})
	}
}

// go-ical's Text() drops what follows an unescaped comma and fails on "\:"
// (google-takeout.md §6.1), so values are carried raw: they must come out
// byte for byte.
func TestParseCalendarKeepsRawValues(t *testing.T) {
	f := parseCalendarBytes(t, readCalendarFixture(t, "primary.ics"))
	all := ""
	for _, o := range f.Objects {
		all += unfoldICS(o.Data)
	}
	for _, line := range []string{
		`SUMMARY:Dinner\, then movie`,
		`DESCRIPTION:Table for two at 19:00.\nBring the tickets \: row F.\n\n-::~:~::~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~::~:~::-\nJoin with Google Meet: https://meet.google.com/abc-defg-hij\n\nLearn more about Meet at: https://support.google.com/a/users/answer/9282720`,
		`LOCATION:Café Lumière\, 12 rue de la Paix\, Paris`,
		`ATTACH;FILENAME=invoice-0415.pdf:?view=att&th=18ee2b3c4d5e6f70&attid=0.1&disp=attd&zw`,
		`X-GOOGLE-CONFERENCE:https://meet.google.com/abc-defg-hij`,
		"ACTION:EMAIL",
		`RRULE:FREQ=WEEKLY;WKST=MO;UNTIL=20241231T225959Z;INTERVAL=1;BYDAY=TU`,
		`RECURRENCE-ID;TZID=Europe/Paris:20240917T100000`,
		`DTSTART;TZID=Europe/lisbon:20240615T093000`,
		`ORGANIZER;CN=unknownorganizer@calendar.google.com;SCHEDULE-AGENT=CLIENT:mailto:unknownorganizer@calendar.google.com`,
	} {
		if !strings.Contains(all, "\r\n"+line+"\r\n") {
			t.Errorf("output lacks %s", line)
		}
	}

	desc := ical.NewProp(ical.PropDescription)
	desc.Value = `Bring the tickets \: row F.`
	if _, err := desc.Text(); err == nil {
		t.Error("go-ical's Text() accepts \\: now; the raw-value handling may be simplified")
	}

	f = parseCalendarBytes(t, []byte(calendarOf(vevent("UID:comma", "DTSTAMP:20240101T000000Z", "SUMMARY:Dinner, then movie", `DESCRIPTION:ends with a backslash\`))))
	if o := f.Objects[0]; o.Summary != "Dinner, then movie" || !strings.Contains(string(o.Data), "\r\nSUMMARY:Dinner, then movie\r\n") ||
		!strings.Contains(string(o.Data), "\r\nDESCRIPTION:ends with a backslash\\\r\n") {
		t.Errorf("got %q\n%s", o.Summary, o.Data)
	}
}

// Folded, LF-only and BOM-prefixed copies of a file give the same objects.
func TestParseCalendarInputForms(t *testing.T) {
	crlf := readCalendarFixture(t, "primary.ics")
	want := parseCalendarBytes(t, crlf)
	lf := bytes.ReplaceAll(crlf, []byte("\r\n"), []byte("\n"))
	bom := []byte("\ufeff")
	forms := map[string][]byte{
		"LF":          lf,
		"BOM":         append(bom, crlf...),
		"BOM+LF":      append(bom, lf...),
		"unfolded":    bytes.ReplaceAll(crlf, []byte("\r\n "), nil),
		"tab-folded":  bytes.ReplaceAll(crlf, []byte("\r\n "), []byte("\r\n\t")),
		"blank lines": append([]byte("\r\n\r\n"), crlf...),
	}
	for name, data := range forms {
		t.Run(name, func(t *testing.T) {
			if got := parseCalendarBytes(t, data); !reflect.DeepEqual(got, want) {
				t.Error("objects differ from the CRLF file's")
			}
		})
	}
}

func TestParseCalendarDeterministic(t *testing.T) {
	for _, name := range []string{"primary.ics", "birthdays.ics"} {
		data := readCalendarFixture(t, name)
		a, b := parseCalendarBytes(t, data), parseCalendarBytes(t, data)
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s: two parses differ", name)
		}
	}
	noUID := calendarOf(vevent("SUMMARY:Lunch", "DTSTART:20240101T120000Z") + vevent("SUMMARY:Tea", "DTSTART:20240101T160000Z"))
	a, b := parseCalendarBytes(t, []byte(noUID)), parseCalendarBytes(t, []byte(noUID))
	if !reflect.DeepEqual(a, b) {
		t.Error("derived UIDs differ between parses")
	}
}

func TestParseCalendarBirthday(t *testing.T) {
	f := parseCalendarBytes(t, readCalendarFixture(t, "birthdays.ics"))
	if !f.Birthday || f.Name != "Geburtstage von Kontakten" {
		t.Errorf("Birthday %v, Name %q", f.Birthday, f.Name)
	}
	// Per-year overrides keep their own UID; the first becomes the master.
	if len(f.Objects) != 3 || f.Objects[1].UID != "BIRTHDAY_3f9c2a7d51e0b846@google.com" {
		t.Fatalf("objects: %+v", f.Objects)
	}
	cal := checkCalendarObject(t, f.Objects[1])
	comps := components(cal)
	if len(comps) != 2 {
		t.Fatalf("the two overrides of one birthday should be one object")
	}
	// The second occurrence hangs off the promoted master through RDATE.
	rid := comps[1].Props.Get(ical.PropRecurrenceID)
	rdate := comps[0].Props.Get(ical.PropRecurrenceDates)
	if comps[0].Props.Get(ical.PropRecurrenceID) != nil || rid == nil || rdate == nil || rdate.Value != rid.Value ||
		rdate.Params.Get(ical.ParamValue) != rid.Params.Get(ical.ParamValue) {
		t.Errorf("master RECURRENCE-ID %v, RDATE %v, override RECURRENCE-ID %v", comps[0].Props.Get(ical.PropRecurrenceID), rdate, rid)
	}
	if f.Objects[1].Note.IsZero() {
		t.Error("the promotion is not noted for the user")
	}
	if !f.Objects[0].Skip.IsZero() {
		t.Errorf("master with RRULE COUNT=1 and RDATE:…Z skipped: %s", f.Objects[0].Skip)
	}

	// One birthday copied into an ordinary calendar does not make it one.
	mixed := calendarOf(
		vevent("UID:a", "DTSTAMP:20240101T000000Z", "DTSTART;VALUE=DATE:20240402", "ATTENDEE;CN=Contacts:mailto:x1y2@virtual") +
			vevent("UID:b", "DTSTAMP:20240101T000000Z", "DTSTART;VALUE=DATE:20240403"))
	if f := parseCalendarBytes(t, []byte(mixed)); f.Birthday {
		t.Error("a calendar with one birthday event taken for the birthday calendar")
	}
}

func TestParseCalendarErrors(t *testing.T) {
	tests := []struct {
		name, input, want string
	}{
		// go-ical panics on a parameter without colon (index out of
		// range); the panic must come back as an error. Such lines inside
		// a component are dropped before (TestParseCalendarDropsBrokenLines);
		// this one comes before the calendar.
		{"parameter without colon", "X-FOO;BAR=baz\r\n" + calendarOf(vevent("UID:a")), "malformed line"},
		{"no END", "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a\r\n", "ends before END:VCALENDAR"},
		{"empty", "\ufeff\r\n", "empty"},
		{"vCard", "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A\r\nEND:VCARD\r\n", "VCALENDAR"},
		{"mismatched END", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VTODO\r\nEND:VCALENDAR\r\n", "expected END"},
		{"deep nesting", strings.Repeat("BEGIN:X\r\n", 11) + strings.Repeat("END:X\r\n", 11), "nest more than 10 deep"},
		{"deep nesting, folded names", strings.Repeat("BEG\r\n IN:X\r\n", 100000), "nest more than 10 deep"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseCalendar(strings.NewReader(tt.input))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one with %q", err, tt.want)
			}
		})
	}
}

type repeatReader byte

func (r repeatReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(r)
	}
	return len(p), nil
}

func TestParseCalendarInputLimit(t *testing.T) {
	r := io.MultiReader(strings.NewReader("BEGIN:VCALENDAR\r\nX-BIG:"), io.LimitReader(repeatReader('x'), maxCalendarFile))
	if _, err := ParseCalendar(r); err == nil || !strings.Contains(err.Error(), "64 MB") {
		t.Errorf("error %v, want the 64 MB limit", err)
	}
}

func TestParseCalendarObjectLimit(t *testing.T) {
	big := "DESCRIPTION:" + strings.Repeat("0123456789", 11<<20/10)
	f := parseCalendarBytes(t, []byte(calendarOf(vevent("UID:big", "DTSTAMP:20240101T000000Z", big)+vevent("UID:small", "DTSTAMP:20240101T000000Z"))))
	if len(f.Objects) != 2 {
		t.Fatalf("%d objects", len(f.Objects))
	}
	if o := f.Objects[0]; o.Skip.String() != "larger than the 10 MB limit of Nextcloud calendars" || len(o.Data) <= maxCalendarObject {
		t.Errorf("big object: skip %q, %d bytes", o.Skip, len(o.Data))
	}
	if !f.Objects[1].Skip.IsZero() {
		t.Errorf("small object skipped: %s", f.Objects[1].Skip)
	}
}

func TestParseCalendarQuirks(t *testing.T) {
	const stamp = "DTSTAMP:20240101T000000Z"
	tests := []struct {
		name  string
		input string
		check func(t *testing.T, f *CalendarFile)
	}{
		{"components without UID", calendarOf(
			vevent("SUMMARY:Lunch", "DTSTART:20240101T120000Z", stamp) +
				vevent("SUMMARY:Tea", "DTSTART:20240101T160000Z", "DTSTAMP:20250101T000000Z")), func(t *testing.T, f *CalendarFile) {
			if len(f.Objects) != 2 || f.Objects[0].UID == f.Objects[1].UID || !strings.HasPrefix(f.Objects[0].UID, "takeback-") {
				t.Errorf("objects %+v", f.Objects)
			}
			wantWarnings(t, f, "has no UID", "has no UID")
			// The export time in DTSTAMP does not change the UID.
			again := parseCalendarBytes(t, []byte(calendarOf(vevent("SUMMARY:Lunch", "DTSTART:20240101T120000Z", "DTSTAMP:20990101T000000Z"))))
			if again.Objects[0].UID != f.Objects[0].UID {
				t.Errorf("derived UID depends on DTSTAMP")
			}
		}},
		{"identical copies", calendarOf(
			vevent("UID:a", "SUMMARY:Lunch", stamp) + vevent("UID:a", "SUMMARY:Lunch", "DTSTAMP:20250101T000000Z")), func(t *testing.T, f *CalendarFile) {
			if len(f.Objects) != 1 || len(components(checkCalendarObject(t, f.Objects[0]))) != 1 {
				t.Errorf("objects %+v", f.Objects)
			}
			wantWarnings(t, f, "appears twice")
		}},
		{"two masters for one UID", calendarOf(
			vevent("UID:a", "SUMMARY:One", stamp) + vevent("UID:a", "SUMMARY:Two", stamp) +
				vevent("UID:a", "RECURRENCE-ID:20240101T120000Z", "SUMMARY:One moved", stamp)), func(t *testing.T, f *CalendarFile) {
			if uids := objectUIDs(f); !slices.Equal(uids, []string{"a", "a-2"}) {
				t.Fatalf("UIDs %q", uids)
			}
			if f.Objects[0].Summary != "One" || f.Objects[1].Summary != "Two" || len(components(checkCalendarObject(t, f.Objects[0]))) != 2 {
				t.Errorf("objects %+v", f.Objects)
			}
			wantWarnings(t, f, "repeats the UID")
		}},
		{"event and to-do share a UID", calendarOf(
			vevent("UID:a", "SUMMARY:Event", stamp) + "BEGIN:VTODO\nUID:a\nSUMMARY:Task\n" + stamp + "\nEND:VTODO\n" +
				"BEGIN:VTODO\nUID:a-2\nSUMMARY:Other task\n" + stamp + "\nEND:VTODO\n"), func(t *testing.T, f *CalendarFile) {
			if uids := objectUIDs(f); !slices.Equal(uids, []string{"a", "a-3", "a-2"}) {
				t.Fatalf("UIDs %q", uids)
			}
			if f.Objects[0].Component != ical.CompEvent || f.Objects[1].Component != ical.CompToDo {
				t.Errorf("components %s %s", f.Objects[0].Component, f.Objects[1].Component)
			}
			wantWarnings(t, f, "shares its UID with a VEVENT")
		}},
		{"to-do with an override", calendarOf(
			"BEGIN:VTODO\nUID:t\nRECURRENCE-ID;VALUE=DATE:20240108\nDTSTART;VALUE=DATE:20240109\n" + stamp + "\nEND:VTODO\n" +
				"BEGIN:VTODO\nUID:t\nDTSTART;VALUE=DATE:20240101\nRRULE:FREQ=WEEKLY\nSUMMARY:Water plants\n" + stamp + "\nEND:VTODO\n"), func(t *testing.T, f *CalendarFile) {
			if len(f.Objects) != 1 || f.Objects[0].Component != ical.CompToDo || f.Objects[0].Summary != "Water plants" {
				t.Fatalf("objects %+v", f.Objects)
			}
			if comps := components(checkCalendarObject(t, f.Objects[0])); len(comps) != 2 || comps[0].Props.Get(ical.PropRecurrenceID) != nil {
				t.Error("master should come first")
			}
		}},
		{"SCHEDULE-AGENT replaced", calendarOf(vevent("UID:a", stamp,
			"ORGANIZER;SCHEDULE-AGENT=SERVER:mailto:me@example.com", "ATTENDEE;SCHEDULE-AGENT=NONE;CN=\"Doe, Jo\":mailto:jo@example.com")), func(t *testing.T, f *CalendarFile) {
			if !strings.Contains(string(f.Objects[0].Data), "ATTENDEE;CN=\"Doe, Jo\";SCHEDULE-AGENT=CLIENT:mailto:jo@example.com") {
				t.Errorf("got\n%s", f.Objects[0].Data)
			}
		}},
		{"missing DTSTAMP", calendarOf(
			vevent("UID:a", "LAST-MODIFIED:20230405T060708Z", "CREATED:20200101T000000Z") +
				vevent("UID:b", "DTSTART;VALUE=DATE:20240803") +
				vevent("UID:c", "DTSTART;TZID=Europe/Paris:20240803T100000")), func(t *testing.T, f *CalendarFile) {
			for i, want := range []string{"20230405T060708Z", "20240803T000000Z", "19700101T000000Z"} {
				if got := propValue(components(checkCalendarObject(t, f.Objects[i]))[0], ical.PropDateTimeStamp); got != want {
					t.Errorf("%s: DTSTAMP %s, want %s", f.Objects[i].UID, got, want)
				}
			}
		}},
		{"unreadable RRULE", calendarOf(vevent("UID:a", stamp, "DTSTART:20240101T100000Z", "RRULE:FREQ=FORTNIGHTLY", "EXDATE:20240101T100000Z")), func(t *testing.T, f *CalendarFile) {
			if !f.Objects[0].Skip.IsZero() {
				t.Errorf("skipped: %s", f.Objects[0].Skip)
			}
			wantWarnings(t, f, "cannot be read")
		}},
		{"EXDATE lists", calendarOf(vevent("UID:a", stamp, "DTSTART:20240101T100000Z", "RRULE:FREQ=DAILY;COUNT=3",
			"EXDATE:20240101T100000Z,20240102T100000Z", "EXDATE:20240103T100000Z")), func(t *testing.T, f *CalendarFile) {
			if f.Objects[0].Skip.IsZero() {
				t.Error("series with every date excluded not skipped")
			}
		}},
		{"floating EXDATE read in DTSTART's zone", calendarOf(vevent("UID:a", stamp, "DTSTART;TZID=Europe/Paris:20240101T100000",
			"RRULE:FREQ=DAILY;COUNT=2", "EXDATE:20240101T100000", "EXDATE;TZID=Europe/Paris:20240102T100000")), func(t *testing.T, f *CalendarFile) {
			if f.Objects[0].Skip.IsZero() {
				t.Error("series with every date excluded not skipped")
			}
		}},
		{"an RDATE left", calendarOf(vevent("UID:a", stamp, "DTSTART:20240101T100000Z", "RRULE:FREQ=DAILY;COUNT=1",
			"RDATE:20240301T100000Z", "EXDATE:20240101T100000Z")), func(t *testing.T, f *CalendarFile) {
			if !f.Objects[0].Skip.IsZero() {
				t.Errorf("skipped: %s", f.Objects[0].Skip)
			}
		}},
		// rrule-go never returns on this rule.
		{"sub-daily rule", calendarOf(vevent("UID:a", stamp, "DTSTART:20240101T030000Z", "RRULE:FREQ=HOURLY;INTERVAL=24;BYHOUR=5;COUNT=1",
			"EXDATE:20240101T030000Z")), func(t *testing.T, f *CalendarFile) {
			if !f.Objects[0].Skip.IsZero() {
				t.Errorf("skipped: %s", f.Objects[0].Skip)
			}
		}},
		{"time zones", calendarOf(
			"BEGIN:VTIMEZONE\nTZID:W. Europe Standard Time\nBEGIN:STANDARD\nDTSTART:16010101T000000\nTZOFFSETFROM:+0100\nTZOFFSETTO:+0100\nEND:STANDARD\nEND:VTIMEZONE\n" +
				"BEGIN:VTIMEZONE\nTZID:/mozilla.org/20050126_1/Europe/Berlin\nX-LIC-LOCATION:Europe/Berlin\nBEGIN:STANDARD\nDTSTART:19701025T030000\nTZOFFSETFROM:+0200\nTZOFFSETTO:+0100\nEND:STANDARD\nBEGIN:DAYLIGHT\nDTSTART:19700329T020000\nTZOFFSETFROM:+0100\nTZOFFSETTO:+0200\nEND:DAYLIGHT\nEND:VTIMEZONE\n" +
				"BEGIN:VTIMEZONE\nTZID:Unused\nBEGIN:STANDARD\nDTSTART:19700101T000000\nTZOFFSETFROM:+0000\nTZOFFSETTO:+0000\nEND:STANDARD\nEND:VTIMEZONE\n" +
				vevent("UID:windows", stamp, "DTSTART;TZID=W. Europe Standard Time:20240701T100000") +
				vevent("UID:mozilla", stamp, "DTSTART;TZID=/mozilla.org/20050126_1/Europe/Berlin:20240701T100000") +
				vevent("UID:nowhere", stamp, "DTSTART;TZID=Nowhere/Special:20240701T100000", "DTEND;TZID=Nowhere/Special:20240701T110000") +
				vevent("UID:alarm", stamp, "DTSTART:20240701T100000Z", "BEGIN:VALARM\nACTION:DISPLAY\nTRIGGER;VALUE=DATE-TIME;TZID=Unused:20240701T090000\nEND:VALARM")), func(t *testing.T, f *CalendarFile) {
			berlin, _ := time.LoadLocation("Europe/Berlin")
			wants := []struct {
				start time.Time
				zones []string
			}{
				{time.Date(2024, 7, 1, 9, 0, 0, 0, time.UTC), []string{"W. Europe Standard Time"}},
				{time.Date(2024, 7, 1, 10, 0, 0, 0, berlin), []string{"/mozilla.org/20050126_1/Europe/Berlin"}},
				{time.Date(2024, 7, 1, 10, 0, 0, 0, time.UTC), nil},
				{time.Date(2024, 7, 1, 10, 0, 0, 0, time.UTC), []string{"Unused"}},
			}
			for i, w := range wants {
				o := f.Objects[i]
				if !o.Start.Equal(w.start) {
					t.Errorf("%s: start %v, want %v", o.UID, o.Start, w.start)
				}
				if got := zoneIDs(checkCalendarObject(t, o)); !slices.Equal(got, w.zones) {
					t.Errorf("%s: VTIMEZONEs %q", o.UID, got)
				}
			}
			if !strings.Contains(string(f.Objects[2].Data), "DTSTART;TZID=Nowhere/Special:20240701T100000") {
				t.Error("unknown TZID not kept")
			}
			wantWarnings(t, f, `time zone "Nowhere/Special" is unknown`)
		}},
		{"malformed VTIMEZONE", calendarOf("BEGIN:VTIMEZONE\nTZID:Broken\nEND:VTIMEZONE\n" +
			vevent("UID:a", stamp, "DTSTART;TZID=Broken:20240701T100000")), func(t *testing.T, f *CalendarFile) {
			if o := f.Objects[0]; !o.Skip.IsZero() || len(zoneIDs(checkCalendarObject(t, o))) != 0 {
				t.Errorf("object %+v", o)
			}
			wantWarnings(t, f, `VTIMEZONE "Broken" is not copied`, `time zone "Broken" is unknown`)
		}},
		{"component go-ical cannot encode", calendarOf(vevent("UID:a", stamp, "SUMMARY:One", "SUMMARY:Two") + vevent("UID:b", stamp)), func(t *testing.T, f *CalendarFile) {
			if o := f.Objects[0]; o.Data != nil || !strings.Contains(o.Skip.String(), `want at most one "SUMMARY"`) {
				t.Errorf("object %+v", o)
			}
			if !f.Objects[1].Skip.IsZero() {
				t.Error("the other object is skipped too")
			}
		}},
		{"long lines folded", calendarOf(vevent("UID:a", stamp, "SUMMARY:"+strings.Repeat("Grüße aus Köln ☕ ", 20))), func(t *testing.T, f *CalendarFile) {
			comps := components(checkCalendarObject(t, f.Objects[0]))
			if got := propValue(comps[0], ical.PropSummary); got != strings.Repeat("Grüße aus Köln ☕ ", 20) {
				t.Errorf("SUMMARY after folding: %q", got)
			}
		}},
		{"calendar header", "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nX-APPLE-CALENDAR-COLOR:#1badf8ff\r\nX-WR-CALNAME:Work\\, home\r\n" +
			"BEGIN:VEVENT\r\nUID:a\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", func(t *testing.T, f *CalendarFile) {
			if f.Color != "#1BADF8" || f.Name != "Work, home" || f.Timezone != "" {
				t.Errorf("header %+v", f)
			}
			if bytes.Contains(f.Objects[0].Data, []byte("CALSCALE")) {
				t.Error("CALSCALE invented")
			}
		}},
		{"more after the calendar", calendarOf(vevent("UID:a", stamp)) + calendarOf(vevent("UID:b", stamp)) + "garbage\r\n", func(t *testing.T, f *CalendarFile) {
			if uids := objectUIDs(f); !slices.Equal(uids, []string{"a", "b"}) {
				t.Errorf("UIDs %q", uids)
			}
			wantWarnings(t, f, "more than one VCALENDAR", "ignored the end of the file")
		}},
		{"other components", calendarOf("BEGIN:VFREEBUSY\nUID:f\n" + stamp + "\nEND:VFREEBUSY\n" + vevent("UID:a", stamp)), func(t *testing.T, f *CalendarFile) {
			if uids := objectUIDs(f); !slices.Equal(uids, []string{"a"}) {
				t.Errorf("UIDs %q", uids)
			}
			wantWarnings(t, f, `ignored a "VFREEBUSY" component`)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.check(t, parseCalendarBytes(t, []byte(tt.input)))
		})
	}
}

func TestZoneResolver(t *testing.T) {
	zones := map[string]*ical.Component{}
	for _, z := range []struct{ tzid, lic, offset string }{
		{"Custom Paris", "europe/paris", "+0100"},
		{"Fixed", "", "+0530"},
	} {
		c := ical.NewComponent(ical.CompTimezone)
		c.Props.Set(&ical.Prop{Name: ical.PropTimezoneID, Params: ical.Params{}, Value: z.tzid})
		if z.lic != "" {
			c.Props.Set(&ical.Prop{Name: "X-LIC-LOCATION", Params: ical.Params{}, Value: z.lic})
		}
		std := ical.NewComponent(ical.CompTimezoneStandard)
		std.Props.Set(&ical.Prop{Name: ical.PropTimezoneOffsetTo, Params: ical.Params{}, Value: z.offset})
		c.Children = append(c.Children, std)
		zones[z.tzid] = c
	}
	tests := []struct {
		tzid, want string
		offset     int // when want is ""
	}{
		{tzid: "Europe/Paris", want: "Europe/Paris"},
		{tzid: "Europe/lisbon", want: "Europe/Lisbon"},
		{tzid: "america/new_york", want: "America/New_York"},
		{tzid: "utc", want: "UTC"},
		{tzid: "Custom Paris", want: "Europe/Paris"},
		{tzid: "fixed", offset: 5*3600 + 30*60},
		{tzid: "Local", want: "UTC"},
		{tzid: "Nowhere", want: "UTC"},
	}
	var warnings []string
	r := newZoneResolver(zones, func(s lang.Text) { warnings = append(warnings, s.String()) })
	at := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tt := range tests {
		loc := r.location(tt.tzid)
		r.location(tt.tzid)
		if tt.want != "" && loc.String() != tt.want {
			t.Errorf("%s: %s, want %s", tt.tzid, loc, tt.want)
		}
		if _, off := at.In(loc).Zone(); tt.want == "" && off != tt.offset {
			t.Errorf("%s: offset %d, want %d", tt.tzid, off, tt.offset)
		}
	}
	if len(warnings) != 2 {
		t.Errorf("warnings %q, want one for Local and one for Nowhere", warnings)
	}
}

func calendarOf(body string) string {
	s := "BEGIN:VCALENDAR\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\nVERSION:2.0\nCALSCALE:GREGORIAN\nMETHOD:PUBLISH\nX-WR-CALNAME:Test\n" + body + "END:VCALENDAR\n"
	return strings.ReplaceAll(s, "\n", "\r\n")
}

func vevent(lines ...string) string {
	return "BEGIN:VEVENT\n" + strings.Join(lines, "\n") + "\nEND:VEVENT\n"
}

func objectUIDs(f *CalendarFile) []string {
	var uids []string
	for _, o := range f.Objects {
		uids = append(uids, o.UID)
	}
	return uids
}

// wantWarnings checks that the warnings contain the parts, in order.
func wantWarnings(t *testing.T, f *CalendarFile, parts ...string) {
	t.Helper()
	if len(f.Warnings) != len(parts) {
		t.Errorf("warnings %q, want %d", f.Warnings, len(parts))
		return
	}
	for i, part := range parts {
		if !strings.Contains(f.Warnings[i].String(), part) {
			t.Errorf("warning %q lacks %q", f.Warnings[i], part)
		}
	}
}

// TestGoICALQuirks pins the go-ical behaviour that calendar.go works
// around (google-takeout.md §6.1). A failure here means go-ical changed and
// the workaround named in the message may go.
func TestGoICALQuirks(t *testing.T) {
	decode := func(s string) (cal *ical.Calendar, panicked bool, err error) {
		defer func() { panicked = recover() != nil }()
		cal, err = ical.NewDecoder(strings.NewReader(s)).Decode()
		return cal, false, err
	}
	if _, _, err := decode("\ufeff" + calendarOf(vevent("UID:a"))); err == nil {
		t.Error("go-ical accepts a BOM: stripping it is no longer needed")
	}
	if _, panicked, _ := decode(calendarOf(vevent("UID:a", "X-FOO;BAR=baz"))); !panicked {
		t.Error("go-ical no longer panics on parameters without colon: decodeOne's recover may go")
	}

	cal, _, _ := decode(calendarOf(vevent("UID:a", "DTSTAMP:20240101T000000Z", "SUMMARY:"+strings.Repeat("x", 100),
		"DTSTART;TZID=Europe/lisbon:20240101T100000", "RRULE:FREQ=DAILY;COUNT=1", "RDATE:20240105T100000Z")))
	var buf bytes.Buffer
	if err := ical.NewEncoder(&buf).Encode(cal); err != nil || !strings.Contains(buf.String(), strings.Repeat("x", 100)) {
		t.Error("go-ical's encoder folds lines now (go-ical #18): foldICS may go")
	}
	ev := cal.Children[0]
	if _, err := ev.Props.DateTime(ical.PropDateTimeStart, nil); err == nil {
		t.Error("go-ical reads TZID=Europe/lisbon now (go-ical #10): zoneResolver may be simplified")
	}
	ev.Props.Get(ical.PropDateTimeStart).Params.Del(ical.ParamTimezoneID)
	if set, err := ev.RecurrenceSet(nil); err != nil || len(set.All()) != 1 {
		t.Error("go-ical's RecurrenceSet reads RDATE now: ruleHasInstance may use it")
	}
	comma := ical.NewProp(ical.PropSummary)
	comma.Value = "Dinner, then movie"
	if s, _ := comma.Text(); s != "Dinner" {
		t.Errorf("go-ical's Text() keeps unescaped commas now (%q): unescapeText may go", s)
	}
}

func TestParseCalendarAllDay(t *testing.T) {
	f := parseCalendarBytes(t, []byte(calendarOf(
		vevent("UID:day", "DTSTAMP:20240101T000000Z", "DTSTART;VALUE=DATE:20240402", "SUMMARY:Holiday")+
			vevent("UID:timed", "DTSTAMP:20240101T000000Z", "DTSTART:20240402T093000Z", "SUMMARY:Meeting"))))
	got := map[string]bool{}
	for _, o := range f.Objects {
		got[o.UID] = o.AllDay
	}
	if len(got) != 2 || !got["day"] || got["timed"] {
		t.Errorf("all-day by UID = %v, want day: true, timed: false", got)
	}
}

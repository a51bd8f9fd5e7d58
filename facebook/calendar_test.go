package facebook

import (
	"bytes"
	"github.com/takeback/takeback/internal/contentline"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/emersion/go-ical"
)

func eventsOf(t *testing.T, files ...string) []Event {
	t.Helper()
	var all []Event
	for _, name := range files {
		all = append(all, readFixture(t, name).Events...)
	}
	return all
}

var events2021 = []string{"2021/events/your_events.json", "2021/events/your_event_responses.json", "2021/events/event_invitations.json"}

func TestMergeEvents(t *testing.T) {
	grill := Event{Name: "Grillfest 🍖", Description: "Bringt Salat mit 🥗\nUnd gute Laune; Getränke, Grill & Kohle sind da.",
		Start: utcAt(2021, 7, 3, 16, 0),
		Place: Place{Name: "Biergarten am Chinesischen Turm", Address: "Englischer Garten 3, 80538 München",
			Lat: 48.1527, Lon: 11.592, HasGeo: true},
		Created: utcAt(2021, 6, 1, 9, 12), Response: Hosting}
	want := []Event{
		{Name: "Poker Night hos gåsen", Description: "Guys, hvis I har tid lørdag aften…", Start: utcAt(2017, 3, 18, 17, 0),
			Place: Place{Name: "Broløkkevej 54", Lat: 55.38192, Lon: 10.34847, HasGeo: true}, Created: utcAt(2017, 3, 1, 12, 0), Response: Going},
		{Name: "Marché de Noël", Start: utcAt(2020, 12, 12, 9, 0), Response: Interested},
		{Name: "Soirée quiz", Start: utcAt(2021, 2, 5, 19, 0), End: utcAt(2021, 2, 5, 22, 0),
			Place: Place{Name: "Le Café des Arts", Address: "12 rue de la Paix, Paris"}, Response: Declined},
		// In your_events, events_joined and events_invited (without a
		// place): one event, Hosting, with the richest fields.
		grill,
	}
	all := eventsOf(t, events2021...)
	if got := MergeEvents(all); !reflect.DeepEqual(got, want) {
		t.Fatalf("got  %+v\nwant %+v", got, want)
	}
	// Any order of the records gives the same events and UIDs.
	r := rand.New(rand.NewPCG(1, 2))
	for range 50 {
		r.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
		if got := MergeEvents(all); !reflect.DeepEqual(got, want) {
			t.Fatalf("order %v: got %+v", all, got)
		}
	}
}

func TestMergeEvents2024(t *testing.T) {
	got := MergeEvents(eventsOf(t, "2024/your_facebook_activity/events/your_event_responses.json", "2024/your_facebook_activity/events/your_events.json"))
	if len(got) != 1 || got[0].Response != Hosting || !got[0].Place.HasGeo || got[0].Place.Address == "" || got[0].Description == "" {
		t.Errorf("got %+v, want one Hosting event with the own event's fields", got)
	}
}

func TestMergeEventsRules(t *testing.T) {
	start := utcAt(2022, 5, 1, 10, 0)
	later := start.Add(time.Hour)
	tests := []struct {
		name string
		in   []Event
		want []Event
	}{
		{"empty", nil, []Event{}},
		{"strongest response", []Event{
			{Name: "A", Start: start, Response: Invited}, {Name: "A", Start: start, Response: Declined},
			{Name: "A", Start: start, Response: Interested}, {Name: "A", Start: start, Response: Going},
		}, []Event{{Name: "A", Start: start, Response: Going}}},
		{"declined beats invited", []Event{{Name: "A", Start: start, Response: Invited}, {Name: "A", Start: start, Response: Declined}},
			[]Event{{Name: "A", Start: start, Response: Declined}}},
		{"fields from whichever record has them", []Event{
			{Name: "A", Start: start, Response: Going, Place: Place{Name: "P", HasGeo: true, Lat: 1, Lon: 2}},
			{Name: "A", Start: start, Response: Invited, End: later, Description: "d", URL: "https://e.example/",
				Created: start.Add(-time.Hour), Place: Place{Name: "P", Address: "1 Road"}},
		}, []Event{{Name: "A", Start: start, End: later, Description: "d", URL: "https://e.example/", Created: start.Add(-time.Hour),
			Place: Place{Name: "P", Address: "1 Road", HasGeo: true, Lat: 1, Lon: 2}, Response: Going}}},
		{"same name, other start: two events", []Event{{Name: "A", Start: start, Response: Going}, {Name: "A", Start: later, Response: Going}},
			[]Event{{Name: "A", Start: start, Response: Going}, {Name: "A", Start: later, Response: Going}}},
		{"same name and start, other places: two events", []Event{
			{Name: "A", Start: start, Place: Place{Name: "Paris"}, Response: Going},
			{Name: "A", Start: start, Place: Place{Name: "Lyon"}, Response: Going},
		}, []Event{{Name: "A", Start: start, Place: Place{Name: "Lyon"}, Response: Going}, {Name: "A", Start: start, Place: Place{Name: "Paris"}, Response: Going}}},
		{"an event without place cannot choose between two", []Event{
			{Name: "A", Start: start, Response: Invited},
			{Name: "A", Start: start, Place: Place{Name: "Paris"}, Response: Going},
			{Name: "A", Start: start, Place: Place{Name: "Lyon"}, Response: Going},
		}, []Event{{Name: "A", Start: start, Response: Invited}, {Name: "A", Start: start, Place: Place{Name: "Lyon"}, Response: Going},
			{Name: "A", Start: start, Place: Place{Name: "Paris"}, Response: Going}}},
		{"sorted by start then name", []Event{{Name: "B", Start: start}, {Name: "C", Start: start.Add(-time.Hour)}, {Name: "A", Start: start}},
			[]Event{{Name: "C", Start: start.Add(-time.Hour)}, {Name: "A", Start: start}, {Name: "B", Start: start}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, in := range [][]Event{tt.in, reversed(tt.in)} {
				if got := MergeEvents(in); !reflect.DeepEqual(got, tt.want) {
					t.Errorf("MergeEvents(%+v)\ngot  %+v\nwant %+v", in, got, tt.want)
				}
			}
		})
	}
}

func reversed(s []Event) []Event {
	s = slices.Clone(s)
	slices.Reverse(s)
	return s
}

func TestUID(t *testing.T) {
	e := Event{Name: "Grillfest 🍖", Start: utcAt(2021, 7, 3, 16, 0), Place: Place{Name: "Biergarten am Chinesischen Turm"}}
	// Fixed forever: a new export must find the objects of the last one.
	// Computed independently: SHA-256 over uvarint-length-prefixed
	// "facebook event", name, decimal Unix start, place name.
	const want = "facebook-45271e9c403ca1db541857ecc7f3f6e1@takeback"
	if got := UID(e); got != want {
		t.Errorf("UID = %q, want %q", got, want)
	}
	// Only the identity counts.
	other := e
	other.Description, other.End, other.Response, other.Created = "x", e.Start.Add(time.Hour), Declined, e.Start
	other.Place.Address, other.Place.HasGeo, other.Place.Lat = "addr", true, 3
	other.Start = e.Start.In(time.FixedZone("CEST", 2*3600))
	if UID(other) != UID(e) {
		t.Error("UID depends on more than name, start and place name")
	}
	seen := map[string]Event{}
	for _, v := range []Event{e, {Name: e.Name, Start: e.Start}, {Name: e.Name, Start: e.Start.Add(time.Second), Place: e.Place},
		{Name: e.Name + " ", Start: e.Start, Place: e.Place}, {Name: "a", Start: e.Start, Place: Place{Name: "b"}},
		{Name: "ab", Start: e.Start}, {Name: "", Start: e.Start, Place: Place{Name: "ab"}}} {
		uid := UID(v)
		if old, ok := seen[uid]; ok {
			t.Errorf("%+v and %+v share UID %s", old, v, uid)
		}
		seen[uid] = v
		if !strings.HasPrefix(uid, "facebook-") || !strings.HasSuffix(uid, "@takeback") || len(uid) != len(want) {
			t.Errorf("UID %q has the wrong shape", uid)
		}
	}
	// The same UIDs from the same export, whatever the order of the lists.
	a := MergeEvents(eventsOf(t, events2021...))
	b := MergeEvents(eventsOf(t, reversedNames(events2021)...))
	for i := range a {
		if UID(a[i]) != UID(b[i]) {
			t.Errorf("UID of %q changes with the order of the files", a[i].Name)
		}
	}
}

func reversedNames(s []string) []string {
	s = slices.Clone(s)
	slices.Reverse(s)
	return s
}

// decodeObject decodes an EventObject output with go-ical and checks its
// framing: one VEVENT, VERSION and PRODID only, CRLF lines of at most 75
// octets, each valid UTF-8.
func decodeObject(t testing.TB, data []byte) *ical.Component {
	t.Helper()
	if !bytes.HasSuffix(data, []byte("\r\n")) {
		t.Fatalf("output does not end in CRLF:\n%s", data)
	}
	for _, l := range strings.Split(strings.TrimSuffix(string(data), "\r\n"), "\r\n") {
		if len(l) > 75 || strings.ContainsAny(l, "\r\n") || !utf8.ValidString(l) {
			t.Fatalf("bad line %q in\n%s", l, data)
		}
	}
	cal, err := ical.NewDecoder(bytes.NewReader(data)).Decode()
	if err != nil {
		t.Fatalf("go-ical: %v\n%s", err, data)
	}
	if got := propNames(cal.Props); !slices.Equal(got, []string{"PRODID", "VERSION"}) {
		t.Fatalf("VCALENDAR properties %v", got)
	}
	if cal.Props.Get("PRODID").Value != "-//takeback//takeback//EN" || cal.Props.Get("VERSION").Value != "2.0" {
		t.Fatalf("VCALENDAR %v", cal.Props)
	}
	if len(cal.Children) != 1 || cal.Children[0].Name != ical.CompEvent || len(cal.Children[0].Children) != 0 {
		t.Fatalf("want one VEVENT, got %d components", len(cal.Children))
	}
	ev := cal.Children[0]
	for name, props := range ev.Props {
		if len(props) != 1 {
			t.Fatalf("%d %s properties", len(props), name)
		}
	}
	if err := ical.NewEncoder(&bytes.Buffer{}).Encode(cal); err != nil {
		t.Fatalf("go-ical cannot encode the decoded object: %v", err)
	}
	return ev
}

func propNames(p ical.Props) []string {
	var names []string
	for name := range p {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

func propValues(t testing.TB, ev *ical.Component) map[string]string {
	t.Helper()
	m := map[string]string{}
	for name := range ev.Props {
		m[name] = ev.Props.Get(name).Value
	}
	return m
}

func TestEventObject(t *testing.T) {
	merged := MergeEvents(eventsOf(t, events2021...))
	grill, poker, marche, quiz := merged[3], merged[0], merged[1], merged[2]
	tests := []struct {
		name string
		e    Event
		want map[string]string // raw values, as written
	}{
		{"own event merged, no end, escaped text", grill, map[string]string{
			"UID": UID(grill), "DTSTAMP": "20210601T091200Z", "CREATED": "20210601T091200Z",
			"DTSTART": "20210703T160000Z", "DTEND": "20210703T180000Z",
			"SUMMARY":     "Grillfest 🍖",
			"DESCRIPTION": `Bringt Salat mit 🥗\nUnd gute Laune\; Getränke\, Grill & Kohle sind da.\nNo end time in the Facebook export: 2 hours assumed.`,
			"LOCATION":    `Biergarten am Chinesischen Turm\, Englischer Garten 3\, 80538 München`,
			"GEO":         "48.1527;11.592", "CATEGORIES": "Hosting"}},
		{"coordinates without address", poker, map[string]string{
			"UID": UID(poker), "DTSTAMP": "20170301T120000Z", "CREATED": "20170301T120000Z",
			"DTSTART": "20170318T170000Z", "DTEND": "20170318T190000Z", "SUMMARY": "Poker Night hos gåsen",
			"DESCRIPTION": `Guys\, hvis I har tid lørdag aften…\nNo end time in the Facebook export: 2 hours assumed.`,
			"LOCATION":    "Broløkkevej 54", "GEO": "55.38192;10.34847", "CATEGORIES": "Going"}},
		{"no place, no description, no end", marche, map[string]string{
			"UID": UID(marche), "DTSTAMP": "20201212T090000Z", "DTSTART": "20201212T090000Z", "DTEND": "20201212T110000Z",
			"SUMMARY": "Marché de Noël", "DESCRIPTION": "No end time in the Facebook export: 2 hours assumed.", "CATEGORIES": "Interested"}},
		{"declined, with an end and an address, no coordinates", quiz, map[string]string{
			"UID": UID(quiz), "DTSTAMP": "20210205T190000Z", "DTSTART": "20210205T190000Z", "DTEND": "20210205T220000Z",
			"SUMMARY": "Soirée quiz", "LOCATION": `Le Café des Arts\, 12 rue de la Paix\, Paris`, "CATEGORIES": "Declined"}},
		{"URL, address only, backslashes and line breaks", Event{Name: `a\b;c,d`, Description: "one\r\ntwo\rthree\x00\x07\tfour\\n",
			Start: utcAt(2023, 1, 2, 3, 4), End: utcAt(2023, 1, 2, 5, 4), Place: Place{Address: "Main St. 1"},
			URL: "https://www.facebook.com/events/1234/?a=1;b=2", Response: Going}, map[string]string{
			"UID": UID(Event{Name: `a\b;c,d`, Start: utcAt(2023, 1, 2, 3, 4)}), "DTSTAMP": "20230102T030400Z",
			"DTSTART": "20230102T030400Z", "DTEND": "20230102T050400Z", "SUMMARY": `a\\b\;c\,d`,
			"DESCRIPTION": "one\\ntwo\\nthree\tfour\\\\n", "LOCATION": "Main St. 1", "CATEGORIES": "Going",
			"URL": "https://www.facebook.com/events/1234/?a=1;b=2"}},
		{"no name, a time zone, a bad URL", Event{Start: time.Date(2023, 1, 2, 4, 4, 0, 0, time.FixedZone("CET", 3600)),
			End: time.Date(2023, 1, 2, 6, 4, 0, 0, time.FixedZone("CET", 3600)), URL: "not a url"}, map[string]string{
			"UID": UID(Event{Start: utcAt(2023, 1, 2, 3, 4)}), "DTSTAMP": "20230102T030400Z",
			"DTSTART": "20230102T030400Z", "DTEND": "20230102T050400Z"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := EventObject(tt.e)
			ev := decodeObject(t, data)
			if got := propValues(t, ev); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %q\nwant %q\n%s", got, tt.want, data)
			}
			if !bytes.Equal(EventObject(tt.e), data) {
				t.Error("EventObject is not deterministic")
			}
			// The text reads back as it was, line breaks normalised.
			if tt.e.Name != "" {
				if s, err := ev.Props.Text(ical.PropSummary); err != nil || s != tt.e.Name {
					t.Errorf("SUMMARY reads %q, %v; want %q", s, err, tt.e.Name)
				}
			}
		})
	}
}

func TestEventObjectFolding(t *testing.T) {
	e := Event{Name: strings.Repeat("é", 100) + strings.Repeat("😁", 40) + strings.Repeat("x", 200),
		Description: strings.Repeat("Fête, ", 500), Start: utcAt(2020, 1, 1, 0, 0)}
	data := EventObject(e)
	ev := decodeObject(t, data)
	if s, _ := ev.Props.Text(ical.PropSummary); s != e.Name {
		t.Errorf("SUMMARY unfolds to %q", s)
	}
	if s, _ := ev.Props.Text(ical.PropDescription); s != e.Description+"\nNo end time in the Facebook export: 2 hours assumed." {
		t.Errorf("DESCRIPTION unfolds to %q", s)
	}
}

func TestEscapeText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"plain", "plain"},
		{`a\b`, `a\\b`},
		{"a;b,c", `a\;b\,c`},
		{"a\nb", `a\nb`},
		{"a\r\nb", `a\nb`},
		{"a\rb", `a\nb`},
		{"a\tb", "a\tb"},
		{"a\x00\x1f\x7fb", "ab"},
		{"a\xffb", "a\uFFFDb"},
		{"😁", "😁"},
	}
	for _, tt := range tests {
		if got := contentline.EscapeText(tt.in); got != tt.want {
			t.Errorf("contentline.EscapeText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestWebURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://www.facebook.com/events/1/": "https://www.facebook.com/events/1/",
		"http://example.org/a?b=c;d":         "http://example.org/a?b=c;d",
		"":                                   "",
		"www.facebook.com/events/1":          "",
		"ftp://example.org/":                 "",
		"https:///path":                      "",
		"https://example.org/a b":            "",
		"https://example.org/\r\nX:1":        "",
		"https://example.org/\xff":           "",
	} {
		if got := webURL(in); got != want {
			t.Errorf("webURL(%q) = %q, want %q", in, got, want)
		}
	}
}

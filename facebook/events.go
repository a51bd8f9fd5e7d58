package facebook

import (
	"math"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

// Event lists by top-level key (facebook-export.md §2, §3.1): the 2018
// keys have no suffix, the later ones end in _v2.
var eventLists = []struct {
	key      string
	kind     Kind
	response Response
}{
	{"your_events", KindYourEvents, Hosting},
	{"your_events_v2", KindYourEvents, Hosting},
	{"events_invited", KindEventInvitations, Invited},
	{"events_invited_v2", KindEventInvitations, Invited},
}

// The lists inside event_responses[_v2].
var responseLists = []struct {
	key      string
	response Response
}{
	{"events_joined", Going},
	{"events_interested", Interested},
	{"events_declined", Declined},
}

func parseEvents(f *File, m map[string]any) {
	for _, l := range eventLists {
		if items, ok := m[l.key].([]any); ok {
			f.recognise(l.kind)
			addEvents(f, items, l.response)
		}
	}
	for _, key := range []string{"event_responses", "event_responses_v2"} {
		if r, ok := m[key].(map[string]any); ok {
			f.recognise(KindEventResponses)
			parseResponses(f, r)
		}
	}
	// One published excerpt shows the three lists at the top level
	// (unverified): accept that nesting too.
	for _, l := range responseLists {
		if _, ok := m[l.key].([]any); ok {
			f.recognise(KindEventResponses)
			parseResponses(f, m)
			break
		}
	}
}

func parseResponses(f *File, m map[string]any) {
	for _, l := range responseLists {
		addEvents(f, list(m[l.key]), l.response)
	}
}

func addEvents(f *File, items []any, r Response) {
	for _, item := range items {
		e, ok := parseEvent(object(item), r)
		if !ok {
			f.DroppedEvents++
			continue
		}
		f.Events = append(f.Events, e)
	}
}

// parseEvent reads {name, start_timestamp, end_timestamp, place,
// description, create_timestamp}. It fails when the start is not a valid
// time.
func parseEvent(m map[string]any, r Response) (Event, bool) {
	e := Event{
		Name:        text(m["name"]),
		Description: text(m["description"]),
		Start:       stamp(m["start_timestamp"]),
		End:         stamp(m["end_timestamp"]),
		Place:       parsePlace(object(m["place"])),
		Created:     stamp(m["create_timestamp"]),
		URL:         webURL(text(m["url"])),
		Response:    r,
	}
	if e.Start.IsZero() {
		return Event{}, false
	}
	// end_timestamp 0 means no end (§3.2), and an end that is not after
	// the start is no end either: iCalendar requires DTEND > DTSTART.
	if !e.End.After(e.Start) {
		e.End = time.Time{}
	}
	return e, true
}

// parsePlace reads {name, address, coordinate{latitude, longitude}}. The
// coordinate counts only when both numbers are there, in range, and not
// both 0.
func parsePlace(m map[string]any) Place {
	p := Place{Name: text(m["name"]), Address: text(m["address"])}
	c := object(m["coordinate"])
	lat, okLat := number(c["latitude"])
	lon, okLon := number(c["longitude"])
	p.HasGeo = okLat && okLon && validGeo(lat, lon)
	if p.HasGeo {
		p.Lat, p.Lon = lat, lon
	}
	return p
}

func validGeo(lat, lon float64) bool {
	return !math.IsNaN(lat) && !math.IsNaN(lon) &&
		math.Abs(lat) <= 90 && math.Abs(lon) <= 180 && (lat != 0 || lon != 0)
}

// webURL returns s when it is an absolute http or https URL that can be
// written as an iCalendar URI, else "".
func webURL(s string) string {
	if s == "" || !utf8.ValidString(s) || strings.ContainsFunc(s, func(r rune) bool { return r <= ' ' || r == 0x7f }) {
		return ""
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return ""
	}
	return s
}

package facebook

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"github.com/takeback/takeback/internal/contentline"
	"slices"
	"strconv"
	"time"
)

const (
	calendarProdID = "-//takeback//takeback//EN"
	// defaultDuration stands in for the end Facebook did not record
	// (facebook-export.md §3.2, §8.2).
	defaultDuration = 2 * time.Hour
	noEndNote       = "No end time in the Facebook export: 2 hours assumed."
	utcFormat       = "20060102T150405Z"
)

// identity is what tells two events apart: the same event read from
// several lists shares it.
type identity struct {
	name  string
	start int64 // Unix seconds
	place string
}

func identityOf(e Event) identity {
	return identity{e.Name, e.Start.Unix(), e.Place.Name}
}

// MergeEvents keeps one event per identity (name, start, place name). An
// event found in several lists keeps the strongest response (Hosting >
// Going > Interested > Declined > Invited) and the richest fields: the
// longest description, the place's address and coordinates, the latest
// end, the earliest creation time and a URL, from whichever record has
// them.
//
// Invitations carry no place, so an event without a place joins the one
// event with the same name and start that has a place, when there is
// exactly one; with several candidates it stays on its own.
//
// The result is sorted by start, then name, then place name, and does not
// depend on the order of the input.
func MergeEvents(events []Event) []Event {
	byID := map[identity]Event{}
	for _, e := range events {
		id := identityOf(e)
		if old, ok := byID[id]; ok {
			e = mergeEvent(old, e)
		}
		byID[id] = e
	}
	placed := map[identity][]identity{} // (name, start) → identities with a place
	for id := range byID {
		if id.place != "" {
			key := identity{id.name, id.start, ""}
			placed[key] = append(placed[key], id)
		}
	}
	for id, e := range byID {
		if ids := placed[id]; id.place == "" && len(ids) == 1 {
			byID[ids[0]] = mergeEvent(byID[ids[0]], e)
			delete(byID, id)
		}
	}
	out := make([]Event, 0, len(byID))
	for _, e := range byID {
		out = append(out, e)
	}
	slices.SortFunc(out, func(a, b Event) int {
		return cmp.Or(a.Start.Compare(b.Start), cmp.Compare(a.Name, b.Name), cmp.Compare(a.Place.Name, b.Place.Name))
	})
	return out
}

// mergeEvent combines two records of one event. Each field is chosen by a
// total order, so that the result is the same whatever the order of the
// records.
func mergeEvent(a, b Event) Event {
	m := a
	if rb, ra := b.Response.rank(), a.Response.rank(); rb > ra || rb == ra && b.Response < a.Response {
		m.Response = b.Response
	}
	if b.Start.Before(a.Start) {
		m.Start = b.Start // the same second: keep the earliest instant
	}
	m.Description = richer(a.Description, b.Description)
	m.URL = richer(a.URL, b.URL)
	if b.End.After(a.End) {
		m.End = b.End
	}
	if a.Created.IsZero() || !b.Created.IsZero() && b.Created.Before(a.Created) {
		m.Created = b.Created
	}
	m.Place = mergePlace(a.Place, b.Place)
	return m
}

// richer returns the longer string, or the smaller of two as long.
func richer(a, b string) string {
	if len(b) > len(a) || len(b) == len(a) && b < a {
		return b
	}
	return a
}

func mergePlace(a, b Place) Place {
	m := Place{Name: richer(a.Name, b.Name), Address: richer(a.Address, b.Address)}
	switch {
	case a.HasGeo && b.HasGeo:
		if b.Lat < a.Lat || b.Lat == a.Lat && b.Lon < a.Lon {
			a = b
		}
		m.Lat, m.Lon, m.HasGeo = a.Lat, a.Lon, true
	case a.HasGeo:
		m.Lat, m.Lon, m.HasGeo = a.Lat, a.Lon, true
	case b.HasGeo:
		m.Lat, m.Lon, m.HasGeo = b.Lat, b.Lon, true
	}
	return m
}

// UID is deterministic, from the event's identity (name, start, place
// name): "facebook-" + 32 hex digits of a SHA-256 + "@takeback". A new
// export of the same account gives the same UIDs (facebook-export.md
// §8.2).
func UID(e Event) string {
	id := identityOf(e)
	h := sha256.New()
	for _, s := range []string{"facebook event", id.name, strconv.FormatInt(id.start, 10), id.place} {
		// Length-prefixed, so that no two identities hash the same input.
		h.Write(binary.AppendUvarint(nil, uint64(len(s))))
		h.Write([]byte(s))
	}
	return "facebook-" + hex.EncodeToString(h.Sum(nil)[:16]) + "@takeback"
}

// EventObject renders one event as a CalDAV object: a VCALENDAR (VERSION
// 2.0, takeback's PRODID) holding one VEVENT with UID, DTSTAMP (Created,
// else Start: never the clock, so that the output depends only on the
// event), DTSTART and DTEND in UTC, SUMMARY, DESCRIPTION, LOCATION (place
// name, address), GEO, CATEGORIES (the response), CREATED and URL, each
// when known. An event without an end gets DTEND = start + 2 hours, and
// its DESCRIPTION says so in one added line. No ORGANIZER nor ATTENDEE:
// the records name no one (§8.2). Lines end in CRLF and are folded at 75
// octets.
func EventObject(e Event) []byte {
	var b bytes.Buffer
	line := func(name, value string) { contentline.Fold(&b, name+":"+value) }
	stamp := e.Created
	if stamp.IsZero() {
		stamp = e.Start
	}
	end, desc := e.End, e.Description
	if !end.After(e.Start) {
		end = e.Start.Add(defaultDuration)
		if desc != "" {
			desc += "\n"
		}
		desc += noEndNote
	}

	line("BEGIN", "VCALENDAR")
	line("VERSION", "2.0")
	line("PRODID", calendarProdID)
	line("BEGIN", "VEVENT")
	line("UID", UID(e))
	line("DTSTAMP", utc(stamp))
	line("DTSTART", utc(e.Start))
	line("DTEND", utc(end))
	if e.Name != "" {
		line("SUMMARY", contentline.EscapeText(e.Name))
	}
	if desc != "" {
		line("DESCRIPTION", contentline.EscapeText(desc))
	}
	if loc := location(e.Place); loc != "" {
		line("LOCATION", contentline.EscapeText(loc))
	}
	if p := e.Place; p.HasGeo && validGeo(p.Lat, p.Lon) {
		line("GEO", geoValue(p.Lat)+";"+geoValue(p.Lon))
	}
	if e.Response != "" {
		line("CATEGORIES", contentline.EscapeText(string(e.Response)))
	}
	if !e.Created.IsZero() {
		line("CREATED", utc(e.Created))
	}
	if u := webURL(e.URL); u != "" {
		line("URL", u)
	}
	line("END", "VEVENT")
	line("END", "VCALENDAR")
	return b.Bytes()
}

func utc(t time.Time) string { return t.UTC().Format(utcFormat) }

// geoValue writes a coordinate as a FLOAT (RFC 5545 §3.3.7), without an
// exponent.
func geoValue(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// location joins the place's name and address, leaving out an address
// that repeats the name.
func location(p Place) string {
	switch {
	case p.Address == "" || p.Address == p.Name:
		return p.Name
	case p.Name == "":
		return p.Address
	}
	return p.Name + ", " + p.Address
}

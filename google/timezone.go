package google

import (
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // TZIDs must resolve on systems without a zone database

	"github.com/emersion/go-ical"

	"github.com/takeback/takeback/internal/lang"
)

// zoneResolver reads TZIDs leniently, for the times takeback itself needs
// (an object's start, recurrence checks); go-ical only knows exact IANA
// names (go-ical #10). The objects keep their TZIDs.
type zoneResolver struct {
	zones map[string]*ical.Component // VTIMEZONE by TZID
	cache map[string]*time.Location
	warn  func(lang.Text)
}

func newZoneResolver(zones map[string]*ical.Component, warn func(lang.Text)) *zoneResolver {
	return &zoneResolver{zones: zones, cache: map[string]*time.Location{}, warn: warn}
}

// location never fails: a TZID it cannot place is read as UTC, with one
// warning per TZID.
func (r *zoneResolver) location(tzid string) *time.Location {
	if loc, ok := r.cache[tzid]; ok {
		return loc
	}
	loc := r.resolve(tzid)
	if loc == nil {
		r.warn(lang.T("time zone %q is unknown; its times are read as UTC", tzid))
		loc = time.UTC
	}
	r.cache[tzid] = loc
	return loc
}

func (r *zoneResolver) resolve(tzid string) *time.Location {
	if loc := loadZone(tzid); loc != nil {
		return loc
	}
	vtz := r.zones[tzid]
	if vtz == nil {
		ids := slices.Sorted(maps.Keys(r.zones))
		if i := slices.IndexFunc(ids, func(id string) bool { return strings.EqualFold(id, tzid) }); i >= 0 {
			vtz = r.zones[ids[i]]
		}
	}
	if vtz == nil {
		return nil
	}
	if p := vtz.Props.Get("X-LIC-LOCATION"); p != nil {
		if loc := loadZone(p.Value); loc != nil {
			return loc
		}
	}
	if off, ok := fixedOffset(vtz); ok {
		return time.FixedZone(tzid, off)
	}
	return nil
}

// loadZone tries the IANA name as written, then with its case fixed:
// Google writes "Europe/lisbon" (google-takeout.md §3.2) and
// time.LoadLocation is case-sensitive.
func loadZone(name string) *time.Location {
	name = strings.TrimSpace(name)
	// LoadLocation reads "" as UTC and "Local" as this machine's zone.
	if name == "" || strings.EqualFold(name, "Local") {
		return nil
	}
	for _, n := range []string{name, titleCase(name, "/", false), titleCase(name, "/_-", true), strings.ToUpper(name)} {
		if loc, err := time.LoadLocation(n); err == nil {
			return loc
		}
	}
	return nil
}

// titleCase upper-cases the first letter after each separator, and with
// lower set lower-cases the others: "america/new_york" → "America/New_York".
func titleCase(s, seps string, lower bool) string {
	b := []byte(s)
	start := true
	for i, c := range b {
		switch {
		case strings.IndexByte(seps, c) >= 0:
			start = true
			continue
		case start && 'a' <= c && c <= 'z':
			b[i] = c - 'a' + 'A'
		case !start && lower && 'A' <= c && c <= 'Z':
			b[i] = c - 'A' + 'a'
		}
		start = false
	}
	return string(b)
}

// fixedOffset returns the VTIMEZONE's offset when all its observances share
// one, the only case a VTIMEZONE is read without a rules engine.
func fixedOffset(vtz *ical.Component) (int, bool) {
	off, found := 0, false
	for _, obs := range vtz.Children {
		p := obs.Props.Get(ical.PropTimezoneOffsetTo)
		if p == nil {
			return 0, false
		}
		o, ok := parseOffset(p.Value)
		if !ok || found && o != off {
			return 0, false
		}
		off, found = o, true
	}
	return off, found
}

// parseOffset reads a UTC-OFFSET value: "+0100", "-0530", "+013045".
func parseOffset(s string) (int, bool) {
	s = strings.TrimSpace(s)
	if len(s) != 5 && len(s) != 7 || s[0] != '+' && s[0] != '-' {
		return 0, false
	}
	n := 0
	for i, unit := range []int{3600, 60, 1}[:(len(s)-1)/2] {
		v, err := strconv.Atoi(s[1+2*i : 3+2*i])
		if err != nil || v < 0 || v > 59 && unit != 3600 {
			return 0, false
		}
		n += v * unit
	}
	if s[0] == '-' {
		n = -n
	}
	return n, true
}

// parseTime reads one DATE or DATE-TIME value of p: UTC when it ends in Z,
// in p's TZID when it has one, else in floating. A DATE is midnight in
// floating. It accepts "20131210Z", a date with a Z, from Google's
// birthday calendar (google-takeout.md §3.2).
func (r *zoneResolver) parseTime(p *ical.Prop, value string, floating *time.Location) (time.Time, error) {
	v := strings.ToUpper(strings.TrimSpace(value))
	if i := strings.IndexByte(v, '/'); i >= 0 { // PERIOD: its start
		v = v[:i]
	}
	switch {
	case len(v) == 8 || len(v) == 9 && v[8] == 'Z':
		return time.ParseInLocation("20060102", v[:8], floating)
	case len(v) == 16 && v[15] == 'Z':
		return time.Parse("20060102T150405Z", v)
	case len(v) == 15:
		loc := floating
		if tzid := p.Params.Get(ical.ParamTimezoneID); tzid != "" {
			loc = r.location(tzid)
		}
		return time.ParseInLocation("20060102T150405", v, loc)
	}
	return time.Time{}, lang.Errorf("invalid date or time %q", value)
}

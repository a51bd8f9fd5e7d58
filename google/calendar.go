package google

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/emersion/go-ical"
	"github.com/teambition/rrule-go"

	"github.com/takeback/takeback/internal/contentline"
	"github.com/takeback/takeback/internal/lang"
)

const (
	maxCalendarFile   = 64 << 20
	maxCalendarObject = 10 << 20 // Nextcloud's event_size_limit (nextcloud-api.md §6.2)
	// maxCalendarDepth bounds component nesting before go-ical decodes it
	// recursively: a stack overflow cannot be recovered.
	maxCalendarDepth = 10
	// maxRuleInterval keeps rrule-go's counters far from overflowing.
	maxRuleInterval = 10000
	calendarProdID  = "-//takeback//takeback//EN"
)

// CalendarFile is one Takeout .ics: one target calendar.
type CalendarFile struct {
	Name     string // X-WR-CALNAME, "" when missing (caller falls back to the file name)
	Timezone string // X-WR-TIMEZONE
	// TimezoneData is a VCALENDAR holding the file's VTIMEZONE for
	// Timezone, nil when the file has none.
	TimezoneData []byte
	Description  string // X-WR-CALDESC
	Color        string // "" unless the file says (X-APPLE-CALENDAR-COLOR, COLOR), as #RRGGBB
	Birthday     bool   // Google's birthday calendar ("Contacts' birthdays and events"), detected by content
	Objects      []CalendarObject
	Warnings     []lang.Text // problems with single components that were still handled
}

// CalendarObject is one CalDAV object: every component sharing one UID.
type CalendarObject struct {
	UID       string
	Component string // VEVENT, VTODO or VJOURNAL: objects never mix them
	Summary   string // master's SUMMARY, else the first component's
	// Start is the master's DTSTART (or the first override's), zero if
	// none. Dates are midnight UTC, and so are times without a zone.
	Start time.Time
	// AllDay tells that Start is a date (DTSTART;VALUE=DATE).
	AllDay bool
	Data   []byte    // the rendered VCALENDAR; nil when it cannot be encoded
	Skip   lang.Text // why this object cannot be imported; zero when it can
	Note   lang.Text // what was changed that the user should know
}

// ParseCalendar turns one Takeout .ics file into CalDAV objects, following
// google-takeout.md §3.3: one object per UID with its overrides, no METHOD
// nor X-WR-* properties, only the VTIMEZONEs it references, and
// SCHEDULE-AGENT=CLIENT so that the server mails no one. The output depends
// only on the input.
func ParseCalendar(r io.Reader) (*CalendarFile, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxCalendarFile+1))
	if err != nil {
		return nil, lang.Errorf("read calendar: %w", err)
	}
	if len(data) > maxCalendarFile {
		return nil, lang.Errorf("the calendar file is larger than %s", lang.Size(maxCalendarFile))
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff")) // go-ical rejects a BOM (google-takeout.md §6.1)
	data = bytes.TrimLeft(data, " \t\r\n")
	if err := checkNesting(data); err != nil {
		return nil, err
	}
	data, dropped := dropBrokenLines(data)

	p := &calParser{
		f:     &CalendarFile{Warnings: dropped},
		zones: map[string]*ical.Component{},
		byKey: map[string]*calGroup{},
		owner: map[string]string{},
		taken: map[string]bool{},
	}
	p.tz = newZoneResolver(p.zones, p.warn)
	cal, err := p.decode(data)
	if err != nil {
		return nil, err
	}
	p.header(cal.Props)
	items := p.collect(cal.Children)
	p.f.Birthday = isBirthdayCalendar(items)
	for _, g := range p.groups {
		p.f.Objects = append(p.f.Objects, p.render(g, cal.Props.Get(ical.PropCalendarScale)))
	}
	p.f.TimezoneData = p.timezoneCalendar()
	return p.f, nil
}

// timezoneCalendar renders the file's VTIMEZONE for X-WR-TIMEZONE, when it
// has one, as the VCALENDAR that CalDAV's calendar-timezone property holds
// (RFC 4791 §5.2.2).
func (p *calParser) timezoneCalendar() []byte {
	for _, z := range p.copies {
		if id := propValue(z, ical.PropTimezoneID); id != "" && strings.EqualFold(id, p.f.Timezone) {
			cal := newObjectCalendar(nil)
			cal.Children = []*ical.Component{z}
			var buf bytes.Buffer
			if ical.NewEncoder(&buf).Encode(cal) == nil {
				return foldICS(buf.Bytes())
			}
		}
	}
	return nil
}

type calParser struct {
	f      *CalendarFile
	zones  map[string]*ical.Component // VTIMEZONE by TZID
	copies []*ical.Component          // the VTIMEZONEs that can be copied, in file order
	tz     *zoneResolver
	groups []*calGroup
	byKey  map[string]*calGroup // by component name and UID as written
	owner  map[string]string    // UID → component name of its first group
	taken  map[string]bool      // UIDs in the file or given out
}

// calGroup is the components of one object.
type calGroup struct {
	uid       string
	kind      string
	master    *ical.Component
	overrides []*ical.Component // in file order
	seen      map[[32]byte]bool
}

func (p *calParser) warn(t lang.Text) {
	p.f.Warnings = append(p.f.Warnings, t)
}

// decode reads the first VCALENDAR and merges the components of any that
// follow it.
func (p *calParser) decode(data []byte) (*ical.Calendar, error) {
	dec := ical.NewDecoder(bytes.NewReader(data))
	cal, err := decodeOne(dec)
	switch {
	case err == io.EOF && len(data) == 0:
		return nil, lang.New("decode calendar: the file is empty")
	case err == io.EOF:
		return nil, lang.New("decode calendar: the file ends before END:VCALENDAR")
	}
	if err != nil {
		return nil, lang.Errorf("decode calendar: %w", err)
	}
	for n := 2; ; n++ {
		next, err := decodeOne(dec)
		if err == io.EOF {
			return cal, nil
		}
		if err != nil {
			p.warn(lang.T("ignored the end of the file, after END:VCALENDAR: %v", err))
			return cal, nil
		}
		if n == 2 {
			p.warn(lang.T("the file holds more than one VCALENDAR; their events are imported together"))
		}
		cal.Children = append(cal.Children, next.Children...)
	}
}

func decodeOne(dec *ical.Decoder) (cal *ical.Calendar, err error) {
	defer func() {
		// go-ical panics on some malformed lines, such as parameters
		// without a colon (google-takeout.md §6.1).
		if v := recover(); v != nil {
			cal, err = nil, lang.Errorf("malformed line: go-ical: %v", v)
		}
	}()
	return dec.Decode()
}

// checkNesting fails when components nest deeper than maxCalendarDepth. It
// unfolds lines as go-ical does, so that it counts the same BEGINs.
func checkNesting(data []byte) error {
	depth := 0
	return eachUnfolded(data, func(line []byte) error {
		name := line
		if i := bytes.IndexAny(line, ";:"); i >= 0 {
			name = line[:i]
		}
		switch {
		case bytes.EqualFold(name, []byte("BEGIN")):
			if depth++; depth > maxCalendarDepth {
				return lang.Errorf("decode calendar: components nest more than %d deep", maxCalendarDepth)
			}
		case bytes.EqualFold(name, []byte("END")) && depth > 0:
			depth--
		}
		return nil
	})
}

// eachUnfolded calls fn with every content line of data, unfolded (RFC 5545
// §3.1). The slice is only valid during the call.
func eachUnfolded(data []byte, fn func([]byte) error) error {
	var buf []byte
	started := false
	for len(data) > 0 {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		line = bytes.TrimSuffix(line, []byte("\r"))
		if started && len(line) > 0 && (line[0] == ' ' || line[0] == '\t') {
			buf = append(buf, line[1:]...)
			continue
		}
		if started {
			if err := fn(buf); err != nil {
				return err
			}
		}
		buf, started = append(buf[:0], line...), true
	}
	if started {
		return fn(buf)
	}
	return nil
}

func (p *calParser) header(props ical.Props) {
	text := func(name string) string {
		if prop := props.Get(name); prop != nil {
			return strings.TrimSpace(contentline.UnescapeText(prop.Value))
		}
		return ""
	}
	p.f.Name = text("X-WR-CALNAME")
	p.f.Timezone = text("X-WR-TIMEZONE")
	p.f.Description = text("X-WR-CALDESC")
	for _, name := range []string{"X-APPLE-CALENDAR-COLOR", ical.PropColor} {
		if c := hexColor(text(name)); c != "" {
			p.f.Color = c
			break
		}
	}
}

// hexColor returns "#RRGGBB" for "#RRGGBB" or "#RRGGBBAA", else "".
func hexColor(s string) string {
	if len(s) != 7 && len(s) != 9 || s[0] != '#' {
		return ""
	}
	if _, err := strconv.ParseUint(s[1:], 16, 32); err != nil {
		return ""
	}
	return strings.ToUpper(s[:7])
}

// collect sorts the calendar's components into VTIMEZONEs and groups, and
// returns the events, to-dos and journals in file order.
func (p *calParser) collect(children []*ical.Component) []*ical.Component {
	var items []*ical.Component
	for _, c := range children {
		switch c.Name {
		case ical.CompTimezone:
			p.addZone(c)
		case ical.CompEvent, ical.CompToDo, ical.CompJournal:
			items = append(items, c)
		default:
			p.warn(lang.T("ignored a %q component", c.Name))
		}
	}
	for _, c := range items {
		if uid := propValue(c, ical.PropUID); uid != "" {
			p.taken[uid] = true
		}
	}
	for _, c := range items {
		p.add(c)
	}
	return items
}

func (p *calParser) addZone(c *ical.Component) {
	tzid := propValue(c, ical.PropTimezoneID)
	switch {
	case tzid == "":
		p.warn(lang.T("ignored a VTIMEZONE without TZID"))
		return
	case p.zones[tzid] != nil:
		p.warn(lang.T("ignored a second VTIMEZONE %q", tzid))
		return
	}
	p.zones[tzid] = c
	cal := newObjectCalendar(nil)
	cal.Children = []*ical.Component{c}
	if err := ical.NewEncoder(io.Discard).Encode(cal); err != nil {
		p.warn(lang.T("VTIMEZONE %q is not copied into events, it is malformed: %v", tzid, err))
		return
	}
	p.copies = append(p.copies, c)
}

// add puts c into the group of its UID. A component without UID gets one
// from a hash of its content; one that cannot join its UID's object (a
// second master, another component type) gets a new UID "<uid>-2".
func (p *calParser) add(c *ical.Component) {
	sum := contentHash(c)
	uids := c.Props[ical.PropUID]
	uid := propValue(c, ical.PropUID)
	switch {
	case strings.TrimSpace(uid) == "":
		uid = "takeback-" + hex.EncodeToString(sum[:16])
		p.warn(lang.T("%s has no UID; it gets %s", describe(c, ""), uid))
	case len(uids) > 1:
		p.warn(lang.T("%s has %d UIDs; the first is kept", describe(c, uid), len(uids)))
	}

	key := c.Name + "\x00" + uid
	g := p.byKey[key]
	if g == nil {
		given := uid
		if kind, ok := p.owner[uid]; ok {
			given = p.fresh(uid)
			p.warn(lang.T("%s shares its UID with a %s; it gets %s", describe(c, uid), kind, given))
		} else {
			p.owner[uid] = c.Name
		}
		g = p.newGroup(given, c.Name)
		p.byKey[key] = g
	}
	if g.seen[sum] {
		p.warn(lang.T("%s appears twice; the copy is dropped", describe(c, uid)))
		return
	}
	g.seen[sum] = true
	switch {
	case c.Props.Get(ical.PropRecurrenceID) != nil:
		g.overrides = append(g.overrides, c)
	case g.master != nil:
		given := p.fresh(uid)
		p.warn(lang.T("%s repeats the UID of another %s; it gets %s", describe(c, uid), describe(g.master, ""), given))
		p.newGroup(given, c.Name).master = c
	default:
		g.master = c
	}
}

func (p *calParser) newGroup(uid, kind string) *calGroup {
	p.taken[uid] = true
	g := &calGroup{uid: uid, kind: kind, seen: map[[32]byte]bool{}}
	p.groups = append(p.groups, g)
	return g
}

func (p *calParser) fresh(uid string) string {
	for n := 2; ; n++ {
		if s := uid + "-" + strconv.Itoa(n); !p.taken[s] {
			return s
		}
	}
}

// render builds the object of g: master first, then its overrides.
func (p *calParser) render(g *calGroup, calscale *ical.Prop) CalendarObject {
	o := CalendarObject{UID: g.uid, Component: g.kind}
	if g.master == nil && len(g.overrides) > 0 {
		g.master, g.overrides = promote(g.overrides)
		o.Note = lang.T("an occurrence of a series that is not in the export; it is kept as an event of its own")
	}
	comps := g.overrides
	if g.master != nil {
		comps = append([]*ical.Component{g.master}, comps...)
	}
	tzids := map[string]bool{}
	for _, c := range comps {
		setUID(c, g.uid)
		ensureStamp(c)
		scheduleClient(c)
		collectTZIDs(c, tzids)
		if prop := c.Props.Get(ical.PropSummary); prop != nil && o.Summary == "" {
			o.Summary = contentline.UnescapeText(prop.Value)
		}
		if prop := c.Props.Get(ical.PropDateTimeStart); prop != nil && o.Start.IsZero() {
			if t, err := p.tz.parseTime(prop, prop.Value, time.UTC); err == nil {
				o.Start, o.AllDay = t, strings.EqualFold(prop.Params.Get(ical.ParamValue), "DATE")
			}
		}
	}

	cal := newObjectCalendar(calscale)
	for _, z := range p.copies {
		if tzids[propValue(z, ical.PropTimezoneID)] {
			cal.Children = append(cal.Children, z)
		}
	}
	cal.Children = append(cal.Children, comps...)
	var buf bytes.Buffer
	if err := ical.NewEncoder(&buf).Encode(cal); err != nil {
		o.Skip = lang.T("the object cannot be written as iCalendar: %v", err)
		return o
	}
	o.Data = foldICS(buf.Bytes())
	switch {
	case len(o.Data) > maxCalendarObject:
		o.Skip = lang.T("larger than the %s limit of Nextcloud calendars", lang.Size(maxCalendarObject))
	case g.master != nil && !p.hasInstances(g.master, describe(g.master, g.uid)):
		o.Skip = lang.T("the recurrence has no occurrences (every date is excluded)")
	}
	return o
}

// promote turns a set of occurrences whose series is missing (Google exports
// the instances of other people's series the user was invited to,
// google-takeout.md §3.2) into a series of its own: the first becomes the
// master, and the others hang off it through RDATE. RFC 4791 allows an
// object of overrides alone and Nextcloud takes it, but Radicale refuses it
// ("Main component missing"), so takeback sends what every server accepts.
func promote(overrides []*ical.Component) (*ical.Component, []*ical.Component) {
	first := overrides[0]
	master := ical.NewComponent(first.Name)
	for name, props := range first.Props {
		if name != ical.PropRecurrenceID {
			master.Props[name] = props
		}
	}
	master.Children = first.Children
	for _, c := range overrides[1:] {
		rid := c.Props.Get(ical.PropRecurrenceID)
		params := ical.Params{}
		for k, v := range rid.Params {
			if k != "RANGE" {
				params[k] = v
			}
		}
		master.Props.Add(&ical.Prop{Name: ical.PropRecurrenceDates, Params: params, Value: rid.Value})
	}
	return master, overrides[1:]
}

func newObjectCalendar(calscale *ical.Prop) *ical.Calendar {
	cal := ical.NewCalendar()
	cal.Props.Set(&ical.Prop{Name: ical.PropProductID, Params: ical.Params{}, Value: calendarProdID})
	cal.Props.Set(&ical.Prop{Name: ical.PropVersion, Params: ical.Params{}, Value: "2.0"})
	if calscale != nil {
		cal.Props.Set(calscale)
	}
	return cal
}

func setUID(c *ical.Component, uid string) {
	if uids := c.Props[ical.PropUID]; len(uids) > 0 {
		uids[0].Value = uid
		c.Props[ical.PropUID] = uids[:1]
		return
	}
	c.Props.Set(&ical.Prop{Name: ical.PropUID, Params: ical.Params{}, Value: uid})
}

// ensureStamp leaves exactly one DTSTAMP, which go-ical's encoder requires.
// A missing one comes from the component itself, never from the clock, so
// that the output depends only on the input.
func ensureStamp(c *ical.Component) {
	if stamps := c.Props[ical.PropDateTimeStamp]; len(stamps) > 0 {
		c.Props[ical.PropDateTimeStamp] = stamps[:1]
		return
	}
	stamp := "19700101T000000Z"
	for _, name := range []string{ical.PropLastModified, ical.PropCreated, ical.PropDateTimeStart} {
		if v, ok := utcStamp(propValue(c, name)); ok {
			stamp = v
			break
		}
	}
	c.Props.Set(&ical.Prop{Name: ical.PropDateTimeStamp, Params: ical.Params{}, Value: stamp})
}

// utcStamp accepts a UTC DATE-TIME as is and a DATE as its midnight UTC.
func utcStamp(v string) (string, bool) {
	if len(v) == 8 {
		v += "T000000Z"
	}
	if len(v) != 16 || v[8] != 'T' || v[15] != 'Z' {
		return "", false
	}
	_, err := time.Parse("20060102T150405Z", v)
	return v, err == nil
}

// scheduleClient sets SCHEDULE-AGENT=CLIENT on every ORGANIZER and ATTENDEE,
// so that the server sends no invitations (nextcloud-api.md §6.3).
func scheduleClient(c *ical.Component) {
	for _, name := range []string{ical.PropOrganizer, ical.PropAttendee} {
		props := c.Props[name]
		for i := range props {
			if props[i].Params == nil {
				props[i].Params = ical.Params{}
			}
			props[i].Params.Set("SCHEDULE-AGENT", "CLIENT")
		}
	}
	for _, child := range c.Children {
		scheduleClient(child)
	}
}

func collectTZIDs(c *ical.Component, ids map[string]bool) {
	for _, props := range c.Props {
		for _, prop := range props {
			for _, id := range prop.Params[ical.ParamTimezoneID] {
				ids[id] = true
			}
		}
	}
	for _, child := range c.Children {
		collectTZIDs(child, ids)
	}
}

// hasInstances reports whether a master's recurrence leaves an instance.
// Like sabre, it counts DTSTART as the first one, so that only a series
// whose DTSTART is excluded needs rrule-go, and then only until the first
// instance that is not excluded.
func (p *calParser) hasInstances(c *ical.Component, who lang.Text) bool {
	rules, rdates := c.Props[ical.PropRecurrenceRule], c.Props[ical.PropRecurrenceDates]
	start := c.Props.Get(ical.PropDateTimeStart)
	if len(rules) == 0 && len(rdates) == 0 || start == nil {
		return true
	}
	dtstart, err := p.tz.parseTime(start, start.Value, time.UTC)
	if err != nil {
		return true
	}
	// An EXDATE or RDATE without zone is read in DTSTART's.
	floating := dtstart.Location()
	excluded := map[int64]bool{}
	var exdates []time.Time
	for _, prop := range c.Props[ical.PropExceptionDates] {
		// go-ical does not split value lists (google-takeout.md §6.1).
		for _, v := range strings.Split(prop.Value, ",") {
			if t, err := p.tz.parseTime(&prop, v, floating); err == nil {
				excluded[t.Unix()] = true
				exdates = append(exdates, t)
			}
		}
	}
	if !excluded[dtstart.Unix()] {
		return true
	}
	for _, prop := range rdates {
		for _, v := range strings.Split(prop.Value, ",") {
			if t, err := p.tz.parseTime(&prop, v, floating); err != nil || !excluded[t.Unix()] {
				return true
			}
		}
	}
	for _, rule := range rules {
		ok, err := ruleHasInstance(rule.Value, dtstart, exdates)
		if err != nil {
			p.warn(lang.T("%s: the RRULE %q cannot be read, so whether it has occurrences was not checked: %v", who, rule.Value, err))
			return true
		}
		if ok {
			return true
		}
	}
	return false
}

// ruleHasInstance reports whether the rule yields a time that is not in
// exdates. Rules that rrule-go cannot bound are assumed to have one.
func ruleHasInstance(rule string, dtstart time.Time, exdates []time.Time) (ok bool, err error) {
	defer func() {
		if v := recover(); v != nil {
			ok, err = false, fmt.Errorf("rrule-go: %v", v) //lang:data (a library's panic, shown as it is)
		}
	}()
	opt, err := rrule.StrToROptionInLocation(strings.ToUpper(rule), dtstart.Location())
	if err != nil {
		return false, err
	}
	// rrule-go loops forever on a sub-daily rule whose BYHOUR it never
	// reaches (FREQ=HOURLY;INTERVAL=24;BYHOUR=5); Google writes none.
	if opt.Freq > rrule.DAILY || opt.Interval > maxRuleInterval {
		return true, nil
	}
	opt.Dtstart = dtstart
	r, err := rrule.NewRRule(*opt)
	if err != nil {
		return false, err
	}
	// Built by hand: the pinned go-ical's RecurrenceSet reads EXDATE as
	// RDATE (google-takeout.md §6.1).
	var set rrule.Set
	set.RRule(r)
	set.SetExDates(exdates)
	_, ok = set.Iterator()()
	return ok, nil
}

// isBirthdayCalendar recognises Google's birthday calendar by its events,
// since its name is localised: every event carries an attendee at
// "@virtual" (the contact) or the cake icon (google-takeout.md §3.2).
// Requiring every event keeps a calendar with one copied birthday out.
func isBirthdayCalendar(items []*ical.Component) bool {
	events := 0
	for _, c := range items {
		if c.Name != ical.CompEvent {
			continue
		}
		events++
		marked := strings.Contains(strings.ToLower(propValue(c, "X-GOOGLE-CALENDAR-CONTENT-ICON")), "cake")
		for _, a := range c.Props[ical.PropAttendee] {
			marked = marked || strings.HasSuffix(strings.ToLower(strings.TrimSpace(a.Value)), "@virtual")
		}
		if !marked {
			return false
		}
	}
	return events > 0
}

func propValue(c *ical.Component, name string) string {
	if prop := c.Props.Get(name); prop != nil {
		return prop.Value
	}
	return ""
}

// describe names a component for a warning: `event "Lunch" (UID x)`,
// without the UID when uid is "".
func describe(c *ical.Component, uid string) lang.Text {
	summary := contentline.UnescapeText(propValue(c, ical.PropSummary))
	var what lang.Text
	switch c.Name {
	case ical.CompEvent:
		what = lang.T("event %q", summary)
	case ical.CompToDo:
		what = lang.T("to-do %q", summary)
	default:
		what = lang.T("journal entry %q", summary)
	}
	if uid == "" {
		return what
	}
	return lang.T("%s (UID %s)", what, uid)
}

// contentHash identifies a component by its content, DTSTAMP aside: Google
// sets DTSTAMP to the export time, and a derived UID must survive a new
// export.
func contentHash(c *ical.Component) [32]byte {
	h := sha256.New()
	hashComponent(h, c)
	var sum [32]byte
	h.Sum(sum[:0])
	return sum
}

func hashComponent(h hash.Hash, c *ical.Component) {
	fmt.Fprintf(h, "BEGIN:%q\n", c.Name) //lang:data
	for _, name := range slices.Sorted(maps.Keys(c.Props)) {
		if name == ical.PropDateTimeStamp {
			continue
		}
		for _, prop := range c.Props[name] {
			fmt.Fprintf(h, "%q", prop.Name)
			for _, k := range slices.Sorted(maps.Keys(prop.Params)) {
				fmt.Fprintf(h, ";%q=%q", k, prop.Params[k])
			}
			fmt.Fprintf(h, ":%q\n", prop.Value)
		}
	}
	for _, child := range c.Children {
		hashComponent(h, child)
	}
	fmt.Fprintf(h, "END\n") //lang:data
}

// foldICS folds lines at 75 octets (RFC 5545 §3.1), which go-ical's encoder
// does not do (go-ical #18), without splitting a UTF-8 sequence.
func foldICS(data []byte) []byte {
	var out bytes.Buffer
	out.Grow(len(data) + len(data)/24)
	for _, line := range strings.SplitAfter(string(data), "\r\n") {
		if line = strings.TrimSuffix(line, "\r\n"); line != "" {
			contentline.Fold(&out, line)
		}
	}
	return out.Bytes()
}

package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/emersion/go-ical"
	"github.com/emersion/go-webdav"
	"github.com/emersion/go-webdav/caldav"
	"github.com/emersion/go-webdav/carddav"

	"github.com/takeback/takeback/fixtures"
	"github.com/takeback/takeback/internal/servers"
	"github.com/takeback/takeback/nextcloud/double"
)

// testSecrets are the passwords the test servers use. No output of any
// test may contain one (issue 6): every run of the command line and every
// report read by a test is checked.
var testSecrets = []string{"secret-pa55", double.Password, "wrong-password-123"}

func noTestSecrets(t *testing.T, what string, texts ...string) {
	t.Helper()
	for _, text := range texts {
		for _, s := range testSecrets {
			if strings.Contains(text, s) {
				t.Errorf("%s holds a password", what)
			}
		}
	}
}

// takeback runs the command line in-process, in English, and returns its
// exit status and output.
func takeback(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	return takebackIn(t, nil, args...)
}

// takebackIn is takeback with these locale variables (LANG…).
func takebackIn(t *testing.T, locale map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(append([]string{"takeback"}, args...), &out, &errOut, testEnv(locale))
	noTestSecrets(t, "the output of takeback "+strings.Join(args, " "), out.String(), errOut.String())
	return code, out.String(), errOut.String()
}

func jsonLines(t *testing.T, data string) []map[string]any {
	t.Helper()
	var lines []map[string]any
	sc := bufio.NewScanner(strings.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("not JSON: %q: %v", sc.Text(), err)
		}
		lines = append(lines, m)
	}
	return lines
}

func readReport(t *testing.T, path string) []map[string]any {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	noTestSecrets(t, "the report "+path, string(b))
	return jsonLines(t, string(b))
}

func outcomes(report []map[string]any) map[string]int {
	n := map[string]int{}
	for _, r := range report {
		n[r["outcome"].(string)]++
	}
	return n
}

// expectedUIDs reads the preview: the UIDs of the events and contacts that
// should reach the server.
func expectedUIDs(t *testing.T, archives []string) (events, contacts []string) {
	code, out, errOut := takeback(t, append([]string{"preview", "--json"}, archives...)...)
	if code != 0 {
		t.Fatalf("preview exited %d: %s", code, errOut)
	}
	for _, l := range jsonLines(t, out) {
		if l["type"] != "item" || l["status"] != "new" {
			continue
		}
		switch l["kind"] {
		case "event":
			events = append(events, l["uid"].(string))
		case "contact":
			contacts = append(contacts, l["uid"].(string))
		}
	}
	sort.Strings(events)
	sort.Strings(contacts)
	return events, contacts
}

// serverState reads back everything on the server.
type serverState struct {
	calendars map[string][]*ical.Calendar // by display name
	cards     map[string][]carddav.AddressObject
}

// radicaleCalendars lists the user's calendars on Radicale, with a client
// to read them.
func radicaleCalendars(t *testing.T, r *servers.RadicaleServer) (*caldav.Client, []caldav.Calendar) {
	t.Helper()
	ctx := context.Background()
	cc, err := caldav.NewClient(webdav.HTTPClientWithBasicAuth(nil, r.User, r.Password), r.URL)
	if err != nil {
		t.Fatal(err)
	}
	principal, err := cc.FindCurrentUserPrincipal(ctx)
	if err != nil {
		t.Fatal(err)
	}
	home, err := cc.FindCalendarHomeSet(ctx, principal)
	if err != nil {
		t.Fatal(err)
	}
	cals, err := cc.FindCalendars(ctx, home)
	if err != nil {
		t.Fatal(err)
	}
	return cc, cals
}

func readServer(t *testing.T, r *servers.RadicaleServer) serverState {
	t.Helper()
	ctx := context.Background()
	hc := webdav.HTTPClientWithBasicAuth(nil, r.User, r.Password)
	st := serverState{calendars: map[string][]*ical.Calendar{}, cards: map[string][]carddav.AddressObject{}}

	cc, cals := radicaleCalendars(t, r)
	for _, cal := range cals {
		objs, err := cc.QueryCalendar(ctx, cal.Path, &caldav.CalendarQuery{
			CompRequest: caldav.CalendarCompRequest{Name: "VCALENDAR", AllProps: true, AllComps: true},
			CompFilter:  caldav.CompFilter{Name: "VCALENDAR"},
		})
		if err != nil {
			t.Fatalf("query %s: %v", cal.Path, err)
		}
		st.calendars[cal.Name] = nil
		for _, o := range objs {
			st.calendars[cal.Name] = append(st.calendars[cal.Name], o.Data)
		}
	}

	ac, err := carddav.NewClient(hc, r.URL)
	if err != nil {
		t.Fatal(err)
	}
	principal, err := ac.FindCurrentUserPrincipal(ctx)
	if err != nil {
		t.Fatal(err)
	}
	bookHome, err := ac.FindAddressBookHomeSet(ctx, principal)
	if err != nil {
		t.Fatal(err)
	}
	books, err := ac.FindAddressBooks(ctx, bookHome)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range books {
		objs, err := ac.QueryAddressBook(ctx, b.Path, &carddav.AddressBookQuery{DataRequest: carddav.AddressDataRequest{AllProp: true}})
		if err != nil {
			t.Fatalf("query %s: %v", b.Path, err)
		}
		st.cards[b.Name] = objs
	}
	return st
}

func (st serverState) eventUIDs(t *testing.T) []string {
	var uids []string
	for name, objs := range st.calendars {
		for _, cal := range objs {
			if cal.Props.Get("METHOD") != nil {
				t.Errorf("calendar %q: an object carries METHOD", name)
			}
			seen := map[string]bool{}
			for _, comp := range cal.Children {
				if comp.Name == ical.CompTimezone {
					continue
				}
				uid, _ := comp.Props.Text(ical.PropUID)
				seen[uid] = true
			}
			if len(seen) != 1 {
				t.Errorf("calendar %q: an object mixes UIDs %v", name, seen)
			}
			for uid := range seen {
				uids = append(uids, uid)
			}
		}
	}
	sort.Strings(uids)
	return uids
}

func (st serverState) cardUIDs() []string {
	var uids []string
	for _, objs := range st.cards {
		for _, o := range objs {
			uids = append(uids, o.Card.Value("UID"))
		}
	}
	sort.Strings(uids)
	return uids
}

func TestImportIntoRadicale(t *testing.T) {
	r := servers.Radicale(t)
	dir := t.TempDir()
	archives, err := fixtures.Takeout{Parts: 2}.Write(dir)
	if err != nil {
		t.Fatal(err)
	}
	wantEvents, wantCards := expectedUIDs(t, archives)
	if len(wantEvents) == 0 || len(wantCards) != 6 {
		t.Fatalf("preview found %d events and %d contacts, want some events and 6 contacts", len(wantEvents), len(wantCards))
	}
	t.Setenv("TAKEBACK_PASSWORD", r.Password)
	report := filepath.Join(dir, "report.jsonl")
	args := append([]string{"import", "--caldav", r.URL, "--carddav", r.URL, "--user", r.User, "--report", report}, archives...)

	code, out, errOut := takeback(t, args...)
	if code != 0 {
		t.Fatalf("import exited %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	first := readReport(t, report)
	n := outcomes(first)
	if n["imported"] != len(wantEvents)+len(wantCards) || n["failed"] != 0 || n["present"] != 0 {
		t.Errorf("first run outcomes %v, want %d imported", n, len(wantEvents)+len(wantCards))
	}
	for _, res := range first {
		if res["outcome"] == "skipped" && res["reason"] == "" {
			t.Errorf("skipped without a reason: %v", res)
		}
	}
	if !strings.Contains(out, " events imported") || !strings.Contains(out, " contacts imported") {
		t.Errorf("summary lacks the counts:\n%s", out)
	}
	if strings.Contains(out+errOut, r.Password) {
		t.Error("the password appears in the output")
	}

	st := readServer(t, r)
	if got := st.eventUIDs(t); strings.Join(got, " ") != strings.Join(wantEvents, " ") {
		t.Errorf("events on the server:\n%v\nwant:\n%v", got, wantEvents)
	}
	if got := st.cardUIDs(); strings.Join(got, " ") != strings.Join(wantCards, " ") {
		t.Errorf("cards on the server:\n%v\nwant:\n%v", got, wantCards)
	}
	checkCalendars(t, st)
	checkContacts(t, st)

	// A second run uploads nothing new.
	code, out, errOut = takeback(t, args...)
	if code != 0 {
		t.Fatalf("re-import exited %d\n%s\n%s", code, out, errOut)
	}
	second := outcomes(readReport(t, report))
	if second["imported"] != 0 || second["present"] != n["imported"] || second["skipped"] != n["skipped"] {
		t.Errorf("second run outcomes %v after first run %v: want everything present", second, n)
	}
	again := readServer(t, r)
	if len(again.eventUIDs(t)) != len(wantEvents) || len(again.cardUIDs()) != len(wantCards) {
		t.Error("the second run changed the number of objects on the server")
	}
}

func checkCalendars(t *testing.T, st serverState) {
	t.Helper()
	var names []string
	for name := range st.calendars {
		names = append(names, name)
	}
	sort.Strings(names)
	if strings.Join(names, ",") != "Work,alice@example.com" {
		t.Errorf("calendars %v, want Work and alice@example.com (no birthday calendar)", names)
	}
	for _, cal := range st.calendars["alice@example.com"] {
		var events []*ical.Component
		for _, c := range cal.Children {
			if c.Name == ical.CompEvent {
				events = append(events, c)
			}
		}
		uid, _ := events[0].Props.Text(ical.PropUID)
		switch uid {
		case fixtures.UIDWeekly:
			if len(events) != 3 {
				t.Errorf("the weekly series has %d components, want the master and its 2 exceptions together", len(events))
			}
			if !hasTimezone(cal, "Europe/Paris") {
				t.Error("the weekly series lacks its VTIMEZONE")
			}
			if p := events[0].Props.Get(ical.PropDateTimeStart); p == nil || p.Params.Get("TZID") != "Europe/Paris" {
				t.Errorf("DTSTART lost its TZID: %v", p)
			}
		case fixtures.UIDOrphan:
			// Radicale refuses a lone occurrence, so it arrives as an event
			// of its own (google.promote).
			if len(events) != 1 || events[0].Props.Get(ical.PropRecurrenceID) != nil {
				t.Error("the occurrence without its series is not an event of its own")
			}
		case fixtures.UIDCancelled:
			t.Error("the series with no occurrences was uploaded")
		}
		for _, ev := range events {
			for _, name := range []string{ical.PropOrganizer, ical.PropAttendee} {
				for _, p := range ev.Props.Values(name) {
					if p.Params.Get("SCHEDULE-AGENT") != "CLIENT" {
						t.Errorf("%s %s lacks SCHEDULE-AGENT=CLIENT", uid, name)
					}
				}
			}
		}
	}
}

func hasTimezone(cal *ical.Calendar, tzid string) bool {
	for _, c := range cal.Children {
		if c.Name == ical.CompTimezone {
			if id, _ := c.Props.Text(ical.PropTimezoneID); id == tzid {
				return true
			}
		}
	}
	return false
}

func checkContacts(t *testing.T, st serverState) {
	t.Helper()
	cards, ok := st.cards["Google Contacts"]
	if !ok || len(st.cards) != 1 {
		t.Fatalf("address books %v, want one named Google Contacts", st.cards)
	}
	byName := map[string]carddav.AddressObject{}
	for _, o := range cards {
		if fns := o.Card["FN"]; len(fns) != 1 {
			t.Errorf("card %s has %d FN", o.Card.Value("UID"), len(fns))
		}
		byName[o.Card.Value("FN")] = o
	}
	bob, ok := byName["Bob Dupont"]
	if !ok {
		t.Fatalf("Bob is missing: %v", byName)
	}
	if got := strings.Join(bob.Card.Categories(), ","); got != "starred,Friends" {
		t.Errorf("Bob's categories %q, want the labels merged without myContacts", got)
	}
	if bob.Card.Value("BDAY") != "--1102" || bob.Card.Get("PHOTO") != nil {
		t.Errorf("Bob: BDAY %q, PHOTO %v", bob.Card.Value("BDAY"), bob.Card.Get("PHOTO"))
	}
	if _, ok := byName["Claire Anne Martin"]; !ok {
		if _, ok := byName["Dr. Claire Anne Martin"]; !ok {
			t.Errorf("the card without FN did not get one from N: %v", keys(byName))
		}
	}
	if _, ok := byName["Renée Françoise Lefèvre"]; !ok {
		t.Errorf("the vCard 2.1 card was not converted: %v", keys(byName))
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

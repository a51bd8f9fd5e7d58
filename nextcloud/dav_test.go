package nextcloud_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/emersion/go-ical"
	"github.com/emersion/go-webdav"
	"github.com/emersion/go-webdav/caldav"
	"github.com/emersion/go-webdav/carddav"
	"github.com/takeback/takeback/importers"
	"github.com/takeback/takeback/internal/servers"
	"github.com/takeback/takeback/nextcloud"
)

func connect(t *testing.T, r *servers.RadicaleServer, into ...string) *nextcloud.DAV {
	t.Helper()
	d, err := nextcloud.New(context.Background(), nextcloud.Options{
		Server: r.URL, User: r.User, Password: r.Password, Into: into, Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func httpClient(r *servers.RadicaleServer) webdav.HTTPClient {
	return webdav.HTTPClientWithBasicAuth(nil, r.User, r.Password)
}

// mkcalendar makes a calendar the way a user's own client would.
func mkcalendar(t *testing.T, r *servers.RadicaleServer, uri, name string) {
	t.Helper()
	body := fmt.Sprintf(`<?xml version="1.0"?><c:mkcalendar xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">`+
		`<d:set><d:prop><d:displayname>%s</d:displayname><c:supported-calendar-component-set><c:comp name="VEVENT"/>`+
		`</c:supported-calendar-component-set></d:prop></d:set></c:mkcalendar>`, name)
	req, _ := http.NewRequest("MKCALENDAR", r.URL+"/"+r.User+"/"+uri+"/", strings.NewReader(body))
	resp, err := httpClient(r).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("MKCALENDAR %s: %s", uri, resp.Status)
	}
}

func calendarsOf(t *testing.T, r *servers.RadicaleServer) []caldav.Calendar {
	t.Helper()
	cc, err := caldav.NewClient(httpClient(r), r.URL)
	if err != nil {
		t.Fatal(err)
	}
	cals, err := cc.FindCalendars(context.Background(), "/"+r.User+"/")
	if err != nil {
		t.Fatal(err)
	}
	return cals
}

func TestEnsureCalendar(t *testing.T) {
	ctx := context.Background()
	r := servers.Radicale(t)
	d := connect(t, r)
	c := &importers.Collection{Kind: importers.Calendar, ID: "google-work", Name: "Work & Play",
		Description: "From Google <Takeout>", Color: "#3366cc", Timezone: "Europe/Paris",
		TimezoneData: []byte(parisZone), Components: []string{"VEVENT", "VTODO"}}
	if err := d.Ensure(ctx, c); err != nil {
		t.Fatal(err)
	}
	wantURL := r.URL + "/alice/google-work/"
	if got := d.CollectionURL(c); got != wantURL {
		t.Errorf("collection URL %q, want %q", got, wantURL)
	}
	cals := calendarsOf(t, r)
	if len(cals) != 1 {
		t.Fatalf("%d calendars, want 1: %+v", len(cals), cals)
	}
	cal := cals[0]
	if cal.Path != "/alice/google-work/" || cal.Name != c.Name || cal.Description != c.Description ||
		!slices.Equal(cal.SupportedComponentSet, []string{"VEVENT", "VTODO"}) {
		t.Errorf("calendar read back as %+v", cal)
	}

	props := propfind(t, r, "/alice/google-work/", `<c:calendar-timezone/><a:calendar-color/>`)
	if !strings.Contains(props, "TZID:Europe/Paris") || !strings.Contains(props, "#3366CC") {
		t.Errorf("time zone or colour not set:\n%s", props)
	}

	// A second run finds the calendar it made.
	d2 := connect(t, r)
	if err := d2.Ensure(ctx, c); err != nil {
		t.Fatal(err)
	}
	if got := d2.CollectionURL(c); got != wantURL {
		t.Errorf("second run: collection URL %q, want %q", got, wantURL)
	}
	if n := len(calendarsOf(t, r)); n != 1 {
		t.Errorf("second run: %d calendars, want 1", n)
	}
}

func TestEnsureCalendarNameTaken(t *testing.T) {
	ctx := context.Background()
	r := servers.Radicale(t)
	mkcalendar(t, r, "my-own", "Personal")
	c := &importers.Collection{Kind: importers.Calendar, ID: "google-personal", Name: "Personal"}

	err := connect(t, r).Ensure(ctx, c)
	if err == nil {
		t.Fatal("Ensure used the user's own calendar without --into")
	}
	if want := `a calendar named "Personal" already exists; pass --into "Personal" to add to it`; err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
	if importers.IsFatal(err) {
		t.Error("a name clash is fatal; it should fail this calendar only")
	}

	d := connect(t, r, "Personal")
	if err := d.Ensure(ctx, c); err != nil {
		t.Fatal(err)
	}
	if got, want := d.CollectionURL(c), r.URL+"/alice/my-own/"; got != want {
		t.Errorf("with --into: collection URL %q, want %q", got, want)
	}
	if n := len(calendarsOf(t, r)); n != 1 {
		t.Errorf("with --into: %d calendars, want 1", n)
	}

	// Tasks cannot go into an events-only calendar.
	tasks := &importers.Collection{Kind: importers.Calendar, ID: "google-tasks", Name: "Personal", Components: []string{"VTODO"}}
	if err := d.Ensure(ctx, tasks); err == nil || !strings.Contains(err.Error(), "accepts only VEVENT") {
		t.Errorf("tasks into an events-only calendar: error %v", err)
	}
}

const event = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//takeback//test//EN\r\n" +
	"BEGIN:VEVENT\r\nUID:%s\r\nDTSTAMP:20240101T000000Z\r\nDTSTART:20240102T100000Z\r\n" +
	"DTEND:20240102T110000Z\r\nSUMMARY:Dentist\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"

func eventItem(c *importers.Collection, uid, name string) *importers.Item {
	if name == "" {
		name = importers.ResourceName(uid, ".ics")
	}
	return &importers.Item{Kind: importers.Event, Collection: c, Name: name, UID: uid,
		Title: "Dentist", Body: []byte(fmt.Sprintf(event, uid))}
}

func TestPutEvent(t *testing.T) {
	ctx := context.Background()
	r := servers.Radicale(t)
	d := connect(t, r)
	c := &importers.Collection{Kind: importers.Calendar, ID: "google-work", Name: "Work"}
	if err := d.Ensure(ctx, c); err != nil {
		t.Fatal(err)
	}
	const uid = "abc/123@google.com"
	it := eventItem(c, uid, "")

	// Radicale: 201, then 412 for the same name.
	for i, want := range []importers.Outcome{importers.Imported, importers.Present} {
		o, note, err := d.Put(ctx, it)
		if err != nil || o != want {
			t.Fatalf("put %d: %v %q %v, want %v", i+1, o, note, err, want)
		}
	}
	// Radicale: 409 with <C:no-uid-conflict/> for the same UID elsewhere.
	o, note, err := d.Put(ctx, eventItem(c, uid, "another-name.ics"))
	if err != nil || o != importers.Present || note.String() != "already in the calendar under another name" {
		t.Errorf("same UID, other name: %v %q %v", o, note, err)
	}

	cc, err := caldav.NewClient(httpClient(r), r.URL)
	if err != nil {
		t.Fatal(err)
	}
	obj, err := cc.GetCalendarObject(ctx, "/alice/google-work/"+it.Name)
	if err != nil {
		t.Fatal(err)
	}
	if got := eventUID(t, obj.Data); got != uid {
		t.Errorf("read back UID %q, want %q", got, uid)
	}
	objs, err := cc.QueryCalendar(ctx, "/alice/google-work/", &caldav.CalendarQuery{
		CompRequest: caldav.CalendarCompRequest{Name: "VCALENDAR", AllProps: true, AllComps: true},
		CompFilter:  caldav.CompFilter{Name: "VCALENDAR", Comps: []caldav.CompFilter{{Name: "VEVENT"}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(objs) != 1 || eventUID(t, objs[0].Data) != uid {
		t.Errorf("query found %d objects, want the one with UID %q", len(objs), uid)
	}

	// Radicale: 400 "Bad Request" for data it cannot parse.
	bad := &importers.Item{Kind: importers.Event, Collection: c, Name: "bad.ics", Body: []byte("garbage")}
	o, _, err = d.Put(ctx, bad)
	if err == nil || o != importers.Failed || importers.IsFatal(err) || !strings.Contains(err.Error(), "400") {
		t.Errorf("garbage: %v %v, want a non-fatal failure mentioning 400", o, err)
	}
}

func eventUID(t *testing.T, cal *ical.Calendar) string {
	t.Helper()
	for _, ev := range cal.Events() {
		uid, err := ev.Props.Text(ical.PropUID)
		if err != nil {
			t.Fatal(err)
		}
		return uid
	}
	t.Fatal("no event")
	return ""
}

const card = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:%s\r\nFN:Ada Lovelace\r\nN:Lovelace;Ada;;;\r\n" +
	"EMAIL;TYPE=INTERNET:ada@example.com\r\nEND:VCARD\r\n"

func TestPutContact(t *testing.T) {
	ctx := context.Background()
	r := servers.Radicale(t)
	d := connect(t, r)
	c := &importers.Collection{Kind: importers.AddressBook, ID: "google-contacts", Name: "Google Contacts",
		Description: "Imported"}
	if err := d.Ensure(ctx, c); err != nil {
		t.Fatal(err)
	}
	// Again, from a new run: reused, not created twice.
	if err := connect(t, r).Ensure(ctx, c); err != nil {
		t.Fatal(err)
	}
	const uid = "people/c123"
	it := &importers.Item{Kind: importers.Contact, Collection: c, Name: importers.ResourceName(uid, ".vcf"),
		UID: uid, Title: "Ada Lovelace", Body: []byte(fmt.Sprintf(card, uid))}
	for i, want := range []importers.Outcome{importers.Imported, importers.Present} {
		o, note, err := d.Put(ctx, it)
		if err != nil || o != want {
			t.Fatalf("put %d: %v %q %v, want %v", i+1, o, note, err, want)
		}
	}
	other := *it
	other.Name = "other.vcf"
	o, note, err := d.Put(ctx, &other)
	if err != nil || o != importers.Present || note.String() != "already in the address book under another name" {
		t.Errorf("same UID, other name: %v %q %v", o, note, err)
	}

	cc, err := carddav.NewClient(httpClient(r), r.URL)
	if err != nil {
		t.Fatal(err)
	}
	books, err := cc.FindAddressBooks(ctx, "/alice/")
	if err != nil {
		t.Fatal(err)
	}
	if len(books) != 1 || books[0].Path != "/alice/google-contacts/" || books[0].Name != c.Name || books[0].Description != c.Description {
		t.Errorf("address books read back as %+v", books)
	}
	obj, err := cc.GetAddressObject(ctx, "/alice/google-contacts/"+it.Name)
	if err != nil {
		t.Fatal(err)
	}
	if got := obj.Card.Value("UID"); got != uid {
		t.Errorf("read back UID %q, want %q", got, uid)
	}
	if got := obj.Card.Value("FN"); got != "Ada Lovelace" {
		t.Errorf("read back FN %q", got)
	}
}

func TestPasswordRejectedMidway(t *testing.T) {
	ctx := context.Background()
	r := servers.Radicale(t)
	old := r.Password
	d := connect(t, r)
	c := &importers.Collection{Kind: importers.Calendar, ID: "google-work", Name: "Work"}
	if err := d.Ensure(ctx, c); err != nil {
		t.Fatal(err)
	}
	r.SetPassword(t, "changed-elsewhere")
	o, _, err := d.Put(ctx, eventItem(c, "u1", ""))
	if o != importers.Failed || !importers.IsFatal(err) {
		t.Fatalf("put after the password changed: %v %v, want a fatal failure", o, err)
	}
	if !strings.Contains(err.Error(), "refused the user name or password (401") || strings.Contains(err.Error(), old) {
		t.Errorf("error %q", err)
	}
}

func TestApplyToRadicale(t *testing.T) {
	ctx := context.Background()
	r := servers.Radicale(t)
	cal := &importers.Collection{Kind: importers.Calendar, ID: "google-work", Name: "Work"}
	book := &importers.Collection{Kind: importers.AddressBook, ID: "google-contacts", Name: "Contacts"}
	p := &importers.Plan{}
	for i := range 5 {
		p.Add(eventItem(cal, fmt.Sprintf("event-%d", i), ""))
		uid := fmt.Sprintf("card-%d", i)
		p.Add(&importers.Item{Kind: importers.Contact, Collection: book, Name: importers.ResourceName(uid, ".vcf"),
			Body: []byte(fmt.Sprintf(card, uid))})
	}
	for run, want := range []importers.Outcome{importers.Imported, importers.Present} {
		rep := importers.Apply(ctx, p, connect(t, r), importers.ApplyOptions{})
		if rep.Stopped != nil {
			t.Fatal(rep.Stopped)
		}
		for _, res := range rep.Results {
			if res.Outcome != want {
				t.Errorf("run %d: %s %s: %s %s, want %s", run+1, res.Kind, res.Target, res.Outcome, res.Reason, want)
			}
		}
	}
}

func TestEnsureAddressIsTakenByOtherKind(t *testing.T) {
	ctx := context.Background()
	r := servers.Radicale(t)
	d := connect(t, r)
	// Radicale keeps calendars and address books in one home.
	book := &importers.Collection{Kind: importers.AddressBook, ID: "google", Name: "Google Contacts"}
	if err := d.Ensure(ctx, book); err != nil {
		t.Fatal(err)
	}
	// Radicale: MKCALENDAR on an existing collection answers 409
	// <resource-must-be-null/>.
	cal := &importers.Collection{Kind: importers.Calendar, ID: "google", Name: "Google"}
	err := d.Ensure(ctx, cal)
	if err == nil || !strings.Contains(err.Error(), "something that is not a calendar may already use that address") ||
		!strings.Contains(err.Error(), "409 Conflict: resource-must-be-null") {
		t.Errorf("error %v", err)
	}
	// And the address book is still there and reused (Radicale answers 405
	// to MKCOL on an existing collection; it is not even sent).
	if err := connect(t, r).Ensure(ctx, book); err != nil {
		t.Error(err)
	}
}

func TestPutNeedsEnsure(t *testing.T) {
	r := servers.Radicale(t)
	d := connect(t, r)
	c := &importers.Collection{Kind: importers.Calendar, ID: "google-work", Name: "Work"}
	if _, _, err := d.Put(context.Background(), eventItem(c, "u1", "")); err == nil || !strings.Contains(err.Error(), "not ready") {
		t.Errorf("Put before Ensure: %v", err)
	}
	f := &importers.Collection{Kind: importers.Folder, ID: "photos", Name: "Photos"}
	// Radicale has no WebDAV files root.
	if err := d.Ensure(context.Background(), f); err == nil || !strings.HasPrefix(err.Error(), "files cannot be imported: no WebDAV files found at ") {
		t.Errorf("Ensure of a folder on Radicale: %v", err)
	}
}

const parisZone = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VTIMEZONE\r\nTZID:Europe/Paris\r\n" +
	"BEGIN:STANDARD\r\nDTSTART:19701025T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\n" +
	"RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\nEND:VCALENDAR\r\n"

// propfind returns the raw answer to a PROPFIND of the given properties.
func propfind(t *testing.T, r *servers.RadicaleServer, path, props string) string {
	t.Helper()
	body := `<?xml version="1.0"?><d:propfind xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav" ` +
		`xmlns:a="http://apple.com/ns/ical/"><d:prop>` + props + `</d:prop></d:propfind>`
	req, _ := http.NewRequest("PROPFIND", r.URL+path, strings.NewReader(body))
	req.Header.Set("Depth", "0")
	resp, err := httpClient(r).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

package nextcloud_test

import (
	"context"
	"testing"
	"time"

	"github.com/takeback/takeback/importers"
	"github.com/takeback/takeback/internal/servers"
	"github.com/takeback/takeback/nextcloud/double"
)

// A preview against the server: present, new and conflict, in one listing
// per folder.
func TestInspectFiles(t *testing.T) {
	ctx := context.Background()
	s := double.New(t)
	d := connectDouble(t, s, nil)
	c := ensure(t, d, "Photos")
	when := time.Date(2019, 7, 4, 10, 0, 0, 0, time.UTC)
	done := fileItem(c, "2019/07/a.jpg", "already uploaded", when)
	if o, _, err := d.Put(ctx, done); o != importers.Imported || err != nil {
		t.Fatal(o, err)
	}
	s.AddFile("Photos/2019/07/b.jpg", []byte("someone else's b"), when)
	items := []*importers.Item{
		fileItem(c, "2019/07/a.jpg", "already uploaded", when),
		fileItem(c, "2019/07/b.jpg", "our b, another size", when),
		fileItem(c, "2019/07/c.jpg", "new", when),
		fileItem(c, "2020/01/d.jpg", "in a folder not there yet", when),
	}
	d2 := connectDouble(t, s, nil)
	before := len(s.Requests())
	st, err := d2.Inspect(ctx, items)
	if err != nil {
		t.Fatal(err)
	}
	want := []importers.Status{importers.Already, importers.Conflict, importers.New, importers.New}
	for i, w := range want {
		if st[items[i]] != w {
			t.Errorf("%s: %s, want %s", items[i].Name, st[items[i]], w)
		}
	}
	// One listing per folder: 2019/07 and 2020/01.
	seen := s.Requests()[before:]
	if len(seen) != 2 {
		t.Errorf("%d requests for 4 items in 2 folders, want 2", len(seen))
	}
	for _, r := range seen {
		if r.Method != "PROPFIND" {
			t.Errorf("the preview changed something: %s %s", r.Method, r.Path)
		}
	}
}

func TestInspectCalendar(t *testing.T) {
	ctx := context.Background()
	r := servers.Radicale(t)
	d := connect(t, r)
	cal := &importers.Collection{Kind: importers.Calendar, ID: "google-work", Name: "Work"}
	event := func(uid string) *importers.Item {
		body := "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:" + uid +
			"\r\nDTSTAMP:20240101T000000Z\r\nDTSTART:20240109T130000Z\r\nSUMMARY:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
		return &importers.Item{Kind: importers.Event, Collection: cal, Name: importers.ResourceName(uid, ".ics"), UID: uid, Body: []byte(body)}
	}
	// Before the calendar exists, everything is new and nothing is created.
	st, err := d.Inspect(ctx, []*importers.Item{event("a")})
	if err != nil || st[nil] != "" || len(st) != 1 {
		t.Fatalf("%v %v", st, err)
	}
	if n := len(calendarsOf(t, r)); n != 0 {
		t.Errorf("the preview created %d calendars", n)
	}
	if err := d.Ensure(ctx, cal); err != nil {
		t.Fatal(err)
	}
	a := event("a")
	if o, _, err := d.Put(ctx, a); o != importers.Imported || err != nil {
		t.Fatal(o, err)
	}
	items := []*importers.Item{event("a"), event("b")}
	st, err = connect(t, r).Inspect(ctx, items)
	if err != nil {
		t.Fatal(err)
	}
	if st[items[0]] != importers.Already || st[items[1]] != importers.New {
		t.Errorf("statuses %v", st)
	}
}

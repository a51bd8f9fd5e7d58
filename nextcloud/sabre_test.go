package nextcloud_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/takeback/takeback/importers"
	"github.com/takeback/takeback/nextcloud"
)

// Nextcloud's answers, as sabre words them, replayed by a fake server:
// Radicale cannot produce them.

func sabreError(status int, exception, message string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml; charset=utf-8")
		w.WriteHeader(status)
		fmt.Fprintf(w, `<?xml version="1.0" encoding="utf-8"?>`+"\n"+
			`<d:error xmlns:d="DAV:" xmlns:s="http://sabredav.org/ns">`+
			`<s:exception>%s</s:exception><s:message>%s</s:message></d:error>`, exception, message)
	}
}

// emptyHome lists a home with no collections in it; anything else gets
// reply.
func emptyHome(reply http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Method == "PROPFIND" {
			w.Header().Set("Content-Type", "application/xml; charset=utf-8")
			w.WriteHeader(http.StatusMultiStatus)
			fmt.Fprintf(w, `<?xml version="1.0"?><d:multistatus xmlns:d="DAV:"><d:response><d:href>%s</d:href>`+
				`<d:propstat><d:prop><d:resourcetype><d:collection/></d:resourcetype></d:prop>`+
				`<d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response></d:multistatus>`, r.URL.Path)
			return
		}
		reply(w, r)
	}
}

func fakeDAV(t *testing.T, reply http.HandlerFunc) *nextcloud.DAV {
	t.Helper()
	srv := fakeNextcloud(t, emptyHome(reply))
	d, err := nextcloud.New(context.Background(), nextcloud.Options{Server: srv.URL, User: "alice", Password: "pw-123456", Retries: -1})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestSabrePutAnswers(t *testing.T) {
	for _, tc := range []struct {
		name    string
		reply   http.HandlerFunc
		outcome importers.Outcome
		fatal   bool
		want    string // in the note or the error
	}{
		{"uid conflict 400", sabreError(400, `Sabre\DAV\Exception\BadRequest`, "Calendar object with uid already exists in this calendar collection."),
			importers.Present, false, "already in the calendar under another name"},
		{"uid conflict 409", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/xml; charset=utf-8")
			w.WriteHeader(409)
			fmt.Fprint(w, `<?xml version="1.0"?><d:error xmlns:d="DAV:" xmlns:cal="urn:ietf:params:xml:ns:caldav">`+
				`<cal:no-uid-conflict><d:href>/remote.php/dav/calendars/alice/work/old.ics</d:href></cal:no-uid-conflict></d:error>`)
		}, importers.Present, false, "already in the calendar under another name"},
		{"trash bin", sabreError(400, `Sabre\DAV\Exception\BadRequest`, "Deleted calendar object with uid already exists in this calendar collection."),
			importers.Failed, false, "occ config:app:set dav calendarRetentionObligation --value=0"},
		{"too large", sabreError(403, `Sabre\DAV\Exception\Forbidden`, "VEvent or VTodo object exceeds 10485760 bytes"),
			importers.Failed, false, "exceeds 10485760 bytes"},
		{"wrong component", sabreError(403, `Sabre\CalDAV\Exception\InvalidComponentType`, "This calendar only supports VEVENT. We found a VTODO"),
			importers.Failed, false, "does not take this kind of entry"},
		{"forbidden", sabreError(403, `Sabre\DAV\Exception\Forbidden`, "Permission denied"),
			importers.Failed, true, "does not allow adding to the calendar"},
		{"invalid", sabreError(415, `Sabre\DAV\Exception\UnsupportedMediaType`, "Validation error in iCalendar: A calendar object on a CalDAV server MUST NOT have a METHOD property."),
			importers.Failed, false, "MUST NOT have a METHOD property"},
		{"throttled", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "3600")
			w.WriteHeader(429)
		}, importers.Failed, true, "the server is throttling requests (429 Too Many Requests) and asks to wait 1h0m0s"},
		{"server error", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "boom", 500) },
			importers.Failed, false, "500 Internal Server Error: boom"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := fakeDAV(t, func(w http.ResponseWriter, r *http.Request) {
				switch r.Method {
				case "MKCALENDAR":
					w.WriteHeader(http.StatusCreated)
				case "PUT":
					if r.Header.Get("If-None-Match") != "*" || r.Header.Get("Content-Type") != "text/calendar; charset=utf-8" || r.ContentLength <= 0 {
						t.Errorf("PUT headers %v, length %d", r.Header, r.ContentLength)
					}
					tc.reply(w, r)
				}
			})
			c := &importers.Collection{Kind: importers.Calendar, ID: "google-work", Name: "Work"}
			if err := d.Ensure(context.Background(), c); err != nil {
				t.Fatal(err)
			}
			o, note, err := d.Put(context.Background(), eventItem(c, "u1", ""))
			got := note.String()
			if err != nil {
				got = err.Error()
			}
			if o != tc.outcome || importers.IsFatal(err) != tc.fatal || !strings.Contains(got, tc.want) {
				t.Errorf("got %v, fatal %v, %q; want %v, fatal %v, containing %q", o, importers.IsFatal(err), got, tc.outcome, tc.fatal, tc.want)
			}
		})
	}
}

func TestSabreCreateAnswers(t *testing.T) {
	for _, tc := range []struct {
		name  string
		kind  importers.CollectionKind
		reply http.HandlerFunc
		want  string
	}{
		{"calendar limit", importers.Calendar, sabreError(403, `Sabre\DAV\Exception\Forbidden`, "Calendar limit reached"),
			"allows no more new calendars (403 Forbidden: Calendar limit reached): Nextcloud allows 30 calendars"},
		{"address book limit", importers.AddressBook, sabreError(403, `Sabre\DAV\Exception\Forbidden`, "AddressBook limit reached"),
			"Nextcloud allows 10 address books"},
		{"rate limit", importers.Calendar, sabreError(429, `Sabre\DAV\Exception\TooManyRequests`, "Too many calendars created"),
			"too many calendars were created in the last hour; try again later"},
		{"rate limit with Retry-After", importers.AddressBook, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "3600")
			w.WriteHeader(429)
		}, "too many address books were created in the last hour; try again after"},
		{"reserved name", importers.Calendar, sabreError(405, `Sabre\DAV\Exception\MethodNotAllowed`, "The resource you tried to create has a reserved name"),
			"reserved name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := fakeDAV(t, tc.reply)
			c := &importers.Collection{Kind: tc.kind, ID: "google", Name: "Google"}
			err := d.Ensure(context.Background(), c)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

package nextcloud_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/takeback/takeback/importers"
	"github.com/takeback/takeback/internal/servers"
	"github.com/takeback/takeback/nextcloud"
)

func TestDiscoverFromServerFollowsWellKnown(t *testing.T) {
	r := servers.Radicale(t)
	// Radicale answers /.well-known/caldav and /carddav with 301 to "/".
	e, err := nextcloud.Discover(context.Background(), nextcloud.Options{Server: r.URL, User: r.User, Password: r.Password})
	if err != nil {
		t.Fatal(err)
	}
	want := r.URL + "/" + r.User + "/"
	if e.CalendarHome != want || e.AddressBookHome != want {
		t.Errorf("homes %q and %q, want %q", e.CalendarHome, e.AddressBookHome, want)
	}
}

func TestDiscoverFromExplicitURLs(t *testing.T) {
	r := servers.Radicale(t)
	want := r.URL + "/" + r.User + "/"
	e, err := nextcloud.Discover(context.Background(), nextcloud.Options{
		CalDAV: r.URL + "/", CardDAV: want, User: r.User, Password: r.Password})
	if err != nil {
		t.Fatal(err)
	}
	if e.CalendarHome != want || e.AddressBookHome != want {
		t.Errorf("homes %q and %q, want %q", e.CalendarHome, e.AddressBookHome, want)
	}

	// Only CardDAV asked for: no calendar home, and no error for it.
	e, err = nextcloud.Discover(context.Background(), nextcloud.Options{
		CardDAV: r.URL, User: r.User, Password: r.Password})
	if err != nil {
		t.Fatal(err)
	}
	if e.CalendarHome != "" || e.CalDAVError != nil || e.AddressBookHome != want {
		t.Errorf("endpoints %+v, want only the address-book home %q", e, want)
	}
}

func TestDiscoverWrongPasswordIsFatal(t *testing.T) {
	r := servers.Radicale(t)
	const wrong = "not-the-Passw0rd"
	_, err := nextcloud.Discover(context.Background(), nextcloud.Options{Server: r.URL, User: r.User, Password: wrong})
	if err == nil {
		t.Fatal("no error with a wrong password")
	}
	if !importers.IsFatal(err) {
		t.Errorf("error is not fatal: %v", err)
	}
	if !strings.Contains(err.Error(), "401") || strings.Contains(err.Error(), wrong) {
		t.Errorf("error %q: want 401 and no password", err)
	}
}

// fakeNextcloud answers discovery like a Nextcloud whose /.well-known
// redirects are missing (a common proxy mistake): only /remote.php/dav/
// works. Other requests go to other, when set.
func fakeNextcloud(t *testing.T, other ...http.HandlerFunc) *httptest.Server {
	prop := func(w http.ResponseWriter, href, inner string) {
		w.Header().Set("Content-Type", "application/xml; charset=utf-8")
		w.WriteHeader(http.StatusMultiStatus)
		fmt.Fprintf(w, `<?xml version="1.0"?><d:multistatus xmlns:d="DAV:" xmlns:cal="urn:ietf:params:xml:ns:caldav" xmlns:card="urn:ietf:params:xml:ns:carddav">`+
			`<d:response><d:href>%s</d:href><d:propstat><d:prop>%s</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response></d:multistatus>`, href, inner)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if len(other) > 0 && strings.HasPrefix(r.URL.Path, "/remote.php/dav/") &&
			(r.Method != "PROPFIND" || r.Header.Get("Depth") == "1") {
			other[0](w, r)
			return
		}
		if r.Method != "PROPFIND" {
			http.Error(w, "no", http.StatusMethodNotAllowed)
			return
		}
		switch {
		// go-webdav asks for the principal at the endpoint without its
		// trailing slash; sabre serves both forms.
		case strings.TrimSuffix(r.URL.Path, "/") == "/remote.php/dav" && strings.Contains(string(body), "current-user-principal"):
			prop(w, r.URL.Path, `<d:current-user-principal><d:href>/remote.php/dav/principals/users/alice/</d:href></d:current-user-principal>`)
		case r.URL.Path == "/remote.php/dav/principals/users/alice/" && strings.Contains(string(body), "calendar-home-set"):
			prop(w, r.URL.Path, `<cal:calendar-home-set><d:href>/remote.php/dav/calendars/alice/</d:href></cal:calendar-home-set>`)
		case r.URL.Path == "/remote.php/dav/principals/users/alice/" && strings.Contains(string(body), "addressbook-home-set"):
			prop(w, r.URL.Path, `<card:addressbook-home-set><d:href>/remote.php/dav/addressbooks/users/alice/</d:href></card:addressbook-home-set>`)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestDiscoverFallsBackToRemotePHP(t *testing.T) {
	srv := fakeNextcloud(t)
	e, err := nextcloud.Discover(context.Background(), nextcloud.Options{Server: srv.URL, User: "alice", Password: "x"})
	if err != nil {
		t.Fatal(err)
	}
	if e.CalendarHome != srv.URL+"/remote.php/dav/calendars/alice/" ||
		e.AddressBookHome != srv.URL+"/remote.php/dav/addressbooks/users/alice/" {
		t.Errorf("endpoints %+v", e)
	}
}

func TestDiscoverExplicitURLGuessesNoPath(t *testing.T) {
	srv := fakeNextcloud(t)
	// The explicit address does not answer; /remote.php/dav/ would, but an
	// explicit address is used alone.
	_, err := nextcloud.Discover(context.Background(), nextcloud.Options{
		CalDAV: srv.URL + "/dav/", User: "alice", Password: "x"})
	if err == nil {
		t.Fatal("discovery succeeded from an address that does not answer")
	}
	if strings.Contains(err.Error(), "remote.php") {
		t.Errorf("explicit-address discovery tried a Nextcloud path: %v", err)
	}
}

func TestDiscoverUnreachable(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	srv.Close()
	_, err := nextcloud.Discover(context.Background(), nextcloud.Options{Server: srv.URL, User: "alice", Password: "pw-123456", Retries: -1})
	if err == nil || !strings.HasPrefix(err.Error(), "cannot reach the server: ") || strings.Count(err.Error(), "refused") != 1 {
		t.Errorf("error %v, want one short 'cannot reach' message", err)
	}
}

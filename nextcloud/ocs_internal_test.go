package nextcloud

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/takeback/takeback/importers"
)

// ocsServer answers every request with status, content type and body, and
// records whether the OCS header and a JSON request came along.
func ocsServer(t *testing.T, status int, ctype, body string) (*Server, *[]*http.Request) {
	t.Helper()
	var seen []*http.Request
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = append(seen, r.Clone(context.Background()))
		if ctype != "" {
			w.Header().Set("Content-Type", ctype)
		}
		w.WriteHeader(status)
		w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	s, err := NewServer(Options{Server: srv.URL, User: "alice", Password: testPassword, Retries: -1})
	if err != nil {
		t.Fatal(err)
	}
	return s, &seen
}

func TestOCSAnswers(t *testing.T) {
	const jsonType = "application/json; charset=utf-8"
	ok := func(code int) string {
		return `{"ocs":{"meta":{"status":"ok","statuscode":` + itoa(code) + `,"message":"OK"},"data":{"id":"alice"}}}`
	}
	fail := func(code int, msg string) string {
		return `{"ocs":{"meta":{"status":"failure","statuscode":` + itoa(code) + `,"message":"` + msg + `"},"data":[]}}`
	}
	for _, tc := range []struct {
		name   string
		status int
		ctype  string
		body   string
		want   string // "ok", "ocs <code>", "unavailable", "auth"
	}{
		{"v1 success", 200, jsonType, ok(100), "ok"},
		{"v2 success", 200, jsonType, ok(200), "ok"},
		{"v2 success as a string code", 200, jsonType, `{"ocs":{"meta":{"statuscode":"200"},"data":{"id":"alice"}}}`, "ok"},
		{"v1 failure keeps HTTP 200", 200, jsonType, fail(998, "not found"), "ocs 998"},
		{"v2 not found", 404, jsonType, fail(998, "not found"), "ocs 998"},
		{"v2 invalid input", 400, jsonType, fail(102, "user exists"), "ocs 102"},
		{"v2 forbidden", 403, jsonType, fail(403, "no app password in use"), "ocs 403"},
		{"success code on an error status", 500, jsonType, ok(200), "ocs 200"},
		{"a web page", 404, "text/html", "<html>Not found</html>", "unavailable"},
		{"JSON that is not OCS", 200, jsonType, `{"hello":"world"}`, "unavailable"},
		{"no status code", 200, jsonType, `{"ocs":{"meta":{"status":"ok"},"data":{}}}`, "unavailable"},
		{"XML", 200, "text/xml", `<?xml version="1.0"?><ocs><meta><statuscode>100</statuscode></meta></ocs>`, "unavailable"},
		{"401", 401, jsonType, fail(997, "Current user is not logged in"), "auth"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, seen := ocsServer(t, tc.status, tc.ctype, tc.body)
			var data struct{ ID string }
			err := s.ocs(context.Background(), s.auth, "GET", "/ocs/v1.php/cloud/user", &data)
			var oe *OCSError
			var ae *AuthError
			switch {
			case tc.want == "ok":
				if err != nil || data.ID != "alice" {
					t.Errorf("got %v, %+v", err, data)
				}
			case strings.HasPrefix(tc.want, "ocs "):
				if !errors.As(err, &oe) || "ocs "+itoa(oe.Code) != tc.want || oe.HTTPStatus != tc.status {
					t.Errorf("got %v, want an OCSError %s", err, tc.want)
				}
			case tc.want == "unavailable":
				if !IsUnavailable(err) {
					t.Errorf("got %v, want an UnavailableError", err)
				}
			case tc.want == "auth":
				if !errors.As(err, &ae) || !importers.IsFatal(err) {
					t.Errorf("got %v, want a fatal AuthError", err)
				}
			}
			if len(*seen) != 1 {
				t.Fatalf("%d requests, want 1", len(*seen))
			}
			r := (*seen)[0]
			if r.Header.Get("OCS-APIRequest") != "true" || r.URL.Query().Get("format") != "json" ||
				r.Header.Get("Accept") != "application/json" {
				t.Errorf("request %s with headers %v: want OCS-APIRequest and JSON", r.URL, r.Header)
			}
		})
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func TestParseCapabilities(t *testing.T) {
	for _, tc := range []struct {
		name string
		raw  string
		want Capabilities
	}{
		{"empty, as PHP's []", `[]`, Capabilities{ChunkMaxSize: DefaultChunkMaxSize}},
		{"everything", `{"dav":{"chunking":"1.0","bulkupload":"1.0"},"files":{"chunked_upload":{"max_size":52428800,"max_parallel_count":5},` +
			`"forbidden_filenames":[".htaccess"],"forbidden_filename_basenames":["con","prn"],"forbidden_filename_characters":["<",">"],` +
			`"forbidden_filename_extensions":[".part",".filepart"]}}`,
			Capabilities{Chunking: "1.0", BulkUpload: true, ChunkMaxSize: 50 << 20, ChunkMaxSizeAdvertised: true, ChunkMaxParallel: 5,
				Names: NameRules{Names: []string{".htaccess"}, Basenames: []string{"con", "prn"}, Characters: []string{"<", ">"},
					Extensions: []string{".part", ".filepart"}}}},
		{"no chunked_upload: 100 MiB", `{"dav":{"chunking":"1.0"},"files":[]}`,
			Capabilities{Chunking: "1.0", ChunkMaxSize: DefaultChunkMaxSize}},
		{"size as a string, zero parallel", `{"files":{"chunked_upload":{"max_size":"1048576","max_parallel_count":0}}}`,
			Capabilities{ChunkMaxSize: 1 << 20, ChunkMaxSizeAdvertised: true}},
		{"size 0 keeps the default", `{"files":{"chunked_upload":{"max_size":0}}}`, Capabilities{ChunkMaxSize: DefaultChunkMaxSize}},
		{"a list with holes, as an object", `{"files":{"forbidden_filename_extensions":{"0":".part","10":" ","2":".filepart"}}}`,
			Capabilities{ChunkMaxSize: DefaultChunkMaxSize, Names: NameRules{Extensions: []string{".part", ".filepart", " "}}}},
		{"bulk upload off", `{"dav":{"bulkupload":false}}`, Capabilities{ChunkMaxSize: DefaultChunkMaxSize}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := parseCapabilities(json.RawMessage(tc.raw))
			if !reflect.DeepEqual(*got, tc.want) {
				t.Errorf("got  %+v\nwant %+v", *got, tc.want)
			}
		})
	}
}

func TestCurrentUserQuota(t *testing.T) {
	user := func(quota string) string {
		return `{"ocs":{"meta":{"statuscode":100},"data":{"id":"alice","displayname":"Alice","quota":` + quota + `}}}`
	}
	for _, tc := range []struct {
		name                 string
		body                 string
		want                 Quota
		freeKnown, unlimited bool
	}{
		{"a quota", user(`{"free":900,"used":100,"total":1000,"relative":10,"quota":1000}`),
			Quota{Known: true, Free: 900, Used: 100, Total: 1000, Relative: 10, Limit: 1000}, true, false},
		{"unlimited", user(`{"free":-3,"used":5,"total":5,"relative":0,"quota":-3}`),
			Quota{Known: true, Free: -3, Used: 5, Total: 5, Limit: -3}, false, true},
		{"unlimited, with the disk's free space", user(`{"free":123456,"used":5,"total":123461,"relative":0,"quota":-3}`),
			Quota{Known: true, Free: 123456, Used: 5, Total: 123461, Limit: -3}, true, true},
		{"not computed", user(`{"free":-1,"used":0,"total":0,"relative":0,"quota":1000}`),
			Quota{Known: true, Free: -1, Limit: 1000}, false, false},
		{"storage not set up yet", user(`{"quota":"none","used":0}`), Quota{}, false, false},
		{"no quota at all", `{"ocs":{"meta":{"statuscode":100},"data":{"id":"alice","display-name":"Alice"}}}`, Quota{}, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := ocsServer(t, 200, "application/json", tc.body)
			u, err := s.CurrentUser(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if u.ID != "alice" || u.DisplayName != "Alice" || u.Quota != tc.want {
				t.Errorf("got %+v, want quota %+v", u, tc.want)
			}
			if u.Quota.FreeKnown() != tc.freeKnown || u.Quota.Unlimited() != tc.unlimited {
				t.Errorf("FreeKnown %v, Unlimited %v; want %v, %v", u.Quota.FreeKnown(), u.Quota.Unlimited(), tc.freeKnown, tc.unlimited)
			}
		})
	}
}

func TestDecodeSourceFolders(t *testing.T) {
	for _, tc := range []struct {
		value string
		want  []string
		ok    bool
	}{
		{"IltcIlwvUGhvdG9zXCJdIg==", []string{"/Photos"}, true},                // "[\"\/Photos\"]", as the app stores it
		{"WyIvUGhvdG9zIiwiL0NhbWVyYSJd", []string{"/Photos", "/Camera"}, true}, // ["/Photos","/Camera"]
		{"bm90IGpzb24=", nil, false},                                           // not json
		{"%%%", nil, false},
	} {
		got, err := decodeSourceFolders(tc.value)
		if (err == nil) != tc.ok || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q: %v, %v; want %v", tc.value, got, err, tc.want)
		}
	}
}

func TestInTimeline(t *testing.T) {
	for _, tc := range []struct {
		dir     string
		sources []string
		want    bool
	}{
		{"Photos/Google Photos", []string{"/Photos"}, true},
		{"Photos", []string{"/Photos/"}, true},
		{"/Photos/Facebook/", []string{"/Camera", "/Photos"}, true},
		{"Photos2/x", []string{"/Photos"}, false},
		{"Google Photos", []string{"/Photos"}, false},
		{"anything", []string{"/"}, true},
		{"Photos/x", nil, false},
	} {
		if _, got := InTimeline(tc.dir, tc.sources); got != tc.want {
			t.Errorf("InTimeline(%q, %q) = %v", tc.dir, tc.sources, got)
		}
	}
}

func TestCountCollections(t *testing.T) {
	const home = "/remote.php/dav/calendars/alice/"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != "PROPFIND" || r.Header.Get("Depth") != "1" {
			t.Errorf("%s Depth %q", r.Method, r.Header.Get("Depth"))
		}
		resp := func(href, types string) string {
			return `<d:response><d:href>` + href + `</d:href><d:propstat><d:prop><d:resourcetype>` + types +
				`</d:resourcetype></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>`
		}
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(http.StatusMultiStatus)
		w.Write([]byte(`<?xml version="1.0"?><d:multistatus xmlns:d="DAV:" xmlns:cal="urn:ietf:params:xml:ns:caldav" ` +
			`xmlns:cs="http://calendarserver.org/ns/" xmlns:card="urn:ietf:params:xml:ns:carddav" xmlns:nc="http://nextcloud.com/ns">` +
			resp(home, `<d:collection/>`) +
			resp(home+"personal/", `<d:collection/><cal:calendar/>`) +
			resp(home+"work/", `<d:collection/><cal:calendar/>`) +
			resp(home+"contact_birthdays/", `<d:collection/><cal:calendar/>`) +
			resp(home+"holidays/", `<d:collection/><cs:subscribed/>`) +
			resp(home+"inbox/", `<d:collection/><cal:schedule-inbox/>`) +
			resp(home+"trashbin/", `<d:collection/><nc:trash-bin/>`) +
			resp(home+"contacts/", `<d:collection/><card:addressbook/>`) +
			`</d:multistatus>`))
	}))
	defer srv.Close()
	c := NewClient("alice", testPassword, ClientOptions{})
	if n, err := c.CountCalendars(context.Background(), srv.URL+home); err != nil || n != 3 {
		t.Errorf("calendars: %d, %v; want 3 (personal, work, the subscription)", n, err)
	}
	if n, err := c.CountAddressBooks(context.Background(), srv.URL+home); err != nil || n != 1 {
		t.Errorf("address books: %d, %v; want 1", n, err)
	}
}

package double_test

import (
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/takeback/takeback/nextcloud/double"
)

// do sends one request with the double's credentials (or none) and returns
// the answer and its body.
func do(t *testing.T, s *double.Server, auth bool, method, p, body string, header ...string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, s.URL+p, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	if auth {
		req.SetBasicAuth(s.Login, s.Password)
	}
	resp, err := http.DefaultTransport.RoundTrip(req) // no redirects followed
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func TestDiscovery(t *testing.T) {
	s := double.New(t)
	resp, _ := do(t, s, false, "PROPFIND", "/.well-known/caldav", "")
	if resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != "/remote.php/dav/" {
		t.Errorf("well-known: %s to %q", resp.Status, resp.Header.Get("Location"))
	}
	resp, _ = do(t, s, false, "PROPFIND", "/remote.php/dav/", "")
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("no credentials: %s", resp.Status)
	}
	resp, body := do(t, s, true, "PROPFIND", "/remote.php/dav/",
		`<d:propfind xmlns:d="DAV:"><d:prop><d:current-user-principal/><d:getetag/></d:prop></d:propfind>`, "Depth", "0")
	if resp.StatusCode != http.StatusMultiStatus ||
		!strings.Contains(body, "<d:current-user-principal><d:href>/remote.php/dav/principals/users/alice/</d:href>") ||
		!strings.Contains(body, "<d:prop><d:getetag/></d:prop><d:status>HTTP/1.1 404 Not Found") {
		t.Errorf("principal: %s\n%s", resp.Status, body)
	}
}

func TestFiles(t *testing.T) {
	s := double.New(t)
	const root = "/remote.php/dav/files/alice/"
	for _, tc := range []struct {
		method, path string
		header       []string
		body         string
		status       int
	}{
		{"MKCOL", root + "a/b", nil, "", http.StatusConflict}, // one level only
		{"MKCOL", root + "a", nil, "", http.StatusCreated},
		{"MKCOL", root + "a", nil, "", http.StatusMethodNotAllowed},
		{"PUT", root + "nope/f.txt", nil, "x", http.StatusConflict},
		{"PUT", root + "a/f.txt", []string{"X-OC-MTime", "86400"}, "x", http.StatusBadRequest},
		{"PUT", root + "a/f.txt", []string{"X-OC-MTime", "0x5d2afc00"}, "x", http.StatusBadRequest},
		{"PUT", root + "a/f.txt", []string{"X-OC-MTime", "1563098400", "OC-Checksum", "SHA1:abc"}, "hello", http.StatusCreated},
		{"PUT", root + "a/f.txt", []string{"If-None-Match", "*"}, "again", http.StatusPreconditionFailed},
		{"PUT", root + "a/f.txt", nil, "hello!", http.StatusNoContent}, // a plain PUT overwrites
	} {
		resp, body := do(t, s, true, tc.method, tc.path, tc.body, tc.header...)
		if resp.StatusCode != tc.status {
			t.Errorf("%s %s %v: %s, want %d\n%s", tc.method, tc.path, tc.header, resp.Status, tc.status, body)
		}
		if tc.status == http.StatusCreated && tc.method == "PUT" && resp.Header.Get("X-OC-MTime") != "accepted" {
			t.Errorf("PUT with X-OC-MTime answered X-OC-MTime %q", resp.Header.Get("X-OC-MTime"))
		}
	}
	if f, ok := s.File("a/f.txt"); !ok || string(f.Data) != "hello!" || f.Checksum != "" {
		t.Errorf("stored %+v", f)
	}

	do(t, s, true, "PUT", root+"a/g.txt", "12345", "X-OC-MTime", "1563098400", "OC-Checksum", "MD5:d41d")
	resp, body := do(t, s, true, "PROPFIND", root+"a/",
		`<d:propfind xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns"><d:prop><d:getcontentlength/><d:getlastmodified/><oc:checksums/></d:prop></d:propfind>`,
		"Depth", "1")
	for _, want := range []string{
		"<d:href>/remote.php/dav/files/alice/a/</d:href><d:propstat><d:prop><d:getlastmodified>",
		"<d:prop><d:getcontentlength/><oc:checksums/></d:prop><d:status>HTTP/1.1 404 Not Found", // the folder
		"<d:href>/remote.php/dav/files/alice/a/g.txt</d:href><d:propstat><d:prop><d:getcontentlength>5</d:getcontentlength>" +
			"<d:getlastmodified>Sun, 14 Jul 2019 10:00:00 GMT</d:getlastmodified><oc:checksums><oc:checksum>MD5:d41d</oc:checksum></oc:checksums>",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("PROPFIND: %s lacks %s\n%s", resp.Status, want, body)
		}
	}
}

func TestAlbums(t *testing.T) {
	s := double.New(t)
	const albums = "/remote.php/dav/photos/alice/albums/"
	do(t, s, true, "PUT", "/remote.php/dav/files/alice/IMG 1.jpg", "jpeg")
	f, _ := s.File("IMG 1.jpg")
	dest := s.URL + albums + "Trip/IMG%201.jpg"
	for _, tc := range []struct {
		method, path string
		header       []string
		status       int
	}{
		{"PROPFIND", albums, []string{"Depth", "0"}, http.StatusMultiStatus},
		{"COPY", "/remote.php/dav/files/alice/IMG 1.jpg", []string{"Destination", dest}, http.StatusConflict}, // no album yet
		{"MKCOL", albums + "Trip", nil, http.StatusCreated},
		{"MKCOL", albums + "Trip", nil, http.StatusMethodNotAllowed},
		{"COPY", "/remote.php/dav/files/alice/IMG 1.jpg", []string{"Destination", dest}, http.StatusCreated},
		{"COPY", "/remote.php/dav/files/alice/IMG 1.jpg", []string{"Destination", dest}, http.StatusConflict}, // already there
	} {
		if resp, body := do(t, s, true, tc.method, tc.path, "", tc.header...); resp.StatusCode != tc.status {
			t.Errorf("%s %s: %s, want %d\n%s", tc.method, tc.path, resp.Status, tc.status, body)
		}
	}
	m, ok := s.Album("Trip")
	if !ok || len(m) != 1 || m[0].Path != "IMG 1.jpg" || m[0].Name != strconv.Itoa(f.ID)+"-IMG 1.jpg" {
		t.Errorf("album %+v", m)
	}
	_, body := do(t, s, true, "PROPFIND", albums+"Trip/", "", "Depth", "1")
	if !strings.Contains(body, "<d:href>"+albums+"Trip/"+strconv.Itoa(f.ID)+"-IMG%201.jpg</d:href>") {
		t.Errorf("album listing:\n%s", body)
	}

	s.DisablePhotos()
	if resp, _ := do(t, s, true, "PROPFIND", albums, "", "Depth", "0"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("without Photos: %s", resp.Status)
	}
}

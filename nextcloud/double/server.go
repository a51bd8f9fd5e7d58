// Package double is a fake Nextcloud for tests: the one place where what
// only Nextcloud does is simulated. Everything a plain WebDAV, CalDAV or
// CardDAV server does is tested against real servers instead (rclone,
// Radicale; see internal/servers), and CalDAV and CardDAV are not simulated
// here at all.
//
// It follows Nextcloud's documented requests and answers, as collected in
// nextcloud-api.md:
//   - §1 discovery: /.well-known/caldav and /.well-known/carddav answer
//     301 to /remote.php/dav/ (a web-server rule, so without
//     authentication); PROPFIND d:current-user-principal on
//     /remote.php/dav/ names /remote.php/dav/principals/users/{user ID}/.
//     The user ID differs from the login name, as it may on a real server.
//   - §3.1 PUT on /remote.php/dav/files/{user ID}/…: If-None-Match: * gives
//     412 when the file exists; X-OC-MTime sets the mtime and is answered
//     with X-OC-MTime: accepted, and a value that is not a decimal number,
//     or is ≤ 86400, gives 400; OC-Checksum is stored, not checked; the
//     answer carries ETag, OC-ETag and OC-FileId; 201 for a new file, 204
//     for an overwrite. A missing parent gives 409 (RFC 4918 §9.7.1), and
//     so does a folder at the path (unverified). A refused X-OC-MTime is
//     refused before anything is stored (unverified).
//   - §3.2 MKCOL: one level only; 409 when the parent is missing, 405 when
//     something exists there.
//   - §3.3 PROPFIND with Depth 0 or 1 (infinity is served as 1,
//     unverified), with d:resourcetype, d:getcontentlength,
//     d:getlastmodified, d:getetag, oc:fileid, oc:size and oc:checksums; a
//     property a resource lacks is listed under 404 in the same answer.
//   - §3.5 quota: a PUT beyond the quota gives 507. A body limit of the
//     web server in front gives 413.
//   - §5.3 Photos albums under /remote.php/dav/photos/{user ID}/albums/:
//     MKCOL creates an album (405 when it exists), PROPFIND lists albums
//     and their members, and COPY of a file from the files tree with
//     Destination: …/albums/{name}/{basename} adds it (409 when it is
//     already there); members are named {fileid}-{filename}.
//   - §1 GET /status.php, anonymous, and maintenance mode (SetMaintenance):
//     503 with X-Nextcloud-Maintenance-Mode: 1 for everything else
//     (status.go).
//   - §1, §2.1, §8 OCS: cloud/user with the user ID and quota,
//     cloud/capabilities (SetCapabilities), DELETE core/apppassword; a
//     missing OCS-APIRequest header gives 401 with OCS status 997
//     (ocs.go).
//   - §2.2 Login Flow v2: POST /index.php/login/v2, then polls answered 404
//     until ApproveLogin, then 200 once with the app password
//     (loginflow.go).
//   - §2.3 throttling: Throttle answers 429 with Retry-After (status.go).
//   - §5.2 the Photos timeline folders, photosSourceFolders, on the Photos
//     page as initial state (SetPhotosSourceFolders; photosconfig.go).
//   - §8 OCS provisioning: creating accounts and groups, the welcome
//     e-mail; the double's own login is the administrator
//     (provisioning.go).
//
// Every request needs Basic authentication with the one login and its
// password or an app password from Login Flow, not revoked (401
// otherwise), or with an account created through provisioning and its
// password; except the well-known redirects, status.php, Login Flow and
// the capabilities. Files live in memory, each account's apart.
// Every request is recorded (method, path, headers) so tests can check
// what was sent. What is not simulated answers 501.
package double

import (
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// The login, password and user ID New sets.
const (
	Login    = "alice@example.com"
	Password = "app-Passw0rd-1234"
	UserID   = "alice"
)

// Server is a running fake Nextcloud.
type Server struct {
	URL                     string // "http://127.0.0.1:PORT", no trailing slash
	Login, Password, UserID string

	mu        sync.Mutex
	requests  []Request
	nodes     map[string]*node // the user's files by path; "" is the root
	nextID    int
	quota     int64 // bytes; negative means unlimited
	bodyLimit int64 // bytes; 0 means none
	photos    bool
	albums    map[string]*album

	// status.go, ocs.go, loginflow.go, photosconfig.go
	maintenance   bool
	throttle      int // requests still to answer 429
	throttleWait  time.Duration
	caps          Capabilities
	revoked       map[string]bool // revoked passwords
	appPasswords  map[string]bool // app passwords issued by Login Flow
	flows         map[string]*loginFlow
	lastFlow      string // the poll token of the flow started last
	flowsStarted  int
	sourceFolders []string

	prov provisioning // provisioning.go
}

// Request is one request the server received.
type Request struct {
	Method string
	Path   string      // decoded URL path
	Header http.Header // as sent, without Authorization
}

// New starts a fake Nextcloud with the Photos app, no quota and no body
// limit. It is stopped when the test ends.
func New(t testing.TB) *Server {
	t.Helper()
	s := newServer(Login, Password, UserID)
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	s.URL = srv.URL
	return s
}

// newServer is a Server for one login, not started: New's, or the home of
// an account created through provisioning (provisioning.go).
func newServer(login, password, userID string) *Server {
	s := &Server{Login: login, Password: password, UserID: userID,
		nodes: map[string]*node{}, quota: -1, photos: true, albums: map[string]*album{},
		caps: DefaultCapabilities(), revoked: map[string]bool{}, appPasswords: map[string]bool{},
		flows: map[string]*loginFlow{}, sourceFolders: []string{"/Photos"}}
	s.nodes[""] = &node{dir: true, id: s.newID()}
	return s
}

// FilesRoot is the URL of the user's files root, ending in "/".
func (s *Server) FilesRoot() string {
	return s.URL + "/remote.php/dav/files/" + s.UserID + "/"
}

// Requests returns the requests received so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// SetQuota limits the bytes the user may store; negative means unlimited.
func (s *Server) SetQuota(bytes int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.quota = bytes
}

// SetBodyLimit makes the web server in front refuse request bodies larger
// than bytes with 413, as nginx's client_max_body_size does; 0 means none.
func (s *Server) SetBodyLimit(bytes int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.bodyLimit = bytes
}

// DisablePhotos makes the server a Nextcloud without the Photos app: the
// photos DAV root answers 404.
func (s *Server) DisablePhotos() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.photos = false
}

const davRoot = "/remote.php/dav"

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := r.Header.Clone()
	h.Del("Authorization")
	s.mu.Lock()
	s.requests = append(s.requests, Request{Method: r.Method, Path: r.URL.Path, Header: h})
	limit := s.bodyLimit
	s.mu.Unlock()

	switch r.URL.Path {
	case "/.well-known/caldav", "/.well-known/carddav":
		http.Redirect(w, r, davRoot+"/", http.StatusMovedPermanently)
		return
	}
	if limit > 0 && r.ContentLength > limit {
		http.Error(w, "413 Request Entity Too Large", http.StatusRequestEntityTooLarge)
		return
	}
	if s.serveEarly(w, r) { // status.go
		return
	}
	if s.serveAccount(w, r) { // provisioning.go
		return
	}
	password, ok := s.authenticated(r)
	if !ok {
		if v, _ := ocsVersion(r.URL.Path); v != 0 {
			writeOCS(w, r, v, 997, "Current user is not logged in", nil)
			return
		}
		w.Header().Set("WWW-Authenticate", `Basic realm="Nextcloud", charset="UTF-8"`)
		sabreError(w, http.StatusUnauthorized, `Sabre\DAV\Exception\NotAuthenticated`, "authentication required")
		return
	}

	p := r.URL.Path
	files := davRoot + "/files/" + s.UserID
	photos := davRoot + "/photos/" + s.UserID
	principal := davRoot + "/principals/users/" + s.UserID + "/"
	switch {
	case p == davRoot || p == davRoot+"/":
		s.serveDAVRoot(w, r, principal)
	case p == principal || p+"/" == principal:
		s.servePrincipal(w, r, principal)
	case p == files || strings.HasPrefix(p, files+"/"):
		s.serveFiles(w, r, clean(strings.TrimPrefix(p, files)))
	case p == photos || strings.HasPrefix(p, photos+"/"):
		s.servePhotos(w, r, clean(strings.TrimPrefix(p, photos)))
	case strings.HasPrefix(p+"/", davRoot+"/uploads/"+s.UserID+"/"): // chunked.go
		s.serveUploads(w, r, clean(strings.TrimPrefix(p, davRoot+"/uploads/"+s.UserID)))
	case isProvisioning(p): // provisioning.go
		s.serveProvisioning(w, r, s.UserID, password)
	case strings.HasPrefix(p, "/ocs/"): // ocs.go
		s.serveOCS(w, r, password)
	case isPhotosPage(p): // photosconfig.go
		s.servePhotosPage(w, r)
	default:
		sabreError(w, http.StatusNotFound, `Sabre\DAV\Exception\NotFound`, "not found: "+p)
	}
}

// authenticated checks Basic authentication: the login with its password
// or an app password from Login Flow, unless revoked. It returns the
// password used.
func (s *Server) authenticated(r *http.Request) (string, bool) {
	login, pw, ok := r.BasicAuth()
	if !ok || login != s.Login {
		return "", false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return pw, (pw == s.Password || s.appPasswords[pw]) && !s.revoked[pw]
}

// serveDAVRoot answers PROPFIND on /remote.php/dav/ with the current user
// principal (§1).
func (s *Server) serveDAVRoot(w http.ResponseWriter, r *http.Request, principal string) {
	if r.Method != "PROPFIND" {
		notSimulated(w, r)
		return
	}
	want, err := requestedProps(r)
	if err != nil {
		sabreError(w, http.StatusBadRequest, `Sabre\DAV\Exception\BadRequest`, err.Error())
		return
	}
	writeMultistatus(w, want, []resource{{href: davRoot + "/", props: map[xml.Name]string{
		dav("resourcetype"):           "<d:collection/>",
		dav("current-user-principal"): "<d:href>" + escapeText(principal) + "</d:href>",
	}}})
}

// servePrincipal answers PROPFIND on the principal. Calendar and
// address-book home sets are not simulated, so they come back as 404
// properties.
func (s *Server) servePrincipal(w http.ResponseWriter, r *http.Request, principal string) {
	if r.Method != "PROPFIND" {
		notSimulated(w, r)
		return
	}
	want, err := requestedProps(r)
	if err != nil {
		sabreError(w, http.StatusBadRequest, `Sabre\DAV\Exception\BadRequest`, err.Error())
		return
	}
	writeMultistatus(w, want, []resource{{href: principal, props: map[xml.Name]string{
		dav("resourcetype"):           "<d:principal/>",
		dav("displayname"):            escapeText(s.UserID),
		dav("current-user-principal"): "<d:href>" + escapeText(principal) + "</d:href>",
	}}})
}

// clean turns the rest of a URL path into a relative path: "" for the
// root, no leading or trailing "/".
func clean(p string) string {
	return strings.Trim(p, "/")
}

func notSimulated(w http.ResponseWriter, r *http.Request) {
	sabreError(w, http.StatusNotImplemented, `Sabre\DAV\Exception\NotImplemented`,
		fmt.Sprintf("%s %s is not simulated by the test double", r.Method, r.URL.Path))
}

// sabreError writes an error the way sabre/dav does: a DAV:error document
// with s:exception and s:message.
func sabreError(w http.ResponseWriter, status int, exception, message string) {
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	w.WriteHeader(status)
	fmt.Fprintf(w, `<?xml version="1.0" encoding="utf-8"?>`+"\n"+
		`<d:error xmlns:d="DAV:" xmlns:s="http://sabredav.org/ns">`+
		`<s:exception>%s</s:exception><s:message>%s</s:message></d:error>`, escapeText(exception), escapeText(message))
}

func escapeText(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// Namespaces and the prefixes answers use for them.
const (
	nsDAV = "DAV:"
	nsOC  = "http://owncloud.org/ns"
	nsNC  = "http://nextcloud.org/ns"
)

var prefixes = map[string]string{nsDAV: "d", nsOC: "oc", nsNC: "nc"}

func dav(local string) xml.Name { return xml.Name{Space: nsDAV, Local: local} }
func oc(local string) xml.Name  { return xml.Name{Space: nsOC, Local: local} }

// requestedProps reads a PROPFIND body: the properties asked for, or nil
// for all of them (an empty body or d:allprop).
func requestedProps(r *http.Request) ([]xml.Name, error) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(string(body)) == "" {
		return nil, nil
	}
	d := xml.NewDecoder(strings.NewReader(string(body)))
	var want []xml.Name
	var stack []xml.Name
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("the PROPFIND body is not valid XML: %v", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(stack) == 1 && t.Name == dav("allprop") {
				return nil, nil
			}
			if len(stack) == 2 && stack[1] == dav("prop") {
				want = append(want, t.Name)
			}
			stack = append(stack, t.Name)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		}
	}
	return want, nil
}

// resource is one entry of a multistatus answer.
type resource struct {
	href  string              // decoded URL path
	props map[xml.Name]string // each property's content, as XML
}

// writeMultistatus answers 207 with, for each resource, the properties
// asked for that it has (200) and those it lacks (404); want nil means all
// it has.
func writeMultistatus(w http.ResponseWriter, want []xml.Name, rs []resource) {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?>` + "\n")
	b.WriteString(`<d:multistatus xmlns:d="DAV:" xmlns:s="http://sabredav.org/ns" xmlns:oc="http://owncloud.org/ns" xmlns:nc="http://nextcloud.org/ns">`)
	for _, r := range rs {
		names := want
		if names == nil {
			for n := range r.props {
				names = append(names, n)
			}
			sort.Slice(names, func(i, j int) bool { return names[i].Space+names[i].Local < names[j].Space+names[j].Local })
		}
		var found, missing strings.Builder
		for _, n := range names {
			if v, ok := r.props[n]; ok {
				writeElement(&found, n, v)
			} else {
				writeElement(&missing, n, "")
			}
		}
		b.WriteString("<d:response><d:href>" + escapeText((&url.URL{Path: r.href}).EscapedPath()) + "</d:href>")
		for _, ps := range []struct {
			props  string
			status string
		}{{found.String(), "HTTP/1.1 200 OK"}, {missing.String(), "HTTP/1.1 404 Not Found"}} {
			if ps.props != "" {
				b.WriteString("<d:propstat><d:prop>" + ps.props + "</d:prop><d:status>" + ps.status + "</d:status></d:propstat>")
			}
		}
		b.WriteString("</d:response>")
	}
	b.WriteString("</d:multistatus>")
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	w.WriteHeader(http.StatusMultiStatus)
	io.WriteString(w, b.String())
}

func writeElement(b *strings.Builder, n xml.Name, content string) {
	prefix, ok := prefixes[n.Space]
	open := prefix + ":" + n.Local
	attrs := ""
	if !ok {
		open, attrs = "x:"+n.Local, ` xmlns:x="`+escapeText(n.Space)+`"`
	}
	if content == "" {
		b.WriteString("<" + open + attrs + "/>")
		return
	}
	b.WriteString("<" + open + attrs + ">" + content + "</" + open + ">")
}

// depth is a PROPFIND's Depth: 0, or 1 for "1", "infinity" and none
// (Nextcloud does not serve infinity and answers it as 1).
func depth(r *http.Request) int {
	if strings.TrimSpace(r.Header.Get("Depth")) == "0" {
		return 0
	}
	return 1
}

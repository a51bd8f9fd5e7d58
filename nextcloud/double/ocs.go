package double

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// OCS, as nextcloud-api.md §1, §2.1 and §8 describe it:
//   - GET /ocs/v1.php/cloud/user and /ocs/v2.php/cloud/user: the logged-in
//     user, with "id" the user ID (not the login name), "displayname" and
//     "display-name", "email" and "quota" {free, used, total, relative,
//     quota}. Without a quota, free and quota are -3 (SPACE_UNLIMITED);
//     a real server then gives the disk's free space as free, which the
//     double does not simulate.
//   - GET /ocs/v1.php/cloud/capabilities (v2 too), public: "version"
//     {major, minor, micro, string, edition, extendedSupport} and
//     "capabilities" with dav.chunking "1.0", dav.bulkupload "1.0",
//     files.bigfilechunking, files.chunked_upload {max_size,
//     max_parallel_count} (§3.5: 100 MiB and 5 by default) and the four
//     files.forbidden_filename* lists (§3.4), as SetCapabilities sets them.
//   - DELETE /ocs/v2.php/core/apppassword revokes the app password the
//     request logged in with (core/Controller/AppPasswordController.php):
//     afterwards it gets 401 everywhere.
//
// Every OCS request needs OCS-APIRequest: true. Without it the double
// answers HTTP 401 with OCS status 997, "Current user is not logged in",
// for v1 and v2 alike (v1 answers 200 for everything but 401; v2 maps 997
// to 401, §1). That a request without the header gets 401 is what
// nextcloud/android-library#910 observed on cloud/user; the 997 body, and
// the same answer on the public capabilities, are (unverified).
//
// Answers are JSON when asked for (?format=json or Accept:
// application/json); otherwise they are XML, Nextcloud's default, with an
// empty data element (the double renders data in JSON only).

// DisplayName is the user's display name.
const DisplayName = "Alice Martin"

// Capabilities are the capability values the double publishes.
type Capabilities struct {
	Chunking         string // dav.chunking; "" leaves it out
	BulkUpload       bool
	ChunkMaxSize     int64 // files.chunked_upload.max_size; 0 leaves chunked_upload out
	ChunkMaxParallel int

	ForbiddenNames, ForbiddenBasenames, ForbiddenCharacters, ForbiddenExtensions []string
}

// DefaultCapabilities are those of a Nextcloud 30 with its default
// configuration (§3.4, §3.5, §4).
func DefaultCapabilities() Capabilities {
	return Capabilities{
		Chunking: "1.0", BulkUpload: true, ChunkMaxSize: 100 << 20, ChunkMaxParallel: 5,
		ForbiddenNames:      []string{".htaccess"},
		ForbiddenCharacters: []string{"\\", "/"},
		ForbiddenExtensions: []string{".part", ".filepart"},
	}
}

// SetCapabilities changes the published capabilities.
func (s *Server) SetCapabilities(c Capabilities) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.caps = c
}

// Revoked reports whether the app password was revoked.
func (s *Server) Revoked(appPassword string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.revoked[appPassword]
}

// ocsVersion is 1 or 2 for a path under /ocs/v1.php/ or /ocs/v2.php/,
// and the rest of the path ("cloud/user"); 0 for anything else.
func ocsVersion(p string) (int, string) {
	switch {
	case strings.HasPrefix(p, "/ocs/v1.php/"):
		return 1, strings.Trim(strings.TrimPrefix(p, "/ocs/v1.php/"), "/")
	case strings.HasPrefix(p, "/ocs/v2.php/"):
		return 2, strings.Trim(strings.TrimPrefix(p, "/ocs/v2.php/"), "/")
	}
	return 0, ""
}

// serveAnonymousOCS answers OCS requests that come without credentials:
// the public capabilities, and 401 for the rest.
func (s *Server) serveAnonymousOCS(w http.ResponseWriter, r *http.Request) bool {
	v, api := ocsVersion(r.URL.Path)
	if v == 0 || r.Header.Get("Authorization") != "" {
		return false
	}
	if !hasOCSHeader(r) || api != "cloud/capabilities" {
		writeOCS(w, r, v, 997, "Current user is not logged in", nil)
		return true
	}
	s.serveCapabilities(w, r, v)
	return true
}

func hasOCSHeader(r *http.Request) bool {
	return strings.EqualFold(strings.TrimSpace(r.Header.Get("OCS-APIRequest")), "true")
}

// serveOCS answers authenticated OCS requests; password is the one the
// request logged in with.
func (s *Server) serveOCS(w http.ResponseWriter, r *http.Request, password string) {
	v, api := ocsVersion(r.URL.Path)
	if !hasOCSHeader(r) {
		writeOCS(w, r, v, 997, "Current user is not logged in", nil)
		return
	}
	switch {
	case api == "cloud/user" && r.Method == http.MethodGet:
		s.serveUser(w, r, v)
	case api == "cloud/capabilities" && r.Method == http.MethodGet:
		s.serveCapabilities(w, r, v)
	case api == "core/apppassword" && r.Method == http.MethodDelete && v == 2:
		s.mu.Lock()
		s.revoked[password] = true
		s.mu.Unlock()
		writeOCS(w, r, v, 200, "OK", []any{})
	default:
		writeOCS(w, r, v, 998, "not simulated by the test double: "+r.Method+" "+r.URL.Path, nil)
	}
}

func (s *Server) serveUser(w http.ResponseWriter, r *http.Request, v int) {
	s.mu.Lock()
	used := s.sizeUnder("")
	quota := s.quota
	s.mu.Unlock()
	q := map[string]any{"used": used}
	if quota < 0 {
		q["free"], q["total"], q["relative"], q["quota"] = -3, used, 0, -3
	} else {
		free := max(quota-used, 0)
		rel := 0.0
		if quota > 0 {
			rel = float64(used) * 100 / float64(quota)
		}
		q["free"], q["total"], q["relative"], q["quota"] = free, quota, rel, quota
	}
	writeOCS(w, r, v, okCode(v), "OK", map[string]any{
		"enabled":      true,
		"id":           s.UserID,
		"email":        s.Login,
		"displayname":  DisplayName,
		"display-name": DisplayName,
		"quota":        q,
		"groups":       []string{},
		"language":     "en",
	})
}

func (s *Server) serveCapabilities(w http.ResponseWriter, r *http.Request, v int) {
	s.mu.Lock()
	c := s.caps
	s.mu.Unlock()
	dav := map[string]any{}
	if c.Chunking != "" {
		dav["chunking"] = c.Chunking
	}
	if c.BulkUpload {
		dav["bulkupload"] = "1.0"
	}
	files := map[string]any{
		"bigfilechunking":               true,
		"forbidden_filenames":           nonNil(c.ForbiddenNames),
		"forbidden_filename_basenames":  nonNil(c.ForbiddenBasenames),
		"forbidden_filename_characters": nonNil(c.ForbiddenCharacters),
		"forbidden_filename_extensions": nonNil(c.ForbiddenExtensions),
	}
	if c.ChunkMaxSize != 0 {
		files["chunked_upload"] = map[string]any{"max_size": c.ChunkMaxSize, "max_parallel_count": c.ChunkMaxParallel}
	}
	var major, minor, micro int
	fmt.Sscanf(VersionString, "%d.%d.%d", &major, &minor, &micro)
	writeOCS(w, r, v, okCode(v), "OK", map[string]any{
		"version": map[string]any{"major": major, "minor": minor, "micro": micro, "string": VersionString,
			"edition": "", "extendedSupport": false},
		"capabilities": map[string]any{
			"core":  map[string]any{"pollinterval": 60, "webdav-root": "remote.php/webdav"},
			"dav":   dav,
			"files": files,
		},
	})
}

func nonNil(l []string) []string {
	if l == nil {
		return []string{}
	}
	return l
}

func okCode(v int) int {
	if v == 1 {
		return 100
	}
	return 200
}

// writeOCS writes an OCS answer with status code code. The HTTP status
// follows V1Response (200, except 401 for 997) or V2Response (200 for
// success, 400 below 200, 401 for 997, 404 for 998, 500 for 996 and 999,
// else the code itself).
func writeOCS(w http.ResponseWriter, r *http.Request, v, code int, message string, data any) {
	status := http.StatusOK
	switch {
	case code == 997:
		status = http.StatusUnauthorized
	case v == 1:
	case code == 100 || code == 200:
	case code < 200:
		status = http.StatusBadRequest
	case code == 998:
		status = http.StatusNotFound
	case code == 996 || code == 999:
		status = http.StatusInternalServerError
	case code < 600:
		status = code
	}
	meta := map[string]any{"status": "ok", "statuscode": code, "message": message, "totalitems": "", "itemsperpage": ""}
	if code != 100 && code != 200 {
		meta["status"] = "failure"
	}
	if data == nil {
		data = []any{}
	}
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Basic realm="Nextcloud", charset="UTF-8"`)
	}
	if r.URL.Query().Get("format") == "json" || strings.Contains(r.Header.Get("Accept"), "application/json") {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(map[string]any{"ocs": map[string]any{"meta": meta, "data": data}})
		return
	}
	w.Header().Set("Content-Type", "text/xml; charset=UTF-8")
	w.WriteHeader(status)
	fmt.Fprintf(w, `<?xml version="1.0"?>`+"\n"+`<ocs><meta><status>%s</status><statuscode>%d</statuscode><message>%s</message>`+
		`<totalitems></totalitems><itemsperpage></itemsperpage></meta><data/></ocs>`+"\n", meta["status"], code, escapeText(message))
}

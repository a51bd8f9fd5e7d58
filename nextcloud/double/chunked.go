package double

import (
	"encoding/xml"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"weak"
)

// Chunked upload (nextcloud-api.md §4.1, §4.2) under
// /remote.php/dav/uploads/{user ID}/, as a Nextcloud on S3 primary storage
// with a distributed cache does it (chunking v2), since that is the
// strictest:
//   - MKCOL {id} makes an upload folder (405 when it exists). With a
//     Destination header the upload is a v2 one: its metadata goes into the
//     "distributed cache"; without, it is a v1 one.
//   - PUT {id}/{n} stores a chunk. In a v2 upload, n must be a decimal
//     number from 1 to 10000 (400 "Invalid chunk name, must be numeric
//     between 1 and 10000"; nc_py_api#324), and the metadata must still be
//     there (412 "Missing metadata for chunked upload…"; server#38801).
//     With OC-Total-Length the quota is checked early (507). A chunk PUT
//     to an upload folder that does not exist gives 404 (unverified).
//   - MOVE {id}/.file with Destination assembles the chunks in numeric
//     order (v1: numbers first, by value, then other names) into the file
//     there, checks OC-Total-Length (400 "Chunks on server do not sum up to
//     X but to Y bytes"), stores OC-Checksum, and applies X-OC-MTime with
//     the PUT's rule (400 for a value ≤ 86400; real v2 checks only that it
//     is numeric, §4.1, so the double is stricter); Overwrite: F gives 412
//     when the destination exists (sabre). In a v2 upload every chunk but
//     the last must be at least 5 MiB, as S3 multipart uploads require
//     (400; the double enforces it on every v2 upload, where Nextcloud
//     does only on S3). The upload folder is gone afterwards.
//   - DELETE {id} aborts the upload.
//   - PROPFIND {id} (Depth 0 or 1) lists the folder and its chunks with
//     their sizes; PROPFIND on the uploads root lists the upload folders.
//
// Test hooks: FailChunk makes chunk PUTs fail with 500, DropUploadMetadata
// empties the distributed cache.

// minChunk is S3's smallest multipart part but the last.
const minChunk = 5 << 20

// upload is one upload folder.
type upload struct {
	dest     string // the Destination given to MKCOL; "" for a v1 upload
	metadata bool   // the v2 metadata is in the distributed cache
	chunks   map[string][]byte
	mtime    time.Time
}

// extra is the state of the chunked upload, name-rule and hash
// simulations. It lives beside Server, not in it: server.go is shared with
// other work, and a field there would do the same. Guarded by Server.mu.
type extra struct {
	uploads   map[string]*upload
	failChunk map[string]int // chunk name → 500 answers left
	corrupt   bool           // damage the next file a plain PUT stores
	forbidden ForbiddenNames
}

var extras = struct {
	sync.Mutex
	m map[weak.Pointer[Server]]*extra
}{m: map[weak.Pointer[Server]]*extra{}}

// ext is s's extra state, made on first use and dropped when s is garbage.
func (s *Server) ext() *extra {
	key := weak.Make(s)
	extras.Lock()
	defer extras.Unlock()
	e := extras.m[key]
	if e == nil {
		e = &extra{uploads: map[string]*upload{}, failChunk: map[string]int{}, forbidden: defaultForbidden()}
		extras.m[key] = e
		runtime.AddCleanup(s, func(k weak.Pointer[Server]) {
			extras.Lock()
			defer extras.Unlock()
			delete(extras.m, k)
		}, key)
	}
	return e
}

// Upload is an upload folder in progress.
type Upload struct {
	ID          string
	Destination string           // the MKCOL's Destination; "" for v1
	Metadata    bool             // the v2 metadata is still there
	Chunks      map[string]int64 // sizes by chunk name
}

// Uploads lists the upload folders, by ID.
func (s *Server) Uploads() []Upload {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Upload
	for id, u := range s.ext().uploads {
		up := Upload{ID: id, Destination: u.dest, Metadata: u.metadata, Chunks: map[string]int64{}}
		for name, data := range u.chunks {
			up.Chunks[name] = int64(len(data))
		}
		out = append(out, up)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// FailChunk makes the next times PUTs of a chunk named n (in any upload)
// answer 500 after reading the body, storing nothing.
func (s *Server) FailChunk(n, times int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ext().failChunk[strconv.Itoa(n)] += times
}

// DropUploadMetadata empties the distributed cache, as a restarted Redis
// or the 24-hour expiry does: every v2 upload in progress then gets 412
// "Missing metadata for chunked upload…".
func (s *Server) DropUploadMetadata() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, u := range s.ext().uploads {
		u.metadata = false
	}
}

func (s *Server) uploadsHref(p string) string {
	return davRoot + "/uploads/" + s.UserID + "/" + p
}

// serveUploads serves /remote.php/dav/uploads/{user ID}/; p is relative
// to it.
func (s *Server) serveUploads(w http.ResponseWriter, r *http.Request, p string) {
	id, chunk, _ := strings.Cut(p, "/")
	switch {
	case r.Method == "PROPFIND":
		s.propfindUploads(w, r, id, chunk)
	case r.Method == "MKCOL" && id != "" && chunk == "":
		s.mkcolUpload(w, r, id)
	case r.Method == http.MethodPut && id != "" && chunk != "" && !strings.Contains(chunk, "/"):
		s.putChunk(w, r, id, chunk)
	case r.Method == "MOVE" && chunk == ".file":
		s.assemble(w, r, id)
	case r.Method == http.MethodDelete && id != "":
		s.deleteUpload(w, id, chunk)
	default:
		notSimulated(w, r)
	}
}

func (s *Server) mkcolUpload(w http.ResponseWriter, r *http.Request, id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.ext()
	if e.uploads[id] != nil {
		sabreError(w, http.StatusMethodNotAllowed, `Sabre\DAV\Exception\MethodNotAllowed`, "the upload "+id+" exists already")
		return
	}
	dest := r.Header.Get("Destination")
	e.uploads[id] = &upload{dest: dest, metadata: dest != "", chunks: map[string][]byte{}, mtime: time.Now()}
	w.WriteHeader(http.StatusCreated)
}

const missingMetadata = "Missing metadata for chunked upload. The distributed cache does not hold the information of previous requests."

func (s *Server) putChunk(w http.ResponseWriter, r *http.Request, id, name string) {
	data, err := readBody(r)
	if err != nil {
		sabreError(w, http.StatusBadRequest, `Sabre\DAV\Exception\BadRequest`, err.Error())
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.ext()
	u := e.uploads[id]
	if u == nil {
		sabreError(w, http.StatusNotFound, `Sabre\DAV\Exception\NotFound`, "no upload "+id)
		return
	}
	if u.dest != "" {
		if n, err := strconv.Atoi(name); err != nil || n < 1 || n > 10000 || strconv.Itoa(n) != name {
			sabreError(w, http.StatusBadRequest, `Sabre\DAV\Exception\BadRequest`, "Invalid chunk name, must be numeric between 1 and 10000")
			return
		}
		if !u.metadata {
			sabreError(w, http.StatusPreconditionFailed, `Sabre\DAV\Exception\PreconditionFailed`, missingMetadata)
			return
		}
	}
	if e.failChunk[name] > 0 {
		e.failChunk[name]--
		sabreError(w, http.StatusInternalServerError, `Sabre\DAV\Exception`, "chunk "+name+" failed (test hook)")
		return
	}
	if v := r.Header.Get("OC-Total-Length"); v != "" && s.quota >= 0 {
		total, err := strconv.ParseInt(v, 10, 64)
		if err == nil && s.sizeUnder("")+total > s.quota {
			sabreError(w, http.StatusInsufficientStorage, `Sabre\DAV\Exception\InsufficientStorage`,
				fmt.Sprintf("quota exceeded: %d bytes announced, %d free", total, max(s.quota-s.sizeUnder(""), 0)))
			return
		}
	}
	status := http.StatusCreated
	if u.chunks[name] != nil {
		status = http.StatusNoContent
	}
	u.chunks[name] = data
	u.mtime = time.Now()
	w.WriteHeader(status)
}

// order sorts chunk names for assembly: numbers by value first, then the
// rest by name (a stand-in for v1's strnatcmp).
func order(names []string) {
	sort.Slice(names, func(i, j int) bool {
		a, aerr := strconv.Atoi(names[i])
		b, berr := strconv.Atoi(names[j])
		switch {
		case aerr == nil && berr == nil:
			return a < b
		case aerr == nil || berr == nil:
			return aerr == nil
		}
		return names[i] < names[j]
	})
}

func (s *Server) assemble(w http.ResponseWriter, r *http.Request, id string) {
	target, err := s.destination(r)
	if err != nil {
		sabreError(w, http.StatusBadRequest, `Sabre\DAV\Exception\BadRequest`, err.Error())
		return
	}
	mtime, mtimeSet, err := requestMTime(r)
	if err != nil {
		sabreError(w, http.StatusBadRequest, `Sabre\DAV\Exception\BadRequest`, err.Error())
		return
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.ext()
	u := e.uploads[id]
	switch {
	case u == nil:
		sabreError(w, http.StatusNotFound, `Sabre\DAV\Exception\NotFound`, "no upload "+id)
		return
	case u.dest != "" && !u.metadata:
		sabreError(w, http.StatusPreconditionFailed, `Sabre\DAV\Exception\PreconditionFailed`, missingMetadata)
		return
	}
	old := s.nodes[target]
	switch {
	case old != nil && strings.EqualFold(strings.TrimSpace(r.Header.Get("Overwrite")), "F"):
		sabreError(w, http.StatusPreconditionFailed, `Sabre\DAV\Exception\PreconditionFailed`,
			"The destination node already exists, and the overwrite header is set to false")
		return
	case old != nil && old.dir:
		sabreError(w, http.StatusBadRequest, `Sabre\DAV\Exception\BadRequest`, "The given destination "+target+" is a directory.")
		return
	}
	if par := s.nodes[parent(target)]; par == nil || !par.dir {
		sabreError(w, http.StatusConflict, `Sabre\DAV\Exception\Conflict`, "the parent folder of "+target+" does not exist")
		return
	}
	if msg := e.forbidden.check(pathBase(target)); msg != "" {
		sabreError(w, http.StatusBadRequest, invalidPath, msg)
		return
	}
	names := make([]string, 0, len(u.chunks))
	var sum int64
	for name, data := range u.chunks {
		names = append(names, name)
		sum += int64(len(data))
	}
	order(names)
	if v := r.Header.Get("OC-Total-Length"); v != "" {
		if want, err := strconv.ParseInt(v, 10, 64); err != nil || want != sum {
			sabreError(w, http.StatusBadRequest, `Sabre\DAV\Exception\BadRequest`,
				fmt.Sprintf("Chunks on server do not sum up to %s but to %d bytes", v, sum))
			return
		}
	}
	if u.dest != "" {
		for _, name := range names[:max(len(names)-1, 0)] {
			if n := len(u.chunks[name]); n < minChunk {
				sabreError(w, http.StatusBadRequest, `Sabre\DAV\Exception\BadRequest`,
					fmt.Sprintf("chunk %s holds %d bytes: every chunk but the last must hold at least %d (S3 multipart upload)", name, n, minChunk))
				return
			}
		}
	}
	if s.quota >= 0 {
		used := s.sizeUnder("")
		if old != nil {
			used -= int64(len(old.data))
		}
		if used+sum > s.quota {
			sabreError(w, http.StatusInsufficientStorage, `Sabre\DAV\Exception\InsufficientStorage`,
				fmt.Sprintf("quota exceeded: %d bytes, %d free", sum, max(s.quota-used, 0)))
			return
		}
	}
	data := make([]byte, 0, sum)
	for _, name := range names {
		data = append(data, u.chunks[name]...)
	}
	n := old
	status := http.StatusNoContent
	if n == nil {
		n = &node{id: s.newID()}
		s.nodes[target] = n
		status = http.StatusCreated
	}
	n.data, n.mtime, n.checksum = data, mtime, r.Header.Get("OC-Checksum")
	n.version++
	delete(e.uploads, id)
	if mtimeSet {
		w.Header().Set("X-OC-MTime", "accepted")
	}
	w.Header().Set("ETag", n.etag())
	w.Header().Set("OC-ETag", n.etag())
	w.Header().Set("OC-FileId", fmt.Sprintf("%08docdouble", n.id))
	w.WriteHeader(status)
}

// destination is the file a MOVE's Destination names, relative to the
// files root.
func (s *Server) destination(r *http.Request) (string, error) {
	v := r.Header.Get("Destination")
	if v == "" {
		return "", errors.New("the Destination header is missing")
	}
	u, err := url.Parse(v)
	if err != nil {
		return "", errors.New("the Destination header is not a URL")
	}
	files := davRoot + "/files/" + s.UserID + "/"
	rest, ok := strings.CutPrefix(u.Path, files)
	if !ok || clean(rest) == "" {
		return "", fmt.Errorf("the Destination %s is not a file of %s", v, s.UserID)
	}
	return clean(rest), nil
}

func (s *Server) deleteUpload(w http.ResponseWriter, id, chunk string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.ext()
	u := e.uploads[id]
	switch {
	case u == nil, chunk != "" && u.chunks[chunk] == nil:
		sabreError(w, http.StatusNotFound, `Sabre\DAV\Exception\NotFound`, "not found: "+id+"/"+chunk)
		return
	case chunk != "":
		delete(u.chunks, chunk)
	default:
		delete(e.uploads, id)
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) propfindUploads(w http.ResponseWriter, r *http.Request, id, chunk string) {
	want, err := requestedProps(r)
	if err != nil {
		sabreError(w, http.StatusBadRequest, `Sabre\DAV\Exception\BadRequest`, err.Error())
		return
	}
	folder := func(href string, mtime time.Time) resource {
		return resource{href: href, props: map[xml.Name]string{
			dav("resourcetype"):    "<d:collection/>",
			dav("getlastmodified"): mtime.UTC().Format(http.TimeFormat),
		}}
	}
	file := func(href string, data []byte, mtime time.Time) resource {
		return resource{href: href, props: map[xml.Name]string{
			dav("resourcetype"):     "",
			dav("getcontentlength"): strconv.Itoa(len(data)),
			dav("getlastmodified"):  mtime.UTC().Format(http.TimeFormat),
		}}
	}
	s.mu.Lock()
	e := s.ext()
	var rs []resource
	u := e.uploads[id]
	switch {
	case id == "":
		rs = append(rs, folder(s.uploadsHref(""), time.Now()))
		if depth(r) > 0 {
			for _, id := range sortedUploads(e.uploads) {
				rs = append(rs, folder(s.uploadsHref(id+"/"), e.uploads[id].mtime))
			}
		}
	case u == nil, chunk != "" && u.chunks[chunk] == nil:
		s.mu.Unlock()
		sabreError(w, http.StatusNotFound, `Sabre\DAV\Exception\NotFound`, "not found: "+id+"/"+chunk)
		return
	case chunk != "":
		rs = append(rs, file(s.uploadsHref(id+"/"+chunk), u.chunks[chunk], u.mtime))
	default:
		rs = append(rs, folder(s.uploadsHref(id+"/"), u.mtime))
		if depth(r) > 0 {
			names := make([]string, 0, len(u.chunks))
			for name := range u.chunks {
				names = append(names, name)
			}
			order(names)
			for _, name := range names {
				rs = append(rs, file(s.uploadsHref(id+"/"+name), u.chunks[name], u.mtime))
			}
		}
	}
	s.mu.Unlock()
	writeMultistatus(w, want, rs)
}

func sortedUploads(m map[string]*upload) []string {
	out := make([]string, 0, len(m))
	for id := range m {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

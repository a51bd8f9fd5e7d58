package double

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
)

// node is a file or a folder of the user's files.
type node struct {
	dir      bool
	id       int
	data     []byte
	mtime    time.Time
	checksum string // OC-Checksum as sent ("SHA1:…"), §3.1
	version  int
}

// File is a stored file.
type File struct {
	Path     string // relative to the files root: "Photos/2019/IMG_1.jpg"
	ID       int    // oc:fileid
	Data     []byte
	MTime    time.Time
	Checksum string // the OC-Checksum it was uploaded with
}

// File returns the file at p, relative to the files root.
func (s *Server) File(p string) (File, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := s.nodes[clean(p)]
	if n == nil || n.dir {
		return File{}, false
	}
	return n.file(clean(p)), true
}

// Files returns every stored file, by path.
func (s *Server) Files() []File {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []File
	for p, n := range s.nodes {
		if !n.dir {
			out = append(out, n.file(p))
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// Folder reports whether a folder exists at p.
func (s *Server) Folder(p string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := s.nodes[clean(p)]
	return n != nil && n.dir
}

// AddFile stores a file as if uploaded earlier, creating its folders.
func (s *Server) AddFile(p string, data []byte, mtime time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p = clean(p)
	for dir := path.Dir(p); dir != "." && s.nodes[dir] == nil; dir = path.Dir(dir) {
		s.nodes[dir] = &node{dir: true, id: s.newID(), mtime: mtime}
	}
	s.nodes[p] = &node{id: s.newID(), data: append([]byte(nil), data...), mtime: mtime}
}

func (n *node) file(p string) File {
	return File{Path: p, ID: n.id, Data: append([]byte(nil), n.data...), MTime: n.mtime, Checksum: n.checksum}
}

func (s *Server) newID() int {
	s.nextID++
	return s.nextID
}

// parent is the folder p is in.
func parent(p string) string {
	if d := path.Dir(p); d != "." {
		return d
	}
	return ""
}

// serveFiles serves the files tree; p is relative to the files root.
func (s *Server) serveFiles(w http.ResponseWriter, r *http.Request, p string) {
	switch r.Method {
	case "PROPFIND":
		s.propfindFiles(w, r, p)
	case "MKCOL":
		s.mkcol(w, p)
	case http.MethodPut:
		s.put(w, r, p)
	case http.MethodGet:
		s.get(w, r, p)
	case "COPY":
		s.copyFile(w, r, p)
	default:
		notSimulated(w, r)
	}
}

func (s *Server) filesHref(p string) string {
	return davRoot + "/files/" + s.UserID + "/" + p
}

// propfindFiles answers PROPFIND (§3.3).
func (s *Server) propfindFiles(w http.ResponseWriter, r *http.Request, p string) {
	want, err := requestedProps(r)
	if err != nil {
		sabreError(w, http.StatusBadRequest, `Sabre\DAV\Exception\BadRequest`, err.Error())
		return
	}
	s.mu.Lock()
	n := s.nodes[p]
	if n == nil {
		s.mu.Unlock()
		sabreError(w, http.StatusNotFound, `Sabre\DAV\Exception\NotFound`, "not found: "+p)
		return
	}
	rs := []resource{s.fileResource(p, n)}
	if n.dir && depth(r) > 0 {
		var children []string
		for q := range s.nodes {
			if q != "" && q != p && parent(q) == p {
				children = append(children, q)
			}
		}
		sort.Strings(children)
		for _, q := range children {
			rs = append(rs, s.fileResource(q, s.nodes[q]))
		}
	}
	s.mu.Unlock()
	writeMultistatus(w, want, rs)
}

// fileResource lists n's properties. Called with s.mu held.
func (s *Server) fileResource(p string, n *node) resource {
	href := s.filesHref(p)
	props := map[xml.Name]string{
		dav("getlastmodified"): n.mtime.UTC().Format(http.TimeFormat),
		dav("getetag"):         escapeText(n.etag()),
		oc("fileid"):           strconv.Itoa(n.id),
	}
	if n.dir {
		if !strings.HasSuffix(href, "/") {
			href += "/"
		}
		props[dav("resourcetype")] = "<d:collection/>"
		props[oc("size")] = strconv.FormatInt(s.sizeUnder(p), 10)
	} else {
		props[dav("resourcetype")] = ""
		props[dav("getcontentlength")] = strconv.Itoa(len(n.data))
		props[oc("size")] = strconv.Itoa(len(n.data))
		if n.checksum != "" {
			props[oc("checksums")] = "<oc:checksum>" + escapeText(n.checksum) + "</oc:checksum>"
		}
	}
	return resource{href: href, props: props}
}

func (n *node) etag() string {
	return fmt.Sprintf(`"%d-%d"`, n.id, n.version)
}

// sizeUnder is the bytes stored under folder p. Called with s.mu held.
func (s *Server) sizeUnder(p string) int64 {
	var total int64
	for q, n := range s.nodes {
		if !n.dir && (p == "" || strings.HasPrefix(q, p+"/")) {
			total += int64(len(n.data))
		}
	}
	return total
}

// mkcol creates one folder level (§3.2).
func (s *Server) mkcol(w http.ResponseWriter, p string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.nodes[p] != nil {
		sabreError(w, http.StatusMethodNotAllowed, `Sabre\DAV\Exception\MethodNotAllowed`,
			"something already exists at "+p)
		return
	}
	if par := s.nodes[parent(p)]; par == nil || !par.dir {
		sabreError(w, http.StatusConflict, `Sabre\DAV\Exception\Conflict`, "Parent node does not exist")
		return
	}
	s.nodes[p] = &node{dir: true, id: s.newID(), mtime: time.Now()}
	w.WriteHeader(http.StatusCreated)
}

// put stores a file (§3.1, §3.5).
func (s *Server) put(w http.ResponseWriter, r *http.Request, p string) {
	data, err := io.ReadAll(r.Body)
	if err != nil {
		sabreError(w, http.StatusBadRequest, `Sabre\DAV\Exception\BadRequest`, "reading the body: "+err.Error())
		return
	}
	mtime := time.Now()
	mtimeSet := false
	if v, ok := r.Header["X-Oc-Mtime"]; ok {
		t, err := parseMTime(strings.Join(v, ","))
		if err != nil {
			sabreError(w, http.StatusBadRequest, `Sabre\DAV\Exception\BadRequest`, err.Error())
			return
		}
		mtime, mtimeSet = t, true
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	old := s.nodes[p]
	switch {
	case old != nil && old.dir:
		sabreError(w, http.StatusConflict, `Sabre\DAV\Exception\Conflict`, "a folder is at "+p)
		return
	case old != nil && strings.TrimSpace(r.Header.Get("If-None-Match")) == "*":
		sabreError(w, http.StatusPreconditionFailed, `Sabre\DAV\Exception\PreconditionFailed`,
			"If-None-Match: * and "+p+" exists")
		return
	}
	if par := s.nodes[parent(p)]; p == "" || par == nil || !par.dir {
		sabreError(w, http.StatusConflict, `Sabre\DAV\Exception\Conflict`, "the parent folder of "+p+" does not exist")
		return
	}
	if s.quota >= 0 {
		used := s.sizeUnder("")
		if old != nil {
			used -= int64(len(old.data))
		}
		if used+int64(len(data)) > s.quota {
			sabreError(w, http.StatusInsufficientStorage, `Sabre\DAV\Exception\InsufficientStorage`,
				fmt.Sprintf("quota exceeded: %d bytes sent, %d free", len(data), max(s.quota-used, 0)))
			return
		}
	}
	n := old
	status := http.StatusNoContent
	if n == nil {
		n = &node{id: s.newID()}
		s.nodes[p] = n
		status = http.StatusCreated
	}
	n.data, n.mtime, n.checksum = data, mtime, r.Header.Get("OC-Checksum")
	n.version++
	if mtimeSet {
		w.Header().Set("X-OC-MTime", "accepted")
	}
	w.Header().Set("ETag", n.etag())
	w.Header().Set("OC-ETag", n.etag())
	w.Header().Set("OC-FileId", fmt.Sprintf("%08docdouble", n.id))
	w.WriteHeader(status)
}

// parseMTime checks an X-OC-MTime value as Nextcloud does (§3.1): a
// decimal number, not hexadecimal, greater than one day after the epoch.
func parseMTime(v string) (time.Time, error) {
	v = strings.TrimSpace(v)
	if strings.HasPrefix(v, "0x") || strings.HasPrefix(v, "0X") {
		return time.Time{}, errors.New("X-OC-MTime must be a decimal unix timestamp")
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return time.Time{}, errors.New("X-OC-MTime must be a decimal unix timestamp")
	}
	if int64(f) <= 86400 {
		return time.Time{}, errors.New("X-OC-MTime must be a valid positive unix timestamp greater than one day")
	}
	return time.Unix(int64(f), 0), nil
}

func (s *Server) get(w http.ResponseWriter, r *http.Request, p string) {
	s.mu.Lock()
	n := s.nodes[p]
	if n == nil {
		s.mu.Unlock()
		sabreError(w, http.StatusNotFound, `Sabre\DAV\Exception\NotFound`, "not found: "+p)
		return
	}
	if n.dir {
		s.mu.Unlock()
		notSimulated(w, r)
		return
	}
	data, mtime, etag, sum := n.data, n.mtime, n.etag(), n.checksum
	s.mu.Unlock()
	w.Header().Set("Last-Modified", mtime.UTC().Format(http.TimeFormat))
	w.Header().Set("ETag", etag)
	if sum != "" {
		w.Header().Set("OC-Checksum", sum)
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.Write(data)
}

// copyFile serves COPY; only a copy into a Photos album is simulated
// (§5.3).
func (s *Server) copyFile(w http.ResponseWriter, r *http.Request, p string) {
	dest, err := url.Parse(r.Header.Get("Destination"))
	if err != nil {
		sabreError(w, http.StatusBadRequest, `Sabre\DAV\Exception\BadRequest`, "the Destination header is not a URL")
		return
	}
	albums := davRoot + "/photos/" + s.UserID + "/albums/"
	rest, ok := strings.CutPrefix(dest.Path, albums)
	if !ok {
		notSimulated(w, r)
		return
	}
	album, _, _ := strings.Cut(rest, "/")
	s.addToAlbum(w, r, p, album)
}

package double

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Beyond server.go's list, the files tree follows:
//   - §3.1 X-Hash: md5, sha1, sha256 or all makes a PUT answer X-Hash-MD5,
//     X-Hash-SHA1 and X-Hash-SHA256, the hashes of what was stored.
//     CorruptNext damages the next file a PUT stores, so that they differ
//     from the sender's.
//   - §3.4 file names: the name a PUT, MKCOL or MOVE creates is refused
//     with 400 (OCA\DAV\Connector\Sabre\Exception\InvalidPath) when it
//     is empty, "." or "..", longer than 250 bytes, holds a control
//     character, "\" or "/", ends in ".part" (always), or breaks the
//     configurable lists (SetForbidden; by default the name ".htaccess"
//     and the extension ".filepart"), compared without regard to case.
//     Names already there are not checked again.
//   - DELETE removes a file, or a folder with its content: 204, 404 when
//     nothing is there.

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
	case http.MethodDelete:
		s.deleteFile(w, p)
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
	if msg := s.ext().forbidden.check(pathBase(p)); msg != "" {
		sabreError(w, http.StatusBadRequest, invalidPath, msg)
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
	data, err := readBody(r)
	if err != nil {
		sabreError(w, http.StatusBadRequest, `Sabre\DAV\Exception\BadRequest`, "reading the body: "+err.Error())
		return
	}
	mtime, mtimeSet, err := requestMTime(r)
	if err != nil {
		sabreError(w, http.StatusBadRequest, `Sabre\DAV\Exception\BadRequest`, err.Error())
		return
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
	e := s.ext()
	if old == nil {
		if msg := e.forbidden.check(pathBase(p)); msg != "" {
			sabreError(w, http.StatusBadRequest, invalidPath, msg)
			return
		}
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
	if e.corrupt && len(data) > 0 {
		e.corrupt = false
		data[len(data)/2] ^= 0xff
	}
	n.data, n.mtime, n.checksum = data, mtime, r.Header.Get("OC-Checksum")
	n.version++
	if mtimeSet {
		w.Header().Set("X-OC-MTime", "accepted")
	}
	setHashes(w.Header(), r.Header.Get("X-Hash"), data)
	w.Header().Set("ETag", n.etag())
	w.Header().Set("OC-ETag", n.etag())
	w.Header().Set("OC-FileId", fmt.Sprintf("%08docdouble", n.id))
	w.WriteHeader(status)
}

// parseMTime checks an X-OC-MTime value as Nextcloud does (§3.1): a
// decimal number, not hexadecimal, greater than one day after the epoch.
// requestMTime reads X-OC-MTime (§3.1): the time to set, and whether one
// was given; now when none was.
func requestMTime(r *http.Request) (time.Time, bool, error) {
	v, ok := r.Header["X-Oc-Mtime"]
	if !ok {
		return time.Now(), false, nil
	}
	t, err := parseMTime(strings.Join(v, ","))
	return t, err == nil, err
}

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

func readBody(r *http.Request) ([]byte, error) {
	data, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, fmt.Errorf("reading the body: %v", err)
	}
	return data, nil
}

// setHashes answers an X-Hash request header (§3.1) with the hashes of
// data.
func setHashes(h http.Header, want string, data []byte) {
	for _, a := range strings.Split(strings.ToLower(want), ",") {
		a = strings.TrimSpace(a)
		if a == "md5" || a == "all" {
			sum := md5.Sum(data)
			h.Set("X-Hash-MD5", hex.EncodeToString(sum[:]))
		}
		if a == "sha1" || a == "all" {
			sum := sha1.Sum(data)
			h.Set("X-Hash-SHA1", hex.EncodeToString(sum[:]))
		}
		if a == "sha256" || a == "all" {
			sum := sha256.Sum256(data)
			h.Set("X-Hash-SHA256", hex.EncodeToString(sum[:]))
		}
	}
}

// CorruptNext damages the next file a plain PUT stores (one byte
// flipped), as a broken proxy or disk might: the X-Hash answer is then the
// hash of the damaged bytes.
func (s *Server) CorruptNext() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ext().corrupt = true
}

// deleteFile removes the file or folder at p.
func (s *Server) deleteFile(w http.ResponseWriter, p string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := s.nodes[p]
	switch {
	case n == nil:
		sabreError(w, http.StatusNotFound, `Sabre\DAV\Exception\NotFound`, "not found: "+p)
		return
	case p == "":
		sabreError(w, http.StatusForbidden, `Sabre\DAV\Exception\Forbidden`, "the files root cannot be deleted")
		return
	}
	for q := range s.nodes {
		if q == p || strings.HasPrefix(q, p+"/") {
			delete(s.nodes, q)
		}
	}
	w.WriteHeader(http.StatusNoContent)
}

const invalidPath = `OCA\DAV\Connector\Sabre\Exception\InvalidPath`

// ForbiddenNames are the file-name lists an administrator can set
// (nextcloud-api.md §3.4), as capabilities publish them:
// files.forbidden_filenames, files.forbidden_filename_basenames,
// files.forbidden_filename_characters, files.forbidden_filename_extensions.
type ForbiddenNames struct {
	Names, Basenames, Characters, Extensions []string
}

func defaultForbidden() ForbiddenNames {
	return ForbiddenNames{Names: []string{".htaccess"}, Extensions: []string{".filepart", ".part"}}
}

// SetForbidden replaces the configurable file-name lists; ".part" stays
// forbidden whatever the extensions. Compared without regard to case.
func (s *Server) SetForbidden(names, basenames, characters, extensions []string) {
	low := func(l []string) []string {
		out := make([]string, len(l))
		for i, v := range l {
			out[i] = strings.ToLower(v)
		}
		return out
	}
	f := ForbiddenNames{Names: low(names), Basenames: low(basenames), Characters: slices.Clone(characters), Extensions: low(extensions)}
	if !slices.Contains(f.Extensions, ".part") {
		f.Extensions = append(f.Extensions, ".part")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ext().forbidden = f
}

// Forbidden returns the file-name lists in force, as a capabilities
// answer would give them.
func (s *Server) Forbidden() ForbiddenNames {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.ext().forbidden
	return ForbiddenNames{Names: slices.Clone(f.Names), Basenames: slices.Clone(f.Basenames),
		Characters: slices.Clone(f.Characters), Extensions: slices.Clone(f.Extensions)}
}

// check says why name may not be created, or "".
func (f ForbiddenNames) check(name string) string {
	lower := strings.ToLower(name)
	switch {
	case name == "" || name == "." || name == "..":
		return fmt.Sprintf("%q is not a valid file name", name)
	case len(name) > 250:
		return fmt.Sprintf("the file name is too long (%d bytes, at most 250)", len(name))
	case strings.ContainsFunc(name, func(r rune) bool { return unicode.IsControl(r) || r == '\\' || r == '/' }):
		return fmt.Sprintf("%q holds a character that is not allowed", name)
	case slices.Contains(f.Names, lower):
		return fmt.Sprintf("%q is a reserved name", name)
	}
	for _, c := range f.Characters {
		if c != "" && strings.Contains(name, c) {
			return fmt.Sprintf("%q holds the character %q, which is not allowed", name, c)
		}
	}
	base := lower
	if i := strings.Index(lower[1:], "."); i >= 0 {
		base = lower[:i+1]
	}
	if slices.Contains(f.Basenames, base) {
		return fmt.Sprintf("%q is a reserved name", base)
	}
	for _, e := range f.Extensions {
		if e != "" && strings.HasSuffix(lower, e) {
			return fmt.Sprintf("files ending in %q are not allowed", e)
		}
	}
	return ""
}

// pathBase is the last element of a relative path.
func pathBase(p string) string {
	if i := strings.LastIndex(p, "/"); i >= 0 {
		return p[i+1:]
	}
	return p
}

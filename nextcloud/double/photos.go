package double

import (
	"encoding/xml"
	"net/http"
	"path"
	"sort"
	"strconv"
	"strings"
)

// album is a Photos album: links to files, by file ID.
type album struct {
	members map[int]string // file ID → member name "{fileid}-{filename}"
}

// Member is a file in an album.
type Member struct {
	Name string // "{fileid}-{filename}", as the album lists it
	Path string // the file's path in the files tree
}

// Album returns the members of the named album, by name, and whether the
// album exists.
func (s *Server) Album(name string) ([]Member, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.albums[name]
	if a == nil {
		return nil, false
	}
	var out []Member
	for id, m := range a.members {
		out = append(out, Member{Name: m, Path: s.pathOf(id)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, true
}

// Albums lists the album names.
func (s *Server) Albums() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for n := range s.albums {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// pathOf is the path of the file with the ID, or "". Called with s.mu held.
func (s *Server) pathOf(id int) string {
	for p, n := range s.nodes {
		if n.id == id {
			return p
		}
	}
	return ""
}

// servePhotos serves the Photos DAV root; p is relative to
// /remote.php/dav/photos/{user ID}/ (§5.3). Only albums/ is simulated.
func (s *Server) servePhotos(w http.ResponseWriter, r *http.Request, p string) {
	s.mu.Lock()
	enabled := s.photos
	s.mu.Unlock()
	if !enabled {
		sabreError(w, http.StatusNotFound, `Sabre\DAV\Exception\NotFound`, "not found: photos (the Photos app is off)")
		return
	}
	rest, ok := strings.CutPrefix(p+"/", "albums/")
	if !ok {
		notSimulated(w, r)
		return
	}
	rest = strings.TrimSuffix(rest, "/")
	switch {
	case r.Method == "PROPFIND":
		s.propfindAlbums(w, r, rest)
	case r.Method == "MKCOL" && rest != "" && !strings.Contains(rest, "/"):
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.albums[rest] != nil {
			sabreError(w, http.StatusMethodNotAllowed, `Sabre\DAV\Exception\MethodNotAllowed`,
				"the album "+rest+" exists")
			return
		}
		s.albums[rest] = &album{members: map[int]string{}}
		w.WriteHeader(http.StatusCreated)
	default:
		notSimulated(w, r)
	}
}

func (s *Server) albumsHref(p string) string {
	h := davRoot + "/photos/" + s.UserID + "/albums/"
	if p != "" {
		h += p + "/"
	}
	return h
}

// propfindAlbums lists albums/ (rest ""), an album, or a member.
func (s *Server) propfindAlbums(w http.ResponseWriter, r *http.Request, rest string) {
	want, err := requestedProps(r)
	if err != nil {
		sabreError(w, http.StatusBadRequest, `Sabre\DAV\Exception\BadRequest`, err.Error())
		return
	}
	collection := func(href string) resource {
		return resource{href: href, props: map[xml.Name]string{dav("resourcetype"): "<d:collection/>"}}
	}
	s.mu.Lock()
	var rs []resource
	name, member, _ := strings.Cut(rest, "/")
	a := s.albums[name]
	switch {
	case rest == "":
		rs = append(rs, collection(s.albumsHref("")))
		if depth(r) > 0 {
			for _, n := range sortedKeys(s.albums) {
				rs = append(rs, collection(s.albumsHref(n)))
			}
		}
	case a == nil:
	case member == "":
		rs = append(rs, collection(s.albumsHref(name)))
		if depth(r) > 0 {
			for id, m := range a.members {
				rs = append(rs, s.memberResource(name, id, m))
			}
			sort.Slice(rs[1:], func(i, j int) bool { return rs[1+i].href < rs[1+j].href })
		}
	default:
		for id, m := range a.members {
			if m == member {
				rs = append(rs, s.memberResource(name, id, m))
			}
		}
	}
	s.mu.Unlock()
	if len(rs) == 0 {
		sabreError(w, http.StatusNotFound, `Sabre\DAV\Exception\NotFound`, "not found: "+rest)
		return
	}
	writeMultistatus(w, want, rs)
}

// memberResource is an album member's properties. Called with s.mu held.
func (s *Server) memberResource(album string, id int, name string) resource {
	r := resource{href: s.albumsHref(album) + name, props: map[xml.Name]string{
		dav("resourcetype"): "",
		oc("fileid"):        strconv.Itoa(id),
	}}
	if n := s.nodes[s.pathOf(id)]; n != nil && !n.dir {
		r.props[dav("getcontentlength")] = strconv.Itoa(len(n.data))
		r.props[dav("getlastmodified")] = n.mtime.UTC().Format(http.TimeFormat)
	}
	return r
}

// addToAlbum serves COPY of the file p into album: 201, or 409 when the
// file is already in it (§5.3).
func (s *Server) addToAlbum(w http.ResponseWriter, r *http.Request, p, album string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.photos {
		sabreError(w, http.StatusNotFound, `Sabre\DAV\Exception\NotFound`, "not found: photos (the Photos app is off)")
		return
	}
	n := s.nodes[p]
	switch {
	case n == nil:
		sabreError(w, http.StatusNotFound, `Sabre\DAV\Exception\NotFound`, "not found: "+p)
		return
	case n.dir:
		notSimulated(w, r)
		return
	}
	a := s.albums[album]
	if a == nil {
		sabreError(w, http.StatusConflict, `Sabre\DAV\Exception\Conflict`, "the album "+album+" does not exist")
		return
	}
	if _, ok := a.members[n.id]; ok {
		sabreError(w, http.StatusConflict, `Sabre\DAV\Exception\Conflict`, "already in the folder")
		return
	}
	a.members[n.id] = strconv.Itoa(n.id) + "-" + path.Base(p)
	w.WriteHeader(http.StatusCreated)
}

func sortedKeys(m map[string]*album) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

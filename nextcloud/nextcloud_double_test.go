package nextcloud_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/takeback/takeback/importers"
	"github.com/takeback/takeback/nextcloud"
	"github.com/takeback/takeback/nextcloud/double"
)

// Nextcloud-only behaviour, against the double (package double).

func connectDouble(t *testing.T, s *double.Server, tr http.RoundTripper) *nextcloud.DAV {
	t.Helper()
	d, err := nextcloud.New(context.Background(), nextcloud.Options{
		Server: s.URL, User: s.Login, Password: s.Password, Version: "test", Transport: tr, Retries: -1})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// requests lists the requests with the given method.
func requests(s *double.Server, method string) []double.Request {
	var out []double.Request
	for _, r := range s.Requests() {
		if r.Method == method {
			out = append(out, r)
		}
	}
	return out
}

func ensure(t *testing.T, d *nextcloud.DAV, name string) *importers.Collection {
	t.Helper()
	c := &importers.Collection{Kind: importers.Folder, ID: name, Name: name}
	if err := d.Ensure(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestDiscoverFilesOnNextcloud(t *testing.T) {
	s := double.New(t)
	d := connectDouble(t, s, nil)
	e := d.Endpoints()
	// The login is "alice@example.com"; the user ID in DAV paths, from the
	// principal, is "alice".
	if e.FilesRoot != s.URL+"/remote.php/dav/files/alice/" || e.FilesError != nil {
		t.Errorf("files root %q (%v)", e.FilesRoot, e.FilesError)
	}
	// The double has no CalDAV: that fails calendars only.
	if e.CalendarHome != "" || e.CalDAVError == nil {
		t.Errorf("calendar home %q (%v), want an error", e.CalendarHome, e.CalDAVError)
	}

	// A wrong password stops it.
	_, err := nextcloud.New(context.Background(), nextcloud.Options{Server: s.URL, User: s.Login, Password: "wrong-one"})
	if !importers.IsFatal(err) {
		t.Errorf("wrong password: %v, want a fatal error", err)
	}
}

func TestUploadSendsMTime(t *testing.T) {
	ctx := context.Background()
	s := double.New(t)
	d := connectDouble(t, s, nil)
	c := ensure(t, d, "Photos/Google Photos")
	if !s.Folder("Photos/Google Photos") {
		t.Fatal("folder not created")
	}
	taken := time.Date(2019, 7, 14, 10, 0, 30, 0, time.FixedZone("CEST", 2*3600))
	for _, tc := range []struct {
		name   string
		date   time.Time
		header string // "" means not sent
	}{
		{"2019/07/IMG_1.jpg", taken, strconv.FormatInt(taken.Unix(), 10)},
		{"old.jpg", time.Date(1970, 1, 2, 0, 0, 1, 0, time.UTC), "86401"},
		{"epoch.jpg", time.Date(1970, 1, 2, 0, 0, 0, 0, time.UTC), ""}, // 86400: Nextcloud refuses it
		{"before.jpg", time.Date(1960, 1, 1, 0, 0, 0, 0, time.UTC), ""},
		{"undated.jpg", time.Time{}, ""},
	} {
		data := "bytes of " + tc.name
		o, note, err := d.Put(ctx, fileItem(c, tc.name, data, tc.date))
		if err != nil || o != importers.Imported || !note.IsZero() {
			t.Errorf("%s: %v %q %v", tc.name, o, note, err)
			continue
		}
		puts := requests(s, http.MethodPut)
		h := puts[len(puts)-1].Header
		if got := h.Get("X-OC-MTime"); got != tc.header {
			t.Errorf("%s: X-OC-MTime %q, want %q", tc.name, got, tc.header)
		}
		if _, sent := h["X-Oc-Mtime"]; sent != (tc.header != "") {
			t.Errorf("%s: X-OC-MTime sent: %v", tc.name, sent)
		}
		if h.Get("If-None-Match") != "*" || h.Get("Content-Length") != strconv.Itoa(len(data)) {
			t.Errorf("%s: If-None-Match %q, Content-Length %q", tc.name, h.Get("If-None-Match"), h.Get("Content-Length"))
		}
		f, ok := s.File("Photos/Google Photos/" + tc.name)
		if !ok || string(f.Data) != data {
			t.Errorf("%s: stored %+v", tc.name, f)
			continue
		}
		if tc.header != "" && f.MTime.Unix() != tc.date.Unix() {
			t.Errorf("%s: mtime %v, want %v", tc.name, f.MTime, tc.date)
		}
	}
}

func TestAlbums(t *testing.T) {
	ctx := context.Background()
	s := double.New(t)
	d := connectDouble(t, s, nil)
	c := ensure(t, d, "Photos")
	it := fileItem(c, "2019/07/IMG_1.jpg", "photo", time.Time{})
	it2 := fileItem(c, "2019/08/IMG 2.jpg", "photo 2", time.Time{})
	for _, x := range []*importers.Item{it, it2} {
		if o, _, err := d.Put(ctx, x); err != nil || o != importers.Imported {
			t.Fatal(o, err)
		}
	}
	for _, x := range []*importers.Item{it, it2, it} { // the third is a repeat
		if err := d.AddToAlbum(ctx, "Summer 2019", x); err != nil {
			t.Fatalf("AddToAlbum %s: %v", x.Name, err)
		}
	}
	albumPath := "/remote.php/dav/photos/alice/albums/Summer 2019/"
	mkcols := requests(s, "MKCOL")
	if last := mkcols[len(mkcols)-1]; last.Path != albumPath || len(mkcols) != 5 { // Photos, 2019, 07, 08, the album
		t.Errorf("MKCOLs %+v, want one for the album last", mkcols)
	}
	copies := requests(s, "COPY")
	if len(copies) != 3 {
		t.Fatalf("%d COPY requests, want 3", len(copies))
	}
	for i, want := range []struct{ path, dest string }{
		{"/remote.php/dav/files/alice/Photos/2019/07/IMG_1.jpg", s.URL + "/remote.php/dav/photos/alice/albums/Summer%202019/IMG_1.jpg"},
		{"/remote.php/dav/files/alice/Photos/2019/08/IMG 2.jpg", s.URL + "/remote.php/dav/photos/alice/albums/Summer%202019/IMG%202.jpg"},
	} {
		if copies[i].Path != want.path || copies[i].Header.Get("Destination") != want.dest {
			t.Errorf("COPY %d: %s to %s, want %s to %s", i, copies[i].Path, copies[i].Header.Get("Destination"), want.path, want.dest)
		}
	}
	members, ok := s.Album("Summer 2019")
	f1, _ := s.File("Photos/2019/07/IMG_1.jpg")
	f2, _ := s.File("Photos/2019/08/IMG 2.jpg")
	if !ok || len(members) != 2 ||
		members[0] != (double.Member{Name: fmt.Sprintf("%d-IMG_1.jpg", f1.ID), Path: f1.Path}) ||
		members[1] != (double.Member{Name: fmt.Sprintf("%d-IMG 2.jpg", f2.ID), Path: f2.Path}) {
		t.Errorf("album members %+v", members)
	}

	// A second run: the album exists (405) and the file is in it (409).
	d2 := connectDouble(t, s, nil)
	c = ensure(t, d2, "Photos")
	again := fileItem(c, "2019/07/IMG_1.jpg", "photo", time.Time{})
	if o, _, err := d2.Put(ctx, again); err != nil || o != importers.Present {
		t.Fatal(o, err)
	}
	if err := d2.AddToAlbum(ctx, "Summer 2019", again); err != nil {
		t.Errorf("second run: %v", err)
	}
	if m, _ := s.Album("Summer 2019"); len(m) != 2 {
		t.Errorf("second run: %d members, want 2", len(m))
	}
	// Whether albums exist is asked once per run.
	n := 0
	for _, r := range requests(s, "PROPFIND") {
		if r.Path == "/remote.php/dav/photos/alice/albums/" {
			n++
		}
	}
	if n != 2 {
		t.Errorf("%d PROPFINDs of the albums, want one per run", n)
	}

	// Not put: cannot be added.
	if err := d2.AddToAlbum(ctx, "Summer 2019", fileItem(c, "never.jpg", "x", time.Time{})); err == nil {
		t.Error("AddToAlbum of an item not put succeeded")
	}
}

func TestAlbumsWithoutPhotosApp(t *testing.T) {
	ctx := context.Background()
	s := double.New(t)
	s.DisablePhotos()
	d := connectDouble(t, s, nil)
	c := ensure(t, d, "Photos")
	it := fileItem(c, "IMG_1.jpg", "photo", time.Time{})
	if _, _, err := d.Put(ctx, it); err != nil {
		t.Fatal(err)
	}
	if err := d.AddToAlbum(ctx, "Summer", it); !errors.Is(err, nextcloud.ErrNoAlbums) {
		t.Errorf("AddToAlbum without Photos: %v, want ErrNoAlbums", err)
	}
	if len(requests(s, "MKCOL")) != 1 || len(requests(s, "COPY")) != 0 {
		t.Errorf("requests %+v", s.Requests())
	}
}

func TestApplyWithAlbumsToDouble(t *testing.T) {
	ctx := context.Background()
	s := double.New(t)
	c := &importers.Collection{Kind: importers.Folder, ID: "Photos", Name: "Photos"}
	p := &importers.Plan{}
	for i := range 6 {
		it := fileItem(c, fmt.Sprintf("2019/07/IMG_%d.jpg", i), fmt.Sprintf("photo %d", i), time.Date(2019, 7, i+1, 0, 0, 0, 0, time.UTC))
		it.Albums = []string{"Trip"}
		if i%2 == 0 {
			it.Albums = append(it.Albums, "Even")
		}
		p.Add(it)
	}
	for run, want := range []importers.Outcome{importers.Imported, importers.Present} {
		rep := importers.Apply(ctx, p, connectDouble(t, s, nil), importers.ApplyOptions{Jobs: 4})
		for _, res := range rep.Results {
			if res.Outcome != want {
				t.Errorf("run %d: %s: %s %s", run+1, res.Target, res.Outcome, res.Reason)
			}
		}
	}
	trip, _ := s.Album("Trip")
	even, _ := s.Album("Even")
	if len(trip) != 6 || len(even) != 3 {
		t.Errorf("albums hold %d and %d, want 6 and 3", len(trip), len(even))
	}
}

func TestQuotaFullIsFatal(t *testing.T) {
	ctx := context.Background()
	s := double.New(t)
	s.SetQuota(10)
	c := &importers.Collection{Kind: importers.Folder, ID: "Photos", Name: "Photos"}
	p := &importers.Plan{}
	p.Add(fileItem(c, "small.jpg", "12345", time.Time{}))
	p.Add(fileItem(c, "big.jpg", "1234567890", time.Time{}))
	p.Add(fileItem(c, "next.jpg", "1", time.Time{}))
	rep := importers.Apply(ctx, p, connectDouble(t, s, nil), importers.ApplyOptions{Jobs: 1})
	if rep.Stopped == nil || !strings.Contains(rep.Stopped.Error(), "storage is full (507") {
		t.Errorf("stopped: %v", rep.Stopped)
	}
	got := []importers.Outcome{rep.Results[0].Outcome, rep.Results[1].Outcome, rep.Results[2].Outcome}
	if got[0] != importers.Imported || got[1] != importers.Failed || got[2] != importers.Failed ||
		!strings.HasPrefix(rep.Results[2].Reason.String(), "not tried") {
		t.Errorf("outcomes %v (%s)", got, rep.Results[2].Reason)
	}
}

func TestBodyTooLarge(t *testing.T) {
	ctx := context.Background()
	s := double.New(t)
	d := connectDouble(t, s, nil)
	c := ensure(t, d, "Photos")
	if _, _, err := d.Put(ctx, fileItem(c, "small.jpg", "1", time.Time{})); err != nil { // lists the folder
		t.Fatal(err)
	}
	s.SetBodyLimit(4)
	o, _, err := d.Put(ctx, fileItem(c, "big.mov", "0123456789", time.Time{}))
	if o != importers.Failed || err == nil || importers.IsFatal(err) ||
		err.Error() != "the server refuses files this large (413); ask the administrator to raise the web server's body limit" {
		t.Errorf("413: %v %v", o, err)
	}
	// The name is free again for the next try.
	s.SetBodyLimit(0)
	if o, note, err := d.Put(ctx, fileItem(c, "big.mov", "0123456789", time.Time{})); o != importers.Imported || !note.IsZero() || err != nil {
		t.Errorf("after the limit was raised: %v %q %v", o, note, err)
	}
}

// Someone else creates the file between our listing and our PUT: 412,
// then a look at what is there.
func TestCreatedMeanwhile(t *testing.T) {
	ctx := context.Background()
	s := double.New(t)
	d := connectDouble(t, s, nil)
	c := ensure(t, d, "Photos")
	if _, _, err := d.Put(ctx, fileItem(c, "first.jpg", "first", time.Time{})); err != nil { // loads the listing
		t.Fatal(err)
	}
	s.AddFile("Photos/same.jpg", []byte("same"), time.Now())
	s.AddFile("Photos/other.jpg", []byte("different size"), time.Now())

	o, note, err := d.Put(ctx, fileItem(c, "same.jpg", "SAME", time.Time{}))
	if err != nil || o != importers.Present || note.String() != "already there" {
		t.Errorf("same size: %v %q %v", o, note, err)
	}
	o, note, err = d.Put(ctx, fileItem(c, "other.jpg", "mine", time.Time{}))
	if err != nil || o != importers.Imported || note.String() != `uploaded as "Photos/other (2).jpg": a different file has the name` {
		t.Errorf("other size: %v %q %v", o, note, err)
	}
	if f, _ := s.File("Photos/other.jpg"); string(f.Data) != "different size" {
		t.Errorf("overwritten: %q", f.Data)
	}
	if n := len(requests(s, http.MethodPut)); n != 4 {
		t.Errorf("%d PUTs, want 4 (two of them answered 412)", n)
	}
}

// failFirstPut answers the first PUT with 503 itself, after reading a
// little of its body, as a proxy might.
type failFirstPut struct{ failed atomic.Bool }

func (f *failFirstPut) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Method == http.MethodPut && f.failed.CompareAndSwap(false, true) {
		io.CopyN(io.Discard, req.Body, 3)
		req.Body.Close()
		return &http.Response{StatusCode: http.StatusServiceUnavailable, Status: "503 Service Unavailable",
			Header: http.Header{"Retry-After": {"0"}}, Body: http.NoBody, Request: req}, nil
	}
	return http.DefaultTransport.RoundTrip(req)
}

func TestRetriedUploadReopensTheItem(t *testing.T) {
	ctx := context.Background()
	s := double.New(t)
	tests := []struct {
		name  string
		data  string
		opens int
	}{
		// Streamed and hashed on the way: opened to send it, and to send
		// it again.
		{"small.jpg", "small photo bytes", 2},
		{"large.mp4", strings.Repeat("v", 8<<20+1), 2},
	}
	for _, tt := range tests {
		d, err := nextcloud.New(ctx, nextcloud.Options{Server: s.URL, User: s.Login, Password: s.Password,
			Transport: &failFirstPut{}})
		if err != nil {
			t.Fatal(err)
		}
		c := ensure(t, d, "Photos")
		it := fileItem(c, tt.name, tt.data, time.Time{})
		opens := 0
		it.Content = func() (io.ReadCloser, error) { opens++; return io.NopCloser(strings.NewReader(tt.data)), nil }
		if o, _, err := d.Put(ctx, it); o != importers.Imported || err != nil {
			t.Fatal(o, err)
		}
		if f, _ := s.File("Photos/" + tt.name); string(f.Data) != tt.data || opens != tt.opens {
			t.Errorf("%s: stored %d bytes after %d opens, want the whole file after %d", tt.name, len(f.Data), opens, tt.opens)
		}
	}
}

func TestOnlyWebDAVOnDouble(t *testing.T) {
	// A Nextcloud's files root given as --webdav: files work, albums are
	// not looked for.
	ctx := context.Background()
	s := double.New(t)
	d, err := nextcloud.New(ctx, nextcloud.Options{WebDAV: s.FilesRoot(), User: s.Login, Password: s.Password})
	if err != nil {
		t.Fatal(err)
	}
	c := ensure(t, d, "Photos")
	it := fileItem(c, "IMG.jpg", "x", time.Time{})
	if _, _, err := d.Put(ctx, it); err != nil {
		t.Fatal(err)
	}
	if err := d.AddToAlbum(ctx, "A", it); !errors.Is(err, nextcloud.ErrNoAlbums) {
		t.Errorf("AddToAlbum: %v", err)
	}
	for _, r := range s.Requests() {
		if strings.Contains(r.Path, "/photos/") || strings.Contains(r.Path, "principals") {
			t.Errorf("unexpected request %s %s", r.Method, r.Path)
		}
	}
}

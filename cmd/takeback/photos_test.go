package main

import (
	"context"
	"net/url"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/emersion/go-webdav"

	"github.com/takeback/takeback/fixtures"
	"github.com/takeback/takeback/internal/servers"
	"github.com/takeback/takeback/nextcloud/double"
)

// TestPhotosIntoWebDAV imports a two-part Takeout (sidecars in one part,
// media in the other) into a real WebDAV server, twice.
func TestPhotosIntoWebDAV(t *testing.T) {
	srv := servers.Rclone(t)
	dir := t.TempDir()
	shape := fixtures.Takeout{Photos: true, Parts: 2}
	archives, err := shape.Write(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("TAKEBACK_PASSWORD", srv.Password)
	report := filepath.Join(dir, "report.jsonl")
	args := append([]string{"import", "--webdav", srv.URL, "--user", srv.User, "--only", "photos", "--report", report}, archives...)
	code, out, errOut := takeback(t, args...)
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	want := shape.ExpectedPhotos()
	first := outcomes(readReport(t, report))
	if first["imported"] != len(want)-1 || first["skipped"] != 1 || first["failed"] != 0 {
		t.Errorf("first run %v, want %d imported and the trashed photo skipped", first, len(want)-1)
	}
	for _, r := range readReport(t, report) {
		if strings.HasSuffix(r["source"].(string), "IMG_20190704_123456.jpg") {
			if albums, _ := r["albums"].([]any); len(albums) != 1 || albums[0] != "Rome 2019" {
				t.Errorf("the album list is not kept in the report on a server without albums: %v", r)
			}
		}
	}

	// Every file at its dated place, with its bytes; nothing else, so the
	// album copy landed once.
	data := map[string][]byte{}
	for _, f := range shape.Files() {
		data[f.Path] = f.Data
	}
	c, err := webdav.NewClient(webdav.HTTPClientWithBasicAuth(nil, srv.User, srv.Password), srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	infos, err := c.ReadDir(ctx, "/", true)
	if err != nil {
		t.Fatal(err)
	}
	onServer := map[string]int64{}
	for _, fi := range infos {
		if !fi.IsDir {
			p, _ := url.PathUnescape(fi.Path)
			onServer[strings.TrimPrefix(p, "/")] = fi.Size
		}
	}
	for _, w := range want {
		p := "Photos/Google Photos/" + w.Target
		if w.Trashed {
			if _, ok := onServer[p]; ok {
				t.Errorf("the trashed photo was uploaded")
			}
			continue
		}
		if size, ok := onServer[p]; !ok || size != int64(len(data[w.Member])) {
			t.Errorf("%s: size %d on the server (present %v), want %d", p, size, ok, len(data[w.Member]))
		}
		delete(onServer, p)
	}
	if len(onServer) != 0 {
		t.Errorf("unexpected files on the server: %v", onServer)
	}

	code, out, _ = takeback(t, args...)
	second := outcomes(readReport(t, report))
	if code != 0 || second["imported"] != 0 || second["present"] != first["imported"] {
		t.Errorf("second run: exit %d, %v\n%s", code, second, out)
	}
}

// TestPhotosIntoNextcloud checks what only Nextcloud does, on the protocol
// double: X-OC-MTime on the upload itself, and Photos albums.
func TestPhotosIntoNextcloud(t *testing.T) {
	nc := double.New(t)
	dir := t.TempDir()
	shape := fixtures.Takeout{Photos: true}
	archives, err := shape.Write(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("TAKEBACK_PASSWORD", nc.Password)
	args := append([]string{"import", "--server", nc.URL, "--user", nc.Login, "--only", "photos"}, archives...)
	if code, out, errOut := takeback(t, args...); code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}

	// The mtime sent is the capture instant: EXIF 2019-07-04 12:34:56 +02:00.
	mtimes := map[string]string{}
	for _, r := range nc.Requests() {
		if r.Method == "PUT" {
			mtimes[path.Base(r.Path)] = r.Header.Get("X-OC-MTime")
		}
	}
	if got, want := mtimes["IMG_20190704_123456.jpg"], strconv.FormatInt(1562236496, 10); got != want {
		t.Errorf("X-OC-MTime %q, want %q", got, want)
	}
	for _, w := range shape.ExpectedPhotos() {
		if w.Trashed {
			continue
		}
		f, ok := nc.File("Photos/Google Photos/" + w.Target)
		if !ok {
			t.Errorf("%s is missing", w.Target)
			continue
		}
		if mtimes[path.Base(w.Target)] == "" || f.MTime.Unix() < 86400 {
			t.Errorf("%s: no capture time sent (%v)", w.Target, f.MTime)
		}
	}

	members, ok := nc.Album("Rome 2019")
	if !ok || len(members) != 2 {
		t.Fatalf("album Rome 2019: %v, %v; want its 2 photos", members, ok)
	}
	if albums := nc.Albums(); len(albums) != 1 {
		t.Errorf("albums %v: the untitled one should be skipped", albums)
	}

	// Again: nothing uploaded, the album unchanged.
	before := len(nc.Requests())
	if code, out, _ := takeback(t, args...); code != 0 {
		t.Fatalf("second run exit %d\n%s", code, out)
	}
	for _, r := range nc.Requests()[before:] {
		if r.Method == "PUT" {
			t.Errorf("second run uploaded %s", r.Path)
		}
	}
	if members, _ := nc.Album("Rome 2019"); len(members) != 2 {
		t.Errorf("album after the second run: %v", members)
	}
}

// preview --server reads the server to mark each item new, present or in
// conflict, and changes nothing.
func TestPreviewAgainstNextcloud(t *testing.T) {
	nc := double.New(t)
	shape := fixtures.Takeout{Photos: true}
	archives, err := shape.Write(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("TAKEBACK_PASSWORD", nc.Password)
	server := []string{"--server", nc.URL, "--user", nc.Login, "--only", "photos"}
	statuses := func() map[string]int {
		code, out, errOut := takeback(t, append(append([]string{"preview", "--json"}, server...), archives...)...)
		if code != 0 {
			t.Fatalf("preview exit %d: %s", code, errOut)
		}
		n := map[string]int{}
		for _, l := range jsonLines(t, out) {
			if l["type"] == "item" {
				n[l["status"].(string)]++
			}
		}
		return n
	}
	media := len(shape.ExpectedPhotos()) - 1 // the trashed one is skipped
	if n := statuses(); n["new"] != media || n["skipped"] != 1 {
		t.Errorf("before the import: %v", n)
	}
	for _, r := range nc.Requests() {
		if r.Method != "PROPFIND" && r.Method != "GET" {
			t.Errorf("the preview changed something: %s %s", r.Method, r.Path)
		}
	}
	if code, out, errOut := takeback(t, append(append([]string{"import"}, server...), archives...)...); code != 0 {
		t.Fatalf("import exit %d\n%s\n%s", code, out, errOut)
	}
	// Someone else's file takes the place of one photo.
	nc.AddFile("Photos/Google Photos/2019/07/IMG_9999.jpg", []byte("another picture"), fixtures.Stamp)
	if n := statuses(); n["present"] != media-1 || n["conflict"] != 1 {
		t.Errorf("after the import: %v", n)
	}
	code, out, _ := takeback(t, append(append([]string{"preview"}, server...), archives...)...)
	if code != 0 || !strings.Contains(out, "already there") || !strings.Contains(out, "On the server:") {
		t.Errorf("human preview:\n%s", out)
	}
}

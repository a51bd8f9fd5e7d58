package nextcloud_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-webdav"
	"github.com/takeback/takeback/importers"
	"github.com/takeback/takeback/internal/servers"
	"github.com/takeback/takeback/nextcloud"
)

// counter is a RoundTripper that counts requests by method.
type counter struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *counter) RoundTrip(req *http.Request) (*http.Response, error) {
	c.mu.Lock()
	if c.n == nil {
		c.n = map[string]int{}
	}
	c.n[req.Method]++
	c.mu.Unlock()
	return http.DefaultTransport.RoundTrip(req)
}

func (c *counter) count(method string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n[method]
}

func connectRclone(t *testing.T, s *servers.RcloneServer, tr http.RoundTripper) *nextcloud.DAV {
	t.Helper()
	d, err := nextcloud.New(context.Background(), nextcloud.Options{
		WebDAV: s.URL + "/", User: s.User, Password: s.Password, Version: "test", Transport: tr})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// fileItem is a photo whose bytes are streamed from Content.
func fileItem(c *importers.Collection, name, data string, date time.Time) *importers.Item {
	return &importers.Item{Kind: importers.Photo, Source: "test!" + name, Collection: c, Name: name,
		Date: date, Size: int64(len(data)),
		Content: func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(data)), nil }}
}

func readBack(t *testing.T, s *servers.RcloneServer, p string) string {
	t.Helper()
	wc, err := webdav.NewClient(webdav.HTTPClientWithBasicAuth(nil, s.User, s.Password), s.URL)
	if err != nil {
		t.Fatal(err)
	}
	rc, err := wc.Open(context.Background(), p)
	if err != nil {
		t.Fatalf("reading %s back: %v", p, err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestFilesToRclone(t *testing.T) {
	ctx := context.Background()
	s := servers.Rclone(t)
	photos := &importers.Collection{Kind: importers.Folder, ID: "Photos/Google Photos", Name: "Photos/Google Photos"}
	july := time.Date(2019, 7, 14, 10, 0, 0, 0, time.UTC)
	p := &importers.Plan{}
	want := map[string]string{}
	for i, name := range []string{"2019/07/IMG_1.jpg", "2019/07/IMG_2.jpg", "2020/01/VID_1.mp4", "top level.png"} {
		data := fmt.Sprintf("bytes of %s, %d", name, i)
		p.Add(fileItem(photos, name, data, july))
		want["/Photos/Google Photos/"+name] = data
	}
	note := &importers.Item{Kind: importers.File, Collection: photos, Name: "notes.txt", Body: []byte("a note")}
	p.Add(note)
	want["/Photos/Google Photos/notes.txt"] = "a note"

	for run, outcome := range []importers.Outcome{importers.Imported, importers.Present} {
		tr := &counter{}
		d := connectRclone(t, s, tr)
		rep := importers.Apply(ctx, p, d, importers.ApplyOptions{Jobs: 4})
		if rep.Stopped != nil {
			t.Fatal(rep.Stopped)
		}
		for i, res := range rep.Results {
			if res.Outcome != outcome {
				t.Errorf("run %d: %s: %s %s, want %s", run+1, res.Target, res.Outcome, res.Reason, outcome)
			}
			if got, want := d.FilePath(p.Items[i]), strings.TrimPrefix(res.Target, "files/"); got != want {
				t.Errorf("run %d: FilePath %q, want %q", run+1, got, want)
			}
		}
		if run == 1 {
			if n := tr.count(http.MethodPut); n != 0 {
				t.Errorf("second run sent %d PUTs, want none", n)
			}
			// One listing per folder: Photos/Google Photos, 2019/07, 2020/01,
			// and the discovery of the root.
			if n := tr.count("PROPFIND"); n != 4 {
				t.Errorf("second run sent %d PROPFINDs, want 4", n)
			}
		}
	}
	for p, data := range want {
		if got := readBack(t, s, p); got != data {
			t.Errorf("%s holds %q, want %q", p, got, data)
		}
	}

	// rclone (v1.60) ignores X-OC-MTime: the file gets the upload time. The
	// header itself is checked against the Nextcloud double.
	wc, _ := webdav.NewClient(webdav.HTTPClientWithBasicAuth(nil, s.User, s.Password), s.URL)
	if fi, err := wc.Stat(ctx, "/Photos/Google Photos/2019/07/IMG_1.jpg"); err != nil {
		t.Error(err)
	} else if !fi.ModTime.Equal(july) {
		t.Logf("rclone ignores X-OC-MTime: getlastmodified %v, sent %v", fi.ModTime.UTC(), july)
	}

	// Another file with a taken name goes next to it; the first is kept.
	d := connectRclone(t, s, nil)
	if err := d.Ensure(ctx, photos); err != nil {
		t.Fatal(err)
	}
	other := fileItem(photos, "2019/07/IMG_1.jpg", "other bytes", july)
	o, msg, err := d.Put(ctx, other)
	const renamed = "Photos/Google Photos/2019/07/IMG_1 (2).jpg"
	if err != nil || o != importers.Imported || msg.String() != `uploaded as "`+renamed+`": a different file has the name` {
		t.Fatalf("same name, other bytes: %v %q %v", o, msg, err)
	}
	if got := d.FilePath(other); got != renamed {
		t.Errorf("FilePath %q, want %q", got, renamed)
	}
	if got := readBack(t, s, "/"+renamed); got != "other bytes" {
		t.Errorf("renamed file holds %q", got)
	}
	if got, data := readBack(t, s, "/Photos/Google Photos/2019/07/IMG_1.jpg"), want["/Photos/Google Photos/2019/07/IMG_1.jpg"]; got != data {
		t.Errorf("the first file was overwritten: %q", got)
	}
	// And on the next run it is found there.
	d = connectRclone(t, s, nil)
	if err := d.Ensure(ctx, photos); err != nil {
		t.Fatal(err)
	}
	o, msg, err = d.Put(ctx, other)
	if err != nil || o != importers.Present || msg.String() != `already there as "`+renamed+`"` {
		t.Errorf("renamed file, next run: %v %q %v", o, msg, err)
	}

	// rclone keeps no albums.
	err = d.AddToAlbum(ctx, "Summer", other)
	if !errors.Is(err, nextcloud.ErrNoAlbums) || !errors.Is(err, importers.ErrNoAlbums) {
		t.Errorf("AddToAlbum on rclone: %v, want ErrNoAlbums", err)
	}
}

// Items racing for one name in one folder each end up somewhere, none
// overwritten: equal bytes are one file, different bytes get numbers.
func TestFilesSameNameConcurrently(t *testing.T) {
	ctx := context.Background()
	s := servers.Rclone(t)
	c := &importers.Collection{Kind: importers.Folder, ID: "Photos", Name: "Photos"}
	p := &importers.Plan{}
	// Same name, sizes 5, 6, 7, 5, 8: the two "first" are one file.
	contents := []string{"first", "second", "thirdly", "first", "fourth!!"}
	for _, data := range contents {
		p.Add(fileItem(c, "IMG.jpg", data, time.Time{}))
	}
	var opens atomic.Int32
	for _, it := range p.Items {
		open := it.Content
		it.Content = func() (io.ReadCloser, error) { opens.Add(1); return open() }
	}
	d := connectRclone(t, s, nil)
	rep := importers.Apply(ctx, p, d, importers.ApplyOptions{Jobs: 5})
	paths := map[string]bool{}
	imported, present := 0, 0
	for i, res := range rep.Results {
		switch res.Outcome {
		case importers.Imported:
			imported++
		case importers.Present:
			present++
		default:
			t.Errorf("%d: %s %s", i, res.Outcome, res.Reason)
		}
		fp := d.FilePath(p.Items[i])
		if got := readBack(t, s, "/"+fp); got != contents[i] {
			t.Errorf("%d: %s holds %q, want %q", i, fp, got, contents[i])
		}
		paths[fp] = true
	}
	if imported != 4 || present != 1 || len(paths) != 4 {
		t.Errorf("%d imported, %d present, paths %v; want 4, 1 and 4 paths", imported, present, paths)
	}
	// Once per item: a small file is read into memory, hashed
	// (OC-Checksum) and sent from there; the second "first" is read once
	// too, to compare its checksum with the file of its size stored before
	// it.
	if n := opens.Load(); int(n) != len(contents) {
		t.Errorf("items opened %d times for %d items, want once per item", n, len(contents))
	}
}

func TestFilesEnsureFails(t *testing.T) {
	s := servers.Rclone(t)
	// A file where a folder should be.
	d := connectRclone(t, s, nil)
	ctx := context.Background()
	top := &importers.Collection{Kind: importers.Folder, Name: "Photos"}
	if err := d.Ensure(ctx, top); err != nil {
		t.Fatal(err)
	}
	if o, _, err := d.Put(ctx, fileItem(top, "x", "a file", time.Time{})); err != nil || o != importers.Imported {
		t.Fatal(o, err)
	}
	in := &importers.Collection{Kind: importers.Folder, Name: "Photos/x"}
	// rclone answers MKCOL on a file with 405, like Nextcloud; the listing
	// then finds a file.
	if err := d.Ensure(ctx, in); err != nil {
		t.Fatal(err)
	}
	_, _, err := d.Put(ctx, fileItem(in, "y.jpg", "data", time.Time{}))
	if err == nil || !strings.Contains(err.Error(), `"Photos/x" is a file, not a folder`) {
		t.Errorf("Put into a file: %v", err)
	}
	// Only a WebDAV address: no calendars.
	cal := &importers.Collection{Kind: importers.Calendar, ID: "work", Name: "Work"}
	if err := d.Ensure(ctx, cal); err == nil || !strings.Contains(err.Error(), "no CalDAV address was given") {
		t.Errorf("calendar with only --webdav: %v", err)
	}
	if e := d.Endpoints(); e.FilesRoot != s.URL+"/" || e.CalendarHome != "" || e.CalDAVError != nil {
		t.Errorf("endpoints %+v", e)
	}
}

func TestFilesWrongPasswordIsFatal(t *testing.T) {
	s := servers.Rclone(t)
	_, err := nextcloud.New(context.Background(), nextcloud.Options{WebDAV: s.URL, User: s.User, Password: "wrong-password"})
	if !importers.IsFatal(err) || !strings.Contains(err.Error(), "401") {
		t.Errorf("error %v, want a fatal 401", err)
	}
}

func TestOptionsNeedAnAddress(t *testing.T) {
	_, err := nextcloud.Discover(context.Background(), nextcloud.Options{User: "alice", Password: "pw"})
	if err == nil || err.Error() != "no server given: pass the server address, or the CalDAV, CardDAV or WebDAV addresses" {
		t.Errorf("error %v", err)
	}
}

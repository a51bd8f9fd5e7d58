package nextcloud_test

import (
	"bytes"
	"context"
	"crypto/md5"
	"crypto/sha1"
	"encoding/hex"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-webdav"

	"github.com/takeback/takeback/importers"
	"github.com/takeback/takeback/internal/faults"
	"github.com/takeback/takeback/internal/servers"
	"github.com/takeback/takeback/nextcloud"
	"github.com/takeback/takeback/nextcloud/double"
)

// What is present, and what an interrupted upload left (present.go).

// A PUT cut mid-body leaves rclone with the bytes it got; the next run
// replaces them instead of keeping them or going round them with "(2)".
func TestPartialUploadReplacedOnRclone(t *testing.T) {
	ctx := context.Background()
	srv := servers.Rclone(t)
	proxy := faults.New(t, srv.URL)
	c := &importers.Collection{Kind: importers.Folder, ID: "Videos", Name: "Videos"}
	taken := time.Date(2019, 7, 14, 10, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name string
		size int
	}{
		{"small.mp4", 3 * mib},
		{"large.mp4", 9 * mib},
	} {
		t.Run(tc.name, func(t *testing.T) {
			it, data, opens := bigItem(c, tc.name, tc.size, uint64(tc.size), taken)
			rec := &recorder{}
			connect := func() *nextcloud.DAV {
				d, err := nextcloud.New(ctx, nextcloud.Options{WebDAV: proxy.URL + "/", User: srv.User, Password: srv.Password,
					Version: "test", Transport: rec, Retries: -1})
				if err != nil {
					t.Fatal(err)
				}
				if err := d.Ensure(ctx, c); err != nil {
					t.Fatal(err)
				}
				return d
			}
			proxy.Inject(faults.Method(http.MethodPut), faults.Fault{Kind: faults.TruncateUpload})
			if o, _, err := connect().Put(ctx, it); o != importers.Failed || err == nil {
				t.Fatalf("cut upload: %v %v", o, err)
			}
			if !proxy.Idle(5 * time.Second) {
				t.Fatal("the proxy is still busy")
			}
			left := waitForSize(t, filepath.Join(srv.Root, "Videos", tc.name), func(n int64) bool { return n > 0 && n < int64(len(data)) })
			t.Logf("the cut upload left %d of %d bytes", left, len(data))

			// Reading the copy back is cut short: the item fails, and
			// nothing is decided from half a comparison.
			proxy.Inject(faults.Method(http.MethodGet), faults.Fault{Kind: faults.CutBody})
			if o, note, err := connect().Put(ctx, it); o != importers.Failed || err == nil {
				t.Fatalf("with the read back cut: %v %q %v", o, note, err)
			}
			if now := waitForSize(t, filepath.Join(srv.Root, "Videos", tc.name), func(int64) bool { return true }); now != left {
				t.Fatalf("with the read back cut, the copy went from %d to %d bytes", left, now)
			}

			before := len(rec.list())
			opens.Store(0)
			o, note, err := connect().Put(ctx, it)
			if o != importers.Imported || err != nil || !strings.Contains(note.String(), "replaced an incomplete copy") {
				t.Fatalf("second run: %v %q %v", o, note, err)
			}
			if got := readBack(t, srv, "/Videos/"+tc.name); got != string(data) {
				t.Errorf("the file holds %d bytes, want the %d of the item", len(got), len(data))
			}
			if _, err := os.Stat(filepath.Join(srv.Root, "Videos", strings.Replace(tc.name, ".mp4", " (2).mp4", 1))); err == nil {
				t.Error("the item went round its incomplete copy")
			}
			var gets, puts int
			for _, r := range rec.list()[before:] {
				switch r.method {
				case http.MethodGet:
					gets++
				case http.MethodPut:
					puts++
					if r.header.Get("If-None-Match") != "" {
						t.Error("the replacing PUT carries If-None-Match")
					}
				}
			}
			if gets != 1 || puts != 1 {
				t.Errorf("%d GETs and %d PUTs, want one each (read back, replace)", gets, puts)
			}
			// Read to compare with what is there, then to send (hashed on
			// the way): a second read, only over an interrupted copy.
			if n, want := opens.Load(), int32(2); n != want {
				t.Errorf("the item was opened %d times, want %d", n, want)
			}

			if o, _, err := connect().Put(ctx, it); o != importers.Present || err != nil {
				t.Errorf("third run: %v %v", o, err)
			}
		})
	}
}

// waitForSize waits until the file at p has a size ok accepts that
// stays the same for a while (the server may still be writing what it
// got), and returns it.
func waitForSize(t *testing.T, p string, ok func(int64) bool) int64 {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	last, since := int64(-1), time.Now()
	for {
		size := int64(-1)
		fi, err := os.Stat(p)
		if err == nil {
			size = fi.Size()
		}
		if size != last {
			last, since = size, time.Now()
		}
		if ok(size) && time.Since(since) > 200*time.Millisecond {
			return size
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: size %d (%v)", p, size, err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Files that are not an interrupted upload of the item are never
// overwritten, on a server without checksums.
func TestOtherFilesKeptOnRclone(t *testing.T) {
	ctx := context.Background()
	srv := servers.Rclone(t)
	wc, err := webdav.NewClient(webdav.HTTPClientWithBasicAuth(nil, srv.User, srv.Password), srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	put := func(p, data string) {
		w, err := wc.Create(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, data)
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if err := wc.Mkdir(ctx, "/Photos"); err != nil {
		t.Fatal(err)
	}
	put("/Photos/shorter.jpg", "0123X")      // shorter, but not the beginning
	put("/Photos/longer.jpg", "0123456789A") // longer
	c := &importers.Collection{Kind: importers.Folder, ID: "Photos", Name: "Photos"}
	d := connectRclone(t, srv, nil)
	if err := d.Ensure(ctx, c); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"shorter.jpg", "longer.jpg"} {
		o, note, err := d.Put(ctx, fileItem(c, name, "0123456789", time.Time{}))
		if o != importers.Imported || err != nil || !strings.Contains(note.String(), "a different file has the name") {
			t.Errorf("%s: %v %q %v", name, o, note, err)
		}
		stem := strings.TrimSuffix(name, ".jpg")
		if got := readBack(t, srv, "/Photos/"+stem+" (2).jpg"); got != "0123456789" {
			t.Errorf("%s (2) holds %q", stem, got)
		}
	}
	if got := readBack(t, srv, "/Photos/shorter.jpg"); got != "0123X" {
		t.Errorf("shorter.jpg overwritten: %q", got)
	}
	if got := readBack(t, srv, "/Photos/longer.jpg"); got != "0123456789A" {
		t.Errorf("longer.jpg overwritten: %q", got)
	}

	// Two items of one run with one name, the first the beginning of the
	// second: the second does not take the first for an interrupted
	// upload.
	p := &importers.Plan{}
	p.Add(fileItem(c, "pair.jpg", "01234", time.Time{}))
	p.Add(fileItem(c, "pair.jpg", "0123456789", time.Time{}))
	rep := importers.Apply(ctx, p, connectRclone(t, srv, nil), importers.ApplyOptions{Jobs: 1})
	for _, r := range rep.Results {
		if r.Outcome != importers.Imported {
			t.Errorf("%+v", r)
		}
	}
	if a, b := readBack(t, srv, "/Photos/pair.jpg"), readBack(t, srv, "/Photos/pair (2).jpg"); a != "01234" || b != "0123456789" {
		t.Errorf("pair.jpg %q, pair (2).jpg %q", a, b)
	}
}

// rawPut stores data at p (relative to the files root) on the double with
// an OC-Checksum of our choosing, "" for none.
func rawPut(t *testing.T, s *double.Server, p, data, checksum string) {
	t.Helper()
	s.AddFile(p, nil, time.Now()) // the folders
	req, err := http.NewRequest(http.MethodPut, s.FilesRoot()+p, strings.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	req.SetBasicAuth(s.Login, s.Password)
	if checksum != "" {
		req.Header.Set("OC-Checksum", checksum)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		t.Fatalf("PUT %s: %s", p, resp.Status)
	}
}

func md5Hex(b []byte) string  { s := md5.Sum(b); return hex.EncodeToString(s[:]) }
func sha1Hex(b []byte) string { s := sha1.Sum(b); return hex.EncodeToString(s[:]) }

// countOpens makes the item count how often it is opened.
func countOpens(it *importers.Item) *atomic.Int32 {
	n := &atomic.Int32{}
	open := it.Content
	it.Content = func() (io.ReadCloser, error) { n.Add(1); return open() }
	return n
}

// On Nextcloud, a file of the item's size is present only when its
// checksum agrees; a smaller one that is the item's beginning is replaced.
func TestPresentMeansSameChecksum(t *testing.T) {
	ctx := context.Background()
	mine := "the bytes of my photo, 42 of them, really"
	other := strings.Repeat("x", len(mine))
	big := bytes.Repeat([]byte("0123456789abcdef"), 9*mib/16+1) // streamed, not held in memory
	tests := []struct {
		name     string
		data     string // the item's bytes
		there    string // the file at the item's name
		checksum string // its oc:checksums
		want     importers.Outcome
		note     string // a word the note must have
		at       string // where the item must be
		opens    int32
		gets     int
	}{
		{"same bytes and SHA-256", mine, mine, "SHA256:" + sha256Hex([]byte(mine)), importers.Present, "already there", "a.jpg", 1, 0},
		{"same size, other SHA-256", mine, other, "SHA256:" + sha256Hex([]byte(other)), importers.Imported, "different file", "a (2).jpg", 2, 0},
		{"same bytes, SHA1 and MD5 only", mine, mine, "SHA1:" + sha1Hex([]byte(mine)) + " MD5:" + md5Hex([]byte(mine)), importers.Present, "already there", "a.jpg", 1, 0},
		{"same size, other MD5", mine, other, "MD5:" + md5Hex([]byte(other)), importers.Imported, "different file", "a (2).jpg", 2, 0},
		{"same size, an unknown checksum only", mine, other, "ADLER32:0badf00d", importers.Present, "already there", "a.jpg", 0, 0},
		{"same size, no checksum", mine, other, "", importers.Present, "already there", "a.jpg", 0, 0},
		{"the beginning, with its SHA-256", mine, mine[:10], "SHA256:" + sha256Hex([]byte(mine[:10])), importers.Imported, "replaced an incomplete copy (10 bytes of 41 bytes)", "a.jpg", 2, 0},
		{"the beginning, no checksum", mine, mine[:10], "", importers.Imported, "replaced an incomplete copy", "a.jpg", 2, 1},
		{"empty", mine, "", "", importers.Imported, "replaced an incomplete copy (0 bytes of 41 bytes)", "a.jpg", 1, 0},
		{"shorter, not the beginning", mine, "the bytes of your", "", importers.Imported, "different file", "a (2).jpg", 2, 1},
		{"shorter, other SHA-256", mine, mine[:10], "SHA256:" + sha256Hex([]byte("other")), importers.Imported, "different file", "a (2).jpg", 2, 0},
		// Read once to hash and compare (SHA1 and SHA256 in one read).
		{"large, same bytes, SHA1 only", string(big), string(big), "SHA1:" + sha1Hex(big), importers.Present, "already there", "a.jpg", 1, 0},
		// Read to compare the beginning, then to send (hashed on the way).
		{"large, the beginning", string(big), string(big[:mib]), "", importers.Imported, "replaced an incomplete copy", "a.jpg", 2, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := double.New(t)
			rawPut(t, s, "Photos/a.jpg", tt.there, tt.checksum)
			d := connectDouble(t, s, nil)
			c := ensure(t, d, "Photos")
			it := fileItem(c, "a.jpg", tt.data, time.Time{})
			opens := countOpens(it)
			before := len(s.Requests())
			o, note, err := d.Put(ctx, it)
			if o != tt.want || err != nil || !strings.Contains(note.String(), tt.note) {
				t.Fatalf("%v %q %v; want %v %q", o, note, err, tt.want, tt.note)
			}
			if f, ok := s.File("Photos/" + tt.at); !ok || string(f.Data) != tt.data && tt.want == importers.Imported {
				t.Errorf("%s: %d bytes (there: %v)", tt.at, len(f.Data), ok)
			}
			if tt.at != "a.jpg" {
				if f, _ := s.File("Photos/a.jpg"); string(f.Data) != tt.there {
					t.Errorf("the other file was overwritten")
				}
			}
			if got := d.FilePath(it); got != "Photos/"+tt.at {
				t.Errorf("FilePath %q", got)
			}
			if n := opens.Load(); n != tt.opens {
				t.Errorf("the item was opened %d times, want %d", n, tt.opens)
			}
			gets := 0
			for _, r := range s.Requests()[before:] {
				switch {
				case r.Method == http.MethodGet:
					gets++
				case r.Method == http.MethodPut && strings.Contains(note.String(), "replaced") && r.Header.Get("If-None-Match") != "":
					t.Error("the replacing PUT carries If-None-Match")
				case r.Method == http.MethodPut && !strings.Contains(note.String(), "replaced") && r.Header.Get("If-None-Match") != "*":
					t.Error("a PUT without If-None-Match: *")
				}
			}
			if gets != tt.gets {
				t.Errorf("%d GETs, want %d", gets, tt.gets)
			}
		})
	}
}

// A chunked upload replaces an incomplete copy with MOVE Overwrite: T.
func TestChunkedReplacesIncompleteCopy(t *testing.T) {
	ctx := context.Background()
	s := double.New(t)
	d := connectDouble(t, s, nil)
	d.SetChunking(6 * mib)
	c := ensure(t, d, "Videos")
	it, data, _ := bigItem(c, "clip.mp4", 13*mib, 3, time.Date(2019, 7, 14, 10, 0, 0, 0, time.UTC))
	rawPut(t, s, "Videos/clip.mp4", string(data[:2*mib]), "")
	o, note, err := d.Put(ctx, it)
	if o != importers.Imported || err != nil || !strings.Contains(note.String(), "replaced an incomplete copy") {
		t.Fatalf("%v %q %v", o, note, err)
	}
	if f, _ := s.File("Videos/clip.mp4"); !bytes.Equal(f.Data, data) {
		t.Errorf("stored %d bytes, want %d", len(f.Data), len(data))
	}
	moves := requests(s, "MOVE")
	if len(moves) != 1 || moves[0].Header.Get("Overwrite") != "T" {
		t.Errorf("MOVEs %+v", moves)
	}
	if len(s.Files()) != 1 {
		t.Errorf("files %v", s.Files())
	}
}

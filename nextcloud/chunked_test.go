package nextcloud_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/takeback/takeback/importers"
	"github.com/takeback/takeback/internal/servers"
	"github.com/takeback/takeback/nextcloud"
	"github.com/takeback/takeback/nextcloud/double"
)

// Chunked upload, checksums and file-name rules (chunked.go, checksum.go,
// names.go), against the double; plain WebDAV against rclone.

const mib = 1 << 20

// bigItem is a file of size pseudo-random bytes, built in memory and
// streamed from Content; opens counts how often it was opened.
func bigItem(c *importers.Collection, name string, size int, seed uint64, date time.Time) (*importers.Item, []byte, *atomic.Int32) {
	data := make([]byte, size)
	r := rand.New(rand.NewPCG(seed, seed))
	for i := range data {
		data[i] = byte(r.Uint32())
	}
	opens := &atomic.Int32{}
	it := &importers.Item{Kind: importers.Video, Source: "test!" + name, Collection: c, Name: name,
		Date: date, Size: int64(size),
		Content: func() (io.ReadCloser, error) { opens.Add(1); return io.NopCloser(bytes.NewReader(data)), nil }}
	return it, data, opens
}

func sha256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// uploadRequests are the requests under /remote.php/dav/uploads/, and the
// upload folder they used ("" when none).
func uploadRequests(s *double.Server) (reqs []double.Request, folder string) {
	for _, r := range s.Requests() {
		if rest, ok := strings.CutPrefix(r.Path, "/remote.php/dav/uploads/alice/"); ok {
			reqs = append(reqs, r)
			folder, _, _ = strings.Cut(rest, "/")
		}
	}
	return reqs, folder
}

// chunkPuts lists the chunk names PUT, in order.
func chunkPuts(reqs []double.Request) []string {
	var out []string
	for _, r := range reqs {
		if r.Method == http.MethodPut {
			out = append(out, r.Path[strings.LastIndex(r.Path, "/")+1:])
		}
	}
	return out
}

// watcher fails the test when the target holds a file before the MOVE of
// a chunked upload was answered.
type watcher struct {
	t      *testing.T
	s      *double.Server
	target string
	mu     sync.Mutex
	moved  bool
	hook   func(req *http.Request) // called before each request is sent
}

func (w *watcher) RoundTrip(req *http.Request) (*http.Response, error) {
	if w.hook != nil {
		w.hook(req)
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	w.mu.Lock()
	defer w.mu.Unlock()
	if req.Method == "MOVE" && err == nil && resp.StatusCode/100 == 2 {
		w.moved = true
	}
	if _, there := w.s.File(w.target); there && !w.moved {
		w.t.Errorf("%s is there after %s %s, before the MOVE", w.target, req.Method, req.URL.Path)
	}
	return resp, err
}

func TestChunkedUpload(t *testing.T) {
	ctx := context.Background()
	s := double.New(t)
	const target = "Videos/2019/clip.mp4"
	d := connectDouble(t, s, &watcher{t: t, s: s, target: target})
	d.SetChunking(6 * mib)
	c := ensure(t, d, "Videos")
	taken := time.Date(2019, 7, 14, 10, 0, 0, 0, time.UTC)
	it, data, opens := bigItem(c, "2019/clip.mp4", 13*mib, 1, taken)
	small, smallData, _ := bigItem(c, "2019/small.mp4", 6*mib, 2, taken) // at the limit: one PUT

	for _, x := range []*importers.Item{it, small} {
		if o, note, err := d.Put(ctx, x); o != importers.Imported || !note.IsZero() || err != nil {
			t.Fatalf("%s: %v %q %v", x.Name, o, note, err)
		}
	}
	f, ok := s.File(target)
	if !ok || !bytes.Equal(f.Data, data) {
		t.Fatalf("stored %d bytes, want the %d sent", len(f.Data), len(data))
	}
	if f.Checksum != "SHA256:"+sha256Hex(data) || !f.MTime.Equal(taken) {
		t.Errorf("checksum %q, mtime %v", f.Checksum, f.MTime)
	}
	if n := opens.Load(); n != 1 {
		t.Errorf("opened %d times, want 1 (hashed while sent)", n)
	}

	reqs, folder := uploadRequests(s)
	if !strings.HasPrefix(folder, "takeback-") {
		t.Fatalf("upload folder %q", folder)
	}
	base := "/remote.php/dav/uploads/alice/" + folder
	dest := s.URL + "/remote.php/dav/files/alice/Videos/2019/clip.mp4"
	var got []string
	for _, r := range reqs {
		got = append(got, r.Method+" "+strings.TrimPrefix(r.Path, base))
		if r.Method != "PROPFIND" && r.Header.Get("Destination") != dest {
			t.Errorf("%s %s: Destination %q, want %q", r.Method, r.Path, r.Header.Get("Destination"), dest)
		}
		if (r.Method == http.MethodPut || r.Method == "MOVE") && r.Header.Get("OC-Total-Length") != strconv.Itoa(13*mib) {
			t.Errorf("%s %s: OC-Total-Length %q", r.Method, r.Path, r.Header.Get("OC-Total-Length"))
		}
	}
	// Chunks of 6 MiB (the limit, under the 10 MiB default), numbered from
	// 1; the last holds the rest.
	if want := "PROPFIND /|MKCOL /|PUT /1|PUT /2|PUT /3|MOVE /.file"; strings.Join(got, "|") != want {
		t.Errorf("requests:\n%s\nwant\n%s", strings.Join(got, "|"), want)
	}
	for _, r := range s.Requests() {
		if r.Method == http.MethodPut && strings.HasPrefix(r.Path, base) {
			n, _ := strconv.Atoi(r.Path[len(base)+1:])
			want := 6 * mib
			if n == 3 {
				want = mib
			}
			if r.Header.Get("Content-Length") != strconv.Itoa(want) {
				t.Errorf("chunk %d: Content-Length %s, want %d", n, r.Header.Get("Content-Length"), want)
			}
		}
	}
	move := reqs[len(reqs)-1].Header
	if move.Get("X-OC-MTime") != strconv.FormatInt(taken.Unix(), 10) || move.Get("Overwrite") != "F" ||
		move.Get("OC-Checksum") != "SHA256:"+sha256Hex(data) {
		t.Errorf("MOVE headers %v", move)
	}
	if ups := s.Uploads(); len(ups) != 0 {
		t.Errorf("uploads left: %+v", ups)
	}

	// The file at the limit went up in one PUT, checked with X-Hash.
	if f, _ := s.File("Videos/2019/small.mp4"); !bytes.Equal(f.Data, smallData) || f.Checksum != "" {
		t.Errorf("small file: %d bytes, checksum %q", len(f.Data), f.Checksum)
	}
	puts := requests(s, http.MethodPut)
	if last := puts[len(puts)-1]; last.Path != "/remote.php/dav/files/alice/Videos/2019/small.mp4" || last.Header.Get("X-Hash") != "sha256" {
		t.Errorf("last PUT %s, X-Hash %q", last.Path, last.Header.Get("X-Hash"))
	}

	// The next run finds both.
	d2 := connectDouble(t, s, nil)
	d2.SetChunking(6 * mib)
	c = ensure(t, d2, "Videos")
	before := len(s.Requests())
	for _, x := range []*importers.Item{it, small} {
		x.Collection = c
		if o, _, err := d2.Put(ctx, x); o != importers.Present || err != nil {
			t.Errorf("second run, %s: %v %v", x.Name, o, err)
		}
	}
	for _, r := range s.Requests()[before:] {
		if r.Method != "PROPFIND" && r.Method != "MKCOL" {
			t.Errorf("second run sent %s %s", r.Method, r.Path)
		}
	}
}

// A chunk that fails once is sent again in the same Put; the chunks before
// it are not.
func TestChunkedRetriesAChunk(t *testing.T) {
	ctx := context.Background()
	s := double.New(t)
	d := connectDouble(t, s, &watcher{t: t, s: s, target: "Videos/clip.mp4"})
	d.SetChunking(6 * mib)
	c := ensure(t, d, "Videos")
	it, data, opens := bigItem(c, "clip.mp4", 13*mib, 3, time.Time{})
	s.FailChunk(2, 1)
	if o, _, err := d.Put(ctx, it); o != importers.Imported || err != nil {
		t.Fatal(o, err)
	}
	if f, _ := s.File("Videos/clip.mp4"); !bytes.Equal(f.Data, data) {
		t.Errorf("stored %d bytes, not the file", len(f.Data))
	}
	reqs, _ := uploadRequests(s)
	if got := strings.Join(chunkPuts(reqs), " "); got != "1 2 2 3" {
		t.Errorf("chunk PUTs %s, want 1 2 2 3", got)
	}
	// To send, and once more up to chunk 2 and on (hashed again from the
	// start: the checksum is still that of the file).
	if n := opens.Load(); n != 2 {
		t.Errorf("opened %d times, want 2", n)
	}
	move := reqs[len(reqs)-1]
	if move.Method != "MOVE" || move.Header.Get("X-OC-MTime") != "" || move.Header.Get("OC-Checksum") != "SHA256:"+sha256Hex(data) {
		t.Errorf("last %s, X-OC-MTime %q for an undated file, OC-Checksum %q", move.Method, move.Header.Get("X-OC-MTime"), move.Header.Get("OC-Checksum"))
	}
}

// A run that gives up in the middle leaves the chunks it sent, and no
// file; the next run sends only what is missing.
func TestChunkedResumes(t *testing.T) {
	ctx := context.Background()
	s := double.New(t)
	const target = "Videos/clip.mp4"
	d := connectDouble(t, s, &watcher{t: t, s: s, target: target})
	d.SetChunking(6 * mib)
	c := ensure(t, d, "Videos")
	it, data, _ := bigItem(c, "clip.mp4", 13*mib, 4, time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC))
	s.FailChunk(2, 3) // more than a Put tries
	o, _, err := d.Put(ctx, it)
	if o != importers.Failed || err == nil || !strings.Contains(err.Error(), "sending part 2 of 3") ||
		!strings.Contains(err.Error(), "gave up after 3 tries") || importers.IsFatal(err) {
		t.Fatalf("failing chunk: %v %v", o, err)
	}
	if _, there := s.File(target); there {
		t.Fatal("a partial file is at the target")
	}
	ups := s.Uploads()
	if len(ups) != 1 || len(ups[0].Chunks) != 1 || ups[0].Chunks["1"] != 6*mib {
		t.Fatalf("uploads after the failure: %+v", ups)
	}
	if d.FilePath(it) != "" {
		t.Errorf("FilePath %q after a failure", d.FilePath(it))
	}

	before := len(s.Requests())
	d2 := connectDouble(t, s, &watcher{t: t, s: s, target: target})
	d2.SetChunking(6 * mib)
	it.Collection = ensure(t, d2, "Videos")
	if o, note, err := d2.Put(ctx, it); o != importers.Imported || !note.IsZero() || err != nil {
		t.Fatal(o, note, err)
	}
	if f, _ := s.File(target); !bytes.Equal(f.Data, data) {
		t.Errorf("stored %d bytes, not the file", len(f.Data))
	}
	var got []string
	for _, r := range s.Requests()[before:] {
		if strings.HasPrefix(r.Path, "/remote.php/dav/uploads/") {
			got = append(got, r.Method+" "+r.Path[strings.LastIndex(r.Path, "/"):])
		}
		// Chunk 1, not sent, was read for the hash.
		if r.Method == "MOVE" && r.Header.Get("OC-Checksum") != "SHA256:"+sha256Hex(data) {
			t.Errorf("MOVE OC-Checksum %q", r.Header.Get("OC-Checksum"))
		}
	}
	// The upload folder is found (no MKCOL) and chunk 1 not sent again.
	if want := "PROPFIND /|PUT /2|PUT /3|MOVE /.file"; strings.Join(got, "|") != want {
		t.Errorf("second run: %s, want %s", strings.Join(got, "|"), want)
	}
	if ups := s.Uploads(); len(ups) != 0 {
		t.Errorf("uploads left: %+v", ups)
	}
}

// The server forgot the upload (412 Missing metadata) or holds chunks that
// do not fit: the upload folder is deleted and the file sent again whole.
func TestChunkedStartsOver(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name  string
		spoil func(s *double.Server, d *nextcloud.DAV) // after a first run that sent chunk 1
		want  string                                   // the second run's requests
	}{
		{"metadata lost", func(s *double.Server, d *nextcloud.DAV) { s.DropUploadMetadata() },
			"PROPFIND|PUT 2|DELETE|MKCOL|PUT 1|PUT 2|PUT 3|MOVE"},
		{"other chunk size", func(s *double.Server, d *nextcloud.DAV) { d.SetChunking(5 * mib) }, // 5 MiB chunks: chunk 1 has the wrong size
			"PROPFIND|DELETE|MKCOL|PUT 1|PUT 2|PUT 3|MOVE"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := double.New(t)
			const target = "Videos/clip.mp4"
			d := connectDouble(t, s, nil)
			d.SetChunking(6 * mib)
			c := ensure(t, d, "Videos")
			it, data, _ := bigItem(c, "clip.mp4", 13*mib, 5, time.Time{})
			s.FailChunk(2, 3)
			if o, _, _ := d.Put(ctx, it); o != importers.Failed {
				t.Fatal(o)
			}
			d2 := connectDouble(t, s, &watcher{t: t, s: s, target: target})
			d2.SetChunking(6 * mib)
			tc.spoil(s, d2)
			it.Collection = ensure(t, d2, "Videos")
			before := len(s.Requests())
			if o, _, err := d2.Put(ctx, it); o != importers.Imported || err != nil {
				t.Fatal(o, err)
			}
			if f, _ := s.File(target); !bytes.Equal(f.Data, data) {
				t.Errorf("stored %d bytes, not the file", len(f.Data))
			}
			var got []string
			for _, r := range s.Requests()[before:] {
				if rest, ok := strings.CutPrefix(r.Path, "/remote.php/dav/uploads/alice/"); ok {
					_, chunk, _ := strings.Cut(rest, "/")
					got = append(got, strings.TrimSpace(r.Method+" "+strings.TrimPrefix(chunk, ".file")))
				}
			}
			if strings.Join(got, "|") != tc.want {
				t.Errorf("second run: %s, want %s", strings.Join(got, "|"), tc.want)
			}
			if ups := s.Uploads(); len(ups) != 0 {
				t.Errorf("uploads left: %+v", ups)
			}
		})
	}

	// The metadata is lost just before the MOVE: 412, then a fresh start.
	s := double.New(t)
	var dropped atomic.Bool
	w := &watcher{t: t, s: s, target: "Videos/clip.mp4", hook: func(req *http.Request) {
		if req.Method == "MOVE" && dropped.CompareAndSwap(false, true) {
			s.DropUploadMetadata()
		}
	}}
	d := connectDouble(t, s, w)
	d.SetChunking(6 * mib)
	it, data, _ := bigItem(ensure(t, d, "Videos"), "clip.mp4", 13*mib, 6, time.Time{})
	if o, _, err := d.Put(ctx, it); o != importers.Imported || err != nil {
		t.Fatal(o, err)
	}
	if f, _ := s.File("Videos/clip.mp4"); !bytes.Equal(f.Data, data) {
		t.Errorf("stored %d bytes, not the file", len(f.Data))
	}
	reqs, _ := uploadRequests(s)
	if got := strings.Join(chunkPuts(reqs), " "); got != "1 2 3 1 2 3" {
		t.Errorf("chunk PUTs %s, want two full rounds", got)
	}

	// Lost twice: the item fails, and nothing is left behind.
	s = double.New(t)
	w = &watcher{t: t, s: s, target: "Videos/clip.mp4", hook: func(req *http.Request) {
		if req.Method == "MOVE" {
			s.DropUploadMetadata()
		}
	}}
	d = connectDouble(t, s, w)
	d.SetChunking(6 * mib)
	it, _, _ = bigItem(ensure(t, d, "Videos"), "clip.mp4", 13*mib, 6, time.Time{})
	o, _, err := d.Put(ctx, it)
	if o != importers.Failed || err == nil || !strings.Contains(err.Error(), "failed twice") ||
		!strings.Contains(err.Error(), "Missing metadata") {
		t.Errorf("lost twice: %v %v", o, err)
	}
	if _, there := s.File("Videos/clip.mp4"); there || len(s.Uploads()) != 0 {
		t.Errorf("left behind: file %v, uploads %+v", there, s.Uploads())
	}
}

// The name is taken between the listing and the MOVE: Overwrite: F keeps
// the other file, and the item goes next to it.
func TestChunkedNeverOverwrites(t *testing.T) {
	ctx := context.Background()
	s := double.New(t)
	var added atomic.Bool
	w := &watcher{t: t, s: s, target: "Videos/clip (2).mp4", hook: func(req *http.Request) {
		if req.Method == "MOVE" && added.CompareAndSwap(false, true) {
			s.AddFile("Videos/clip.mp4", []byte("someone else's"), time.Now())
		}
	}}
	d := connectDouble(t, s, w)
	d.SetChunking(6 * mib)
	it, data, _ := bigItem(ensure(t, d, "Videos"), "clip.mp4", 7*mib, 7, time.Time{})
	o, note, err := d.Put(ctx, it)
	if o != importers.Imported || err != nil || note.String() != `uploaded as "Videos/clip (2).mp4": a different file has the name` {
		t.Fatalf("%v %q %v", o, note, err)
	}
	if f, _ := s.File("Videos/clip.mp4"); string(f.Data) != "someone else's" {
		t.Errorf("the other file was overwritten")
	}
	if f, _ := s.File("Videos/clip (2).mp4"); !bytes.Equal(f.Data, data) {
		t.Errorf("clip (2).mp4 holds %d bytes", len(f.Data))
	}
	if ups := s.Uploads(); len(ups) != 0 {
		t.Errorf("uploads left: %+v", ups)
	}
}

// Only a Nextcloud found from --server takes chunks: the same server given
// as a WebDAV address gets one PUT.
func TestChunkedOnlyFromServer(t *testing.T) {
	ctx := context.Background()
	s := double.New(t)
	d, err := nextcloud.New(ctx, nextcloud.Options{WebDAV: s.FilesRoot(), User: s.Login, Password: s.Password})
	if err != nil {
		t.Fatal(err)
	}
	d.SetChunking(6 * mib)
	it, data, _ := bigItem(ensure(t, d, "Videos"), "clip.mp4", 7*mib, 8, time.Time{})
	if o, _, err := d.Put(ctx, it); o != importers.Imported || err != nil {
		t.Fatal(o, err)
	}
	if f, _ := s.File("Videos/clip.mp4"); !bytes.Equal(f.Data, data) {
		t.Errorf("stored %d bytes", len(f.Data))
	}
	if reqs, _ := uploadRequests(s); len(reqs) != 0 {
		t.Errorf("chunked requests: %+v", reqs)
	}

	// And a negative limit turns chunking off.
	d = connectDouble(t, s, nil)
	d.SetChunking(-1)
	it, _, _ = bigItem(ensure(t, d, "Other"), "clip.mp4", 7*mib, 8, time.Time{})
	if o, _, err := d.Put(ctx, it); o != importers.Imported || err != nil {
		t.Fatal(o, err)
	}
	if reqs, _ := uploadRequests(s); len(reqs) != 0 {
		t.Errorf("chunked requests with chunking off: %+v", reqs)
	}
}

func TestChecksums(t *testing.T) {
	ctx := context.Background()
	s := double.New(t)
	d := connectDouble(t, s, nil)
	c := ensure(t, d, "Photos")
	const data = "photo bytes"
	if o, _, err := d.Put(ctx, fileItem(c, "a.jpg", data, time.Time{})); o != importers.Imported || err != nil {
		t.Fatal(o, err)
	}
	// The hash is known only once the bytes went (hashed on the way, issue
	// 7): no OC-Checksum, and X-Hash to check the server got them right.
	put := requests(s, http.MethodPut)[0]
	if put.Header.Get("OC-Checksum") != "" || put.Header.Get("X-Hash") != "sha256" {
		t.Errorf("PUT headers %v", put.Header)
	}
	if f, _ := s.File("Photos/a.jpg"); f.Checksum != "" {
		t.Errorf("stored checksum %q", f.Checksum)
	}

	// Damaged on the way: deleted, sent again.
	s.CorruptNext()
	if o, _, err := d.Put(ctx, fileItem(c, "b.jpg", data, time.Time{})); o != importers.Imported || err != nil {
		t.Fatal(o, err)
	}
	if f, _ := s.File("Photos/b.jpg"); string(f.Data) != data {
		t.Errorf("stored %q", f.Data)
	}
	if dels := requests(s, http.MethodDelete); len(dels) != 1 || dels[0].Path != "/remote.php/dav/files/alice/Photos/b.jpg" {
		t.Errorf("DELETEs %+v", dels)
	}
	if n := len(requests(s, http.MethodPut)); n != 3 {
		t.Errorf("%d PUTs, want 3", n)
	}

	// Damaged twice: the item fails, and no damaged copy is left.
	s2 := double.New(t)
	var puts atomic.Int32
	tr := &watcher{t: t, s: s2, target: "none", hook: func(req *http.Request) {
		if req.Method == http.MethodPut && puts.Add(1) <= 2 {
			s2.CorruptNext()
		}
	}}
	d = connectDouble(t, s2, tr)
	c = ensure(t, d, "Photos")
	o, _, err := d.Put(ctx, fileItem(c, "c.jpg", data, time.Time{}))
	if o != importers.Failed || err == nil || !strings.Contains(err.Error(), "arrived damaged twice") || importers.IsFatal(err) {
		t.Errorf("damaged twice: %v %v", o, err)
	}
	if _, there := s2.File("Photos/c.jpg"); there {
		t.Error("a damaged copy is left")
	}
	// The name is free again.
	if o, note, err := d.Put(ctx, fileItem(c, "c.jpg", data, time.Time{})); o != importers.Imported || !note.IsZero() || err != nil {
		t.Errorf("after: %v %q %v", o, note, err)
	}
}

func TestForbiddenNamesRenamed(t *testing.T) {
	ctx := context.Background()
	s := double.New(t)
	names, basenames, chars, exts := []string{".htaccess", "thumbs.db"}, []string{"con", "prn"},
		[]string{":", "?", "*"}, []string{".filepart", ".part", " ", "."}
	s.SetForbidden(names, basenames, chars, exts)

	// Without the rules, the server refuses such names.
	d := connectDouble(t, s, nil)
	c := ensure(t, d, "Photos")
	o, _, err := d.Put(ctx, fileItem(c, "Paris: day 1?.jpg", "x", time.Time{}))
	if o != importers.Failed || err == nil || !strings.Contains(err.Error(), "400") {
		t.Errorf("without the rules: %v %v", o, err)
	}

	d = connectDouble(t, s, nil)
	d.SetNameRules(nextcloud.NameRules{Names: names, Basenames: basenames, Characters: chars, Extensions: exts})
	album := &importers.Collection{Kind: importers.Folder, ID: "a", Name: "Photos/Trip: Paris."}
	if err := d.Ensure(ctx, album); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, path, note string }{
		{"day 1?.jpg", "Photos/Trip_ Paris/day 1_.jpg",
			`renamed to "Photos/Trip_ Paris/day 1_.jpg" (the server forbids the characters ":" and "?"; names ending in a dot)`},
		{"con.jpg", "Photos/Trip_ Paris/con_.jpg",
			`renamed to "Photos/Trip_ Paris/con_.jpg" (the server forbids the character ":"; names ending in a dot; the reserved name "con")`},
		{"Thumbs.db", "Photos/Trip_ Paris/Thumbs_.db",
			`renamed to "Photos/Trip_ Paris/Thumbs_.db" (the server forbids the character ":"; names ending in a dot; the name "thumbs.db")`},
		{"notes. ", "Photos/Trip_ Paris/notes",
			`renamed to "Photos/Trip_ Paris/notes" (the server forbids the character ":"; names ending in a dot; names ending in a space)`},
		{"clip.part", "Photos/Trip_ Paris/clip.part_",
			`renamed to "Photos/Trip_ Paris/clip.part_" (the server forbids the character ":"; names ending in a dot; names ending in ".part")`},
	} {
		o, note, err := d.Put(ctx, fileItem(album, tc.name, "bytes of "+tc.name, time.Time{}))
		if o != importers.Imported || err != nil || note.String() != tc.note {
			t.Errorf("%s: %v %v\n%s\nwant\n%s", tc.name, o, err, note, tc.note)
		}
		if f, ok := s.File(tc.path); !ok || string(f.Data) != "bytes of "+tc.name {
			t.Errorf("%s: not at %s", tc.name, tc.path)
		}
	}

	// Next run: present, and still said where.
	d = connectDouble(t, s, nil)
	d.SetNameRules(nextcloud.NameRules{Names: names, Basenames: basenames, Characters: chars, Extensions: exts})
	if err := d.Ensure(ctx, album); err != nil {
		t.Fatal(err)
	}
	o, note, err := d.Put(ctx, fileItem(album, "con.jpg", "bytes of con.jpg", time.Time{}))
	if want := `already there as "Photos/Trip_ Paris/con_.jpg" (renamed: the server forbids the character ":"; names ending in a dot; the reserved name "con")`; o != importers.Present || err != nil || note.String() != want {
		t.Errorf("second run: %v %v\n%s\nwant\n%s", o, err, note, want)
	}
}

// rclone is a plain WebDAV server: no chunks whatever the size, the
// checksum headers are ignored, and re-runs find the files.
func TestPlainWebDAVUploads(t *testing.T) {
	ctx := context.Background()
	srv := servers.Rclone(t)
	rec := &recorder{}
	c := &importers.Collection{Kind: importers.Folder, ID: "Videos", Name: "Videos"}
	it, data, _ := bigItem(c, "clip.mp4", 7*mib, 9, time.Date(2019, 7, 14, 10, 0, 0, 0, time.UTC))
	p := &importers.Plan{}
	p.Add(it)
	p.Add(fileItem(c, "notes: day 1.txt", "text", time.Time{}))
	for run, want := range []importers.Outcome{importers.Imported, importers.Present} {
		d := connectRclone(t, srv, rec)
		d.SetChunking(mib) // ignored: not a Nextcloud
		rep := importers.Apply(ctx, p, d, importers.ApplyOptions{Jobs: 2})
		for _, res := range rep.Results {
			if res.Outcome != want {
				t.Errorf("run %d: %s: %s %s", run+1, res.Target, res.Outcome, res.Reason)
			}
		}
	}
	if got := readBack(t, srv, "/Videos/clip.mp4"); got != string(data) {
		t.Errorf("clip.mp4 holds %d bytes", len(got))
	}
	// No name rules were set: ":" is fine on rclone.
	if got := readBack(t, srv, "/Videos/notes: day 1.txt"); got != "text" {
		t.Errorf("notes hold %q", got)
	}
	puts := 0
	for _, r := range rec.list() {
		switch {
		case r.method == "MOVE" || strings.Contains(r.path, "/uploads/"):
			t.Errorf("chunked request %s %s", r.method, r.path)
		case r.method == http.MethodPut:
			puts++
			if r.header.Get("OC-Checksum") != "" || r.header.Get("X-Hash") != "sha256" {
				t.Errorf("PUT %s: %v", r.path, r.header)
			}
			if r.answer.Get("X-Hash-SHA256") != "" {
				t.Errorf("rclone answered X-Hash-SHA256 %q", r.answer.Get("X-Hash-SHA256"))
			}
		case r.method == http.MethodDelete:
			t.Errorf("DELETE %s", r.path)
		}
	}
	if puts != 2 {
		t.Errorf("%d PUTs, want 2 (the first run's)", puts)
	}
}

type recorded struct {
	method, path   string
	header, answer http.Header
}

// recorder is a RoundTripper that records requests and answer headers.
type recorder struct {
	mu   sync.Mutex
	reqs []recorded
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(req)
	rec := recorded{method: req.Method, path: req.URL.Path, header: req.Header.Clone()}
	if err == nil {
		rec.answer = resp.Header.Clone()
	}
	r.mu.Lock()
	r.reqs = append(r.reqs, rec)
	r.mu.Unlock()
	return resp, err
}

func (r *recorder) list() []recorded {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]recorded(nil), r.reqs...)
}

package double_test

import (
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/takeback/takeback/nextcloud/double"
)

func TestChunkedUploadV2(t *testing.T) {
	s := double.New(t)
	const up = "/remote.php/dav/uploads/alice/u1"
	dest := s.URL + "/remote.php/dav/files/alice/big.bin"
	five := strings.Repeat("a", 5<<20)
	for _, tc := range []struct {
		method, path string
		header       []string
		body         string
		status       int
		message      string
	}{
		{"PUT", up + "/1", nil, "x", http.StatusNotFound, ""}, // no upload folder yet
		{"MKCOL", up, []string{"Destination", dest}, "", http.StatusCreated, ""},
		{"MKCOL", up, []string{"Destination", dest}, "", http.StatusMethodNotAllowed, ""},
		{"PUT", up + "/0", nil, "x", http.StatusBadRequest, "Invalid chunk name, must be numeric between 1 and 10000"},
		{"PUT", up + "/10001", nil, "x", http.StatusBadRequest, "Invalid chunk name, must be numeric between 1 and 10000"},
		{"PUT", up + "/01", nil, "x", http.StatusBadRequest, "Invalid chunk name"},
		{"PUT", up + "/part-a", nil, "x", http.StatusBadRequest, "Invalid chunk name"},
		{"PUT", up + "/2", []string{"Destination", dest, "OC-Total-Length", "4"}, "1234", http.StatusCreated, ""}, // the last
	} {
		resp, body := do(t, s, true, tc.method, tc.path, tc.body, tc.header...)
		if resp.StatusCode != tc.status || !strings.Contains(body, tc.message) {
			t.Errorf("%s %s: %s, want %d %q\n%s", tc.method, tc.path, resp.Status, tc.status, tc.message, body)
		}
	}
	total := "5242884"
	// Chunk 1 too small while not the last: S3 refuses the assembly.
	do(t, s, true, "PUT", up+"/1", "small", "Destination", dest, "OC-Total-Length", total)
	resp, body := do(t, s, true, "MOVE", up+"/.file", "", "Destination", dest, "OC-Total-Length", "9")
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "at least 5242880") {
		t.Errorf("small chunk: %s %s", resp.Status, body)
	}
	do(t, s, true, "PUT", up+"/1", five, "Destination", dest, "OC-Total-Length", total)
	resp, body = do(t, s, true, "MOVE", up+"/.file", "", "Destination", dest, "OC-Total-Length", "100")
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "Chunks on server do not sum up to 100 but to 5242884 bytes") {
		t.Errorf("wrong total: %s %s", resp.Status, body)
	}
	resp, body = do(t, s, true, "MOVE", up+"/.file", "", "Destination", dest, "OC-Total-Length", total, "X-OC-MTime", "86400")
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "greater than one day") {
		t.Errorf("mtime 86400: %s %s", resp.Status, body)
	}
	// The chunks are listed with their sizes.
	_, body = do(t, s, true, "PROPFIND", up+"/", `<d:propfind xmlns:d="DAV:"><d:prop><d:getcontentlength/></d:prop></d:propfind>`, "Depth", "1")
	for _, want := range []string{
		"<d:href>" + up + "/1</d:href><d:propstat><d:prop><d:getcontentlength>5242880</d:getcontentlength>",
		"<d:href>" + up + "/2</d:href><d:propstat><d:prop><d:getcontentlength>4</d:getcontentlength>",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("PROPFIND lacks %s\n%s", want, body)
		}
	}
	if ups := s.Uploads(); len(ups) != 1 || ups[0].ID != "u1" || ups[0].Destination != dest || !ups[0].Metadata ||
		ups[0].Chunks["1"] != 5<<20 || ups[0].Chunks["2"] != 4 {
		t.Errorf("uploads %+v", ups)
	}
	// Overwrite: F and an existing file.
	s.AddFile("big.bin", []byte("old"), time.Now())
	resp, _ = do(t, s, true, "MOVE", up+"/.file", "", "Destination", dest, "OC-Total-Length", total, "Overwrite", "F")
	if resp.StatusCode != http.StatusPreconditionFailed {
		t.Errorf("Overwrite: F: %s", resp.Status)
	}
	resp, _ = do(t, s, true, "MOVE", up+"/.file", "", "Destination", dest, "OC-Total-Length", total,
		"X-OC-MTime", "1563098400", "OC-Checksum", "SHA256:abc")
	if resp.StatusCode != http.StatusNoContent || resp.Header.Get("X-OC-MTime") != "accepted" {
		t.Errorf("MOVE: %s, X-OC-MTime %q", resp.Status, resp.Header.Get("X-OC-MTime"))
	}
	f, ok := s.File("big.bin")
	if !ok || string(f.Data) != five+"1234" || f.Checksum != "SHA256:abc" || f.MTime.Unix() != 1563098400 {
		t.Errorf("assembled: %d bytes, checksum %q, mtime %v", len(f.Data), f.Checksum, f.MTime)
	}
	if len(s.Uploads()) != 0 {
		t.Errorf("the upload folder is still there: %+v", s.Uploads())
	}
	if resp, _ := do(t, s, true, "PROPFIND", up+"/", "", "Depth", "1"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("PROPFIND after the MOVE: %s", resp.Status)
	}
}

func TestChunkedHooks(t *testing.T) {
	s := double.New(t)
	const up = "/remote.php/dav/uploads/alice/u2"
	dest := s.URL + "/remote.php/dav/files/alice/f.bin"
	do(t, s, true, "MKCOL", up, "", "Destination", dest)
	s.FailChunk(1, 1)
	if resp, _ := do(t, s, true, "PUT", up+"/1", "x", "Destination", dest); resp.StatusCode != http.StatusInternalServerError {
		t.Errorf("failing chunk: %s", resp.Status)
	}
	if resp, _ := do(t, s, true, "PUT", up+"/1", "x", "Destination", dest); resp.StatusCode != http.StatusCreated {
		t.Errorf("then: %s", resp.Status)
	}
	s.DropUploadMetadata()
	for _, r := range [][2]string{{"PUT", up + "/2"}, {"MOVE", up + "/.file"}} {
		resp, body := do(t, s, true, r[0], r[1], "y", "Destination", dest, "OC-Total-Length", "1")
		if resp.StatusCode != http.StatusPreconditionFailed || !strings.Contains(body, "Missing metadata for chunked upload") {
			t.Errorf("%s without metadata: %s %s", r[0], resp.Status, body)
		}
	}
	// DELETE aborts.
	if resp, _ := do(t, s, true, "DELETE", up+"/", ""); resp.StatusCode != http.StatusNoContent {
		t.Errorf("DELETE: %s", resp.Status)
	}
	if resp, _ := do(t, s, true, "DELETE", up+"/", ""); resp.StatusCode != http.StatusNotFound {
		t.Errorf("DELETE again: %s", resp.Status)
	}
	if _, ok := s.File("f.bin"); ok || len(s.Uploads()) != 0 {
		t.Errorf("left: %+v", s.Uploads())
	}
}

// Without Destination on the MKCOL the upload is a v1 one: any chunk
// names, no size rule, numeric order.
func TestChunkedUploadV1(t *testing.T) {
	s := double.New(t)
	const up = "/remote.php/dav/uploads/alice/old"
	do(t, s, true, "MKCOL", up, "")
	for name, body := range map[string]string{"10": "c", "9": "b", "0": "a"} {
		if resp, _ := do(t, s, true, "PUT", up+"/"+name, body); resp.StatusCode != http.StatusCreated {
			t.Errorf("chunk %s: %s", name, resp.Status)
		}
	}
	resp, _ := do(t, s, true, "MOVE", up+"/.file", "", "Destination", s.URL+"/remote.php/dav/files/alice/abc.txt")
	if f, _ := s.File("abc.txt"); resp.StatusCode != http.StatusCreated || string(f.Data) != "abc" {
		t.Errorf("v1: %s, %q", resp.Status, f.Data)
	}
}

func TestFileNamesAndHashes(t *testing.T) {
	s := double.New(t)
	const root = "/remote.php/dav/files/alice/"
	for _, tc := range []struct {
		method, path string
		status       int
	}{
		{"PUT", root + "movie.part", http.StatusBadRequest},
		{"PUT", root + "movie.PART", http.StatusBadRequest},
		{"PUT", root + "movie.part.mp4", http.StatusCreated},
		{"PUT", root + "doc.filepart", http.StatusBadRequest},
		{"PUT", root + ".htaccess", http.StatusBadRequest},
		{"PUT", root + "a:b.txt", http.StatusCreated}, // not forbidden by default
		{"MKCOL", root + "x.part", http.StatusBadRequest},
	} {
		resp, body := do(t, s, true, tc.method, tc.path, "x")
		if resp.StatusCode != tc.status {
			t.Errorf("%s %s: %s, want %d\n%s", tc.method, tc.path, resp.Status, tc.status, body)
		}
		if tc.status == http.StatusBadRequest && !strings.Contains(body, `<s:exception>OCA\DAV\Connector\Sabre\Exception\InvalidPath</s:exception>`) {
			t.Errorf("%s %s: %s", tc.method, tc.path, body)
		}
	}

	s.SetForbidden([]string{"Thumbs.db"}, []string{"CON"}, []string{":", "?"}, []string{" ", "."})
	if f := s.Forbidden(); strings.Join(f.Extensions, ",") != " ,.,.part" || strings.Join(f.Names, ",") != "thumbs.db" {
		t.Errorf("Forbidden() = %+v", f)
	}
	for _, tc := range []struct {
		name   string
		status int
	}{
		{"thumbs.DB", http.StatusBadRequest},
		{"con", http.StatusBadRequest},
		{"Con.txt", http.StatusBadRequest},
		{"con_.txt", http.StatusCreated},
		{"console.txt", http.StatusCreated},
		{"why%3F.txt", http.StatusBadRequest},
		{"trailing ", http.StatusBadRequest},
		{"trailing.", http.StatusBadRequest},
		{"x.part", http.StatusBadRequest}, // always
		{".htaccess", http.StatusCreated}, // no longer in the list
	} {
		if resp, body := do(t, s, true, "PUT", root+tc.name, "x"); resp.StatusCode != tc.status {
			t.Errorf("PUT %q: %s, want %d\n%s", tc.name, resp.Status, tc.status, body)
		}
	}
	// A file already there may be written again.
	s.AddFile("old:name.txt", []byte("x"), time.Now())
	if resp, _ := do(t, s, true, "PUT", root+"old:name.txt", "y"); resp.StatusCode != http.StatusNoContent {
		t.Errorf("overwrite of an old name: %s", resp.Status)
	}

	// X-Hash.
	resp, _ := do(t, s, true, "PUT", root+"h.txt", "hello", "X-Hash", "all")
	sum := sha256.Sum256([]byte("hello"))
	m := md5.Sum([]byte("hello"))
	if resp.Header.Get("X-Hash-SHA256") != hex.EncodeToString(sum[:]) || resp.Header.Get("X-Hash-MD5") != hex.EncodeToString(m[:]) ||
		resp.Header.Get("X-Hash-SHA1") == "" {
		t.Errorf("X-Hash: all: %v", resp.Header)
	}
	resp, _ = do(t, s, true, "PUT", root+"h2.txt", "hello", "X-Hash", "sha256")
	if resp.Header.Get("X-Hash-SHA256") != hex.EncodeToString(sum[:]) || resp.Header.Get("X-Hash-MD5") != "" {
		t.Errorf("X-Hash: sha256: %v", resp.Header)
	}
	if resp, _ = do(t, s, true, "PUT", root+"h3.txt", "hello"); resp.Header.Get("X-Hash-SHA256") != "" {
		t.Errorf("no X-Hash asked: %v", resp.Header)
	}
	s.CorruptNext()
	resp, _ = do(t, s, true, "PUT", root+"h4.txt", "hello", "X-Hash", "sha256")
	if f, _ := s.File("h4.txt"); string(f.Data) == "hello" || resp.Header.Get("X-Hash-SHA256") == hex.EncodeToString(sum[:]) {
		t.Errorf("corrupted: stored %q, X-Hash-SHA256 %s", f.Data, resp.Header.Get("X-Hash-SHA256"))
	}
	if f, _ := s.File("h5.txt"); f.Data != nil {
		t.Error("h5 exists")
	}
	do(t, s, true, "PUT", root+"h5.txt", "hello")
	if f, _ := s.File("h5.txt"); string(f.Data) != "hello" {
		t.Errorf("CorruptNext damaged two files: %q", f.Data)
	}

	// DELETE.
	do(t, s, true, "MKCOL", root+"dir", "")
	do(t, s, true, "PUT", root+"dir/f", "x")
	for _, tc := range []struct {
		path   string
		status int
	}{{root + "h.txt", http.StatusNoContent}, {root + "h.txt", http.StatusNotFound}, {root + "dir", http.StatusNoContent}} {
		if resp, _ := do(t, s, true, "DELETE", tc.path, ""); resp.StatusCode != tc.status {
			t.Errorf("DELETE %s: %s, want %d", tc.path, resp.Status, tc.status)
		}
	}
	if _, ok := s.File("dir/f"); ok || s.Folder("dir") {
		t.Error("DELETE of a folder left its content")
	}
}

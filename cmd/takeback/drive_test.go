package main

import (
	"archive/zip"
	"bytes"
	"io/fs"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/takeback/takeback/fixtures"
	"github.com/takeback/takeback/internal/servers"
	"github.com/takeback/takeback/nextcloud"
	"github.com/takeback/takeback/nextcloud/double"
)

// ownPage is the reason the archive browser page is skipped.
const ownPage = "Takeout's own index page, not your data"

// onServer is where a Drive file lands: its path under the Drive folder,
// each element made acceptable to Nextcloud (".htaccess" → ".htaccess_").
func onServer(p string) string {
	parts := strings.Split(p, "/")
	for i, e := range parts {
		parts[i] = nextcloud.SafeName(e)
	}
	return "Google Drive/" + strings.Join(parts, "/")
}

// str is v when it is a string, "" otherwise.
func str(v any) string {
	s, _ := v.(string)
	return s
}

// driveResults are the report's Drive files by member path, and the
// skipped archive browser pages.
func driveResults(t *testing.T, report string) (files map[string]map[string]any, pages []map[string]any) {
	t.Helper()
	files = map[string]map[string]any{}
	for _, r := range readReport(t, report) {
		src := r["source"].(string)
		member := src[strings.Index(src, "!")+1:]
		switch {
		case r["kind"] != "file":
			t.Errorf("not a file: %v", r)
		case r["outcome"] == "skipped":
			pages = append(pages, r)
		default:
			files[member] = r
		}
	}
	return files, pages
}

// TestDriveIntoWebDAV imports a German two-part tgz Takeout's Drive into a
// real WebDAV server, twice: the tree arrives whole, byte for byte, and
// the second run finds it all there.
func TestDriveIntoWebDAV(t *testing.T) {
	srv := servers.Rclone(t)
	dir := t.TempDir()
	shape := fixtures.Takeout{Drive: true, Lang: "de", Parts: 2, Format: "tgz"}
	archives, err := shape.Write(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("TAKEBACK_PASSWORD", srv.Password)
	report := filepath.Join(dir, "report.jsonl")
	args := append([]string{"import", "--webdav", srv.URL + "/", "--user", srv.User, "--only", "drive", "--report", report}, archives...)
	code, out, errOut := takeback(t, args...)
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	want := shape.ExpectedDrive()
	files, pages := driveResults(t, report)
	for _, w := range want {
		r := files[w.Member]
		if r == nil || r["outcome"] != "imported" || r["target"] != "files/Google Drive/"+w.Path {
			t.Errorf("%s: %v, want it imported", w.Member, r)
		}
	}
	if len(files) != len(want) {
		t.Errorf("%d Drive files in the report, want %d", len(files), len(want))
	}
	if len(pages) != 1 || pages[0]["reason"] != ownPage || pages[0]["title"] != "Archiv_Übersicht.html" {
		t.Errorf("skipped %v, want the archive browser page, with its reason", pages)
	}
	if r := files["Takeout/Drive/Site web/.htaccess"]; !strings.Contains(str(r["reason"]), ".htaccess_") {
		t.Errorf(".htaccess: %v, want the rename in its reason", r)
	}

	// The server's folder holds the tree and nothing else.
	got := map[string][]byte{}
	err = filepath.WalkDir(srv.Root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(srv.Root, p)
		got[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	data := map[string][]byte{}
	for _, f := range shape.Files() {
		data[f.Path] = f.Data
	}
	for _, w := range want {
		p := onServer(w.Path)
		if b, ok := got[p]; !ok || !bytes.Equal(b, data[w.Member]) {
			t.Errorf("%s: on the server %v, same bytes %v", p, ok, bytes.Equal(b, data[w.Member]))
		}
		delete(got, p)
	}
	for p := range got {
		t.Errorf("unexpected on the server: %q", p)
	}

	code, out, _ = takeback(t, args...)
	n := outcomes(readReport(t, report))
	if code != 0 || n["imported"] != 0 || n["present"] != len(want) || n["skipped"] != 1 {
		t.Errorf("second run: exit %d, %v\n%s", code, n, out)
	}
}

// TestDriveIntoNextcloud checks on the protocol double what only Nextcloud
// does: each file's X-OC-MTime is its mtime in the archive, a name
// Nextcloud forbids is renamed and reported, and a big file goes up in
// chunks, then is found present.
func TestDriveIntoNextcloud(t *testing.T) {
	nc := double.New(t)
	caps := double.DefaultCapabilities()
	caps.ChunkMaxSize = 1 << 20 // chunks are 5 MiB at least
	nc.SetCapabilities(caps)
	dir := t.TempDir()
	shape := fixtures.Takeout{Drive: true}
	archives, err := shape.Write(dir)
	if err != nil {
		t.Fatal(err)
	}
	// A second part with one big Drive file.
	big := make([]byte, 5<<20+4321)
	r := rand.New(rand.NewPCG(9, 9))
	for i := range big {
		big[i] = byte(r.Uint32())
	}
	bigMod := time.Date(2022, 7, 14, 21, 30, 15, 0, time.UTC)
	bigMember := "Takeout/Drive/Vidéos/mariage.mov"
	var zbuf bytes.Buffer
	zw := zip.NewWriter(&zbuf)
	w, err := zw.CreateHeader(&zip.FileHeader{Name: bigMember, Method: zip.Store, Modified: bigMod})
	if err == nil {
		_, err = w.Write(big)
	}
	if err == nil {
		err = zw.Close()
	}
	if err != nil {
		t.Fatal(err)
	}
	part2 := filepath.Join(dir, strings.Replace(filepath.Base(archives[0]), "-001.", "-002.", 1))
	if err := os.WriteFile(part2, zbuf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	archives = append(archives, part2)

	t.Setenv("TAKEBACK_PASSWORD", nc.Password)
	report := filepath.Join(dir, "report.jsonl")
	args := append([]string{"import", "--server", nc.URL, "--user", nc.Login, "--only", "drive", "--report", report}, archives...)
	if code, out, errOut := takeback(t, args...); code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}

	filesRoot := "/remote.php/dav/files/" + nc.UserID + "/"
	mtimes := map[string]string{} // by path under the files root
	var chunks, moves int
	for _, r := range nc.Requests() {
		switch {
		case r.Method == http.MethodPut && strings.HasPrefix(r.Path, filesRoot):
			mtimes[strings.TrimPrefix(r.Path, filesRoot)] = r.Header.Get("X-OC-MTime")
		case r.Method == http.MethodPut && strings.Contains(r.Path, "/remote.php/dav/uploads/"):
			chunks++
		case r.Method == "MOVE" && strings.HasSuffix(r.Path, "/.file"):
			moves++
			mtimes[onServer("Vidéos/mariage.mov")] = r.Header.Get("X-OC-MTime")
		}
	}
	for _, w := range shape.ExpectedDrive() {
		p := onServer(w.Path)
		if got, want := mtimes[p], strconv.FormatInt(w.ModTime.Unix(), 10); got != want {
			t.Errorf("%s: X-OC-MTime %q, want %q", p, got, want)
		}
		f, ok := nc.File(p)
		if !ok || int64(len(f.Data)) != w.Size || !f.MTime.Equal(w.ModTime) {
			t.Errorf("%s: on the server %v, %d bytes, mtime %v; want %d bytes, %v", p, ok, len(f.Data), f.MTime, w.Size, w.ModTime)
		}
	}
	if chunks != 2 || moves != 1 || mtimes[onServer("Vidéos/mariage.mov")] != strconv.FormatInt(bigMod.Unix(), 10) {
		t.Errorf("the big file: %d chunks, %d MOVEs, X-OC-MTime %q; want 2 chunks and its mtime", chunks, moves, mtimes[onServer("Vidéos/mariage.mov")])
	}
	if f, ok := nc.File(onServer("Vidéos/mariage.mov")); !ok || !bytes.Equal(f.Data, big) || !f.MTime.Equal(bigMod) {
		t.Errorf("the big file on the server: %v, mtime %v", ok, f.MTime)
	}
	if _, ok := nc.File("Google Drive/Site web/.htaccess"); ok {
		t.Error(".htaccess was stored under a name Nextcloud forbids")
	}
	files, pages := driveResults(t, report)
	if r := files["Takeout/Drive/Site web/.htaccess"]; r == nil || r["outcome"] != "imported" ||
		!strings.Contains(str(r["reason"]), `renamed to "Google Drive/Site web/.htaccess_"`) {
		t.Errorf(".htaccess: %v, want it imported and the rename in its reason", r)
	}
	if r := files[bigMember]; r == nil || r["outcome"] != "imported" {
		t.Errorf("the big file: %v", r)
	}
	if len(pages) != 1 || pages[0]["reason"] != ownPage {
		t.Errorf("skipped %v, want the archive browser page", pages)
	}

	before := len(nc.Requests())
	if code, out, _ := takeback(t, args...); code != 0 {
		t.Fatalf("second run exit %d\n%s", code, out)
	}
	for _, r := range nc.Requests()[before:] {
		if r.Method == http.MethodPut || r.Method == "MOVE" || r.Method == "MKCOL" && strings.Contains(r.Path, "/uploads/") {
			t.Errorf("second run sent %s %s", r.Method, r.Path)
		}
	}
	n := outcomes(readReport(t, report))
	if want := len(shape.ExpectedDrive()) + 1; n["present"] != want || n["imported"] != 0 || n["skipped"] != 1 {
		t.Errorf("second run: %v, want %d present", n, want)
	}
}

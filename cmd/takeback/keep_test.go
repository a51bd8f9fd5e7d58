package main

import (
	"bytes"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/takeback/takeback/fixtures"
	"github.com/takeback/takeback/google"
	"github.com/takeback/takeback/importers"
	"github.com/takeback/takeback/internal/servers"
	"github.com/takeback/takeback/nextcloud/double"
)

// plannedNotes is the Markdown takeback plans for each note, by its name
// under the notes folder (google's tests check the Markdown itself).
func plannedNotes(t *testing.T, archives []string) map[string][]byte {
	t.Helper()
	p, tree := importers.Load(archives, google.NewTakeout(google.Options{}))
	defer tree.Close()
	out := map[string][]byte{}
	for _, it := range p.Items {
		if it.Kind == importers.Note {
			out[it.Name] = it.Body
		}
	}
	return out
}

// TestKeepIntoWebDAV imports a two-part Takeout with Keep (notes in one
// part, the attachment in the other) into a real WebDAV server, twice.
func TestKeepIntoWebDAV(t *testing.T) {
	srv := servers.Rclone(t)
	dir := t.TempDir()
	shape := fixtures.Takeout{Keep: true, Parts: 2, Photos: true}
	archives, err := shape.Write(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("TAKEBACK_PASSWORD", srv.Password)
	report := filepath.Join(dir, "report.jsonl")
	args := append([]string{"import", "--webdav", srv.URL + "/", "--user", srv.User, "--only", "notes", "--report", report}, archives...)
	// The missing attachment fails the run, and says so.
	code, out, errOut := takeback(t, args...)
	if code != exitFailed {
		t.Fatalf("exit %d, want %d for the missing attachment\n%s\n%s", code, exitFailed, out, errOut)
	}
	want := shape.ExpectedNotes()
	var trashed, attachments int
	for _, w := range want {
		if w.Trashed {
			trashed++
			continue
		}
		attachments += len(w.Attachments)
	}
	imported := len(want) - trashed + attachments
	results := readReport(t, report)
	first := outcomes(results)
	if first["imported"] != imported || first["skipped"] != trashed || first["failed"] != 1 || first["present"] != 0 {
		t.Errorf("first run %v, want %d imported, %d skipped (trashed), 1 failed (the missing attachment)", first, imported, trashed)
	}
	for _, r := range results {
		switch r["outcome"] {
		case "skipped":
			if r["kind"] != "note" || !strings.Contains(r["reason"].(string), "Google Keep's trash") {
				t.Errorf("skipped: %v", r)
			}
		case "failed":
			if r["kind"] != "file" || !strings.Contains(r["reason"].(string), "not in the archives given") {
				t.Errorf("failed: %v", r)
			}
		default:
			if r["kind"] != "note" && r["kind"] != "file" {
				t.Errorf("--only notes imported a %s: %v", r["kind"], r)
			}
		}
	}

	// Read what the server stored, from its folder: each note with the
	// Markdown planned, the attachment beside it, and nothing else.
	data := map[string][]byte{}
	for _, f := range shape.Files() {
		data[f.Path] = f.Data
	}
	planned := plannedNotes(t, archives)
	onServer := map[string][]byte{}
	err = filepath.WalkDir(srv.Root, func(p string, e os.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(srv.Root, p)
		onServer[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	link := regexp.MustCompile(`\]\(([^)]+)\)`)
	for _, w := range want {
		p := "Notes/" + w.Name
		got, ok := onServer[p]
		if w.Trashed {
			if ok {
				t.Errorf("the trashed note %s was uploaded", p)
			}
			continue
		}
		if !ok || !bytes.Equal(got, planned[w.Name]) || len(got) == 0 {
			t.Errorf("%s on the server (present %v):\n%s\nwant\n%s", p, ok, got, planned[w.Name])
		}
		delete(onServer, p)
		for _, a := range w.Attachments {
			ap := "Notes/" + a.Name
			if !bytes.Equal(onServer[ap], data[a.Member]) {
				t.Errorf("%s: %d bytes on the server, want %d", ap, len(onServer[ap]), len(data[a.Member]))
			}
			// The note's link resolves to the attachment.
			m := link.FindStringSubmatch(string(got))
			if m == nil {
				t.Errorf("%s links nothing:\n%s", p, got)
				continue
			}
			target, err := url.PathUnescape(m[1])
			if err != nil || path.Join(path.Dir(p), target) != ap {
				t.Errorf("%s links %q, which is not %s", p, m[1], ap)
			}
			delete(onServer, ap)
		}
	}
	for p := range onServer {
		t.Errorf("unexpected file on the server: %s", p)
	}

	code, out, _ = takeback(t, args...)
	second := outcomes(readReport(t, report))
	if code != exitFailed || second["imported"] != 0 || second["present"] != imported || second["failed"] != 1 {
		t.Errorf("second run: exit %d, %v\n%s", code, second, out)
	}
}

// TestKeepIntoNextcloud checks what only Nextcloud does, on the protocol
// double: each note's PUT carries its edit time as X-OC-MTime.
func TestKeepIntoNextcloud(t *testing.T) {
	nc := double.New(t)
	shape := fixtures.Takeout{Keep: true, Lang: "de"}
	archives, err := shape.Write(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("TAKEBACK_PASSWORD", nc.Password)
	args := append([]string{"import", "--server", nc.URL, "--user", nc.Login, "--only", "notes"}, archives...)
	if code, out, errOut := takeback(t, args...); code != exitFailed {
		t.Fatalf("exit %d, want %d for the missing attachment\n%s\n%s", code, exitFailed, out, errOut)
	}
	mtimes := map[string]string{}
	for _, r := range nc.Requests() {
		if r.Method == "PUT" {
			mtimes[r.Path] = r.Header.Get("X-OC-MTime")
		}
	}
	for _, w := range shape.ExpectedNotes() {
		p := "Notes/" + w.Name
		f, ok := nc.File(p)
		if w.Trashed {
			if ok {
				t.Errorf("the trashed note %s was uploaded", p)
			}
			continue
		}
		var sent string
		for rp, v := range mtimes {
			if strings.HasSuffix(rp, "/"+p) {
				sent = v
			}
		}
		if want := strconv.FormatInt(w.Edited.Unix(), 10); !ok || sent != want || !f.MTime.Equal(w.Edited.Truncate(1e9)) {
			t.Errorf("%s: X-OC-MTime %q, stored %v (present %v); want %s", p, sent, f.MTime, ok, want)
		}
		for _, a := range w.Attachments {
			if f, ok := nc.File("Notes/" + a.Name); !ok || f.MTime.Unix() != w.Edited.Unix() {
				t.Errorf("the attachment %s: present %v, time %v", a.Name, ok, f.MTime)
			}
		}
	}
}

package importers

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/takeback/takeback/internal/lang"
)

type testMember struct {
	path string
	body string
}

var testMembers = []testMember{
	{"Takeout/Agenda/Mes événements.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"},
	{"Takeout/Contacts/Tous les\u00a0contacts/Tous les\u00a0contacts.vcf", "BEGIN:VCARD\r\nEND:VCARD\r\n"},
	{"Takeout/Google Photos/2019/IMG_0001.jpg", strings.Repeat("\xff\xd8photo", 5000)},
	{"Takeout/archive_browser.html", "<html></html>"},
	{"Takeout/empty.txt", ""},
}

var testModTime = time.Date(2024, 5, 25, 20, 14, 56, 0, time.UTC)

// dirsOf returns the folders holding the members, as an archiver lists them.
func dirsOf(members []testMember) []string {
	var dirs []string
	for _, m := range members {
		for d := filepath.ToSlash(filepath.Dir(m.path)); d != "."; d = filepath.ToSlash(filepath.Dir(d)) {
			if !slices.Contains(dirs, d+"/") {
				dirs = append(dirs, d+"/")
			}
		}
	}
	slices.Sort(dirs)
	return dirs
}

func writeZip(t testing.TB, path string, members []testMember) {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, d := range dirsOf(members) {
		if _, err := w.CreateHeader(&zip.FileHeader{Name: d, Modified: testModTime}); err != nil {
			t.Fatal(err)
		}
	}
	for _, m := range members {
		fw, err := w.CreateHeader(&zip.FileHeader{Name: m.path, Method: zip.Deflate, Modified: testModTime})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(fw, m.body); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}

func tarBytes(t testing.TB, members []testMember) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := tar.NewWriter(&buf)
	for _, d := range dirsOf(members) {
		if err := w.WriteHeader(&tar.Header{Typeflag: tar.TypeDir, Name: d, Mode: 0o755, ModTime: testModTime}); err != nil {
			t.Fatal(err)
		}
	}
	for _, m := range members {
		hdr := &tar.Header{Typeflag: tar.TypeReg, Name: m.path, Mode: 0o644, Size: int64(len(m.body)), ModTime: testModTime}
		if err := w.WriteHeader(hdr); err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(w, m.body); err != nil {
			t.Fatal(err)
		}
	}
	// A symbolic link is not a member.
	if err := w.WriteHeader(&tar.Header{Typeflag: tar.TypeSymlink, Name: "Takeout/link", Linkname: "/etc/passwd"}); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func gzipBytes(t testing.TB, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func writeTgz(t testing.TB, path string, members []testMember) {
	t.Helper()
	if err := os.WriteFile(path, gzipBytes(t, tarBytes(t, members)), 0o600); err != nil {
		t.Fatal(err)
	}
}

func writeTar(t testing.TB, path string, members []testMember) {
	t.Helper()
	if err := os.WriteFile(path, tarBytes(t, members), 0o600); err != nil {
		t.Fatal(err)
	}
}

func writeDir(t testing.TB, path string, members []testMember) {
	t.Helper()
	for _, m := range members {
		p := filepath.Join(path, filepath.FromSlash(m.path))
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(m.body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	// A symbolic link leading out of the folder is not a member.
	outside := filepath.Join(t.TempDir(), "secret")
	if err := os.WriteFile(outside, []byte("secret"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(path, "Takeout", "link")); err != nil {
		t.Logf("no symbolic link: %v", err)
	}
}

type walked struct {
	Member
	body string
}

// walkAll walks in, reading every member through the walk's opener.
func walkAll(t *testing.T, in Input) ([]walked, error) {
	t.Helper()
	var got []walked
	err := in.Walk(func(m Member, open Opener) error {
		rc, err := open()
		if err != nil {
			return fmt.Errorf("open %s: %w", m.Path, err)
		}
		defer rc.Close()
		b, err := io.ReadAll(rc)
		if err != nil {
			return fmt.Errorf("read %s: %w", m.Path, err)
		}
		got = append(got, walked{m, string(b)})
		return nil
	})
	return got, err
}

func readMember(in Input, path string) (string, error) {
	rc, err := in.Open(path)
	if err != nil {
		return "", err
	}
	b, err := io.ReadAll(rc)
	if cerr := rc.Close(); err == nil {
		err = cerr
	}
	return string(b), err
}

func openTest(t *testing.T, path string) Input {
	t.Helper()
	in, err := OpenInput(path)
	if err != nil {
		t.Fatalf("OpenInput: %v", err)
	}
	t.Cleanup(func() { in.Close() })
	return in
}

func TestInputFormats(t *testing.T) {
	tests := []struct {
		name  string
		write func(testing.TB, string, []testMember)
		dir   bool
	}{
		{"takeout-001.zip", writeZip, false},
		{"takeout-001.tgz", writeTgz, false},
		{"takeout-001.tar", writeTar, false},
		{"Takeout folder", writeDir, true},
		// Detection is by content, not by name.
		{"zip-named.tgz", writeZip, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), tt.name)
			tt.write(t, path, testMembers)
			in := openTest(t, path)
			if in.Name() != tt.name {
				t.Errorf("Name() = %q, want %q", in.Name(), tt.name)
			}
			got, err := walkAll(t, in)
			if err != nil {
				t.Fatalf("Walk: %v", err)
			}
			if len(got) != len(testMembers) {
				t.Fatalf("Walk listed %d members, want %d: %v", len(got), len(testMembers), got)
			}
			for i, want := range testMembers {
				g := got[i]
				if g.Input != tt.name || g.Path != want.path || g.Size != int64(len(want.body)) {
					t.Errorf("member %d = %q %q %d, want %q %q %d", i, g.Input, g.Path, g.Size, tt.name, want.path, len(want.body))
				}
				if g.body != want.body {
					t.Errorf("%s: read %d bytes through Walk, want %d", want.path, len(g.body), len(want.body))
				}
				if !tt.dir && !g.ModTime.Equal(testModTime) {
					t.Errorf("%s: ModTime %v, want %v", want.path, g.ModTime, testModTime)
				}
				body, err := readMember(in, want.path)
				if err != nil || body != want.body {
					t.Errorf("Open(%q): %d bytes, %v; want %d bytes", want.path, len(body), err, len(want.body))
				}
			}
			for _, p := range []string{"Takeout/missing.ics", "Takeout/Agenda", "Takeout/link"} {
				if _, err := in.Open(p); err == nil {
					t.Errorf("Open(%q) succeeded", p)
				}
			}
			if _, err := in.Open("Takeout/missing.ics"); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("Open of a missing member: %v, want fs.ErrNotExist", err)
			}
		})
	}
}

func TestZipNamesByteExact(t *testing.T) {
	names := []string{
		"Takeout/Tous les\u00a0contacts/Tous les\u00a0contacts.vcf",
		"Takeout/Agenda/Mes événements.ics",
		"Takeout/Agenda/Mes e\u0301ve\u0301nements.ics", // decomposed: a different name
	}
	var members []testMember
	for _, n := range names {
		members = append(members, testMember{n, n})
	}
	path := filepath.Join(t.TempDir(), "takeout.zip")
	writeZip(t, path, members)
	got, err := walkAll(t, openTest(t, path))
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, g := range got {
		paths = append(paths, g.Path)
		if g.body != g.Path {
			t.Errorf("%q: content of another member", g.Path)
		}
	}
	if !slices.Equal(paths, names) {
		t.Errorf("paths = %q, want %q", paths, names)
	}
}

func TestDamagedInput(t *testing.T) {
	var zipData, tgzData bytes.Buffer
	{
		dir := t.TempDir()
		writeZip(t, filepath.Join(dir, "a"), testMembers)
		writeTgz(t, filepath.Join(dir, "b"), testMembers)
		b, _ := os.ReadFile(filepath.Join(dir, "a"))
		zipData.Write(b)
		b, _ = os.ReadFile(filepath.Join(dir, "b"))
		tgzData.Write(b)
	}
	garbage := make([]byte, 4096)
	rand.NewChaCha8([32]byte{1}).Read(garbage)

	tests := []struct {
		name            string
		data            []byte // nil: no file at all
		wantErr, wantFr string
	}{
		{"takeout-002.zip", zipData.Bytes()[:zipData.Len()/2], "the zip archive is incomplete or damaged (was the download interrupted?)",
			"l’archive zip est incomplète ou abîmée (le téléchargement a-t-il été interrompu ?) : "},
		{"takeout.rar", append([]byte("Rar!\x1a\x07\x00"), garbage...), "not a zip, tgz or folder (a Takeout comes as .zip or .tgz files)",
			"ce n’est ni un zip, ni un tgz, ni un dossier (un Takeout se présente en fichiers .zip ou .tgz)"},
		{"takeout.zip", garbage, "not a zip, tgz or folder", "ce n’est ni un zip"},
		{"empty.zip", []byte{}, "the file is empty", "le fichier est vide"},
		{"missing.zip", nil, "cannot open", "ouverture impossible : "},
		{"notes.txt.gz", gzipBytes(t, bytes.Repeat([]byte("not a tar\n"), 100)), "no tar archive inside", "sans archive tar à l’intérieur"},
		{"cut-early.tgz", tgzData.Bytes()[:20], "the tgz archive ends early or is damaged", "l’archive tgz s’arrête trop tôt ou est abîmée : "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), tt.name)
			if tt.data != nil {
				if err := os.WriteFile(path, tt.data, 0o600); err != nil {
					t.Fatal(err)
				}
			}
			in, err := OpenInput(path)
			if err == nil {
				in.Close()
				t.Fatal("OpenInput succeeded")
			}
			var ie *InputError
			if !errors.As(err, &ie) || ie.Input != tt.name {
				t.Fatalf("error %v (%T) is not an InputError naming %s", err, err, tt.name)
			}
			if !strings.HasPrefix(err.Error(), tt.name+": ") || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error %q, want it to name %s and say %q", err, tt.name, tt.wantErr)
			}
			if fr := lang.NewPrinter("fr").Error(err); !strings.HasPrefix(fr, tt.name+" : ") || !strings.Contains(fr, tt.wantFr) {
				t.Errorf("in French %q, want it to name %s and say %q", fr, tt.name, tt.wantFr)
			}
			if tt.data == nil && !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("error %v is not fs.ErrNotExist", err)
			}
		})
	}
}

// TestTruncatedStream cuts archives part-way: Walk lists the members read
// so far, then fails.
func TestTruncatedStream(t *testing.T) {
	rnd := rand.NewChaCha8([32]byte{2})
	var members []testMember
	for i := range 10 {
		body := make([]byte, 8192)
		rnd.Read(body) // incompressible, so the cut falls in the middle
		members = append(members, testMember{fmt.Sprintf("Takeout/Drive/file%02d.bin", i), string(body)})
	}
	dir := t.TempDir()
	whole := map[string][]byte{
		"tgz": gzipBytes(t, tarBytes(t, members)),
		"tar": tarBytes(t, members),
	}
	tests := []struct {
		name    string
		data    []byte
		wantErr string
	}{
		{"cut.tgz", whole["tgz"][:len(whole["tgz"])*6/10], "the tgz archive ends early or is damaged: unexpected EOF"},
		// Cut just after member 4: nothing in the tar says it is cut but
		// the missing end-of-archive blocks.
		{"cut-between.tar", whole["tar"][:len(dirsOf(members))*512+5*(512+8192)], "the tar archive ends early or is damaged"},
		{"cut.tar", whole["tar"][:len(whole["tar"])/2], "the tar archive ends early or is damaged"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, tt.name)
			if err := os.WriteFile(path, tt.data, 0o600); err != nil {
				t.Fatal(err)
			}
			in := openTest(t, path)
			var got []string
			err := in.Walk(func(m Member, open Opener) error {
				rc, err := open()
				if err != nil {
					return err
				}
				b, err := io.ReadAll(rc)
				if err == nil {
					got = append(got, m.Path)
					if want := members[len(got)-1]; m.Path != want.path || string(b) != want.body {
						t.Errorf("member %d is %s, wrong path or content", len(got)-1, m.Path)
					}
				}
				return nil // reading errors are the walk's to report
			})
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Walk error %v, want %q", err, tt.wantErr)
			}
			if len(got) == 0 || len(got) == len(members) {
				t.Errorf("Walk read %d whole members before the cut, want some but not all", len(got))
			}
		})
	}
}

func TestTgzOpen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "takeout.tgz")
	writeTgz(t, path, testMembers)
	in := openTest(t, path)
	last := testMembers[len(testMembers)-1]
	for _, m := range []testMember{last, testMembers[2], last} {
		body, err := readMember(in, m.path)
		if err != nil || body != m.body {
			t.Errorf("Open(%q): %q, %v; want %q", m.path, body, err, m.body)
		}
	}
	// Closing part-way through is fine.
	rc, err := in.Open(testMembers[2].path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rc.Read(make([]byte, 10)); err != nil {
		t.Fatal(err)
	}
	if err := rc.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
}

// TestTgzOpener checks the opener of a streamed member: it can be opened
// again during the call (one source sniffs, another reads), not after.
func TestTgzOpener(t *testing.T) {
	big := strings.Repeat("0123456789abcdef", tgzReplayMax/16+1000)
	members := []testMember{{"a.txt", "first"}, {"big.bin", big}, {"c.txt", "third"}}
	path := filepath.Join(t.TempDir(), "takeout.tgz")
	writeTgz(t, path, members)
	in := openTest(t, path)

	var saved Opener
	i := 0
	err := in.Walk(func(m Member, open Opener) error {
		defer func() { i++ }()
		want := members[i].body
		sniff, err := open()
		if err != nil {
			return err
		}
		head := make([]byte, 3)
		if _, err := io.ReadFull(sniff, head); err != nil || string(head) != want[:3] {
			t.Errorf("%s: sniffed %q, %v", m.Path, head, err)
		}
		sniff.Close()
		for range 2 {
			rc, err := open()
			if err != nil {
				return err
			}
			b, err := io.ReadAll(rc)
			if m.Path != "big.bin" {
				if err != nil || string(b) != want {
					t.Errorf("%s: read %q, %v; want %q", m.Path, b, err, want)
				}
				continue
			}
			// The first full read works; the second can replay only the
			// first tgzReplayMax bytes.
			if saved == nil {
				if err != nil || string(b) != want {
					t.Errorf("%s: read %d bytes, %v; want %d", m.Path, len(b), err, len(want))
				}
				saved = open
			} else if err == nil || len(b) != tgzReplayMax {
				t.Errorf("%s: read again %d bytes, %v; want %d bytes and an error", m.Path, len(b), err, tgzReplayMax)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := saved(); err == nil {
		t.Error("the opener of a tgz member works after its WalkFunc call")
	}
}

func TestLongMemberName(t *testing.T) {
	long := "Takeout/" + strings.Repeat("x", maxMemberName) + ".ics"
	members := []testMember{{"Takeout/a.ics", "a"}, {long, "long"}, {"Takeout/b.ics", "b"}}
	dir := t.TempDir()
	for _, name := range []string{"long.zip", "long.tgz"} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, name)
			if strings.HasSuffix(name, ".zip") {
				writeZip(t, path, members)
			} else {
				writeTgz(t, path, members)
			}
			got, err := walkAll(t, openTest(t, path))
			if len(got) != 2 || got[0].Path != "Takeout/a.ics" || got[1].Path != "Takeout/b.ics" {
				t.Errorf("Walk listed %v, want the two short names", got)
			}
			if err == nil || !strings.Contains(err.Error(), "the limit is 4,096") {
				t.Errorf("Walk error %v, want one about the long name", err)
			}
		})
	}
}

func TestDirOpenStaysInside(t *testing.T) {
	parent := t.TempDir()
	if err := os.WriteFile(filepath.Join(parent, "secret"), []byte("secret"), 0o600); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(parent, "Takeout")
	writeDir(t, dir, testMembers)
	if err := os.Symlink("../../secret", filepath.Join(dir, "Takeout", "up")); err != nil {
		t.Skipf("no symbolic links: %v", err)
	}
	in := openTest(t, dir)
	for _, p := range []string{"../secret", "Takeout/../../secret", "/etc/passwd", "Takeout/up", "Takeout/link", "", "."} {
		if rc, err := in.Open(p); err == nil {
			rc.Close()
			t.Errorf("Open(%q) succeeded", p)
		}
	}
}

func TestOpenTree(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "takeout-001.zip")
	bad := filepath.Join(dir, "takeout-002.zip")
	writeZip(t, good, testMembers)
	if err := os.WriteFile(bad, []byte("<html>Sign in</html>"), 0o600); err != nil {
		t.Fatal(err)
	}
	tree, errs := OpenTree([]string{good, bad})
	defer tree.Close()
	if len(tree.Inputs) != 1 || tree.Inputs[0].Name() != "takeout-001.zip" {
		t.Errorf("tree inputs %v, want takeout-001.zip alone", tree.Inputs)
	}
	var ie *InputError
	if len(errs) != 1 || !errors.As(errs[0], &ie) || ie.Input != "takeout-002.zip" {
		t.Errorf("errors %v, want one InputError for takeout-002.zip", errs)
	}
}

func TestTreeWalkParts(t *testing.T) {
	dir := t.TempDir()
	parts := [][]testMember{testMembers[:3], testMembers[3:]}
	var paths []string
	for i, members := range parts {
		p := filepath.Join(dir, fmt.Sprintf("takeout-20240525T201456Z-%03d.zip", i+1))
		writeZip(t, p, members)
		paths = append(paths, p)
	}
	tree, errs := OpenTree(paths)
	defer tree.Close()
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	var got []string
	inputErrs, err := tree.Walk(func(m Member, open Opener) error {
		got = append(got, m.Source())
		return nil
	})
	if err != nil || len(inputErrs) != 0 {
		t.Fatal(err, inputErrs)
	}
	var want []string
	for i, members := range parts {
		for _, m := range members {
			want = append(want, fmt.Sprintf("takeout-20240525T201456Z-%03d.zip!%s", i+1, m.path))
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("tree walk = %q, want %q", got, want)
	}
}

func TestMissingParts(t *testing.T) {
	const stamp = "takeout-20240525T201456Z"
	tests := []struct {
		name  string
		paths []string
		want  []string
	}{
		{"none", nil, nil},
		{"one part", []string{stamp + "-001.zip"}, nil},
		{"all there", []string{stamp + "-002.zip", "/dl/" + stamp + "-001.zip", stamp + "-003.zip"}, nil},
		{"only the ends can be missing", []string{stamp + "-002.zip", stamp + "-003.zip"}, nil},
		{"one missing", []string{"dl/" + stamp + "-001.zip", "dl/" + stamp + "-003.zip"},
			[]string{stamp + "-002.zip seems to be missing: parts 001 and 003 were given"}},
		{"several missing", []string{stamp + "-005.tgz", stamp + "-001.tgz"},
			[]string{stamp + "-002.tgz to " + stamp + "-004.tgz (3 parts) seem to be missing: parts 001 and 005 were given"}},
		{"two gaps, duplicates", []string{stamp + "-001.zip", stamp + "-003.zip", stamp + "-003.zip", stamp + "-005.zip"},
			[]string{
				stamp + "-002.zip seems to be missing: parts 001 and 003 were given",
				stamp + "-004.zip seems to be missing: parts 003 and 005 were given",
			}},
		{"two exports", []string{
			"takeout-20240601T000000Z-001.zip", "takeout-20240601T000000Z-003.zip",
			stamp + "-001.zip", stamp + "-002.zip", stamp + "-004.zip",
		}, []string{
			stamp + "-003.zip seems to be missing: parts 002 and 004 were given",
			"takeout-20240601T000000Z-002.zip seems to be missing: parts 001 and 003 were given",
		}},
		{"other names", []string{"photos.zip", "takeout-001.zip", "takeout-003.zip", "Takeout"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := texts(lang.English, MissingParts(tt.paths)); !slices.Equal(got, tt.want) {
				t.Errorf("MissingParts(%q) =\n%q\nwant\n%q", tt.paths, got, tt.want)
			}
		})
	}
	fr := texts(lang.NewPrinter("fr"), MissingParts([]string{stamp + "-001.zip", stamp + "-005.zip", stamp + "-007.zip"}))
	want := []string{
		stamp + "-002.zip à " + stamp + "-004.zip (3 parties) semblent manquer : les parties 001 et 005 ont été données",
		stamp + "-006.zip semble manquer : les parties 005 et 007 ont été données",
	}
	if !slices.Equal(fr, want) {
		t.Errorf("in French:\n%q\nwant\n%q", fr, want)
	}
}

// Opening tgz members in archive order reads the archive once: the passes
// are counted through the streams Open starts.
func TestTgzOpenInArchiveOrderIsOnePass(t *testing.T) {
	path := filepath.Join(t.TempDir(), "takeout.tgz")
	writeTgz(t, path, testMembers)
	in := openTest(t, path).(*tarInput)
	starts := 0
	prev := in.cur
	for _, m := range testMembers {
		body, err := readMember(in, m.path)
		if err != nil || body != m.body {
			t.Fatalf("Open(%q): %q, %v", m.path, body, err)
		}
		if in.cur != prev && in.cur != nil {
			starts++
			prev = in.cur
		}
	}
	if starts != 1 {
		t.Errorf("%d passes for members opened in archive order, want 1", starts)
	}
	// A member behind the cursor starts a new pass.
	if body, err := readMember(in, testMembers[0].path); err != nil || body != testMembers[0].body {
		t.Errorf("Open of an earlier member: %q, %v", body, err)
	}
	if _, err := in.Open("Takeout/none"); err == nil {
		t.Error("Open of a missing member succeeded")
	}
}

func TestTgzOpenHandsOutOneReaderAtATime(t *testing.T) {
	path := filepath.Join(t.TempDir(), "takeout.tgz")
	writeTgz(t, path, testMembers)
	in := openTest(t, path)
	first, err := in.Open(testMembers[0].path)
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan string)
	go func() {
		body, err := readMember(in, testMembers[2].path)
		if err != nil {
			body = err.Error()
		}
		got <- body
	}()
	select {
	case <-got:
		t.Fatal("a second reader was handed out while the first was open")
	case <-time.After(50 * time.Millisecond):
	}
	b, _ := io.ReadAll(first)
	first.Close()
	if string(b) != testMembers[0].body {
		t.Errorf("first member %q", b)
	}
	if body := <-got; body != testMembers[2].body {
		t.Errorf("second member read %d bytes, want %d", len(body), len(testMembers[2].body))
	}
}

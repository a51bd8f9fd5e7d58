package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/takeback/takeback/fixtures"
	"github.com/takeback/takeback/internal/credentials"
	"github.com/takeback/takeback/nextcloud/double"
)

func TestDoctor(t *testing.T) {
	sample := filepath.Join("..", "..", "fixtures", "sample", fixtures.SampleName)
	for _, tc := range []struct {
		name     string
		setup    func(nc *double.Server)
		password string // TAKEBACK_PASSWORD; "" means the double's
		args     []string
		code     int
		want     []string // lines, or parts of lines
	}{
		{name: "ready", args: []string{sample}, want: []string{
			"ok       Server: http://127.0.0.1",
			"ok       Nextcloud: Nextcloud 30.0.1, not in maintenance mode",
			"ok       Login: logged in as Alice Martin (user ID alice)",
			"ok       Uploads: chunked uploads (version 1.0): files larger than 100 MB go up in pieces, at most 5 pieces at once",
			"ok       File names: the server forbids",
			`ok       Photos timeline: "Photos/Google Photos" is inside "/Photos"`,
			`ok       Photos timeline: "Photos/Facebook" is inside "/Photos"`,
			"warning  Calendars: not found on this server, so calendars cannot be imported",
			"warning  Address books: not found on this server, so address books cannot be imported",
			"ok       Free space: no storage limit; the import needs ", "KB (the size of the archive)",
			"No problem; 2 warnings worth reading.",
		}},
		{name: "maintenance", setup: func(nc *double.Server) { nc.SetMaintenance(true) }, code: exitFailed, want: []string{
			"problem  Maintenance: Nextcloud 30.0.1 is in maintenance mode",
			"1 problem: an import would fail or go wrong.",
		}},
		{name: "quota too small", setup: func(nc *double.Server) { nc.SetQuota(1000) }, args: []string{sample}, code: exitFailed, want: []string{
			"problem  Free space: 1,000 bytes free of 1,000 bytes, but the import needs ", "KB (the size of the archive). Free some space",
			"--ignore-quota",
		}},
		{name: "photos outside the timeline", setup: func(nc *double.Server) { nc.SetPhotosSourceFolders("/Camera", "/Photos/Facebook") }, want: []string{
			`warning  Photos timeline: "Photos/Google Photos" is not among the folders the Photos timeline shows (/Camera, /Photos/Facebook)`,
			`ok       Photos timeline: "Photos/Facebook" is inside "/Photos/Facebook"`,
		}},
		{name: "wrong password", password: "wrong-Passw0rd-99", code: exitFailed, want: []string{
			`problem  Login: the server refused the login name "alice@example.com" or its password`,
		}},
		{name: "missing archive", args: []string{"no-such-takeout.zip"}, code: exitFailed, want: []string{
			"problem  Archive: cannot read no-such-takeout.zip",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			isolate(t)
			nc := double.New(t)
			if tc.setup != nil {
				tc.setup(nc)
			}
			pw := nc.Password
			if tc.password != "" {
				pw = tc.password
			}
			t.Setenv("TAKEBACK_PASSWORD", pw)
			code, out, errOut := takeback(t, append([]string{"doctor", "--server", nc.URL, "--user", nc.Login}, tc.args...)...)
			if code != tc.code {
				t.Errorf("exit %d, want %d", code, tc.code)
			}
			for _, want := range tc.want {
				if !strings.Contains(out, want) {
					t.Errorf("output lacks %q", want)
				}
			}
			// "Checking …", one finding a line, a summary (and, when the
			// files do not fit, what --ignore-quota does).
			lines := strings.Split(strings.TrimSpace(out), "\n")
			if strings.Contains(lines[len(lines)-1], "--ignore-quota") {
				lines = lines[:len(lines)-1]
			}
			for _, line := range lines[1 : len(lines)-1] {
				if !strings.HasPrefix(line, "ok ") && !strings.HasPrefix(line, "warning ") && !strings.HasPrefix(line, "problem ") {
					t.Errorf("a line without its level: %q", line)
				}
			}
			noSecrets(t, []string{out, errOut}, pw)
			if t.Failed() {
				t.Logf("output:\n%s\n%s", out, errOut)
			}
		})
	}
}

func TestDoctorUsesTheStoredLogin(t *testing.T) {
	store := isolate(t)
	nc := double.New(t)
	if code, _, errOut := takeback(t, "doctor"); code != exitUsage || !strings.Contains(errOut, "takeback login") {
		t.Errorf("no server, no login: exit %d, %q", code, errOut)
	}
	if err := store.Save(credentials.Login{Server: nc.URL, LoginName: nc.Login, AppPassword: nc.Password, UserID: "alice"}); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := takeback(t, "doctor")
	if code != 0 || !strings.Contains(out, "Checking alice on "+nc.URL) || !strings.Contains(out, "ok       Login: logged in as Alice Martin") {
		t.Errorf("exit %d\n%s\n%s", code, out, errOut)
	}
	// The same server named on the command line: still the stored login.
	if code, out, _ := takeback(t, "doctor", "--server", nc.URL+"/"); code != 0 || !strings.Contains(out, "ok       Login") {
		t.Errorf("--server of the stored login: exit %d\n%s", code, out)
	}
	// Another server without --user: checked, but without a login.
	other := double.New(t)
	code, out, _ = takeback(t, "doctor", "--server", other.URL)
	if code != exitFailed || !strings.Contains(out, "problem  Login: no login given") {
		t.Errorf("another server: exit %d\n%s", code, out)
	}
	noSecrets(t, []string{out, errOut}, nc.Password)
}

func TestImportChecksTheServerFirst(t *testing.T) {
	isolate(t)
	nc := double.New(t)
	dir := t.TempDir()
	archives, err := fixtures.Takeout{Photos: true}.Write(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("TAKEBACK_PASSWORD", nc.Password)
	args := append([]string{"import", "--server", nc.URL, "--user", nc.Login, "--only", "photos"}, archives...)
	if code, out, errOut := takeback(t, args...); code != 0 {
		t.Fatalf("first import: exit %d\n%s\n%s", code, out, errOut)
	}

	// The photos are there; 10 bytes are free, less than the photos take.
	var used int64
	for _, f := range nc.Files() {
		used += int64(len(f.Data))
	}
	nc.SetQuota(used + 10)
	before := len(nc.Requests())
	code, out, errOut := takeback(t, args...)
	if code != exitUsage || !strings.Contains(errOut, "problem  Free space: 10 bytes free") || !strings.Contains(errOut, "--ignore-quota") {
		t.Errorf("import beyond the quota: exit %d\n%s\n%s", code, out, errOut)
	}
	for _, r := range nc.Requests()[before:] {
		if r.Method != "GET" {
			t.Errorf("the refused import sent %s %s", r.Method, r.Path)
		}
	}

	// --ignore-quota goes on: everything is already there.
	report := filepath.Join(dir, "report.jsonl")
	code, out, errOut = takeback(t, append([]string{"import", "--ignore-quota", "--report", report}, args[1:]...)...)
	if n := outcomes(readReport(t, report)); code != 0 || n["present"] == 0 || n["imported"] != 0 {
		t.Errorf("--ignore-quota: exit %d, outcomes %v\n%s\n%s", code, n, out, errOut)
	}

	// Maintenance mode stops it at once.
	nc.SetMaintenance(true)
	code, out, errOut = takeback(t, args...)
	if code != exitUsage || !strings.Contains(errOut, "maintenance mode") {
		t.Errorf("in maintenance: exit %d\n%s\n%s", code, out, errOut)
	}
	noSecrets(t, []string{out, errOut}, nc.Password)
}

// The import goes by the server's published file-name rules (capabilities).
func TestImportUsesTheServersNameRules(t *testing.T) {
	isolate(t)
	nc := double.New(t)
	caps := double.DefaultCapabilities()
	caps.ForbiddenCharacters = append(caps.ForbiddenCharacters, "_")
	nc.SetCapabilities(caps)
	archives, err := fixtures.Takeout{Photos: true}.Write(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("TAKEBACK_PASSWORD", nc.Password)
	code, out, errOut := takeback(t, append([]string{"import", "--server", nc.URL, "--user", nc.Login, "--only", "photos"}, archives...)...)
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	files := nc.Files()
	if len(files) == 0 {
		t.Fatal("nothing uploaded")
	}
	for _, f := range files {
		if strings.Contains(f.Path, "_") {
			t.Errorf("%s: the server forbids \"_\"", f.Path)
		}
	}
}

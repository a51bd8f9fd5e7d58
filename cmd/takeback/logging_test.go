package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/takeback/takeback/fixtures"
	"github.com/takeback/takeback/nextcloud/double"
)

func TestRedactArgs(t *testing.T) {
	t.Setenv("TAKEBACK_PASSWORD", "env-secret-1")
	t.Setenv("TAKEBACK_ADMIN_PASSWORD", "")
	tests := []struct {
		name string
		in   []string
		want []string
	}{
		{"nothing secret", []string{"takeback", "import", "--server", "https://cloud.example.org", "--user", "alice", "a.zip"},
			[]string{"takeback", "import", "--server", "https://cloud.example.org", "--user", "alice", "a.zip"}},
		{"password in an address", []string{"--webdav", "https://alice:hunter22@dav.example.org/files"},
			[]string{"--webdav", "https://alice:[redacted]@dav.example.org/files"}},
		{"password in an address after =", []string{"--caldav=https://alice:hunter22@dav.example.org/"},
			[]string{"--caldav=https://alice:[redacted]@dav.example.org/"}},
		{"a secret-named flag", []string{"--password", "hunter22", "--app-password=hunter22", "--token", "abc123", "-secret=x1"},
			[]string{"--password", "[redacted]", "--app-password=[redacted]", "--token", "[redacted]", "-secret=[redacted]"}},
		{"a file's name is no secret", []string{"--password-file", "pw.txt", "--admin-password-file=admin.txt"},
			[]string{"--password-file", "pw.txt", "--admin-password-file=admin.txt"}},
		{"a token in a query", []string{"https://cloud.example.org/login?token=abc123&user=alice"},
			[]string{"https://cloud.example.org/login?token=[redacted]&user=alice"}},
		{"the password from the environment, anywhere", []string{"--user", "env-secret-1", "x-env-secret-1.zip"},
			[]string{"--user", "[redacted]", "x-[redacted].zip"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := redactArgs(tt.in)
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("redactArgs(%q)\n= %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

// readLog reads a log file, which must be private to the user and hold no
// secret: no test password, no Authorization header, no Basic credentials.
func readLog(t *testing.T, path string, secrets ...string) string {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatalf("no log file: %v", err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("the log file has mode %v, want 0600", fi.Mode().Perm())
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	log := string(b)
	noTestSecrets(t, "the log "+path, log)
	noSecrets(t, []string{log}, secrets...)
	for _, s := range []string{"Authorization", "authorization", "Basic "} {
		if strings.Contains(log, s) {
			t.Errorf("the log holds %q", s)
		}
	}
	return log
}

// The log of an import into Nextcloud tells what happened, item by item
// and request by request, without a secret; so do the logs of a login
// and of an import with the stored app password.
func TestLogFile(t *testing.T) {
	isolate(t)
	nc := double.New(t)
	dir := t.TempDir()
	archives, err := fixtures.Takeout{Photos: true}.Write(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("TAKEBACK_PASSWORD", nc.Password)
	first := filepath.Join(dir, "first.log")
	args := append([]string{"import", "--server", nc.URL, "--user", nc.Login, "--only", "photos", "--log-file", first}, archives...)
	if code, out, errOut := takeback(t, args...); code != 0 {
		t.Fatalf("import: exit %d\n%s\n%s", code, out, errOut)
	}
	log := readLog(t, first, nc.Password)
	for _, want := range []string{
		`msg="takeback started"`, `"command line"="takeback import --server ` + nc.URL,
		`msg="archive opened" archive=` + filepath.Base(archives[0]),
		"msg=plan decision=import kind=photo", "msg=plan decision=skip kind=photo",
		`msg="import started"`, `msg="item ended" outcome=imported kind=photo`, `msg="import ended"`,
		`msg="http request" method=PUT url=` + nc.URL + "/remote.php/dav/files/", "status=201", "duration=",
	} {
		if !strings.Contains(log, want) {
			t.Errorf("the log lacks %q:\n%s", want, log)
		}
	}

	// Log in (the flag before the command), then import with the stored
	// app password (the flag after it).
	t.Setenv("TAKEBACK_PASSWORD", "")
	loginLog := filepath.Join(dir, "login.log")
	pw := loginLogged(t, nc, loginLog)
	log = readLog(t, loginLog, pw, nc.Password)
	if !strings.Contains(log, `url=`+nc.URL+"/login/v2/poll status=404") {
		t.Errorf("the login's polls are not in the log:\n%s", log)
	}
	// The poll token and the login address's token are 64 hex digits.
	if tok := regexp.MustCompile(`[0-9a-f]{32,}`).FindString(log); tok != "" {
		t.Errorf("the login log holds what looks like a token: %s", tok)
	}
	second := filepath.Join(dir, "second.log")
	if code, out, errOut := takeback(t, append([]string{"import", "--only", "photos", "--log-file", second}, archives...)...); code != 0 {
		t.Fatalf("import with the stored login: exit %d\n%s\n%s", code, out, errOut)
	}
	log = readLog(t, second, pw, nc.Password)
	if !strings.Contains(log, `outcome=present kind=photo`) {
		t.Errorf("the second import's log lacks the photos already there:\n%s", log)
	}
}

// loginLogged logs in with Login Flow v2, as login does, with --log-file
// before the command, and returns the app password.
func loginLogged(t *testing.T, nc *double.Server, logFile string) string {
	t.Helper()
	defer func(d time.Duration) { loginPollInterval = d }(loginPollInterval)
	loginPollInterval = 5 * time.Millisecond
	defer func(f func(string) error) { openBrowser = f }(openBrowser)
	openBrowser = func(string) error { return nil }
	done := make(chan result, 1)
	go func() {
		code, out, errOut := takeback(t, "--log-file", logFile, "login", "--server", nc.URL)
		done <- result{code, out, errOut}
	}()
	var pw string
	deadline := time.After(10 * time.Second)
	for pw == "" {
		select {
		case r := <-done:
			t.Fatalf("login ended before the approval: exit %d\n%s\n%s", r.code, r.out, r.err)
		case <-deadline:
			t.Fatal("takeback never polled")
		case <-time.After(5 * time.Millisecond):
		}
		if polls(nc) >= 2 {
			pw = nc.ApproveLogin()
		}
	}
	select {
	case r := <-done:
		if r.code != 0 {
			t.Fatalf("login: exit %d\n%s\n%s", r.code, r.out, r.err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("takeback did not finish after the approval")
	}
	return pw
}

package main

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/takeback/takeback/fixtures"
	"github.com/takeback/takeback/internal/credentials"
	"github.com/takeback/takeback/nextcloud/double"
)

// TestMain keeps every test of the command line away from the stored login
// of whoever runs them, and from their browser.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "takeback-config-")
	if err != nil {
		panic(err)
	}
	os.Setenv("XDG_CONFIG_HOME", dir)
	openBrowser = func(string) error { return errors.New("no browser in tests") }
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// isolate gives the test its own configuration folder, and so its own
// stored login.
func isolate(t *testing.T) credentials.Store {
	t.Helper()
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("TAKEBACK_PASSWORD", "")
	store, err := credentials.Default()
	if err != nil {
		t.Fatal(err)
	}
	return store
}

type result struct {
	code     int
	out, err string
}

// login runs "takeback login --server <double>" and approves the login in
// the double once takeback has polled twice. It returns the outcome, the
// app password the double issued and the addresses takeback tried to open
// in a browser.
func login(t *testing.T, nc *double.Server, args ...string) (result, string, []string) {
	t.Helper()
	defer func(d time.Duration) { loginPollInterval = d }(loginPollInterval)
	loginPollInterval = 5 * time.Millisecond
	var opened []string
	defer func(f func(string) error) { openBrowser = f }(openBrowser)
	openBrowser = func(u string) error { opened = append(opened, u); return nil }

	done := make(chan result, 1)
	go func() {
		code, out, errOut := takeback(t, append([]string{"login", "--server", nc.URL}, args...)...)
		done <- result{code, out, errOut}
	}()
	var pw string
	deadline := time.After(10 * time.Second)
	for pw == "" {
		select {
		case r := <-done:
			return r, "", opened // ended before the approval
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
		return r, pw, opened
	case <-time.After(10 * time.Second):
		t.Fatal("takeback did not finish after the approval")
	}
	return result{}, "", nil
}

func polls(nc *double.Server) int {
	n := 0
	for _, r := range nc.Requests() {
		if r.Path == "/login/v2/poll" {
			n++
		}
	}
	return n
}

// noSecrets fails when a secret appears in one of the texts.
func noSecrets(t *testing.T, texts []string, secrets ...string) {
	t.Helper()
	for _, text := range texts {
		for _, s := range secrets {
			if s != "" && strings.Contains(text, s) {
				t.Errorf("a password appears in:\n%s", text)
			}
		}
	}
}

func TestLoginImportLogout(t *testing.T) {
	store := isolate(t)
	nc := double.New(t)
	r, pw, opened := login(t, nc, "--user", "alice@example.com")
	if r.code != 0 || pw == "" {
		t.Fatalf("login: exit %d, approved %q\n%s\n%s", r.code, pw, r.out, r.err)
	}
	start := nc.Requests()[0]
	if host, _ := os.Hostname(); start.Path != "/index.php/login/v2" || start.Header.Get("User-Agent") != "takeback ("+host+")" {
		t.Errorf("login started with %s, User-Agent %q", start.Path, start.Header.Get("User-Agent"))
	}
	if len(opened) != 1 || !strings.HasPrefix(opened[0], nc.URL+"/login/v2/flow/") || !strings.Contains(opened[0], "user=alice%40example.com") {
		t.Errorf("browser opened at %v", opened)
	}
	for _, want := range []string{opened[0], "Logged in as Alice Martin (user ID alice) on " + nc.URL + ".", store.Path()} {
		if !strings.Contains(r.out, want) {
			t.Errorf("login output lacks %q:\n%s", want, r.out)
		}
	}

	// The stored login: mode 0600, the app password, the user ID.
	fi, err := os.Stat(store.Path())
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("stored login: %v, %v; want mode 0600", fi, err)
	}
	var stored credentials.Login
	data, _ := os.ReadFile(store.Path())
	if err := json.Unmarshal(data, &stored); err != nil || stored != (credentials.Login{
		Server: nc.URL, LoginName: nc.Login, AppPassword: pw, UserID: "alice"}) {
		t.Errorf("stored %+v, %v", stored, err)
	}

	// The double's own password stops working, so only the stored app
	// password can log in from now on.
	req, _ := http.NewRequest("DELETE", nc.URL+"/ocs/v2.php/core/apppassword", nil)
	req.Header.Set("OCS-APIRequest", "true")
	req.SetBasicAuth(nc.Login, nc.Password)
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 200 {
		t.Fatalf("revoking the double's password: %v %v", resp, err)
	}

	// An import with no server, no user and no password uses the login.
	dir := t.TempDir()
	archives, err := fixtures.Takeout{Photos: true}.Write(dir)
	if err != nil {
		t.Fatal(err)
	}
	report := filepath.Join(dir, "report.jsonl")
	code, out, errOut := takeback(t, append([]string{"import", "--only", "photos", "--report", report}, archives...)...)
	if code != 0 {
		t.Fatalf("import with the stored login: exit %d\n%s\n%s", code, out, errOut)
	}
	if n := outcomes(readReport(t, report)); n["imported"] == 0 || n["failed"] != 0 {
		t.Errorf("outcomes %v", n)
	}
	if len(nc.Files()) == 0 {
		t.Error("nothing reached the server")
	}
	rep, _ := os.ReadFile(report)

	// Logout revokes the app password on the server and deletes the file.
	before := len(nc.Requests())
	code, lout, lerr := takeback(t, "logout")
	if code != 0 || !strings.Contains(lout, "revoked on the server") || !strings.Contains(lout, "The stored login is removed") {
		t.Errorf("logout: exit %d\n%s\n%s", code, lout, lerr)
	}
	deletes := 0
	for _, r := range nc.Requests()[before:] {
		if r.Method == "DELETE" && r.Path == "/ocs/v2.php/core/apppassword" && r.Header.Get("OCS-APIRequest") == "true" {
			deletes++
		}
	}
	if deletes != 1 || !nc.Revoked(pw) {
		t.Errorf("%d revocations seen by the server (revoked: %v), want 1", deletes, nc.Revoked(pw))
	}
	if _, err := os.Stat(store.Path()); !os.IsNotExist(err) {
		t.Errorf("the stored login is still there: %v", err)
	}
	noSecrets(t, []string{r.out, r.err, out, errOut, string(rep), lout, lerr}, pw, nc.Password)

	if code, out, _ := takeback(t, "logout"); code != 0 || !strings.Contains(out, "not logged in") {
		t.Errorf("second logout: exit %d\n%s", code, out)
	}
	if code, _, errOut := takeback(t, append([]string{"import"}, archives...)...); code != exitUsage || !strings.Contains(errOut, "takeback login") {
		t.Errorf("import after logout: exit %d\n%s", code, errOut)
	}
}

func TestLogoutWhenTheServerIsUnreachable(t *testing.T) {
	store := isolate(t)
	gone := httptest.NewServer(http.NotFoundHandler())
	gone.Close()
	if err := store.Save(credentials.Login{Server: gone.URL, LoginName: "alice", AppPassword: "app-Unreachable-0001", UserID: "alice"}); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := takeback(t, "logout")
	if code != exitFailed || !strings.Contains(out, "could NOT be revoked") || !strings.Contains(out, "Personal settings → Security") {
		t.Errorf("exit %d\n%s\n%s", code, out, errOut)
	}
	if _, err := os.Stat(store.Path()); !os.IsNotExist(err) {
		t.Errorf("the stored login was kept: %v", err)
	}
	noSecrets(t, []string{out, errOut}, "app-Unreachable-0001")
}

func TestLoginThrottled(t *testing.T) {
	store := isolate(t)
	nc := double.New(t)
	nc.Throttle(1, 2*time.Hour)
	r, _, _ := login(t, nc)
	if r.code == 0 || !strings.Contains(r.err, "throttling") || !strings.Contains(r.err, "try again after") {
		t.Errorf("exit %d\n%s\n%s", r.code, r.out, r.err)
	}
	if _, err := os.Stat(store.Path()); !os.IsNotExist(err) {
		t.Errorf("a login was stored: %v", err)
	}
}

func TestLoginNeedsAServer(t *testing.T) {
	isolate(t)
	if code, _, errOut := takeback(t, "login"); code != exitUsage || !strings.Contains(errOut, "--server") {
		t.Errorf("exit %d, %q", code, errOut)
	}
}

func TestStoredLoginWithLooseModeIsRefused(t *testing.T) {
	store := isolate(t)
	nc := double.New(t)
	if err := store.Save(credentials.Login{Server: nc.URL, LoginName: nc.Login, AppPassword: nc.Password, UserID: "alice"}); err != nil {
		t.Fatal(err)
	}
	os.Chmod(store.Path(), 0o644)
	sample := filepath.Join("..", "..", "fixtures", "sample", fixtures.SampleName)
	code, out, errOut := takeback(t, "import", sample)
	if code != exitUsage || !strings.Contains(errOut, "chmod 600") {
		t.Errorf("exit %d\n%s\n%s", code, out, errOut)
	}
	noSecrets(t, []string{out, errOut}, nc.Password)
}

package nextcloud_test

import (
	"context"
	"errors"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/takeback/takeback/importers"
	"github.com/takeback/takeback/nextcloud"
	"github.com/takeback/takeback/nextcloud/double"

	"github.com/takeback/takeback/internal/lang"
)

// Status, capabilities, the current user, Login Flow v2, app passwords, the
// Photos timeline folders and Diagnose, against the double.

func server(t *testing.T, s *double.Server, password string) *nextcloud.Server {
	t.Helper()
	srv, err := nextcloud.NewServer(nextcloud.Options{Server: s.URL, User: s.Login, Password: password, Retries: -1})
	if err != nil {
		t.Fatal(err)
	}
	return srv
}

func TestStatusAndMaintenance(t *testing.T) {
	ctx := context.Background()
	s := double.New(t)
	srv := server(t, s, s.Password)
	st, err := srv.Status(ctx)
	if err != nil || st.Name() != "Nextcloud 30.0.1" || st.Version != double.Version || st.Maintenance {
		t.Fatalf("status %+v, %v", st, err)
	}

	s.SetMaintenance(true)
	st, err = srv.Status(ctx)
	if !errors.Is(err, nextcloud.ErrMaintenance) || st == nil || !st.Maintenance {
		t.Errorf("status in maintenance: %+v, %v", st, err)
	}
	// Any other request stops at once, although the answer says
	// Retry-After: 120, and although the client would retry a 503.
	srv, err = nextcloud.NewServer(nextcloud.Options{Server: s.URL, User: s.Login, Password: s.Password})
	if err != nil {
		t.Fatal(err)
	}
	before := len(s.Requests())
	_, err = srv.CurrentUser(ctx)
	if !errors.Is(err, nextcloud.ErrMaintenance) || !importers.IsFatal(err) || !strings.Contains(err.Error(), "maintenance") {
		t.Errorf("request in maintenance: %v", err)
	}
	if n := len(s.Requests()) - before; n != 1 {
		t.Errorf("%d requests in maintenance mode, want 1 (no retry)", n)
	}
}

func TestStatusOfAnotherServer(t *testing.T) {
	for _, h := range []http.HandlerFunc{
		func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) },
		func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusUnauthorized) }, // Radicale asks for a login
		func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("<html>a blog</html>")) },
	} {
		hs := httptest.NewServer(h)
		srv, _ := nextcloud.NewServer(nextcloud.Options{Server: hs.URL, Retries: -1})
		if _, err := srv.Status(context.Background()); !nextcloud.IsUnavailable(err) {
			t.Errorf("status of a non-Nextcloud: %v, want an UnavailableError", err)
		}
		hs.Close()
	}
}

func TestCapabilitiesOfDouble(t *testing.T) {
	ctx := context.Background()
	s := double.New(t)
	srv := server(t, s, s.Password)
	c, err := srv.Capabilities(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := nextcloud.Capabilities{
		Version:  nextcloud.Version{Major: 30, Minor: 0, Micro: 1, String: "30.0.1"},
		Chunking: "1.0", ChunkMaxSize: 100 << 20, ChunkMaxSizeAdvertised: true, ChunkMaxParallel: 5, BulkUpload: true,
		Names: nextcloud.NameRules{Names: []string{".htaccess"}, Characters: []string{"\\", "/"}, Extensions: []string{".part", ".filepart"}},
	}
	if !reflect.DeepEqual(*c, want) {
		t.Errorf("capabilities\n%+v\nwant\n%+v", *c, want)
	}

	// Windows-compatible names, and a server that does not advertise its
	// chunk size; capabilities are public, so no login is needed.
	s.SetCapabilities(double.Capabilities{Chunking: "1.0", ForbiddenBasenames: []string{"con", "prn"},
		ForbiddenCharacters: []string{"<", ">", ":"}})
	anon, _ := nextcloud.NewServer(nextcloud.Options{Server: s.URL, Retries: -1})
	c, err = anon.Capabilities(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if c.ChunkMaxSize != nextcloud.DefaultChunkMaxSize || c.ChunkMaxSizeAdvertised || c.BulkUpload ||
		!reflect.DeepEqual(c.Names.Basenames, []string{"con", "prn"}) || len(c.Names.Characters) != 3 {
		t.Errorf("capabilities %+v", c)
	}
}

func TestCurrentUserOnDouble(t *testing.T) {
	ctx := context.Background()
	s := double.New(t)
	u, err := server(t, s, s.Password).CurrentUser(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// The login is an e-mail address; the ID is what DAV paths use.
	if u.ID != "alice" || u.DisplayName != double.DisplayName || !u.Quota.Unlimited() {
		t.Errorf("user %+v", u)
	}
	s.AddFile("a.jpg", make([]byte, 100), time.Now())
	s.SetQuota(1000)
	u, err = server(t, s, s.Password).CurrentUser(ctx)
	if err != nil || u.Quota.Free != 900 || u.Quota.Used != 100 || u.Quota.Total != 1000 || u.Quota.Unlimited() {
		t.Errorf("user %+v, %v; want 900 bytes free of 1000", u, err)
	}

	// A wrong password is asked once, never again.
	before := len(s.Requests())
	srv, _ := nextcloud.NewServer(nextcloud.Options{Server: s.URL, User: s.Login, Password: "wrong-Passw0rd"})
	_, err = srv.CurrentUser(ctx)
	var ae *nextcloud.AuthError
	if !errors.As(err, &ae) || !importers.IsFatal(err) || strings.Contains(err.Error(), "wrong-Passw0rd") {
		t.Errorf("wrong password: %v", err)
	}
	if n := len(s.Requests()) - before; n != 1 {
		t.Errorf("%d requests with a wrong password, want 1", n)
	}
}

// approveAfterPolls approves the login once the client has polled n times.
func approveAfterPolls(t *testing.T, s *double.Server, n int) <-chan string {
	ch := make(chan string, 1)
	go func() {
		deadline := time.Now().Add(10 * time.Second)
		for time.Now().Before(deadline) {
			polls := 0
			for _, r := range s.Requests() {
				if r.Path == "/login/v2/poll" {
					polls++
				}
			}
			if polls >= n {
				ch <- s.ApproveLogin()
				return
			}
			time.Sleep(5 * time.Millisecond)
		}
		ch <- ""
	}()
	return ch
}

func TestLoginFlow(t *testing.T) {
	ctx := context.Background()
	s := double.New(t)
	flow, err := nextcloud.StartLogin(ctx, s.URL, "takeback (test-host)")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(flow.LoginURL, s.URL+"/login/v2/flow/") || time.Until(flow.Deadline) < 19*time.Minute {
		t.Errorf("flow %+v", flow)
	}
	start := s.Requests()[0]
	if start.Method != "POST" || start.Path != "/index.php/login/v2" || start.Header.Get("User-Agent") != "takeback (test-host)" {
		t.Errorf("start request %+v", start)
	}
	approved := approveAfterPolls(t, s, 2)
	flow.Interval = 5 * time.Millisecond
	res, err := flow.Poll(ctx)
	if err != nil {
		t.Fatal(err)
	}
	pw := <-approved
	if res.LoginName != s.Login || res.AppPassword != pw || pw == "" || res.Server != s.URL {
		t.Errorf("result %+v, approved %q", res, pw)
	}
	for _, r := range s.Requests()[1:] {
		// The endpoint the server gave, verbatim (without index.php).
		if r.Method != "POST" || r.Path != "/login/v2/poll" || r.Header.Get("Content-Type") != "application/x-www-form-urlencoded" {
			t.Errorf("poll %+v", r)
		}
	}

	// The app password logs in; revoked, it does not any more.
	srv := server(t, s, res.AppPassword)
	if u, err := srv.CurrentUser(ctx); err != nil || u.ID != "alice" {
		t.Fatalf("with the app password: %+v, %v", u, err)
	}
	if err := srv.RevokeAppPassword(ctx); err != nil {
		t.Fatal(err)
	}
	if !s.Revoked(res.AppPassword) {
		t.Error("the double did not see the revocation")
	}
	var ae *nextcloud.AuthError
	if _, err := srv.CurrentUser(ctx); !errors.As(err, &ae) {
		t.Errorf("after revocation: %v, want 401", err)
	}
}

func TestLoginFlowExpires(t *testing.T) {
	s := double.New(t)
	flow, err := nextcloud.StartLogin(context.Background(), s.URL, "takeback (test-host)")
	if err != nil {
		t.Fatal(err)
	}
	flow.Interval, flow.Deadline = 5*time.Millisecond, time.Now().Add(50*time.Millisecond)
	if _, err := flow.Poll(context.Background()); !errors.Is(err, nextcloud.ErrLoginExpired) {
		t.Errorf("error %v, want ErrLoginExpired", err)
	}
}

func TestLoginThrottled(t *testing.T) {
	s := double.New(t)
	s.Throttle(1, 2*time.Hour)
	_, err := nextcloud.StartLogin(context.Background(), s.URL, "takeback (test-host)")
	var te *nextcloud.ThrottledError
	if !errors.As(err, &te) || te.Wait != 2*time.Hour {
		t.Fatalf("error %v, want a ThrottledError of 2h", err)
	}
	for _, want := range []string{"throttling", "429", "try again after " + te.Until.Local().Format("15:04")} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	if n := len(s.Requests()); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
}

func TestPhotosSourceFolders(t *testing.T) {
	ctx := context.Background()
	s := double.New(t)
	srv := server(t, s, s.Password)
	if got, err := srv.PhotosSourceFolders(ctx); err != nil || !reflect.DeepEqual(got, []string{"/Photos"}) {
		t.Errorf("default: %v, %v", got, err)
	}
	s.SetPhotosSourceFolders("/Camera", "/Family photos")
	if got, err := srv.PhotosSourceFolders(ctx); err != nil || !reflect.DeepEqual(got, []string{"/Camera", "/Family photos"}) {
		t.Errorf("set: %v, %v", got, err)
	}
	s.DisablePhotos()
	if _, err := srv.PhotosSourceFolders(ctx); !nextcloud.IsUnavailable(err) {
		t.Errorf("without Photos: %v, want an UnavailableError", err)
	}
}

func TestDiscoverTakesTheUserIDFromOCS(t *testing.T) {
	s := double.New(t)
	d := connectDouble(t, s, nil)
	if d.Endpoints().FilesRoot != s.FilesRoot() {
		t.Errorf("files root %q", d.Endpoints().FilesRoot)
	}
	asked := false
	for _, r := range s.Requests() {
		if r.Path == "/ocs/v1.php/cloud/user" {
			asked = true
		}
	}
	if !asked {
		t.Error("discovery did not ask OCS cloud/user for the user ID")
	}

	// A known user ID is used as it is.
	s2 := double.New(t)
	_, err := nextcloud.New(context.Background(), nextcloud.Options{Server: s2.URL, User: s2.Login, Password: s2.Password, UserID: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range s2.Requests() {
		if strings.HasPrefix(r.Path, "/ocs/") {
			t.Errorf("asked %s although the user ID was given", r.Path)
		}
	}
}

// findings indexes a diagnosis by title: "level detail".
func findings(d *nextcloud.Diagnosis) map[string]string {
	m := map[string]string{}
	for _, f := range d.Findings {
		m[f.Title.String()] += string(f.Level) + " " + f.Detail.String() + "\n"
	}
	return m
}

func TestDiagnose(t *testing.T) {
	for _, tc := range []struct {
		name     string
		setup    func(s *double.Server)
		password string
		need     int64
		want     map[string]string // title → level and a part of the detail
		absent   []string          // titles that must not appear
		problems int
	}{
		{name: "ready", need: 1000, want: map[string]string{
			"Server": "ok http://127.0.0.1", "Nextcloud": "ok Nextcloud 30.0.1, not in maintenance mode",
			"Login": "ok logged in as Alice Martin (user ID alice)", "Uploads": "ok chunked uploads (version 1.0): files larger than 100 MB",
			"File names": `ok the server forbids the characters "\\" "/"`, "Photos timeline": `ok "Photos/Google Photos" is inside "/Photos"`,
			"Calendars": "warning not found on this server, so calendars cannot be imported", "Free space": "ok no storage limit; the import needs 1,000 bytes (the archives)",
		}},
		{name: "maintenance", setup: func(s *double.Server) { s.SetMaintenance(true) }, problems: 1,
			want:   map[string]string{"Maintenance": "problem Nextcloud 30.0.1 is in maintenance mode"},
			absent: []string{"Login", "Free space"}},
		{name: "quota too small", setup: func(s *double.Server) { s.SetQuota(500) }, need: 1000, problems: 1,
			want: map[string]string{"Free space": "problem 500 bytes free of 500 bytes, but the import needs 1,000 bytes (the archives)"}},
		{name: "quota enough", setup: func(s *double.Server) { s.SetQuota(5000) }, need: 1000,
			want: map[string]string{"Free space": "ok 4.9 KB free of 4.9 KB; the import needs 1,000 bytes"}},
		{name: "photos outside the timeline", setup: func(s *double.Server) { s.SetPhotosSourceFolders("/Camera") },
			want: map[string]string{"Photos timeline": `warning "Photos/Google Photos" is not among the folders the Photos timeline shows (/Camera)`}},
		{name: "without the Photos app", setup: func(s *double.Server) { s.DisablePhotos() },
			want: map[string]string{"Photos timeline": "warning could not read the Photos app's timeline folders"}},
		{name: "wrong password", password: "wrong-Passw0rd", problems: 1,
			want:   map[string]string{"Login": `problem the server refused the login name "alice@example.com"`, "Uploads": "ok"},
			absent: []string{"Free space", "Calendars"}},
		{name: "no chunking", setup: func(s *double.Server) { s.SetCapabilities(double.Capabilities{}) },
			want: map[string]string{"Uploads": "warning the server does not announce chunked uploads",
				"File names": "ok the server publishes no extra file-name rules"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := double.New(t)
			if tc.setup != nil {
				tc.setup(s)
			}
			pw := s.Password
			if tc.password != "" {
				pw = tc.password
			}
			d := nextcloud.Diagnose(context.Background(), nextcloud.DiagnoseOptions{
				Options:    nextcloud.Options{Server: s.URL, User: s.Login, Password: pw, Retries: -1},
				PhotosDirs: []string{"Photos/Google Photos"}, Need: tc.need, NeedWhat: lang.T("the archives"),
			})
			got := findings(d)
			for title, want := range tc.want {
				if !strings.Contains(got[title], want) {
					t.Errorf("%s: %q, want %q", title, got[title], want)
				}
			}
			for _, title := range tc.absent {
				if got[title] != "" {
					t.Errorf("%s checked: %q", title, got[title])
				}
			}
			if n := len(d.Problems()); n != tc.problems {
				t.Errorf("%d problems, want %d: %v", n, tc.problems, d.Findings)
			}
			for _, f := range d.Findings {
				if strings.Contains(f.String(), pw) {
					t.Errorf("the password appears in %q", f)
				}
			}
		})
	}
}

func TestDiagnosePreflightOnly(t *testing.T) {
	s := double.New(t)
	d := nextcloud.Diagnose(context.Background(), nextcloud.DiagnoseOptions{
		Options: nextcloud.Options{Server: s.URL, User: s.Login, Password: s.Password},
		Checks:  nextcloud.PreflightChecks, PhotosDirs: []string{"x"}, Need: -1,
	})
	for _, f := range d.Findings {
		switch f.Check {
		case nextcloud.CheckPhotos, nextcloud.CheckCalendars:
			t.Errorf("pre-flight ran %s: %v", f.Check, f)
		}
	}
	if d.User == nil || d.User.ID != "alice" || d.Capabilities == nil || d.Capabilities.Chunking != "1.0" {
		t.Errorf("user %+v, capabilities %+v", d.User, d.Capabilities)
	}
}

func TestDiagnoseConnectionProblems(t *testing.T) {
	tlsSrv := httptest.NewUnstartedServer(http.NotFoundHandler())
	tlsSrv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshake is expected
	tlsSrv.StartTLS()                                   // with a certificate nobody trusts
	defer tlsSrv.Close()
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	plain := httptest.NewServer(http.NotFoundHandler())
	defer plain.Close()
	badGateway := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "upstream down", http.StatusBadGateway)
	}))
	defer badGateway.Close()
	for _, tc := range []struct {
		name, server, want string
	}{
		{"untrusted certificate", tlsSrv.URL, "is not signed by an authority this computer trusts"},
		{"nothing listening", closed.URL, "nothing answers at"},
		{"https on a plain port", strings.Replace(plain.URL, "http://", "https://", 1), "does not speak https:// on this port"},
		{"unknown name", "https://no-such-host.invalid", "the name no-such-host.invalid is unknown"},
		{"a proxy in trouble", badGateway.URL, "answers, but with an error (502 Bad Gateway: upstream down)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := nextcloud.Diagnose(context.Background(), nextcloud.DiagnoseOptions{
				Options: nextcloud.Options{Server: tc.server, User: "alice", Password: "pw-123456", Retries: -1, Timeout: 5 * time.Second},
			})
			if len(d.Findings) != 1 || d.Findings[0].Level != nextcloud.Problem || !strings.Contains(d.Findings[0].Detail.String(), tc.want) {
				t.Errorf("findings %v, want one problem saying %q", d.Findings, tc.want)
			}
		})
	}
}

func TestLoginExplainsACertificateProblem(t *testing.T) {
	srv := httptest.NewUnstartedServer(http.NotFoundHandler())
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	defer srv.Close()
	_, err := nextcloud.StartLogin(context.Background(), srv.URL, "takeback (test-host)")
	if err == nil || !strings.Contains(err.Error(), "is not signed by an authority this computer trusts") {
		t.Errorf("error %v", err)
	}
}

// Without OCS (a proxy that passes only DAV), the user ID comes from the
// current user principal.
func TestDiscoverWithoutOCSTakesTheUserIDFromThePrincipal(t *testing.T) {
	var ocsAsked bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		multistatus := func(inner string) {
			w.Header().Set("Content-Type", "application/xml; charset=utf-8")
			w.WriteHeader(http.StatusMultiStatus)
			w.Write([]byte(`<?xml version="1.0"?><d:multistatus xmlns:d="DAV:"><d:response><d:href>` + r.URL.Path +
				`</d:href><d:propstat><d:prop>` + inner + `</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response></d:multistatus>`))
		}
		switch p := r.URL.Path; {
		case strings.HasPrefix(p, "/ocs/"):
			ocsAsked = true
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusNotFound)
			w.Write([]byte("<html>not here</html>"))
		case r.Method == "PROPFIND" && strings.TrimSuffix(p, "/") == "/remote.php/dav":
			multistatus(`<d:current-user-principal><d:href>/remote.php/dav/principals/users/bob/</d:href></d:current-user-principal>`)
		case r.Method == "PROPFIND" && p == "/remote.php/dav/files/bob/":
			multistatus(`<d:resourcetype><d:collection/></d:resourcetype>`)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	e, err := nextcloud.Discover(context.Background(), nextcloud.Options{Server: srv.URL, User: "bob@example.org", Password: "pw-123456", Retries: -1})
	if err != nil {
		t.Fatal(err)
	}
	if !ocsAsked || e.FilesRoot != srv.URL+"/remote.php/dav/files/bob/" {
		t.Errorf("OCS asked: %v; files root %q", ocsAsked, e.FilesRoot)
	}
}

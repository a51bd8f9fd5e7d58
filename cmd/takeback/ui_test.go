package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/emersion/go-webdav"
	"github.com/emersion/go-webdav/caldav"

	"github.com/takeback/takeback/importers"
	"github.com/takeback/takeback/internal/browser"
	"github.com/takeback/takeback/internal/credentials"
	"github.com/takeback/takeback/internal/lang"
	"github.com/takeback/takeback/internal/servers"
	"github.com/takeback/takeback/nextcloud"
	"github.com/takeback/takeback/nextcloud/double"
	"github.com/takeback/takeback/ui"
)

// Started with no arguments, takeback opens the page only when a file
// manager started it: no terminal as input, or on Windows a console of
// its own.
func TestStartsUI(t *testing.T) {
	for _, tt := range []struct {
		name string
		args []string
		f    startFacts
		want bool
	}{
		{"linux, double-click", []string{"takeback"}, startFacts{goos: "linux"}, true},
		{"linux, terminal", []string{"takeback"}, startFacts{goos: "linux", stdinTerminal: true}, false},
		{"linux, arguments without terminal", []string{"takeback", "preview", "x.zip"}, startFacts{goos: "linux"}, false},
		{"linux, --help without terminal", []string{"takeback", "--help"}, startFacts{goos: "linux"}, false},
		{"macOS, double-click", []string{"takeback"}, startFacts{goos: "darwin"}, true},
		{"macOS, terminal", []string{"takeback"}, startFacts{goos: "darwin", stdinTerminal: true}, false},
		{"windows, Explorer", []string{"takeback.exe"}, startFacts{goos: "windows", stdinTerminal: true, consoleProcesses: 1}, true},
		{"windows, command prompt", []string{"takeback.exe"}, startFacts{goos: "windows", stdinTerminal: true, consoleProcesses: 2}, false},
		{"windows, input redirected in a prompt", []string{"takeback.exe"}, startFacts{goos: "windows", consoleProcesses: 3}, false},
		{"windows, count unknown", []string{"takeback.exe"}, startFacts{goos: "windows"}, false},
		{"windows, arguments", []string{"takeback.exe", "ui"}, startFacts{goos: "windows", consoleProcesses: 1}, false},
	} {
		if got := startsUI(tt.args, tt.f); got != tt.want {
			t.Errorf("%s: startsUI = %v, want %v", tt.name, got, tt.want)
		}
	}
	// This test's input is no terminal, but arguments keep their meaning.
	if got := startArgs([]string{"takeback", "version"}); !slices.Equal(got, []string{"takeback", "version"}) {
		t.Errorf("startArgs changed the arguments: %q", got)
	}
}

// pageAddress is the page's address as takeback ui prints it.
var pageAddress = regexp.MustCompile(`http://127\.0\.0\.1:[0-9]+/\?token=[A-Za-z0-9_-]{40,}`)

// takeback ui prints the page's address with its token, opens it in the
// browser unless --no-browser, answers only with the token, and stops
// cleanly when its context ends (as at Ctrl-C).
func TestUICommand(t *testing.T) {
	isolate(t)
	t.Setenv("HOME", t.TempDir())
	defer func(f func(string) error) { openBrowser = f }(openBrowser)
	for _, noBrowser := range []bool{true, false} {
		var mu sync.Mutex
		var opened []string
		openBrowser = func(u string) error { mu.Lock(); opened = append(opened, u); mu.Unlock(); return nil }

		args := []string{"takeback", "ui", "--port", "0"}
		if noBrowser {
			args = append(args, "--no-browser")
		}
		var out, errOut servers.Output
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- newApp(lang.English, &out, &errOut).RunContext(ctx, args) }()
		var address string
		for deadline := time.Now().Add(30 * time.Second); address == "" && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
			address = pageAddress.FindString(out.String())
		}
		if address == "" {
			cancel()
			t.Fatalf("%q: no address printed:\n%s\n%s", args, out.String(), errOut.String())
		}
		if !strings.Contains(out.String(), "secret key") || !strings.Contains(out.String(), "Ctrl-C") {
			t.Errorf("the address comes without its explanation:\n%s", out.String())
		}
		u, _ := url.Parse(address)
		withoutToken := *u
		withoutToken.RawQuery = ""
		for _, c := range []struct {
			what, address, host string
			want                int
		}{
			{"the address printed", address, "", http.StatusOK},
			{"without the token", withoutToken.String(), "", http.StatusForbidden},
			{"with a wrong token", withoutToken.String() + "?token=" + strings.Repeat("A", 43), "", http.StatusForbidden},
			{"through another host name (DNS rebinding)", address, "attacker.example:" + u.Port(), http.StatusForbidden},
		} {
			req, _ := http.NewRequest(http.MethodGet, c.address, nil)
			if c.host != "" {
				req.Host = c.host
			}
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != c.want {
				t.Errorf("%s: status %d, want %d: %.200s", c.what, res.StatusCode, c.want, body)
			}
		}
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("ui ended with %v", err)
			}
		case <-time.After(30 * time.Second):
			t.Fatal("ui did not stop when its context ended")
		}
		if !strings.Contains(out.String(), "takeback stopped") {
			t.Errorf("no word on stopping:\n%s", out.String())
		}
		if res, err := http.Get(address); err == nil {
			res.Body.Close()
			t.Error("the page still answers after the stop")
		}
		mu.Lock()
		if want := []string{address}; noBrowser && len(opened) != 0 || !noBrowser && !slices.Equal(opened, want) {
			t.Errorf("--no-browser %v: opened %q", noBrowser, opened)
		}
		mu.Unlock()
	}

	for _, args := range [][]string{{"ui", "takeout.zip"}, {"ui", "--jobs", "0"}, {"ui", "--port", "70000"}} {
		if code, out, errOut := takeback(t, args...); code != exitUsage {
			t.Errorf("takeback %s: exit %d, want %d\n%s%s", strings.Join(args, " "), code, exitUsage, out, errOut)
		}
	}
	code, out, _ := takeback(t, "ui", "--help")
	for _, flag := range []string{"--port", "--no-browser", "--jobs", "--quiet", "--verbose", "--log-file", "--lang"} {
		if code != 0 || strings.Count(out, "   "+flag) != 1 {
			t.Errorf("takeback ui --help: exit %d, %s not listed once:\n%s", code, flag, out)
		}
	}
}

// TestUIInChromium walks the five steps in a real headless Chromium with
// the real backend: Login Flow v2 on the Nextcloud double, calendars and
// contacts into Radicale, files into rclone, as the stored login. Then
// takeback ui runs again, in French: the stored login is offered, and the
// second import finds everything already there. The screenshots of every
// step stay in a folder the log names.
func TestUIInChromium(t *testing.T) {
	shots := browser.Screenshots(t, "takeback-ui-cmd-screenshots-")

	home, config := t.TempDir(), t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", config)
	t.Setenv("TAKEBACK_PASSWORD", "")
	downloads := filepath.Join(home, "Downloads")
	if err := os.Mkdir(downloads, 0o755); err != nil {
		t.Fatal(err)
	}
	const archiveName = "takeout-20241002T101010Z-001.zip"
	archive := filepath.Join(downloads, archiveName)
	data, err := os.ReadFile(filepath.Join("..", "..", "fixtures", "sample", archiveName))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(archive, data, 0o644); err != nil {
		t.Fatal(err)
	}
	want := expectedOnServer(t, archive)

	defer func(d time.Duration) { loginPollInterval = d }(loginPollInterval)
	loginPollInterval = 50 * time.Millisecond
	nc := double.New(t)
	r := servers.Radicale(t)
	// rclone starts once the app password is known, and the page asks the
	// server only after the login: the endpoints wait for it.
	var files *servers.RcloneServer
	ready := make(chan struct{})
	endpoints := func() (string, string, string) {
		select {
		case <-ready:
			return r.URL, r.URL, files.URL
		case <-time.After(2 * time.Minute):
			return "", "", ""
		}
	}

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	tabs := browser.Start(t, ctx)

	// The first run, in English: log in, import everything.
	en := openUI(t, tabs, &uiBackend{jobs: 2, endpoints: endpoints}, lang.English, filepath.Join(shots, "1-en"))
	en.chooseArchive(archiveName)

	en.until("the login form", `!$('step2').hidden && !$('login').hidden`)
	en.sees(en.tr.Sprintf("Connect to your Nextcloud"))
	en.do(chromedp.SendKeys(chromedp.ID("server"), nc.URL), chromedp.Click(chromedp.ID("log-in"), chromedp.NodeVisible))
	en.until("waiting for the login", `!$('waiting').hidden`)
	if _, err := chromedp.Call(en.ctx, page.BringToFront, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	en.sees(en.tr.Sprintf("Waiting for you to log in, in the other tab…"))
	if got := en.js(`$('login-link').href`); !strings.HasPrefix(got, nc.URL+"/login/v2/flow/") {
		t.Errorf("the login link goes to %q", got)
	}
	en.loginTabOpened(nc.URL + "/login/v2/flow/")
	en.shot("2-waiting")
	pw := nc.ApproveLogin()
	if pw == "" {
		t.Fatal("no login flow to approve")
	}
	en.secret = pw
	r.AddUser(t, nc.Login, pw)
	files = servers.RcloneAs(t, nc.Login, pw)
	close(ready)
	en.until("logged in", `$('connected-as').textContent === `+browser.Quote(en.tr.Sprintf("Logged in as %s on %s", double.UserID, nc.URL)))
	en.shot("2-connected")
	checkStoredLogin(t, config, nc, pw)
	en.do(chromedp.Click(chromedp.ID("next2"), chromedp.NodeVisible))

	en.preview("Work")
	if got := en.js(`[...document.querySelectorAll('#kind-list input')].map((b) => b.value + (b.checked ? '+' : '-')).join(' ')`); got != "calendars+ tasks+ contacts+ photos+ drive+ notes+" {
		t.Errorf("the categories offered: %s", got)
	}
	en.importAll()
	en.sees(en.tr.Sprintf("The import is over."), en.tr.Text(lang.T("%d events imported", want.onlyEvents)))
	links := en.js(`[...document.querySelectorAll('#links a')].map((a) => a.href).join(' ')`)
	for _, app := range []string{"calendar", "contacts", "files"} {
		if !strings.Contains(links, nc.URL+"/index.php/apps/"+app+"/") {
			t.Errorf("no link to the %s app: %s", app, links)
		}
	}
	first := en.report()
	if n := outcomes(first); n["imported"] != want.total() || n["failed"] != 0 || n["present"] != 0 {
		t.Errorf("first import: %v, want %d imported", n, want.total())
	}
	en.noLeak()
	before := checkServers(t, r, files, nc.Login, pw, want)
	en.stop()

	// The second run, in French: the stored login, and nothing to send.
	fr := openUI(t, tabs, &uiBackend{jobs: 2, endpoints: endpoints}, lang.NewPrinter("fr"), filepath.Join(shots, "2-fr"))
	fr.secret = pw
	if got := fr.js(`document.documentElement.lang`); got != "fr" {
		t.Errorf("the page is in %q, not in the language of takeback ui", got)
	}
	fr.chooseArchive(archiveName)
	loggedIn := browser.Quote(fr.tr.Sprintf("Logged in as %s on %s", double.UserID, nc.URL))
	fr.until("the stored login offered", `!$('step2').hidden && !$('stored').hidden && $('stored-as').textContent === `+loggedIn)
	fr.sees(fr.tr.Sprintf("You logged in before:"))
	fr.shot("2-stored")
	fr.do(chromedp.Click(chromedp.ID("use-stored"), chromedp.NodeVisible))
	fr.until("logged in", `$('connected-as').textContent === `+loggedIn)
	fr.shot("2-connected")
	fr.do(chromedp.Click(chromedp.ID("next2"), chromedp.NodeVisible))
	fr.preview("Work")
	fr.importAll()
	fr.sees(fr.tr.Sprintf("The import is over."))
	second := fr.report()
	if n, was := outcomes(second), outcomes(first); n["imported"] != 0 || n["failed"] != 0 || n["present"] != was["imported"] || n["skipped"] != was["skipped"] {
		t.Errorf("second import: %v after %v, want everything already there", n, was)
	}
	fr.noLeak()
	after := checkServers(t, r, files, nc.Login, pw, want)
	if !maps.Equal(before, after) {
		t.Errorf("the second import changed the servers:\nbefore %v\nafter  %v", before, after)
	}
	if n := nc.LoginFlowsStarted(); n != 1 {
		t.Errorf("%d logins, want the first one only", n)
	}
	fr.stop()
}

// expected is what an import of the archive puts on the servers, as the
// preview lists it.
type expected struct {
	events, cards []string // UIDs, sorted; events include tasks
	files         []string // paths under the files root, sorted
	onlyEvents    int      // events without the tasks
}

func (e expected) total() int { return len(e.events) + len(e.cards) + len(e.files) }

func expectedOnServer(t *testing.T, archive string) expected {
	t.Helper()
	code, out, errOut := takeback(t, "preview", "--json", archive)
	if code != 0 {
		t.Fatalf("preview exited %d: %s", code, errOut)
	}
	var e expected
	for _, l := range jsonLines(t, out) {
		if l["type"] != "item" || l["status"] != "new" {
			continue
		}
		switch l["kind"] {
		case "event", "task":
			if l["kind"] == "event" {
				e.onlyEvents++
			}
			e.events = append(e.events, l["uid"].(string))
		case "contact":
			e.cards = append(e.cards, l["uid"].(string))
		default:
			// The names a Nextcloud refuses are changed as they go up.
			parts := strings.Split(strings.TrimPrefix(l["target"].(string), "files/"), "/")
			for i, p := range parts {
				parts[i] = nextcloud.SafeName(p)
			}
			e.files = append(e.files, strings.Join(parts, "/"))
		}
	}
	sort.Strings(e.events)
	sort.Strings(e.cards)
	sort.Strings(e.files)
	if len(e.events) == 0 || len(e.cards) == 0 || len(e.files) == 0 {
		t.Fatalf("the sample has %d events, %d contacts, %d files", len(e.events), len(e.cards), len(e.files))
	}
	return e
}

// checkServers reads back, over CalDAV, CardDAV and WebDAV as the user,
// what the import left, and returns each object's or file's ETag, size
// and time by path.
func checkServers(t *testing.T, r *servers.RadicaleServer, files *servers.RcloneServer, user, pw string, want expected) map[string]string {
	t.Helper()
	as := &servers.RadicaleServer{URL: r.URL, User: user, Password: pw}
	st := readServer(t, as)
	if got := st.eventUIDs(t); !slices.Equal(got, want.events) {
		t.Errorf("events and tasks on Radicale:\n%v\nwant:\n%v", got, want.events)
	}
	if got := st.cardUIDs(); !slices.Equal(got, want.cards) {
		t.Errorf("contacts on Radicale:\n%v\nwant:\n%v", got, want.cards)
	}
	state := map[string]string{}
	ctx := context.Background()
	hc := webdav.HTTPClientWithBasicAuth(nil, user, pw)
	cc, cals := radicaleCalendars(t, as)
	for _, cal := range cals {
		objs, err := cc.QueryCalendar(ctx, cal.Path, &caldav.CalendarQuery{CompFilter: caldav.CompFilter{Name: "VCALENDAR"}})
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range objs {
			state[o.Path] = o.ETag
		}
	}
	for _, book := range st.cards {
		for _, o := range book {
			state[o.Path] = o.ETag
		}
	}
	wc, err := webdav.NewClient(hc, files.URL)
	if err != nil {
		t.Fatal(err)
	}
	infos, err := wc.ReadDir(ctx, "/", true)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, fi := range infos {
		if fi.IsDir {
			continue
		}
		p, _ := url.PathUnescape(fi.Path)
		p = strings.TrimPrefix(p, "/")
		got = append(got, p)
		state["files/"+p] = fmt.Sprintf("%d %v %s", fi.Size, fi.ModTime.UnixNano(), fi.ETag)
	}
	sort.Strings(got)
	if !slices.Equal(got, want.files) {
		t.Errorf("files on rclone:\n%q\nwant:\n%q", got, want.files)
	}
	for p, tag := range state {
		if tag == "" {
			t.Errorf("%s has no ETag", p)
		}
	}
	return state
}

// checkStoredLogin checks the login the page kept: where `takeback login`
// keeps it, readable by its owner only.
func checkStoredLogin(t *testing.T, config string, nc *double.Server, pw string) {
	t.Helper()
	p := filepath.Join(config, "takeback", "login.json")
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatalf("no stored login: %v", err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("%s has mode %v, want 0600", p, fi.Mode().Perm())
	}
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	var l struct{ Server, LoginName, AppPassword, UserID string }
	if err := json.Unmarshal(b, &l); err != nil {
		t.Fatal(err)
	}
	if l.Server != nc.URL || l.LoginName != nc.Login || l.AppPassword != pw || l.UserID != double.UserID {
		t.Errorf("stored login %+v", l)
	}
}

// uiWalk is one run of takeback ui, driven in a tab of Chromium.
type uiWalk struct {
	t      *testing.T
	ctx    context.Context
	cancel context.CancelFunc
	tr     *lang.Printer
	shots  *browser.Shots
	url    string
	secret string // the app password, never to reach the page

	out     *servers.Output
	stopped chan error
	stopUI  context.CancelFunc
	seen    *traffic
}

// openUI starts takeback ui as the command does, on b, and opens the
// address it would open in a browser in a new tab.
func openUI(t *testing.T, tabs context.Context, b *uiBackend, p *lang.Printer, shots string) *uiWalk {
	t.Helper()
	w := &uiWalk{t: t, tr: p, shots: &browser.Shots{Dir: shots}, out: &servers.Output{}, stopped: make(chan error, 1)}
	s, err := ui.New(ui.Config{Backend: b, Lang: p, Jobs: b.jobs})
	if err != nil {
		t.Fatal(err)
	}
	opened := make(chan string, 1)
	var ctx context.Context
	ctx, w.stopUI = context.WithCancel(context.Background())
	go func() { w.stopped <- serveUI(ctx, w.out, p, s, func(u string) error { opened <- u; return nil }) }()
	t.Cleanup(func() { w.stopUI(); <-w.stopped })
	select {
	case w.url = <-opened:
	case <-time.After(30 * time.Second):
		t.Fatal("takeback ui opened no page")
	}
	if !strings.Contains(w.out.String(), w.url) || !pageAddress.MatchString(w.url) {
		t.Errorf("the address opened, %s, is not the one printed:\n%s", w.url, w.out.String())
	}

	w.ctx, w.cancel = chromedp.NewContext(tabs)
	t.Cleanup(w.cancel)
	w.seen = &traffic{origin: strings.SplitN(w.url, "/?", 2)[0] + "/", urls: map[network.RequestID]string{}}
	if err := chromedp.Listen(w.ctx, w.seen.add); err != nil {
		t.Fatal(err)
	}
	w.do(chromedp.Navigate(w.url))
	w.until("the home folder listed", `!$('step1').hidden && document.querySelectorAll('#entries li').length > 0`)
	return w
}

// chooseArchive picks the archive in ~/Downloads, in step 1.
func (w *uiWalk) chooseArchive(name string) {
	w.t.Helper()
	w.sees(w.tr.Sprintf("Choose your archives"), w.tr.Sprintf("Nothing chosen yet."))
	w.do(chromedp.Click(`//ul[@id="entries"]//button[contains(@class,"open") and normalize-space()="Downloads"]`, chromedp.NodeVisible))
	w.until("Downloads listed", `$('path').value.endsWith('Downloads') && document.querySelectorAll('#entries li').length === 1`)
	w.sees(name)
	w.shot("1-archives")
	w.do(chromedp.Click(`//ul[@id="entries"]//li[contains(@class,"archive")]//button[contains(@class,"add")]`, chromedp.NodeVisible))
	w.until("the archive chosen", `document.querySelectorAll('#chosen li').length === 1`)
	w.shot("1-chosen")
	w.do(chromedp.Click(chromedp.ID("next1"), chromedp.NodeVisible))
}

// loginTabOpened waits for the tab the page opened on the login page.
func (w *uiWalk) loginTabOpened(prefix string) {
	w.t.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		targets, err := chromedp.Targets(w.ctx)
		if err != nil {
			w.t.Fatal(err)
		}
		for _, tg := range targets {
			if tg.Type == "page" && strings.HasPrefix(tg.URL, prefix) {
				return
			}
		}
	}
	w.t.Errorf("no tab opened on %s", prefix)
}

// preview waits for step 3 with what the server has, and the report
// naming calendar.
func (w *uiWalk) preview(calendar string) {
	w.t.Helper()
	w.until("the preview", `!$('step3').hidden && $('check-text').hidden && $('preview').src.includes('checked=done') && frameText().includes(`+browser.Quote(calendar)+`)`)
	if got := w.js(`$('preview-error').hidden ? '' : $('preview-error').textContent`); got != "" {
		w.t.Errorf("step 3 shows an error: %s", got)
	}
	w.shot("3-preview")
}

// importAll starts the import of everything and waits for its end.
func (w *uiWalk) importAll() {
	w.t.Helper()
	w.do(chromedp.Click(chromedp.ID("start"), chromedp.NodeVisible))
	w.until("the import", `!$('step4').hidden || !$('step5').hidden`)
	w.shot("4-import")
	w.until("the end of the import", `!$('step5').hidden`)
	w.shot("5-done")
}

// report downloads the full report as the page's link does.
func (w *uiWalk) report() []map[string]any {
	w.t.Helper()
	res, err := http.Get(w.js(`$('report').href`))
	if err != nil {
		w.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil || res.StatusCode != http.StatusOK {
		w.t.Fatalf("the report: status %d, %v", res.StatusCode, err)
	}
	if strings.Contains(string(b), w.secret) {
		w.t.Error("the report holds the app password")
	}
	return jsonLines(w.t, string(b))
}

// stop stops takeback ui as Ctrl-C does, and checks what it said.
func (w *uiWalk) stop() {
	w.t.Helper()
	w.seen.mu.Lock()
	for _, f := range w.seen.failures {
		w.t.Errorf("the page: %s", f)
	}
	w.seen.mu.Unlock()
	w.stopUI()
	if err := <-w.stopped; err != nil {
		w.t.Errorf("takeback ui: %v", err)
	}
	w.stopped <- nil // for the cleanup
	out := w.out.String()
	if !strings.Contains(out, w.tr.Sprintf("Keep takeback running while you use the page; press Ctrl-C here to stop it.\n")) ||
		!strings.Contains(out, "takeback ui") {
		w.t.Errorf("takeback ui said:\n%s", out)
	}
	if strings.Contains(out, w.secret) {
		w.t.Error("takeback ui printed the app password")
	}
	w.until("the page offline", `!$('offline').hidden`)
	w.shot("6-stopped")
	w.cancel()
}

// noLeak checks that the app password reached the page by no way: no
// response's headers or body, no event, no part of the page or its
// storage.
func (w *uiWalk) noLeak() {
	w.t.Helper()
	if w.secret == "" {
		w.t.Fatal("no secret to look for")
	}
	texts, bodies := w.seen.collect(w.t, w.ctx)
	// What the page did get: the account, its events, its report.
	all := strings.Join(texts, "\n")
	if bodies < 5 || !strings.Contains(all, `"user":"`+double.UserID+`"`) || !strings.Contains(all, "Content-Security-Policy") {
		w.t.Errorf("the capture of what the page got is broken: %d bodies, %d texts", bodies, len(texts))
	}
	w.t.Logf("%d bodies, %d texts, %d bytes", bodies, len(texts), len(all))
	dom := w.js(`[document.documentElement.outerHTML, $('preview').contentDocument ? $('preview').contentDocument.documentElement.outerHTML : '',
		JSON.stringify(sessionStorage), JSON.stringify(localStorage), document.cookie].join('\n')`)
	for _, s := range append(texts, dom) {
		if strings.Contains(s, w.secret) {
			w.t.Errorf("the app password reached the page: %.300s", s)
			return
		}
	}
}

// traffic keeps what the page received from takeback: headers, events,
// and the requests whose bodies to read.
type traffic struct {
	origin string

	mu       sync.Mutex
	urls     map[network.RequestID]string
	finished []network.RequestID
	texts    []string
	bodies   int
	// failures are the page's exceptions, console errors and refused
	// requests.
	failures []string
}

// add runs on the tab's reading goroutine: it only records.
func (tr *traffic) add(ev any) {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	switch e := ev.(type) {
	case *network.EventResponseReceived:
		if strings.HasPrefix(e.Response.URL, tr.origin) {
			if e.Response.Status >= 400 {
				tr.failures = append(tr.failures, fmt.Sprintf("%s: status %d", e.Response.URL, e.Response.Status))
			}
			tr.urls[e.RequestID] = e.Response.URL
			h, _ := json.Marshal(e.Response.Headers)
			tr.texts = append(tr.texts, string(h))
		}
	case *network.EventLoadingFinished:
		if _, ok := tr.urls[e.RequestID]; ok {
			tr.finished = append(tr.finished, e.RequestID)
		}
	case *network.EventEventSourceMessageReceived:
		tr.texts = append(tr.texts, e.Data)
	case *runtime.EventExceptionThrown:
		tr.failures = append(tr.failures, fmt.Sprintf("exception at %s:%d: %s %s", e.ExceptionDetails.URL, e.ExceptionDetails.LineNumber+1, e.ExceptionDetails.Text, description(e.ExceptionDetails.Exception)))
	case *runtime.EventConsoleAPICalled:
		if e.Type == runtime.ConsoleAPICalledTypeError {
			tr.failures = append(tr.failures, fmt.Sprintf("console error: %v", e.Args))
		}
	}
}

// collect reads the bodies of the responses finished so far, and returns
// every text seen, and how many bodies.
func (tr *traffic) collect(t *testing.T, ctx context.Context) ([]string, int) {
	t.Helper()
	tr.mu.Lock()
	ids := tr.finished
	tr.finished = nil
	tr.mu.Unlock()
	for _, id := range ids {
		res, err := chromedp.Call(ctx, network.GetResponseBody, network.GetResponseBodyParams{RequestID: id})
		if err != nil {
			t.Errorf("the body of %s: %v", tr.urls[id], err)
			continue
		}
		body := res.Body
		if res.Base64encoded {
			if body, err = base64.StdEncoding.AppendDecode(nil, res.Body); err != nil {
				t.Error(err)
			}
		}
		tr.mu.Lock()
		tr.texts = append(tr.texts, string(body))
		tr.bodies++
		tr.mu.Unlock()
	}
	tr.mu.Lock()
	defer tr.mu.Unlock()
	return slices.Clone(tr.texts), tr.bodies
}

func description(o *runtime.RemoteObject) string {
	if o == nil {
		return ""
	}
	return o.Description
}

func (w *uiWalk) do(steps ...chromedp.Action[chromedp.Void]) {
	w.t.Helper()
	if err := chromedp.Do(w.ctx, steps...); err != nil {
		w.shot("failed")
		w.t.Fatal(err)
	}
}

func (w *uiWalk) js(expr string) string {
	w.t.Helper()
	v, err := chromedp.Run(w.ctx, chromedp.Evaluate[string](`(() => { `+pageJS+` return `+expr+`; })()`))
	if err != nil {
		w.t.Fatalf("%s: %v", expr, err)
	}
	return v
}

// pageJS are the helpers of the conditions: $ and the preview's text.
const pageJS = `const $ = (id) => document.getElementById(id);
function frameText() { const f = $('preview'); return f.hidden || !f.contentDocument || !f.contentDocument.body ? '' : f.contentDocument.body.innerText; }`

// until waits, at most a minute and a half, for the page to reach a state.
func (w *uiWalk) until(what, cond string) {
	w.t.Helper()
	if err := browser.Until(w.ctx, `(() => { `+pageJS+` return `+cond+`; })()`, 90*time.Second); err != nil {
		w.shot("failed")
		w.t.Fatalf("waiting for %s: %v\n%s", what, err, w.js(`document.body.innerText`))
	}
}

// sees checks that the page shows each text.
func (w *uiWalk) sees(texts ...string) {
	w.t.Helper()
	shown := w.js(`document.body.innerText`)
	for _, s := range texts {
		if !strings.Contains(shown, s) {
			w.t.Errorf("the page does not show %q:\n%s", s, shown)
		}
	}
}

func (w *uiWalk) shot(name string) {
	w.t.Helper()
	w.shots.Take(w.t, w.ctx, name)
}

// Started by a double-click, takeback has no terminal to be stopped from:
// the arguments startArgs gives it make it stop once no page is open.
func TestUIStopsWhenIdle(t *testing.T) {
	isolate(t)
	t.Setenv("HOME", t.TempDir())
	args := []string{"takeback", "ui", "--no-browser", "--idle-exit", "100ms"}
	var out, errOut servers.Output
	done := make(chan error, 1)
	go func() { done <- newApp(lang.English, &out, &errOut).RunContext(context.Background(), args) }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("ui ended with %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("ui --idle-exit 100ms with no page open is still running after 30 s")
	}
	if !pageAddress.MatchString(out.String()) {
		t.Errorf("no address printed before it stopped:\n%s", out.String())
	}
	for _, bad := range []string{"-1s", "soon"} {
		if code, _, _ := takeback(t, "ui", "--no-browser", "--idle-exit", bad); code != exitUsage {
			t.Errorf("--idle-exit %s: exit %d, want %d", bad, code, exitUsage)
		}
	}
	if got := startArgs([]string{"takeback", "preview", "x.zip"}); strings.Join(got, " ") != "takeback preview x.zip" {
		t.Errorf("startArgs changed a command line: %q", got)
	}
}

// When the photos do not fit, the page says what a person can do there:
// it has no --ignore-quota.
func TestUIQuotaMessage(t *testing.T) {
	store := isolate(t)
	nc := double.New(t)
	nc.SetQuota(10)
	if err := store.Save(credentials.Login{Server: nc.URL, LoginName: nc.Login, AppPassword: nc.Password, UserID: nc.UserID}); err != nil {
		t.Fatal(err)
	}
	photos := &importers.Collection{Kind: importers.Folder, ID: "photos", Name: "Photos"}
	p := &importers.Plan{}
	p.Add(&importers.Item{Kind: importers.Photo, Source: "t.zip!a.jpg", Collection: photos, Name: "a.jpg", Body: make([]byte, 100), Size: 100})
	b := &uiBackend{jobs: 1}
	_, err := b.Target(context.Background(), ui.Account{Server: nc.URL, User: nc.UserID}, p)
	if err == nil {
		t.Fatal("the import starts although 100 bytes do not fit in 10")
	}
	for _, pr := range []*lang.Printer{lang.English, lang.NewPrinter("fr")} {
		msg := pr.Error(err)
		if strings.Contains(msg, "--ignore-quota") || !strings.Contains(msg, pr.Text(pageQuotaHint)) {
			t.Errorf("%s: the page would say %q", pr.Code(), msg)
		}
	}
}

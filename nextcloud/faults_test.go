package nextcloud_test

import (
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/takeback/takeback/importers"
	"github.com/takeback/takeback/internal/faults"
	"github.com/takeback/takeback/internal/servers"
	"github.com/takeback/takeback/nextcloud"
	"github.com/takeback/takeback/nextcloud/double"

	"github.com/takeback/takeback/internal/lang"
)

// Server faults (issue 6), injected by internal/faults between the client
// and the real test servers: Radicale for calendars and contacts, rclone
// for files, the Nextcloud double for what only Nextcloud does. Every
// import goes through importers.Apply with a small plan, and every item
// must end imported, present, skipped or failed, the counts adding up.

// faultTimeout is the per-attempt idle timeout of these tests (Radicale
// may take a few hundred milliseconds over a PUT on a busy machine);
// faultDelay the first backoff wait.
const (
	faultTimeout = time.Second
	faultDelay   = 2 * time.Millisecond
)

// faultServers are Radicale and rclone, each behind its own proxy.
type faultServers struct {
	r        *servers.RadicaleServer
	rc       *servers.RcloneServer
	dav, web *faults.Proxy
}

func (f *faultServers) proxies(t *testing.T) {
	f.dav = faults.New(t, f.r.URL)
	f.web = faults.New(t, f.rc.URL)
}

func (f *faultServers) connect(t *testing.T, tr http.RoundTripper) (*nextcloud.DAV, error) {
	return nextcloud.New(context.Background(), nextcloud.Options{
		CalDAV: f.dav.URL + "/", CardDAV: f.dav.URL + "/", WebDAV: f.web.URL + "/",
		User: f.r.User, Password: f.r.Password, Version: "test",
		Timeout: faultTimeout, RetryDelay: faultDelay, Transport: tr})
}

// faultPlan is 3 events, 3 contacts and 3 photos in collections named
// after tag, plus one item skipped and one failed when read, as a scan
// would leave them.
func faultPlan(tag string) *importers.Plan {
	cal := &importers.Collection{Kind: importers.Calendar, ID: "cal-" + tag, Name: "Calendar " + tag}
	book := &importers.Collection{Kind: importers.AddressBook, ID: "book-" + tag, Name: "Contacts " + tag}
	photos := &importers.Collection{Kind: importers.Folder, ID: "photos-" + tag, Name: "Photos/" + tag}
	p := &importers.Plan{}
	for i := range 3 {
		p.Add(eventItem(cal, fmt.Sprintf("%s-event-%d", tag, i), ""))
		uid := fmt.Sprintf("%s-card-%d", tag, i)
		p.Add(&importers.Item{Kind: importers.Contact, Source: "test!" + uid, Collection: book,
			Name: importers.ResourceName(uid, ".vcf"), UID: uid, Body: []byte(fmt.Sprintf(card, uid))})
	}
	for i := range 3 {
		data := strings.Repeat(fmt.Sprintf("photo %d of %s;", i, tag), 200+i)
		p.Add(fileItem(photos, fmt.Sprintf("IMG_%d.jpg", i), data, time.Date(2019, 7, 4, 12, 0, i, 0, time.UTC)))
	}
	p.Add(&importers.Item{Kind: importers.Photo, Source: "test!motion.mp4~", Collection: photos, Name: "motion.mp4~",
		Skip: lang.T("a temporary file")})
	p.Add(&importers.Item{Kind: importers.Event, Source: "test!broken.ics", Collection: cal, Fail: lang.T("the file is damaged")})
	return p
}

const planImportable = 9 // faultPlan's items that can be imported

// checkCounts checks that every item has one of the four outcomes, that
// they add up to the plan, and that they are what want says; it returns
// the results by outcome.
func checkCounts(t *testing.T, p *importers.Plan, rep *importers.Report, want map[importers.Outcome]int) map[importers.Outcome][]importers.Result {
	t.Helper()
	if len(rep.Results) != len(p.Items) {
		t.Fatalf("%d results for %d items", len(rep.Results), len(p.Items))
	}
	by := map[importers.Outcome][]importers.Result{}
	sum := 0
	for _, res := range rep.Results {
		switch res.Outcome {
		case importers.Imported, importers.Present, importers.Skipped, importers.Failed:
		default:
			t.Errorf("%s %s: outcome %q", res.Kind, res.Source, res.Outcome)
		}
		by[res.Outcome] = append(by[res.Outcome], res)
		sum++
	}
	got := map[importers.Outcome]int{}
	for o, rs := range by {
		got[o] = len(rs)
	}
	if sum != len(p.Items) {
		t.Errorf("the outcomes add up to %d, not %d", sum, len(p.Items))
	}
	for _, o := range importers.Outcomes {
		if got[o] != want[o] {
			t.Errorf("%d %s, want %d; outcomes %v", got[o], o, want[o], got)
			for _, res := range by[importers.Failed] {
				t.Logf("failed %s %s: %s", res.Kind, res.Target, res.Reason)
			}
			break
		}
	}
	return by
}

// stored counts the objects Radicale keeps in collection id, and the files
// rclone keeps in the folder.
func (f *faultServers) stored(t *testing.T, tag string) (events, cards, files int) {
	t.Helper()
	count := func(dir, ext string) int {
		m, _ := filepath.Glob(filepath.Join(dir, "*"+ext))
		return len(m)
	}
	home := filepath.Join(f.r.StorageDir, "collection-root", f.r.User)
	events = count(filepath.Join(home, "cal-"+tag), ".ics")
	cards = count(filepath.Join(home, "book-"+tag), ".vcf")
	files = count(filepath.Join(f.rc.Root, "Photos", tag), ".jpg")
	return
}

// present counts the items found already there.
func present(rep *importers.Report) int {
	n := 0
	for _, res := range rep.Results {
		if res.Outcome == importers.Present {
			n++
		}
	}
	return n
}

var (
	onPUT      = faults.Method(http.MethodPut)
	onPROPFIND = faults.Method("PROPFIND")
	onMKCOL    = faults.Method("MKCOL")
)

// answer is a fault answering code, with Retry-After when retryAfter is
// not empty.
func answer(code int, retryAfter string) faults.Fault {
	return faults.Fault{Kind: faults.Status, Code: code, RetryAfter: retryAfter}
}

func TestTransientFaultsAreRetried(t *testing.T) {
	f := &faultServers{r: servers.Radicale(t), rc: servers.Rclone(t)}
	reset := faults.Fault{Kind: faults.Reset}
	// Cut by the timeout. The proxy holds the request for the whole Delay
	// (it cannot see the client go before it has read the body), so
	// keep it short.
	slow := faults.Fault{Kind: faults.Slow, Delay: faultTimeout * 3 / 2}
	cut := faults.Fault{Kind: faults.CutBody}
	cutUpload := faults.Fault{Kind: faults.CutUpload}
	type inject struct {
		match  faults.Match
		faults []faults.Fault
	}
	for _, tc := range []struct {
		name     string
		dav, web []inject
		minTime  time.Duration // a Retry-After to honour
	}{
		{name: "connection resets",
			dav: []inject{{onPUT, []faults.Fault{reset, reset}}, {onPROPFIND, []faults.Fault{reset}}},
			web: []inject{{onPUT, []faults.Fault{reset}}, {onMKCOL, []faults.Fault{reset}}}},
		{name: "500 once",
			dav: []inject{{onPUT, []faults.Fault{answer(500, "")}}},
			web: []inject{{onPUT, []faults.Fault{answer(500, "")}}, {onPROPFIND, []faults.Fault{answer(500, "")}}}},
		{name: "502 503 504 without Retry-After",
			dav: []inject{{onPUT, []faults.Fault{answer(502, ""), answer(503, ""), answer(504, "")}}},
			web: []inject{{onPUT, []faults.Fault{answer(504, ""), answer(503, "")}}, {onMKCOL, []faults.Fault{answer(502, "")}}}},
		{name: "502 503 504 with Retry-After 0",
			dav: []inject{{onPUT, []faults.Fault{answer(502, "0"), answer(503, "0"), answer(504, "0")}}},
			web: []inject{{onPUT, []faults.Fault{answer(503, "0")}}}},
		{name: "503 with Retry-After 1", minTime: time.Second,
			dav: []inject{{onPUT, []faults.Fault{answer(503, "1")}}}},
		{name: "429",
			dav: []inject{{onPUT, []faults.Fault{answer(429, "0"), answer(429, "")}}},
			web: []inject{{onPUT, []faults.Fault{answer(429, "0")}}}},
		{name: "answers slower than the timeout",
			dav: []inject{{onPUT, []faults.Fault{slow}}},
			web: []inject{{onPUT, []faults.Fault{slow}}, {onPROPFIND, []faults.Fault{slow}}}},
		{name: "answers cut mid-body",
			dav: []inject{{onPROPFIND, []faults.Fault{cut, cut, cut}}},
			web: []inject{{onPROPFIND, []faults.Fault{cut, cut}}}},
		{name: "uploads cut mid-body",
			dav: []inject{{onPUT, []faults.Fault{cutUpload}}},
			web: []inject{{onPUT, []faults.Fault{cutUpload, cutUpload}}}},
		{name: "faults during discovery",
			dav: []inject{{faults.Any, []faults.Fault{reset, answer(503, "0"), cut}}},
			web: []inject{{faults.Any, []faults.Fault{answer(502, ""), reset}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f.proxies(t)
			injected := 0
			for _, in := range tc.dav {
				f.dav.Inject(in.match, in.faults...)
				injected += len(in.faults)
			}
			for _, in := range tc.web {
				f.web.Inject(in.match, in.faults...)
				injected += len(in.faults)
			}
			start := time.Now()
			d, err := f.connect(t, nil)
			if err != nil {
				t.Fatal(err)
			}
			tag := strings.NewReplacer(" ", "-").Replace(tc.name)
			p := faultPlan(tag)
			rep := importers.Apply(context.Background(), p, d, importers.ApplyOptions{Jobs: 2})
			took := time.Since(start)
			if rep.Stopped != nil {
				t.Errorf("stopped: %v", rep.Stopped)
			}
			// An attempt that timed out after the server had stored the
			// item finds it there on the retry: present, not imported.
			by := checkCounts(t, p, rep, map[importers.Outcome]int{importers.Imported: planImportable - present(rep),
				importers.Present: present(rep), importers.Skipped: 1, importers.Failed: 1})
			if n := len(by[importers.Present]); n > 0 {
				t.Logf("%d items were stored by an attempt that timed out", n)
			}
			if n := f.dav.Injected() + f.web.Injected(); n != injected {
				t.Errorf("%d faults injected, want %d", n, injected)
			}
			if e, c, fl := f.stored(t, tag); e != 3 || c != 3 || fl != 3 {
				t.Errorf("the servers hold %d events, %d contacts, %d files; want 3 of each", e, c, fl)
			}
			if took < tc.minTime {
				t.Errorf("took %v: the Retry-After was not honoured", took)
			}
			t.Logf("%d faults, %d requests, %v", injected, f.dav.Requests()+f.web.Requests(), took.Round(time.Millisecond))

			// A second run finds everything there.
			d2, err := f.connect(t, nil)
			if err != nil {
				t.Fatal(err)
			}
			rep = importers.Apply(context.Background(), p, d2, importers.ApplyOptions{Jobs: 2})
			checkCounts(t, p, rep, map[importers.Outcome]int{importers.Present: planImportable, importers.Skipped: 1, importers.Failed: 1})
		})
	}
}

func TestPersistentFaults(t *testing.T) {
	f := &faultServers{r: servers.Radicale(t), rc: servers.Rclone(t)}
	for _, tc := range []struct {
		name     string
		dav, web []faults.Fault // on PUT
		want     map[importers.Outcome]int
		fatal    string // in Report.Stopped, "" when the import goes on
		failed   string // in the failed item's reason
		puts     int    // PUT requests sent, retries included
	}{
		{name: "500 twice fails the item", dav: []faults.Fault{answer(500, ""), answer(500, "")},
			want:   map[importers.Outcome]int{importers.Imported: planImportable - 1, importers.Skipped: 1, importers.Failed: 2},
			failed: "500 Internal Server Error", puts: planImportable + 1},
		{name: "401 stops", dav: []faults.Fault{answer(401, "")},
			want:  map[importers.Outcome]int{importers.Skipped: 1, importers.Failed: planImportable + 1},
			fatal: "the server refused the user name or password (401 Unauthorized)", puts: 1},
		{name: "403 on an event stops", dav: []faults.Fault{answer(403, "")},
			want:  map[importers.Outcome]int{importers.Skipped: 1, importers.Failed: planImportable + 1},
			fatal: "the server does not allow adding to the calendar", puts: 1},
		{name: "507 on an event stops", dav: []faults.Fault{answer(507, "")},
			want:  map[importers.Outcome]int{importers.Skipped: 1, importers.Failed: planImportable + 1},
			fatal: "the account's storage is full (507 Insufficient Storage)", puts: 1},
		{name: "507 on a file stops", web: []faults.Fault{answer(507, "")},
			want:  map[importers.Outcome]int{importers.Imported: 6, importers.Skipped: 1, importers.Failed: 4},
			fatal: "the account's storage is full (507 Insufficient Storage)", puts: 7},
		// A 403 on one file says nothing of the others (a name or a folder
		// the server refuses): that item fails, unretried, and the rest
		// goes on.
		{name: "403 on a file fails it", web: []faults.Fault{answer(403, "")},
			want:   map[importers.Outcome]int{importers.Imported: planImportable - 1, importers.Skipped: 1, importers.Failed: 2},
			failed: "403 Forbidden", puts: planImportable},
		{name: "a long Retry-After stops", dav: []faults.Fault{answer(429, "3600")},
			want:  map[importers.Outcome]int{importers.Skipped: 1, importers.Failed: planImportable + 1},
			fatal: "the server is throttling requests (429 Too Many Requests) and asks to wait 1h0m0s", puts: 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f.proxies(t)
			f.dav.Inject(onPUT, tc.dav...)
			f.web.Inject(onPUT, tc.web...)
			cnt := &counter{}
			d, err := f.connect(t, cnt)
			if err != nil {
				t.Fatal(err)
			}
			tag := strings.NewReplacer(" ", "-").Replace(tc.name)
			p := faultPlan(tag)
			start := time.Now()
			// One job: the order of requests, and so what a fatal answer
			// leaves untried, is fixed.
			rep := importers.Apply(context.Background(), p, d, importers.ApplyOptions{Jobs: 1})
			by := checkCounts(t, p, rep, tc.want)
			switch {
			case tc.fatal == "" && rep.Stopped != nil:
				t.Errorf("stopped: %v", rep.Stopped)
			case tc.fatal != "" && (rep.Stopped == nil || !importers.IsFatal(rep.Stopped) || !strings.Contains(rep.Stopped.Error(), tc.fatal)):
				t.Errorf("stopped by %v, want a fatal error saying %q", rep.Stopped, tc.fatal)
			}
			reasons := 0
			for _, res := range by[importers.Failed] {
				switch {
				case res.Reason.String() == "the file is damaged":
				case tc.fatal != "" && strings.Contains(res.Reason.String(), tc.fatal):
					reasons++
				case tc.failed != "" && strings.Contains(res.Reason.String(), tc.failed):
					reasons++
				default:
					t.Errorf("failed %s %s: %q", res.Kind, res.Target, res.Reason)
				}
			}
			if reasons != len(by[importers.Failed])-1 {
				t.Errorf("%d of %d failures give the reason", reasons, len(by[importers.Failed])-1)
			}
			if n := cnt.count(http.MethodPut); n != tc.puts {
				t.Errorf("%d PUT requests, want %d: retried, or went on after a fatal answer?", n, tc.puts)
			}
			if took := time.Since(start); took > 5*time.Second {
				t.Errorf("took %v", took)
			}
			for _, p := range []*lang.Printer{lang.English, lang.NewPrinter("fr")} {
				var sum strings.Builder
				rep.WriteSummary(&sum, p)
				if strings.Contains(sum.String(), f.r.Password) {
					t.Errorf("the summary in %s holds the password", p.Code())
				}
			}
		})
	}
}

// The Nextcloud-only paths, through the double: status.php and OCS in the
// pre-import checks, X-Hash on uploads, and Photos albums.
func TestFaultsOnNextcloud(t *testing.T) {
	s := double.New(t)
	px := faults.New(t, s.URL)
	get := faults.Method(http.MethodGet)
	px.Inject(get, answer(503, "0"), faults.Fault{Kind: faults.Reset}, faults.Fault{Kind: faults.CutBody}, answer(502, ""))
	o := nextcloud.Options{Server: px.URL, User: s.Login, Password: s.Password, Version: "test",
		Timeout: faultTimeout, RetryDelay: faultDelay}
	start := time.Now()
	diag := nextcloud.Diagnose(context.Background(), nextcloud.DiagnoseOptions{Options: o, Checks: nextcloud.PreflightChecks, Need: 1000})
	if probs := diag.Problems(); len(probs) > 0 {
		t.Errorf("pre-import checks found %v", probs)
	}

	px.Inject(onPUT, faults.Fault{Kind: faults.Reset}, answer(503, "0"), faults.Fault{Kind: faults.CutUpload}, answer(500, ""))
	px.Inject(faults.Method("COPY"), answer(503, "0"), faults.Fault{Kind: faults.Reset}, answer(504, ""))
	px.Inject(onPROPFIND, faults.Fault{Kind: faults.CutBody}, answer(429, "0"))
	px.Inject(onMKCOL, answer(502, ""), faults.Fault{Kind: faults.Slow, Delay: faultTimeout * 3 / 2})
	o.UserID = s.UserID
	d, err := nextcloud.New(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	photos := &importers.Collection{Kind: importers.Folder, ID: "photos", Name: "Photos/Google Photos"}
	p := &importers.Plan{}
	for i := range 4 {
		it := fileItem(photos, fmt.Sprintf("IMG_%d.jpg", i), strings.Repeat("jpeg ", 100+i), time.Date(2020, 1, 2, 3, 4, i, 0, time.UTC))
		it.Albums = []string{"Holidays"}
		p.Add(it)
	}
	rep := importers.Apply(context.Background(), p, d, importers.ApplyOptions{Jobs: 2})
	if rep.Stopped != nil {
		t.Fatal(rep.Stopped)
	}
	checkCounts(t, p, rep, map[importers.Outcome]int{importers.Imported: 4})
	members, ok := s.Album("Holidays")
	if !ok || len(members) != 4 {
		t.Errorf("the album holds %d photos (%v), want 4", len(members), ok)
	}
	if n := len(s.Files()); n < 4 {
		t.Errorf("%d files on the server", n)
	}
	if px.Injected() != 15 {
		t.Errorf("%d faults injected, want 15", px.Injected())
	}
	t.Logf("%d faults, %d requests, %v", px.Injected(), px.Requests(), time.Since(start).Round(time.Millisecond))
}

// A password that stops working mid-import (revoked, changed) stops it at
// the first 401, through the proxy too, and the report still accounts for
// every item.
func TestPasswordChangedMidImportThroughFaults(t *testing.T) {
	f := &faultServers{r: servers.Radicale(t), rc: servers.Rclone(t)}
	f.proxies(t)
	f.web.Inject(onPUT, answer(503, "0"))
	d, err := f.connect(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	p := faultPlan("revoked")
	old := f.r.Password
	f.r.SetPassword(t, "a-new-password-42")
	rep := importers.Apply(context.Background(), p, d, importers.ApplyOptions{Jobs: 2})
	checkCounts(t, p, rep, map[importers.Outcome]int{importers.Skipped: 1, importers.Failed: planImportable + 1})
	if !importers.IsFatal(rep.Stopped) || !strings.Contains(rep.Stopped.Error(), "401") {
		t.Errorf("stopped by %v", rep.Stopped)
	}
	for _, res := range rep.Results {
		if strings.Contains(res.Reason.String(), old) {
			t.Errorf("a reason holds the password: %s", res.Reason)
		}
	}
}

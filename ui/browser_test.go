package ui

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/takeback/takeback/importers"
	"github.com/takeback/takeback/internal/browser"
	"github.com/takeback/takeback/internal/lang"
)

// TestWalkInChromium walks the five steps in a real headless Chromium,
// against the fake backend: at a desktop width, at a phone's (no sideways
// scrolling), and in French, chosen with the page's own switch. The
// screenshots of each step stay in a folder the log names.
func TestWalkInChromium(t *testing.T) {
	shots := browser.Screenshots(t, "takeback-ui-screenshots-")

	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	tabs := browser.Start(t, ctx)

	for _, w := range []walk{
		{name: "desktop", lang: "en"},
		{name: "phone", lang: "en", width: 390, height: 844},
		{name: "french", lang: "fr"},
	} {
		t.Run(w.name, func(t *testing.T) {
			w.shots = &browser.Shots{Dir: filepath.Join(shots, w.name)}
			w.run(t, tabs)
		})
	}
}

// walk is one way through the steps.
type walk struct {
	name, lang    string
	width, height int64 // a phone's screen, when set
	shots         *browser.Shots

	t     *testing.T
	ctx   context.Context
	tr    *lang.Printer
	words map[string]string
}

func (w *walk) run(t *testing.T, tabs context.Context) {
	w.t, w.tr = t, lang.NewPrinter(w.lang)
	w.words = words(w.tr)
	home, downloads := downloads(t)

	// The Nextcloud login page the page opens in a new tab.
	loginOpened := make(chan struct{}, 1)
	login := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/login/v2/flow/abc" {
			select {
			case loginOpened <- struct{}{}:
			default:
			}
		}
		fmt.Fprintln(rw, "<!DOCTYPE html><title>Nextcloud</title><p>Log in to Nextcloud") //lang:data
	}))
	defer login.Close()

	b := newFakeBackend(login.URL + "/login/v2/flow/abc")
	b.target.writes[presentPhoto] = 1
	s, captured := serve(t, b, Config{Home: home, Jobs: 2})

	ctx, cancel := chromedp.NewContext(tabs)
	defer cancel()
	w.ctx = ctx
	console := chromedp.Console(ctx)
	if w.width > 0 {
		w.do(chromedp.EmulateViewport(w.width, w.height, chromedp.EmulateScale(2)))
	}

	// Step 1: the archives.
	w.do(chromedp.Navigate(s.URL()))
	w.until("the home folder listed", `document.querySelectorAll('#entries li').length > 0 && !document.getElementById('step1').hidden`)
	if w.lang != "en" {
		w.do(chromedp.Click(chromedp.ID("lang-"+w.lang), chromedp.NodeVisible))
		w.until("the page in "+w.lang, `document.documentElement.lang === '`+w.lang+`' && document.querySelectorAll('#entries li').length > 0`)
	}
	w.sees(w.words["chooseTitle"], w.words["nothingChosen"])
	w.do(chromedp.Click(`//ul[@id="entries"]//button[contains(@class,"open") and normalize-space()="Downloads"]`, chromedp.NodeVisible))
	w.until("Downloads listed", `document.getElementById('path').value.endsWith('Downloads') && document.querySelectorAll('#entries li').length === 5`)
	parts := []string{filepath.Join(downloads, "takeout-20241002T101010Z-001.zip"), filepath.Join(downloads, "takeout-20241002T101010Z-002.zip"), filepath.Join(downloads, "takeout-20241002T101010Z-004.zip")}
	w.sees("takeout-20241002T101010Z", w.tr.Sprintf("in %d parts: %s", 3, "001, 002, 004"), w.tr.Text(importers.MissingParts(parts)[0]),
		"facebook-alice-2024.zip", "Extracted", w.words["export"])
	w.lacks("notes.txt", "photo.jpg", ".hidden")
	w.shot("1-archives")
	w.do(chromedp.Click(`//li[contains(@class,"set")]//button[contains(@class,"add")]`, chromedp.NodeVisible),
		chromedp.Click(`//li[contains(@class,"archive") and contains(.,"facebook-alice-2024.zip")]//button[contains(@class,"add")]`, chromedp.NodeVisible))
	w.until("two archives chosen", `document.querySelectorAll('#chosen li').length === 2`)
	if got := w.js(`document.querySelector('li.set button.add').textContent`); got != w.words["added"] {
		t.Errorf("the chosen set's button says %q", got)
	}
	w.shot("1-chosen")
	w.do(chromedp.Click(chromedp.ID("next1"), chromedp.NodeVisible))

	// Step 2: the login, in a new tab.
	w.until("the login form", `!document.getElementById('step2').hidden && !document.getElementById('login').hidden`)
	w.sees(w.words["connectTitle"], w.words["connectHelp"])
	w.do(chromedp.SendKeys(chromedp.ID("server"), "cloud.example.org"), chromedp.Click(chromedp.ID("log-in"), chromedp.NodeVisible))
	select {
	case <-loginOpened:
	case <-time.After(time.Minute):
		w.shot("failed")
		t.Fatalf("the login page was not opened in a new tab:\n%s", w.js(`document.body.innerText`))
	}
	if _, err := chromedp.Call(ctx, page.BringToFront, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	w.until("waiting for the login", `!document.getElementById('waiting').hidden`)
	w.sees(w.words["waitingLogin"], w.words["openLogin"])
	if got := w.js(`document.getElementById('login-link').href`); got != login.URL+"/login/v2/flow/abc" {
		t.Errorf("the login link goes to %q", got)
	}
	w.shot("2-waiting")
	b.login()
	connected := w.tr.Sprintf("Logged in as %s on %s", "alice", "https://cloud.example.org")
	w.until("connected", `document.getElementById('connected-as').textContent === `+browser.Quote(connected))
	w.lacks(w.words["waitingLogin"])
	w.shot("2-connected")
	w.do(chromedp.Click(chromedp.ID("next2"), chromedp.NodeVisible))

	// Step 3: the preview, with what the server has, and the categories.
	w.until("the preview", `!document.getElementById('step3').hidden && document.getElementById('check-text').hidden && frameText().includes('Rome 2019')`)
	title := map[string]string{"en": "What takeback will import", "fr": "Ce que takeback va importer"}[w.lang]
	w.framed(title, "Work", "Google Contacts", "Rome 2019")
	var labels []string
	for _, c := range []struct {
		name string
		n    int
	}{{"calendars", sampleEvents}, {"contacts", sampleContacts}, {"photos", samplePhotos}} {
		labels = append(labels, w.tr.Sprintf("%v (%d)", categoryLabel(w.tr, c.name), c.n))
	}
	if got := w.js(`[...document.querySelectorAll('#kind-list label')].map((l) => l.textContent.trim()).join('|')`); got != strings.Join(labels, "|") {
		t.Errorf("the categories are %q, want %q", got, strings.Join(labels, "|"))
	}
	w.sees(w.words["previewHelp"])
	w.shot("3-preview")
	w.do(chromedp.Click(`#kind-list input[value="contacts"]`, chromedp.NodeVisible))
	w.until("the preview without contacts", `!frameText().includes('Google Contacts') && frameText().includes('Rome 2019')`)
	w.framed("Work")
	w.shot("3-no-contacts")
	b.mu.Lock()
	planned := b.planned
	b.mu.Unlock()
	if want := append(parts, filepath.Join(downloads, "facebook-alice-2024.zip")); len(planned) != 1 || !slices.Equal(planned[0], want) {
		t.Errorf("the backend read %q, want %q", planned, want)
	}

	// Step 4: the import, paused while two uploads are under way, resumed.
	gate := b.target.hold()
	w.do(chromedp.Click(chromedp.ID("start"), chromedp.NodeVisible))
	b.target.waiting(t, 2)
	w.until("uploads under way", `!document.getElementById('step4').hidden && !document.getElementById('current').hidden`)
	w.sees(w.tr.Sprintf("Importing…"), w.words["importHelp"])
	w.shot("4-importing")
	w.do(chromedp.Click(chromedp.ID("pause"), chromedp.NodeVisible))
	w.until("pausing", `document.getElementById('import-status').textContent === `+browser.Quote(w.tr.Sprintf("Pausing: the uploads under way finish, no new one starts…")))
	close(gate)
	w.until("paused", `document.getElementById('import-status').textContent === `+browser.Quote(w.tr.Sprintf("Paused. Nothing is lost: resume when you like."))+
		` && !document.getElementById('resume').hidden`)
	w.sees(w.tr.Sprintf("Items done: %d of %d", 2, sampleEvents+samplePhotos))
	if writes, _ := b.target.snapshot(); len(writes) != 1+2 {
		t.Errorf("paused with %d items on the server, want the one it had and the 2 under way", len(writes))
	}
	w.shot("4-paused")
	w.do(chromedp.Click(chromedp.ID("resume"), chromedp.NodeVisible))

	// Step 5: the outcome.
	w.until("the end", `!document.getElementById('step5').hidden`)
	w.sees(w.words["doneTitle"], w.tr.Sprintf("The import is over."),
		w.tr.Text(lang.T("%d events imported", sampleEvents)), w.tr.Text(lang.T("%d photos imported", samplePhotos-1)))
	var links []string
	if err := json.Unmarshal([]byte(w.js(`JSON.stringify([...document.querySelectorAll('#links a')].map((a) => a.textContent + ' ' + a.href + ' ' + a.target))`)), &links); err != nil {
		t.Fatal(err)
	}
	want := []string{
		w.tr.Sprintf("Open Calendar") + " https://cloud.example.org/index.php/apps/calendar/ _blank",
		w.tr.Sprintf("Open Photos") + " https://cloud.example.org/index.php/apps/photos/ _blank",
		w.tr.Sprintf("Open Files") + " https://cloud.example.org/index.php/apps/files/ _blank",
	}
	if !slices.Equal(links, want) {
		t.Errorf("links %q, want %q", links, want)
	}
	w.shot("5-done")
	w.checkReport(w.js(`document.getElementById('report').href`))
	writes, albums := b.target.snapshot()
	for target, n := range writes {
		if n != 1 || strings.HasPrefix(target, "contacts/") {
			t.Errorf("%s written %d times", target, n)
		}
	}
	if len(writes) != sampleEvents+samplePhotos || len(albums["Rome 2019"]) != samplePhotos {
		t.Errorf("the server holds %d items, %d in the album; want %d, %d", len(writes), len(albums["Rome 2019"]), sampleEvents+samplePhotos, samplePhotos)
	}
	if got := w.js(`performance.getEntriesByType('resource').map((e) => e.name).filter((u) => !u.startsWith(location.origin + '/')).join(' ')`); got != "" {
		t.Errorf("the page fetched from elsewhere: %s", got)
	}

	all := captured.String()
	if !strings.Contains(all, "alice") || !strings.Contains(all, "IMG_0002.jpg") {
		t.Error("the capture of the responses is broken")
	}
	if strings.Contains(all, fakePassword) {
		t.Error("the app password reached the page")
	}
	cancel()
	for m, err := range console {
		if err != nil {
			break
		}
		if m.IsException() || m.Type == "error" {
			t.Errorf("the page's console: %s:%d %s", m.URL, m.Line+1, m)
		}
	}
}

// checkReport downloads the report as the page's link does.
func (w *walk) checkReport(href string) {
	res, err := http.Get(href)
	if err != nil {
		w.t.Fatal(err)
	}
	defer res.Body.Close()
	var outcomes []string
	dec := json.NewDecoder(res.Body)
	for dec.More() {
		var r importers.Result
		if err := dec.Decode(&r); err != nil {
			w.t.Fatal(err)
		}
		outcomes = append(outcomes, string(r.Outcome))
	}
	slices.Sort(outcomes)
	want := slices.Repeat([]string{"imported"}, sampleEvents+samplePhotos-1)
	want = append(want, "present", "skipped")
	if res.StatusCode != 200 || !slices.Equal(outcomes, want) {
		w.t.Errorf("report: status %d, outcomes %q", res.StatusCode, outcomes)
	}
}

func (w *walk) do(steps ...chromedp.Action[chromedp.Void]) {
	w.t.Helper()
	if err := chromedp.Do(w.ctx, steps...); err != nil {
		w.t.Fatal(err)
	}
}

func (w *walk) js(expr string) string {
	w.t.Helper()
	v, err := chromedp.Run(w.ctx, chromedp.Evaluate[string](expr))
	if err != nil {
		w.t.Fatalf("%s: %v", expr, err)
	}
	return v
}

// frameJS reads the preview frame's text.
const frameJS = `function frameText() { const f = document.getElementById('preview'); return f.hidden || !f.contentDocument || !f.contentDocument.body ? '' : f.contentDocument.body.innerText; }`

// until waits for the page to reach a state; the test's deadline bounds
// the wait.
func (w *walk) until(what, cond string) {
	w.t.Helper()
	if err := browser.Until(w.ctx, `(() => { `+frameJS+` return `+cond+`; })()`, 0); err != nil {
		w.shot("failed")
		w.t.Fatalf("waiting for %s: %v\n%s", what, err, w.js(`document.body.innerText`))
	}
	w.noSideScroll(what)
}

// sees checks that the page shows each text (hidden elements show none).
func (w *walk) sees(texts ...string) {
	w.t.Helper()
	page := w.js(`document.body.innerText`)
	for _, s := range texts {
		if !strings.Contains(page, s) {
			w.t.Errorf("the page does not show %q:\n%s", s, page)
		}
	}
}

func (w *walk) lacks(texts ...string) {
	w.t.Helper()
	page := w.js(`document.body.innerText`)
	for _, s := range texts {
		if strings.Contains(page, s) {
			w.t.Errorf("the page shows %q", s)
		}
	}
}

// framed checks that the preview frame shows each text.
func (w *walk) framed(texts ...string) {
	w.t.Helper()
	frame := w.js(`(() => { ` + frameJS + ` return frameText(); })()`)
	for _, s := range texts {
		if !strings.Contains(frame, s) {
			w.t.Errorf("the preview does not show %q:\n%s", s, frame)
		}
	}
}

// noSideScroll checks, on a phone's screen, that neither the page nor the
// preview is wider than the screen.
func (w *walk) noSideScroll(when string) {
	w.t.Helper()
	if w.width == 0 {
		return
	}
	got := w.js(`(() => {
		const wide = (d) => d && d.documentElement && d.documentElement.scrollWidth > d.documentElement.clientWidth ? d.documentElement.scrollWidth + ' > ' + d.documentElement.clientWidth : '';
		const f = document.getElementById('preview');
		return [wide(document), f.hidden ? '' : wide(f.contentDocument)].join(' ').trim();
	})()`)
	if got != "" {
		w.t.Errorf("%s: the page scrolls sideways at %d px (%s)", when, w.width, got)
	}
}

func (w *walk) shot(name string) {
	w.t.Helper()
	w.shots.Take(w.t, w.ctx, name)
}

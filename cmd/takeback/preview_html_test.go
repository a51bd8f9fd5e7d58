package main

import (
	"context"
	"errors"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/takeback/takeback/fixtures"
	"github.com/takeback/takeback/internal/browser"
	"github.com/takeback/takeback/nextcloud/double"
)

// The language is --lang's, wherever it is before "--", else the locale
// variables'.
func TestLanguage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		env  map[string]string
		want string
	}{
		{nil, nil, "en"},
		{[]string{"--lang", "fr"}, nil, "fr"},
		{[]string{"--lang=FR", "import"}, map[string]string{"LANG": "en_US.UTF-8"}, "fr"},
		{[]string{"-lang", "fr_FR.UTF-8"}, nil, "fr"},
		{[]string{"--lang", "en"}, map[string]string{"LC_ALL": "fr_FR.UTF-8"}, "en"},
		{[]string{"preview", "--html", "x.html", "--lang", "fr", "t.zip"}, nil, "fr"},
		{[]string{"--lang", "fr", "import", "--lang", "en", "t.zip"}, nil, "en"},
		{[]string{"import", "--", "--lang", "fr"}, nil, "en"},
		{[]string{"import", "--lang"}, map[string]string{"LANG": "fr"}, "fr"},
		{[]string{"import", "--language", "en"}, map[string]string{"LANG": "fr"}, "fr"},
		{nil, map[string]string{"LANG": "fr"}, "fr"},
		{nil, map[string]string{"LANG": "fr_FR.UTF-8"}, "fr"},
		{nil, map[string]string{"LC_MESSAGES": "fr_CA", "LANG": "en_GB.UTF-8"}, "fr"},
		{nil, map[string]string{"LC_ALL": "fr_BE.UTF-8", "LC_MESSAGES": "en_US"}, "fr"},
		{nil, map[string]string{"LC_ALL": "C", "LANG": "fr_FR.UTF-8"}, "en"},
		{nil, map[string]string{"LANG": "de_DE.UTF-8"}, "en"},
		{[]string{"--lang", "de"}, nil, ""},
	} {
		got, err := language(tc.args, func(k string) string { return tc.env[k] })
		if (err != nil) != (tc.want == "") || err == nil && got != tc.want {
			t.Errorf("%q, %v: %q, %v; want %q", tc.args, tc.env, got, err, tc.want)
		}
	}
}

func TestPreviewHTMLInChromium(t *testing.T) {
	if _, err := os.Stat(browser.Path); err != nil {
		t.Fatalf("%s is missing (%v): install it with `apt-get install -y chromium`", browser.Path, err)
	}
	sample := filepath.Join("..", "..", "fixtures", "sample", fixtures.SampleName)
	for _, tc := range []struct {
		lang string
		out  []string // on the standard output, in the same language
		want []string
	}{
		{"en", []string{"Preview written to ", "In all:"}, []string{`id="n-photo">12<`, `id="n-video">3<`, `id="n-event">8<`, `id="n-skipped">7<`,
			"<h3>Work</h3>", ">3 events<", "Rome 2019", "What takeback will import"}},
		{"fr", []string{"Aperçu écrit dans ", "En tout :"}, []string{`id="n-photo">12<`, `id="n-contact">6<`, "<h3>Work</h3>", ">3 événements<",
			"Rome 2019", "Ce que takeback va importer", "Ignorés (7)"}},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			dir := t.TempDir()
			report := filepath.Join(dir, "report.html")
			code, stdout, stderr := takeback(t, "preview", "--html", report, "--lang", tc.lang, sample)
			if code != 0 || !strings.Contains(stdout, tc.out[0]+report) || !strings.Contains(stdout, tc.out[1]) {
				t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
			}
			if fi, err := os.Stat(report); err != nil || fi.Mode().Perm()&^0o644 != 0 || fi.Mode().Perm()&0o600 != 0o600 {
				t.Fatalf("report: %v, %v; want mode 0644", fi, err)
			}

			dom := strings.ReplaceAll(string(chromium(t, "--dump-dom", fileURL(report))), "&nbsp;", "\u00a0")
			for _, w := range tc.want {
				if !strings.Contains(dom, w) {
					t.Errorf("the page Chromium shows lacks %q", w)
				}
			}
			if n := strings.Count(dom, `<rect class="p"`); n < 12 {
				t.Errorf("the chart has %d bars, want one per month from July 2019", n)
			}

			if w := widthOnPhone(t, report, 360); w > 360 {
				t.Errorf("on a 360 px wide phone the page is %d px wide: it scrolls sideways", w)
			}

			shot := filepath.Join(dir, "shot.png")
			chromium(t, "--screenshot="+shot, "--window-size=390,844", fileURL(report))
			notBlank(t, shot, 390, 844)
		})
	}
}

// --html goes with --server and --json like the other formats: the page
// says what the server has, and JSON Lines stay JSON.
func TestPreviewHTMLAgainstNextcloud(t *testing.T) {
	nc := double.New(t)
	shape := fixtures.Takeout{Photos: true}
	archives, err := shape.Write(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("TAKEBACK_PASSWORD", nc.Password)
	server := []string{"--server", nc.URL, "--user", nc.Login, "--only", "photos"}
	report := filepath.Join(t.TempDir(), "report.html")
	page := func(extra ...string) (string, string) {
		t.Helper()
		args := append(append(append([]string{"preview", "--html", report, "--lang", "en"}, extra...), server...), archives...)
		code, out, errOut := takeback(t, args...)
		if code != 0 {
			t.Fatalf("preview exit %d\n%s\n%s", code, out, errOut)
		}
		b, err := os.ReadFile(report)
		if err != nil {
			t.Fatal(err)
		}
		return string(b), out
	}
	media := len(shape.ExpectedPhotos()) - 1 // the trashed one is skipped
	html, out := page("--json")
	if strings.Contains(out, "Preview written") || !strings.HasPrefix(out, "{") {
		t.Errorf("--json output is not JSON Lines only:\n%s", out)
	}
	for _, w := range []string{`id="server-present">0<`, `id="server-send">` + strconv.Itoa(media) + `<`} {
		if !strings.Contains(html, w) {
			t.Errorf("before the import, the page lacks %q", w)
		}
	}
	if code, out, errOut := takeback(t, append(append([]string{"import"}, server...), archives...)...); code != 0 {
		t.Fatalf("import exit %d\n%s\n%s", code, out, errOut)
	}
	nc.AddFile("Photos/Google Photos/2019/07/IMG_9999.jpg", []byte("another picture"), fixtures.Stamp)
	html, out = page()
	for _, w := range []string{`id="server-present">` + strconv.Itoa(media-1) + `<`, `id="server-send">1<`, `id="server-conflict">1<`} {
		if !strings.Contains(html, w) {
			t.Errorf("after the import, the page lacks %q", w)
		}
	}
	if !strings.Contains(out, "On the server:") || !strings.Contains(out, "Preview written to "+report) {
		t.Errorf("text preview:\n%s", out)
	}
}

// chromium runs the headless browser, with no network and a profile of
// its own, and returns what it printed.
func chromium(t *testing.T, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + t.TempDir()}
	cmd := exec.CommandContext(ctx, browser.Path, append(base, args...)...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		t.Fatalf("chromium %v: still running after 60 s\n%s", args, stderr.String())
	}
	if err != nil {
		t.Fatalf("chromium %v: %v\n%s", args, err, stderr.String())
	}
	return out
}

func fileURL(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		panic(err)
	}
	return "file://" + filepath.ToSlash(abs)
}

var widthRE = regexp.MustCompile(`data-width="(\d+)"`)

// widthOnPhone lays the page out in a frame as wide as a phone (headless
// windows are at least 500 px wide) and returns how wide the page is. The
// measuring script lives in a page of the test's own, next to the report:
// the report itself has none.
func widthOnPhone(t *testing.T, report string, px int) int {
	t.Helper()
	frame := filepath.Join(filepath.Dir(report), "phone.html")
	page := `<!DOCTYPE html><html><body><iframe id="f" src="` + filepath.Base(report) + `" style="border:0;width:` + strconv.Itoa(px) + `px;height:800px"></iframe>
<script>var f = document.getElementById("f"); f.onload = function () {
document.body.setAttribute("data-width", f.contentDocument.documentElement.scrollWidth) };</script></body></html>`
	if err := os.WriteFile(frame, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	dom := chromium(t, "--allow-file-access-from-files", "--dump-dom", fileURL(frame))
	m := widthRE.FindSubmatch(dom)
	if m == nil {
		t.Fatalf("the page could not be measured:\n%s", dom)
	}
	w, _ := strconv.Atoi(string(m[1]))
	return w
}

// notBlank checks that a screenshot shows something: many colours, and
// enough of the picture not white.
func notBlank(t *testing.T, path string, w, h int) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	b := img.Bounds()
	if b.Dx() != w || b.Dy() != h {
		t.Errorf("screenshot is %dx%d, want %dx%d", b.Dx(), b.Dy(), w, h)
	}
	colours := map[color.RGBA]bool{}
	notWhite := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)
			colours[c] = true
			if c.R < 240 || c.G < 240 || c.B < 240 {
				notWhite++
			}
		}
	}
	if share := float64(notWhite) / float64(b.Dx()*b.Dy()); len(colours) < 32 || share < 0.05 {
		t.Errorf("the screenshot looks blank: %d colours, %.1f%% not white", len(colours), 100*share)
	}
}

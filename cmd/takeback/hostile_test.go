package main

import (
	"fmt"
	"github.com/takeback/takeback/internal/lang"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/takeback/takeback/fixtures"
	"github.com/takeback/takeback/importers"
)

// The hostile corpus (fixtures/hostile/, issue 6): each input is imported
// into a folder, alone and next to the sample archive, and its outcome is
// checked exactly: exit status, every result of the report with its
// reason, every warning, every file written, and nothing written outside
// the folder.

// hostileResult is one result line the report must hold.
type hostileResult struct {
	kind, outcome, source string
	reason, note          string // exact; "" means none
	// reasonEnd, when set, stands for reason: the end of a reason that
	// starts with a temporary folder.
	reasonEnd string
	// target is a path.Match pattern of the target; "" means none.
	target string
}

type hostileCase struct {
	file     string
	exit     int
	results  []hostileResult
	warnings []string // "SOURCE: MESSAGE", as printed after "warning: "
	// nothing is the "Nothing to import was found" warning, given only when
	// the input is imported alone: next to the sample, something is found.
	nothing string
	check   func(t *testing.T, out string)
}

const (
	// hostile members whose names are made of the corpus' constants
	cp437Calendar  = "Takeout/Calendar/Café.ics"
	bombSidecar    = "Takeout/Google Photos/Photos from 2018/IMG_20180505_050505.jpg.json"
	hugeSidecarDir = "Takeout/Google Photos/Photos from 2018/"
	liarReason     = "it holds more than the 1,000 bytes the archive's table of contents gives it: the archive is damaged, or made to deceive"
	htmlReason     = "this Facebook export is in HTML format, whose times cannot be trusted. " +
		"Ask Facebook for a new one in JSON format: Settings, Download your information, Format: JSON"
)

// eventAt is the target of a Google event: its calendar, then a name
// derived from its UID.
func eventAt(calendar, uid string) string {
	return "calendars/" + calendar + "/" + importers.ResourceName(uid, ".ics")
}

func hostileCases() []hostileCase {
	const contactTarget = "contacts/Google Contacts/*.vcf"
	return []hostileCase{
		{file: "truncated.zip", exit: exitFailed, results: []hostileResult{
			{kind: "archive", outcome: "failed", source: "truncated.zip",
				reason: "the zip archive is incomplete or damaged (was the download interrupted?): zip: not a valid zip file"},
		}},
		{file: "bad-central-directory.zip", exit: exitFailed, results: []hostileResult{
			{kind: "archive", outcome: "failed", source: "bad-central-directory.zip",
				reason: "the zip archive is damaged: its table of contents (the central directory) cannot be read: zip: not a valid zip file"},
		}},
		{file: "truncated.tgz", exit: exitFailed, results: []hostileResult{
			{kind: "archive", outcome: "failed", source: "truncated.tgz", reason: "the tgz archive ends early or is damaged: unexpected EOF"},
			// What lies before the cut is whole, and imported.
			{kind: "event", outcome: "imported", source: "truncated.tgz!Takeout/Calendar/Before the cut.ics",
				target: eventAt("Before the cut", "hostile-before-1@example.com")},
			{kind: "contact", outcome: "imported", source: "truncated.tgz!Takeout/Contacts/Before the cut/Before the cut.vcf", target: contactTarget},
			{kind: "file", outcome: "skipped", source: "truncated.tgz!Takeout/archive_browser.html", reason: ownPage},
			// The noise is a Drive file, cut short: it fails, and nothing of it is left.
			{kind: "file", outcome: "failed", source: "truncated.tgz!Takeout/Drive/noise.bin", target: "files/Google Drive/noise.bin",
				reasonEnd: "/files/Google Drive/noise.bin: unexpected EOF"},
		}},
		{file: "not-an-archive.zip", exit: exitFailed, results: []hostileResult{
			{kind: "archive", outcome: "failed", source: "not-an-archive.zip",
				reason: "not a zip, tgz or folder (a Takeout comes as .zip or .tgz files)"},
		}},
		{file: "encrypted.zip", exit: exitFailed, results: []hostileResult{
			{kind: "archive", outcome: "failed", source: "encrypted.zip",
				reason: "the zip archive is password-protected (encrypted), and takeback cannot read encrypted archives: " +
					"extract it with its password, then give takeback the extracted folder"},
		}},
		{file: "cp437-names.zip", exit: 0, results: []hostileResult{
			{kind: "event", outcome: "imported", source: "cp437-names.zip!" + cp437Calendar,
				target: eventAt("Café", "hostile-cp437-1@example.com")},
			// Matched with its sidecar, Été 2018.jpg.json: dated by it.
			{kind: "photo", outcome: "imported", source: "cp437-names.zip!Takeout/Google Photos/Photos from 2018/Été 2018.jpg",
				target: "files/Photos/Google Photos/2018/07/Été 2018.jpg"},
		}, warnings: []string{
			"cp437-names.zip!" + cp437Calendar + ": 3 member names of this zip are not marked as UTF-8 and were read as CP437, " +
				"the old code page of zip (this one is the first); if they look wrong, the archive was made with another code page",
		}},
		{file: "invalid-utf8-names.zip", exit: 0, results: []hostileResult{
			{kind: "event", outcome: "imported", source: "invalid-utf8-names.zip!Takeout/Calendar/Agenda \uFFFD.ics",
				target: eventAt("Agenda \uFFFD", "hostile-utf8-1@example.com")},
			{kind: "contact", outcome: "imported", source: "invalid-utf8-names.zip!Takeout/Contacts/Fr\uFFFDres/Fr\uFFFDres.vcf", target: contactTarget},
		}, warnings: []string{
			"invalid-utf8-names.zip!Takeout/Calendar/Agenda \uFFFD.ics: 2 member names of this archive hold bytes that are not text " +
				"(not valid UTF-8, or control characters), shown as \uFFFD (this one is the first)",
		}},
		{file: "escaping-names.zip", exit: 0, results: []hostileResult{
			// The calendar is also named ../../../../tmp/escaped.
			{kind: "event", outcome: "imported", source: "escaping-names.zip!../../Takeout/Calendar/Escape.ics",
				target: eventAt(".._.._.._.._tmp_escaped", "hostile-escape-1@example.com")},
			// Written with backslashes, read as slashes.
			{kind: "contact", outcome: "imported", source: "escaping-names.zip!../../Takeout/Contacts/Back/Back.vcf", target: contactTarget},
			// Its sidecar's title is ../../../../etc/passwd.jpg.
			{kind: "photo", outcome: "imported", source: "escaping-names.zip!/etc/Takeout/Google Photos/Photos from 2018/IMG_20180102_030405.jpg",
				target: "files/Photos/Google Photos/2018/01/.._.._.._.._etc_passwd.jpg"},
		}},
		{file: "zip-bomb.zip", exit: exitFailed, results: []hostileResult{
			{kind: "event", outcome: "failed", source: "zip-bomb.zip!Takeout/Calendar/Bomb.ics",
				reason: "the calendar file is 1.0 GB uncompressed, more than the 64 MB takeback reads"},
			{kind: "contact", outcome: "failed", source: "zip-bomb.zip!Takeout/Contacts/Bomb/Bomb.vcf",
				reason: "the file could not be read: " + liarReason},
			{kind: "event", outcome: "imported", source: "zip-bomb.zip!Takeout/Calendar/Safe.ics", target: eventAt("Safe", "hostile-safe-1@example.com")},
		}, warnings: []string{
			"zip-bomb.zip!" + bombSidecar + ": could not be read: " + liarReason,
		}},
		{file: "huge-sidecar.zip", exit: 0, results: []hostileResult{
			{kind: "photo", outcome: "imported", source: "huge-sidecar.zip!" + hugeSidecarDir + "IMG_20180606_060606.jpg",
				target: "files/Photos/Google Photos/2018/06/IMG_20180606_060606.jpg",
				note:   "its Google metadata (IMG_20180606_060606.jpg.json) was not read; dated from the camera's EXIF"},
		}, warnings: []string{
			"huge-sidecar.zip!" + hugeSidecarDir + "IMG_20180606_060606.jpg.json: Google Photos metadata not read: the file is 1.0 GB uncompressed, " +
				"more than the 4.0 MB takeback reads of Google Photos metadata; IMG_20180606_060606.jpg is imported without it",
		}},
		{file: "broken-line-ics.zip", exit: exitFailed, results: []hostileResult{
			{kind: "event", outcome: "failed", source: "broken-line-ics.zip!Takeout/Calendar/Unfinished.ics",
				reason: "the calendar file is damaged: decode calendar: the file ends before END:VCALENDAR"},
			// Each broken line costs itself, not its event nor its calendar.
			{kind: "event", outcome: "imported", source: "broken-line-ics.zip!Takeout/Calendar/Broken.ics",
				target: eventAt("Broken lines", "hostile-broken-1@example.com")},
			{kind: "event", outcome: "imported", source: "broken-line-ics.zip!Takeout/Calendar/Broken.ics",
				target: eventAt("Broken lines", "hostile-broken-2@example.com")},
			{kind: "event", outcome: "imported", source: "broken-line-ics.zip!Takeout/Calendar/Good.ics", target: eventAt("Good", "hostile-good-1@example.com")},
			{kind: "event", outcome: "imported", source: "broken-line-ics.zip!Takeout/Calendar/Good.ics", target: eventAt("Good", "hostile-good-2@example.com")},
		}, warnings: []string{
			`broken-line-ics.zip!Takeout/Calendar/Broken.ics: unreadable line dropped (no ':' after the parameters): "X-FOO;BAR=baz"`,
			`broken-line-ics.zip!Takeout/Calendar/Broken.ics: unreadable line dropped (no ':' between name and value): "BROKENLINE"`,
		}, check: func(t *testing.T, out string) {
			body := readOut(t, out, eventAt("Broken lines", "hostile-broken-1@example.com"))
			if !strings.Contains(body, "SUMMARY:Parameter without colon") || strings.Contains(body, "X-FOO") {
				t.Errorf("the event with a broken line:\n%s", body)
			}
		}},
		{file: "colonless-vcf.zip", exit: exitFailed, results: []hostileResult{
			{kind: "contact", outcome: "imported", source: "colonless-vcf.zip!Takeout/Contacts/Hostile/Hostile.vcf", target: contactTarget,
				note: `unreadable line dropped (no ':' after the parameters): "X-FOO;BAR=baz"; 1 more unreadable line dropped`},
			{kind: "contact", outcome: "failed", source: "colonless-vcf.zip!Takeout/Contacts/Hostile/Hostile.vcf",
				reason: "card 2: no END:VCARD before the next BEGIN:VCARD: the card is damaged and cannot be read"},
			{kind: "contact", outcome: "imported", source: "colonless-vcf.zip!Takeout/Contacts/Hostile/Hostile.vcf", target: contactTarget},
		}, check: func(t *testing.T, out string) {
			cards := readAllOut(t, out, "contacts/Google Contacts/*.vcf")
			if !strings.Contains(cards, "FN:Colon Less") || !strings.Contains(cards, "FN:Good Card") || strings.Contains(cards, "BROKENLINE") {
				t.Errorf("cards:\n%s", cards)
			}
		}},
		{file: "vcard21-legacy-charset.zip", exit: 0, results: []hostileResult{
			{kind: "contact", outcome: "imported", source: "vcard21-legacy-charset.zip!Takeout/Contacts/Old phone/Old phone.vcf", target: contactTarget},
			{kind: "contact", outcome: "imported", source: "vcard21-legacy-charset.zip!Takeout/Contacts/Old phone/Old phone.vcf", target: contactTarget},
			{kind: "contact", outcome: "imported", source: "vcard21-legacy-charset.zip!Takeout/Contacts/Old phone/Old phone.vcf", target: contactTarget,
				note: "text that was not valid UTF-8 was read as Windows-1252"},
		}, check: func(t *testing.T, out string) {
			cards := readAllOut(t, out, "contacts/Google Contacts/*.vcf")
			for _, want := range []string{"FN:Renée Lefèvre", "N:Lefèvre;Renée;;;", "FN:Seán O’Brien", "NOTE:Owes me €10", "FN:Jürgen Müller", "VERSION:3.0"} {
				if !strings.Contains(cards, want) {
					t.Errorf("no %q in the cards:\n%s", want, cards)
				}
			}
		}},
		{file: "empty-takeout.zip", exit: 0, results: []hostileResult{
			{kind: "file", outcome: "skipped", source: "empty-takeout.zip!Takeout/archive_browser.html", reason: ownPage},
		},
			nothing: "empty-takeout.zip: Nothing to import was found in empty-takeout.zip: it holds nothing takeback reads (calendars, contacts, tasks, photos, videos, Drive files, Keep notes)"},
		{file: "unsupported-takeout.zip", exit: 0, results: []hostileResult{
			{kind: "file", outcome: "skipped", source: "unsupported-takeout.zip!Takeout/archive_browser.html", reason: ownPage},
		},
			nothing: `unsupported-takeout.zip: Nothing to import was found in unsupported-takeout.zip: it holds nothing takeback reads (calendars, contacts, tasks, photos, videos, Drive files, Keep notes) (its folders: "Fit", "YouTube and YouTube Music")`},
		{file: "facebook-html.zip", exit: exitFailed, results: []hostileResult{
			{kind: "archive", outcome: "failed", source: "facebook-html.zip!connections/friends/your_friends.html", reason: htmlReason},
		}},
	}
}

func TestHostileCorpus(t *testing.T) {
	corpus := filepath.Join("..", "..", "fixtures", fixtures.HostileDir)
	sample := filepath.Join("..", "..", "fixtures", "sample", fixtures.SampleName)
	cases := hostileCases()
	var names []string
	for _, c := range cases {
		names = append(names, c.file)
	}
	var corpusNames []string
	for _, c := range fixtures.HostileCases() {
		corpusNames = append(corpusNames, c.Name)
	}
	if !slices.Equal(names, corpusNames) {
		t.Fatalf("cases %q, corpus %q: every input needs its case", names, corpusNames)
	}

	alone := runHostile(t, sample)
	if alone.code != 0 || len(alone.results) == 0 {
		t.Fatalf("the sample alone: exit %d, %d results", alone.code, len(alone.results))
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			input := filepath.Join(corpus, c.file)
			t.Run("alone", func(t *testing.T) {
				got := runHostile(t, input)
				want := c.warnings
				if c.nothing != "" {
					want = append(slices.Clone(want), c.nothing)
				}
				got.check(t, c, nil, want)
				if c.nothing != "" && !strings.Contains(got.stdout, "Nothing to import.") {
					t.Errorf("the summary does not say there was nothing to import:\n%s", got.stdout)
				}
			})
			t.Run("with the sample", func(t *testing.T) {
				got := runHostile(t, input, sample)
				got.check(t, c, &alone, append(slices.Clone(c.warnings), alone.warnings...))
			})
		})
	}
}

// hostileRun is what one import left behind.
type hostileRun struct {
	code             int
	stdout, stderr   string
	results          []map[string]any
	warnings         []string
	out              string   // the --to folder
	files            []string // the files written in it, slash-separated and relative
	preview, preText string
	previewCode      int
}

// runHostile imports copies of the inputs into a fresh folder, and checks
// that nothing was written outside it, in its temporary folder, the one
// above, or the current folder.
func runHostile(t *testing.T, inputs ...string) hostileRun {
	t.Helper()
	base := t.TempDir()
	in := filepath.Join(base, "in")
	if err := os.Mkdir(in, 0o755); err != nil {
		t.Fatal(err)
	}
	var args []string
	for _, p := range inputs {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		dst := filepath.Join(in, filepath.Base(p))
		if err := os.WriteFile(dst, data, 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, dst)
	}
	out := filepath.Join(base, "out")
	report := filepath.Join(base, "report.jsonl")
	above := listDir(t, filepath.Dir(base))
	here := listDir(t, ".")

	var r hostileRun
	r.out = out
	r.code, r.stdout, r.stderr = takebackNoPanic(t, append([]string{"import", "--to", out, "--report", report}, args...)...)
	r.previewCode, r.preview, _ = takebackNoPanic(t, append([]string{"preview", "--json"}, args...)...)
	_, r.preText, _ = takebackNoPanic(t, append([]string{"preview"}, args...)...)
	if _, err := os.Stat(report); err == nil {
		r.results = readReport(t, report)
	} else {
		t.Errorf("no report: %v", err)
	}
	for _, l := range strings.Split(r.stderr, "\n") {
		if w, ok := strings.CutPrefix(l, "warning: "); ok {
			r.warnings = append(r.warnings, w)
		}
	}

	err := filepath.WalkDir(base, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(base, p)
		switch {
		case rel == "." || rel == "in" || rel == "out" || rel == "report.jsonl":
		case strings.HasPrefix(rel, "in"+string(filepath.Separator)):
			if !d.IsDir() && !slices.Contains(args, p) {
				t.Errorf("written next to the inputs: %s", rel)
			}
		case strings.HasPrefix(rel, "out"+string(filepath.Separator)):
			if d.Type().IsRegular() {
				r.files = append(r.files, filepath.ToSlash(strings.TrimPrefix(rel, "out"+string(filepath.Separator))))
			} else if !d.IsDir() {
				t.Errorf("not a file nor a folder in the output: %s (%v)", rel, d.Type())
			}
		default:
			t.Errorf("written outside the --to folder: %s", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if after := listDir(t, filepath.Dir(base)); !slices.Equal(after, above) {
		t.Errorf("the folder above the test's changed: %q, then %q", above, after)
	}
	if after := listDir(t, "."); !slices.Equal(after, here) {
		t.Errorf("the current folder changed: %q, then %q", here, after)
	}
	sort.Strings(r.files)
	return r
}

func takebackNoPanic(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	defer func() {
		if v := recover(); v != nil {
			t.Fatalf("takeback %q panicked: %v", args, v)
		}
	}()
	return takeback(t, args...)
}

func listDir(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// check compares the run with the case: the sample's results, when it
// was given too, are those of the sample alone.
func (r hostileRun) check(t *testing.T, c hostileCase, sample *hostileRun, warnings []string) {
	t.Helper()
	if r.code != c.exit {
		t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, c.exit, r.stdout, r.stderr)
	}
	if r.previewCode != c.exit {
		t.Errorf("preview exit %d, want %d", r.previewCode, c.exit)
	}
	for what, s := range map[string]string{"stdout": r.stdout, "stderr": r.stderr, "preview --json": r.preview, "preview": r.preText} {
		if !utf8.ValidString(s) {
			t.Errorf("%s is not valid UTF-8: %q", what, s)
		}
	}

	var mine, theirs []map[string]any
	for _, res := range r.results {
		if sample != nil && strings.HasPrefix(res["source"].(string), fixtures.SampleName) {
			theirs = append(theirs, res)
		} else {
			mine = append(mine, res)
		}
	}
	if sample != nil {
		if got, want := resultKeys(theirs), resultKeys(sample.results); !slices.Equal(got, want) {
			t.Errorf("the sample's results changed next to %s:\n%s\nwant:\n%s", c.file, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
	matchResults(t, mine, c.results)

	got := slices.Clone(r.warnings)
	sort.Strings(got)
	want := slices.Clone(warnings)
	sort.Strings(want)
	if !slices.Equal(got, want) {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// Exactly the imported items are written, each at its target.
	var targets []string
	for _, res := range r.results {
		if res["outcome"] == "imported" {
			targets = append(targets, res["target"].(string))
		}
	}
	sort.Strings(targets)
	if !slices.Equal(r.files, targets) {
		t.Errorf("files written:\n%s\nwant the targets of the imported items:\n%s", strings.Join(r.files, "\n"), strings.Join(targets, "\n"))
	}
	if c.check != nil {
		c.check(t, r.out)
	}
}

func resultKeys(results []map[string]any) []string {
	var keys []string
	for _, res := range results {
		keys = append(keys, fmt.Sprintf("%v|%v|%v|%v|%v|%v|%v", res["kind"], res["outcome"], res["source"], res["target"], res["title"], res["reason"], res["note"]))
	}
	sort.Strings(keys)
	return keys
}

// matchResults pairs every result with one wanted result, and the other
// way round.
func matchResults(t *testing.T, got []map[string]any, want []hostileResult) {
	t.Helper()
	str := func(res map[string]any, k string) string {
		s, _ := res[k].(string)
		return s
	}
	used := make([]bool, len(got))
	for _, w := range want {
		found := false
		for i, res := range got {
			reasonOK := str(res, "reason") == w.reason
			if w.reasonEnd != "" {
				reasonOK = strings.HasSuffix(str(res, "reason"), w.reasonEnd)
			}
			if used[i] || str(res, "kind") != w.kind || str(res, "outcome") != w.outcome || str(res, "source") != w.source ||
				!reasonOK || str(res, "note") != w.note {
				continue
			}
			if ok, _ := path.Match(w.target, str(res, "target")); !ok && !(w.target == "" && str(res, "target") == "") {
				continue
			}
			used[i], found = true, true
			break
		}
		if !found {
			t.Errorf("no result %+v", w)
		}
	}
	for i, res := range got {
		if !used[i] {
			t.Errorf("unexpected result %v", res)
		}
	}
}

func readOut(t *testing.T, out, target string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(target)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func readAllOut(t *testing.T, out, pattern string) string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(out, filepath.FromSlash(pattern)))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no %s: %v", pattern, err)
	}
	var b strings.Builder
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(data)
	}
	return b.String()
}

// TestHostileBombsStayInMemory imports the zip bomb and the huge sidecar:
// 2 GiB of members, and two more that lie about their size. What the
// process allocates stays far below what they expand to.
func TestHostileBombsStayInMemory(t *testing.T) {
	corpus := filepath.Join("..", "..", "fixtures", fixtures.HostileDir)
	dir := t.TempDir()
	args := []string{"import", "--to", filepath.Join(dir, "out"), "--report", filepath.Join(dir, "report.jsonl"),
		filepath.Join(corpus, "zip-bomb.zip"), filepath.Join(corpus, "huge-sidecar.zip")}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	code, stdout, stderr := takebackNoPanic(t, args...)
	runtime.ReadMemStats(&after)
	if code != exitFailed {
		t.Errorf("exit %d, want %d\n%s\n%s", code, exitFailed, stdout, stderr)
	}
	const limit = 256 << 20
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > limit {
		t.Errorf("the import allocated %s, more than %s, for members of %s", lang.Size(int64(alloc)).String(),
			lang.Size(limit).String(), lang.Size(2*fixtures.BombSize).String())
	}
	t.Logf("allocated %s", lang.Size(int64(after.TotalAlloc-before.TotalAlloc)).String())
	if outcomes(readReport(t, filepath.Join(dir, "report.jsonl")))["imported"] != 2 {
		t.Error("the safe calendar and the photo were not imported")
	}
}

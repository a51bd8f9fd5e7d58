package main

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/takeback/takeback/fixtures"
	"github.com/takeback/takeback/internal/lang"
	"github.com/takeback/takeback/internal/servers"
)

func TestImportToFolderTwice(t *testing.T) {
	out := t.TempDir()
	sample := filepath.Join("..", "..", "fixtures", "sample", fixtures.SampleName)
	report := filepath.Join(t.TempDir(), "report.jsonl")
	code, stdout, stderr := takeback(t, "import", "--to", out, "--report", report, sample)
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	first := outcomes(readReport(t, report))
	if first["imported"] == 0 || first["failed"] != 0 {
		t.Fatalf("outcomes %v", first)
	}
	ics, _ := filepath.Glob(filepath.Join(out, "calendars", "*", "*.ics"))
	vcf, _ := filepath.Glob(filepath.Join(out, "contacts", "Google Contacts", "*.vcf"))
	photos, _ := filepath.Glob(filepath.Join(out, "files", "Photos", "Google Photos", "*", "*", "*"))
	files := 0 // photos, Drive, notes and their attachments
	filepath.WalkDir(filepath.Join(out, "files"), func(_ string, e os.DirEntry, err error) error {
		if err == nil && e.Type().IsRegular() {
			files++
		}
		return err
	})
	if len(ics)+len(vcf)+files != first["imported"] || len(photos) != 15 {
		t.Errorf("%d files written (%d photos) for %d imported items", len(ics)+len(vcf)+files, len(photos), first["imported"])
	}
	// A photo's file date is its capture time (EXIF 2019-07-04 12:34:56 +02:00).
	fi, err := os.Stat(filepath.Join(out, "files", "Photos", "Google Photos", "2019", "07", "IMG_20190704_123456.jpg"))
	if want := time.Date(2019, 7, 4, 10, 34, 56, 0, time.UTC); err != nil || !fi.ModTime().Equal(want) {
		t.Errorf("photo mtime %v, %v; want %v", fi.ModTime(), err, want)
	}
	if fi, err := os.Stat(report); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("report mode %v, %v; want 0600", fi.Mode(), err)
	}

	code, _, _ = takeback(t, "import", "--to", out, "--report", report, sample)
	second := outcomes(readReport(t, report))
	if code != 0 || second["imported"] != 0 || second["present"] != first["imported"] {
		t.Errorf("second run: exit %d, outcomes %v after %v", code, second, first)
	}
}

func TestBadInputsAreReportedAndTheRestGoesOn(t *testing.T) {
	dir := t.TempDir()
	var inputs []string
	for _, kind := range []string{"truncated-zip", "not-an-archive", "bad-ics", "bad-vcf"} {
		p, err := fixtures.Corrupt(kind, dir)
		if err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, p)
	}
	report := filepath.Join(dir, "report.jsonl")
	code, stdout, stderr := takeback(t, append([]string{"import", "--to", filepath.Join(dir, "out"), "--report", report}, inputs...)...)
	if code != exitFailed {
		t.Errorf("exit %d, want %d when something failed\n%s\n%s", code, exitFailed, stdout, stderr)
	}
	results := readReport(t, report)
	failed := map[string]string{}
	imported := 0
	for _, r := range results {
		switch r["outcome"] {
		case "failed":
			failed[r["source"].(string)] = r["reason"].(string)
		case "imported":
			imported++
		}
	}
	for _, want := range []string{"takeout-truncated-001.zip", "takeout-x.zip", "takeout-bad-ics-001.zip!" + fixtures.BadICSPath} {
		if reason, ok := failed[want]; !ok || reason == "" {
			t.Errorf("no failure with a reason for %s; failures: %v", want, failed)
		}
	}
	if imported == 0 {
		t.Error("nothing was imported from the good files beside the bad ones")
	}
	if !strings.Contains(stdout, "failed") {
		t.Errorf("the summary does not list the failures:\n%s", stdout)
	}
}

func TestImportNeedsADestination(t *testing.T) {
	code, _, stderr := takeback(t, "import", "x.zip")
	if code != exitUsage || !strings.Contains(stderr, "--to") || !strings.Contains(stderr, "--server") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

func TestOnlyFlag(t *testing.T) {
	sample := filepath.Join("..", "..", "fixtures", "sample", fixtures.SampleName)
	code, out, _ := takeback(t, "preview", "--json", "--only", "contacts", sample)
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, l := range jsonLines(t, out) {
		if l["type"] == "item" && l["kind"] != "contact" {
			t.Errorf("--only contacts kept %v", l)
		}
	}
	if code, _, stderr := takeback(t, "preview", "--only", "cats", sample); code != exitUsage || !strings.Contains(stderr, "cats") {
		t.Errorf("--only cats: exit %d, %q", code, stderr)
	}
}

func TestServerDiscoveryAndWrongPassword(t *testing.T) {
	r := servers.Radicale(t)
	sample := filepath.Join("..", "..", "fixtures", "sample", fixtures.SampleName)

	t.Setenv("TAKEBACK_PASSWORD", "wrong-password-123")
	code, out, errOut := takeback(t, "import", "--server", r.URL, "--user", r.User, sample)
	if code == 0 {
		t.Fatal("a wrong password was accepted")
	}
	if strings.Contains(out+errOut, "wrong-password-123") {
		t.Error("the password appears in the output")
	}
	if !strings.Contains(out+errOut, "password") {
		t.Errorf("the message does not say the password was refused:\n%s\n%s", out, errOut)
	}

	pwFile := filepath.Join(t.TempDir(), "pw")
	os.WriteFile(pwFile, []byte(r.Password+"\n"), 0o600)
	t.Setenv("TAKEBACK_PASSWORD", "")
	code, out, errOut = takeback(t, "import", "--server", r.URL, "--user", r.User, "--password-file", pwFile, "--only", "contacts", sample)
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	if !strings.Contains("\n"+out, "\n6 contacts imported.\n") {
		t.Errorf("summary:\n%s", out)
	}
}

// Every shape of the same Takeout (localized, split, tgz, extracted) yields
// the same items.
func TestEveryArchiveShapeGivesTheSamePlan(t *testing.T) {
	shapes := []fixtures.Takeout{
		{Lang: "en", Parts: 1, Format: "zip"},
		{Lang: "en", Parts: 2, Format: "zip"},
		{Lang: "fr", Parts: 1, Format: "zip"},
		{Lang: "en", Parts: 1, Format: "tgz"},
		{Lang: "fr", Parts: 2, Format: "tgz"},
		{Lang: "en", Format: "dir"},
	}
	var want string
	for _, shape := range shapes {
		name := shape.Lang + "-" + shape.Format + "-" + string(rune('0'+shape.Parts))
		t.Run(name, func(t *testing.T) {
			paths, err := shape.Write(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			code, out, errOut := takeback(t, append([]string{"preview", "--json"}, paths...)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			var items []string
			for _, l := range jsonLines(t, out) {
				if l["type"] == "item" {
					uid, _ := l["uid"].(string) // none for the skipped archive browser page
					items = append(items, l["kind"].(string)+" "+uid+" "+l["status"].(string))
				}
			}
			sort.Strings(items)
			got := strings.Join(items, "\n")
			if len(items) != 18 {
				t.Errorf("%d items, want 18:\n%s", len(items), got)
			}
			if want == "" {
				want = got
			} else if got != want {
				t.Errorf("items differ from the English zip:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

// Every command's --help shows a real example of it (issue 10).
func TestEveryHelpHasAnExample(t *testing.T) {
	var check func(prefix []string, cmds []*cli.Command)
	check = func(prefix []string, cmds []*cli.Command) {
		for _, c := range cmds {
			args := append(append([]string{}, prefix...), c.Name)
			if len(c.Subcommands) > 0 {
				check(args, c.Subcommands)
			}
			code, out, errOut := takeback(t, append(args, "--help")...)
			if code != 0 || !strings.Contains(out, "Example") || !strings.Contains(out, "takeback "+strings.Join(args, " ")) {
				t.Errorf("takeback %s --help: exit %d, no example of it:\n%s%s", strings.Join(args, " "), code, out, errOut)
			}
		}
	}
	check(nil, commands(lang.English))
}

// The output flags work after the name of every command that works on
// archives or a server, as they do before it.
func TestOutputFlagsAfterEveryCommand(t *testing.T) {
	for _, args := range [][]string{
		{"preview"}, {"import"}, {"login"}, {"logout"}, {"doctor"}, {"batch"}, {"batch", "preview"}, {"batch", "run"}, {"ui"},
	} {
		code, out, errOut := takeback(t, append(args, "--help")...)
		for _, flag := range []string{"--quiet", "--verbose", "--log-file", "--lang"} {
			if code != 0 || strings.Count(out, "   "+flag) != 1 {
				t.Errorf("takeback %s --help: exit %d, %s not listed once:\n%s%s", strings.Join(args, " "), code, flag, out, errOut)
			}
		}
	}
	code, _, errOut := takeback(t, "preview", "--quiet", "--verbose", "x.zip")
	if code != exitUsage || !strings.Contains(errOut, "choose --quiet or --verbose") {
		t.Errorf("preview --quiet --verbose: exit %d, %s", code, errOut)
	}
}

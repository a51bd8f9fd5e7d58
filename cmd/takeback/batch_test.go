package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/urfave/cli/v2"

	"github.com/takeback/takeback/batch"
	"github.com/takeback/takeback/fixtures"
	"github.com/takeback/takeback/internal/lang"
	"github.com/takeback/takeback/internal/servers"
	"github.com/takeback/takeback/nextcloud"
	"github.com/takeback/takeback/nextcloud/double"
)

// The batch (issue 8) against the Nextcloud protocol double: accounts
// through OCS provisioning, each person's photos into their own account.

// photosArchives writes a Takeout of photos once per test.
func photosArchives(t *testing.T) ([]string, []fixtures.PhotoExpect) {
	t.Helper()
	shape := fixtures.Takeout{Photos: true}
	archives, err := shape.Write(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	var want []fixtures.PhotoExpect
	for _, w := range shape.ExpectedPhotos() {
		if !w.Trashed {
			want = append(want, w)
		}
	}
	return archives, want
}

// writeManifest writes rows under the header into dir/newcomers.csv.
func writeManifest(t *testing.T, dir string, rows ...string) string {
	t.Helper()
	p := filepath.Join(dir, "newcomers.csv")
	text := "userid,display_name,email,groups,quota,archives,password\n" + strings.Join(rows, "\n") + "\n"
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// batchReport reads batch-report.csv into rows by userid.
func batchReport(t *testing.T, path string) map[string]map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil || len(recs) == 0 {
		t.Fatalf("batch report: %v", err)
	}
	out := map[string]map[string]string{}
	for _, rec := range recs[1:] {
		row := map[string]string{}
		for i, col := range recs[0] {
			row[col] = rec[i]
		}
		out[row["userid"]] = row
	}
	return out
}

// noPasswords checks that no text holds one of the passwords.
func noPasswords(t *testing.T, what string, passwords []string, texts ...string) {
	t.Helper()
	for _, text := range texts {
		for _, pw := range passwords {
			if pw != "" && strings.Contains(text, pw) {
				t.Errorf("%s holds a password", what)
			}
		}
	}
}

func readFile(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Twenty people, four at a time: every account is created with its
// settings, every photo lands in its owner's account, the report accounts
// for everyone, and a second run does nothing.
func TestBatchOfTwenty(t *testing.T) {
	nc := double.New(t)
	archives, want := photosArchives(t)
	dir := t.TempDir()
	var rows, given []string
	for i := 1; i <= 20; i++ {
		pw := ""
		if i%2 == 0 {
			pw = fmt.Sprintf("Given-Passw0rd-%02d", i)
			given = append(given, pw)
		}
		group := ""
		if i%3 == 0 {
			group = "famille"
		}
		rows = append(rows, fmt.Sprintf("p%02d,Person %d,p%02d@example.org,%s,1 GB,%s,%s", i, i, i, group, strings.Join(archives, ";"), pw))
	}
	manifest := writeManifest(t, dir, rows...)
	creds := filepath.Join(dir, "credentials.csv")
	t.Setenv("TAKEBACK_ADMIN_PASSWORD", nc.Password)
	args := []string{"batch", "run", "--server", nc.URL, "--admin", nc.Login, "--parallel", "4", "--jobs", "4",
		"--only", "photos", "--create-groups", "--credentials-out", creds, manifest}
	code, out, errOut := takeback(t, args...)
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}

	users := nc.Users()
	if len(users) != 20 {
		t.Fatalf("%d accounts, want 20", len(users))
	}
	for _, u := range users {
		if u.DisplayName == "" || u.Email != u.ID+"@example.org" || u.Quota == "" {
			t.Errorf("account %+v lacks its settings", u)
		}
		if n := u.ID[1:]; (n == "03" || n == "06") && (len(u.Groups) != 1 || u.Groups[0] != "famille") {
			t.Errorf("%s: groups %v", u.ID, u.Groups)
		}
		home := nc.Account(u.ID)
		for _, w := range want {
			if _, ok := home.File("Photos/Google Photos/" + w.Target); !ok {
				t.Errorf("%s: %s is missing", u.ID, w.Target)
			}
		}
	}
	if _, ok := nc.File("Photos/Google Photos/" + want[0].Target); ok {
		t.Error("a photo landed in the admin's account")
	}

	rep := batchReport(t, filepath.Join(dir, "batch-report.csv"))
	if len(rep) != 20 {
		t.Fatalf("%d rows in the batch report, want 20", len(rep))
	}
	for id, row := range rep {
		if row["status"] != "ok" || row["account"] != "created" || row["imported"] != fmt.Sprint(len(want)) || row["failed"] != "0" {
			t.Errorf("%s: %v", id, row)
		}
		if got := len(readReport(t, filepath.Join(dir, "newcomers-reports", id+".jsonl"))); got < len(want) {
			t.Errorf("%s's report has %d results", id, got)
		}
	}

	// The passwords takeback made up are in the credentials file only,
	// and each one logs in.
	if fi, err := os.Stat(creds); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("credentials file: %v %v", fi, err)
	}
	recs, err := csv.NewReader(strings.NewReader(readFile(t, creds))).ReadAll()
	if err != nil || len(recs) != 11 {
		t.Fatalf("credentials file: %d lines, %v", len(recs), err)
	}
	made := given
	for _, rec := range recs[1:] {
		made = append(made, rec[1])
		srv, err := nextcloud.NewServer(nextcloud.Options{Server: nc.URL, User: rec[0], Password: rec[1]})
		if err != nil {
			t.Fatal(err)
		}
		if u, err := srv.CurrentUser(context.Background()); err != nil || u.ID != rec[0] {
			t.Errorf("%s cannot log in with the password written for them: %v", rec[0], err)
		}
	}
	state := readFile(t, manifest+".state.json")
	noPasswords(t, "the output, the report or the state", made, out, errOut, readFile(t, filepath.Join(dir, "batch-report.csv")), state)

	before := len(nc.Requests())
	beforeHome := len(nc.Account("p01").Requests())
	if code, out, errOut := takeback(t, args...); code != 0 {
		t.Fatalf("second run: exit %d\n%s\n%s", code, out, errOut)
	}
	for _, r := range nc.Requests()[before:] {
		if r.Method != "GET" && r.Method != "PROPFIND" {
			t.Errorf("second run: %s %s", r.Method, r.Path)
		}
	}
	if n := len(nc.Account("p01").Requests()); n != beforeHome {
		t.Errorf("second run: %d requests into p01's account", n-beforeHome)
	}
}

// Each refusal of an account is that person's failure alone, with
// Nextcloud's reason; the others are imported. An account already there
// is an error, or is imported into with --existing reuse.
func TestBatchAccountRefusals(t *testing.T) {
	archives, _ := photosArchives(t)
	arch := strings.Join(archives, ";")
	for _, tc := range []struct {
		name  string
		setup func(nc *double.Server)
		flags []string
		row   string // bob's row
		says  string // in bob's error
	}{
		{"101 invalid input", func(nc *double.Server) { nc.FailCreateUser(101, "Invalid user data") }, nil, "", "invalid"},
		{"103 unknown error", func(nc *double.Server) { nc.FailCreateUser(103, "Bad quota") }, nil, "", "Accounts page"},
		{"104 missing group", nil, nil, "bob,Bob,bob@example.org,choir,," + arch + ",Bob-Passw0rd-1", `the group "choir" does not exist`},
		{"105 group not allowed", func(nc *double.Server) { nc.FailCreateUser(105, "Insufficient privileges for group") }, nil, "", "group"},
		{"107 password policy", func(nc *double.Server) {
			nc.FailCreateUser(107, "The password is among the 1,000,000 most common ones")
		}, nil, "", "most common"},
		{"108 no password nor e-mail", func(nc *double.Server) { nc.FailCreateUser(108, "To send a password link") }, nil, "", "a password, or an e-mail"},
		{"exists", func(nc *double.Server) { nc.AddUser(double.User{ID: "bob", Password: "Bob-Passw0rd-1"}) }, nil, "", "--existing reuse"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			nc := double.New(t)
			dir := t.TempDir()
			row := tc.row
			if row == "" {
				row = "bob,Bob,bob@example.org,,," + arch + ",Bob-Passw0rd-1"
			}
			manifest := writeManifest(t, dir,
				"ann,Ann,ann@example.org,,,"+arch+",Ann-Passw0rd-1",
				row,
				"cid,Cid,cid@example.org,,,"+arch+",Cid-Passw0rd-1")
			if tc.setup != nil {
				// The double answers the next account creation with the
				// code; ann's account is there already (and reused), so
				// that is bob's.
				tc.setup(nc)
				if strings.HasPrefix(tc.name, "10") && tc.name != "104 missing group" {
					nc.AddUser(double.User{ID: "ann", Password: "Ann-Passw0rd-1"})
				}
			}
			t.Setenv("TAKEBACK_ADMIN_PASSWORD", nc.Password)
			args := append([]string{"batch", "run", "--server", nc.URL, "--admin", nc.Login, "--parallel", "1",
				"--only", "photos", "--existing", "reuse"}, tc.flags...)
			if tc.name == "exists" {
				args[len(args)-1] = "error"
			}
			code, out, errOut := takeback(t, append(args, manifest)...)
			noPasswords(t, "the output", []string{"Ann-Passw0rd-1", "Bob-Passw0rd-1", "Cid-Passw0rd-1"}, out, errOut)
			if code != exitFailed {
				t.Fatalf("exit %d, want %d\n%s\n%s", code, exitFailed, out, errOut)
			}
			rep := batchReport(t, filepath.Join(dir, "batch-report.csv"))
			if rep["bob"]["status"] != "failed" || !strings.Contains(rep["bob"]["error"], tc.says) {
				t.Errorf("bob: %v; want an error saying %q", rep["bob"], tc.says)
			}
			for _, id := range []string{"ann", "cid"} {
				if rep[id]["status"] != "ok" {
					t.Errorf("%s: %v", id, rep[id])
				}
			}
		})
	}

	// --existing reuse imports into the account with the manifest's
	// password.
	nc := double.New(t)
	nc.AddUser(double.User{ID: "bob", Password: "Bob-Passw0rd-1"})
	dir := t.TempDir()
	manifest := writeManifest(t, dir, "bob,Bob,bob@example.org,,,"+arch+",Bob-Passw0rd-1")
	t.Setenv("TAKEBACK_ADMIN_PASSWORD", nc.Password)
	code, out, errOut := takeback(t, "batch", "run", "--server", nc.URL, "--admin", nc.Login, "--only", "photos", "--existing", "reuse", manifest)
	rep := batchReport(t, filepath.Join(dir, "batch-report.csv"))
	if code != 0 || rep["bob"]["account"] != "reused" || rep["bob"]["imported"] == "0" {
		t.Errorf("reuse: exit %d, %v\n%s\n%s", code, rep["bob"], out, errOut)
	}
}

// Nextcloud 34 refuses account creation to an admin logged in with an app
// password: the batch stops at once and says to use the login password.
func TestBatchPasswordConfirmation(t *testing.T) {
	nc := double.New(t)
	nc.RequirePasswordConfirmation(true)
	archives, _ := photosArchives(t)
	dir := t.TempDir()
	manifest := writeManifest(t, dir,
		"ann,Ann,,,,"+strings.Join(archives, ";")+",Ann-Passw0rd-1",
		"bob,Bob,,,,"+strings.Join(archives, ";")+",Bob-Passw0rd-1")
	t.Setenv("TAKEBACK_ADMIN_PASSWORD", nc.AppPassword())
	code, out, errOut := takeback(t, "batch", "run", "--server", nc.URL, "--admin", nc.Login, "--parallel", "1", "--only", "photos", manifest)
	if code != exitFailed || !strings.Contains(out, "login password") {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	rep := batchReport(t, filepath.Join(dir, "batch-report.csv"))
	if rep["bob"]["account"] != "skipped" || len(nc.Users()) != 0 {
		t.Errorf("bob %v, accounts %v: the batch should stop at the first refusal", rep["bob"], nc.Users())
	}
}

// batch preview reads the manifest and the archives, and with --server
// which accounts exist; it creates nothing.
func TestBatchPreview(t *testing.T) {
	nc := double.New(t)
	nc.AddUser(double.User{ID: "bob", Password: "Bob-Passw0rd-1"})
	archives, _ := photosArchives(t)
	dir := t.TempDir()
	manifest := writeManifest(t, dir,
		"ann,Ann Martin,ann@example.org,famille,10 GB,"+strings.Join(archives, ";")+",",
		"bob,Bob,,,,"+strings.Join(archives, ";")+",Bob-Passw0rd-1")
	code, out, errOut := takeback(t, "batch", "preview", manifest)
	if code != 0 || !strings.Contains(out, "ann (Ann Martin)") || !strings.Contains(out, "groups famille") ||
		!strings.Contains(out, "password made up by takeback") || !strings.Contains(out, "photos") {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	before := len(nc.Requests())
	t.Setenv("TAKEBACK_ADMIN_PASSWORD", nc.Password)
	code, out, errOut = takeback(t, "batch", "preview", "--server", nc.URL, "--admin", nc.Login, manifest)
	if code != 0 || strings.Count(out, "the account exists already") != 1 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	for _, r := range nc.Requests()[before:] {
		if r.Method != "GET" {
			t.Errorf("preview sent %s %s", r.Method, r.Path)
		}
	}
	noPasswords(t, "the preview", []string{"Bob-Passw0rd-1"}, out, errOut)

	// --admin-password-file wins over a TAKEBACK_PASSWORD meant for someone
	// else; without either, no terminal: the error says what to set.
	pwFile := filepath.Join(t.TempDir(), "admin-password")
	if err := os.WriteFile(pwFile, []byte(nc.Password+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("TAKEBACK_ADMIN_PASSWORD", "")
	t.Setenv("TAKEBACK_PASSWORD", "wrong-password-123")
	if code, out, errOut := takeback(t, "batch", "preview", "--server", nc.URL, "--admin", nc.Login, "--admin-password-file", pwFile, manifest); code != 0 {
		t.Errorf("with a password file: exit %d\n%s\n%s", code, out, errOut)
	}
	if code, _, errOut := takeback(t, "batch", "preview", "--server", nc.URL, "--admin", nc.Login, manifest); code != exitUsage ||
		!strings.Contains(errOut, "TAKEBACK_ADMIN_PASSWORD") {
		t.Errorf("no admin password: exit %d\n%s", code, errOut)
	}
	t.Setenv("TAKEBACK_ADMIN_PASSWORD", nc.Password)

	// A manifest with problems: every one, with its line, and nothing done.
	bad := writeManifest(t, t.TempDir(), "ann,Ann,not-an-address,,,"+archives[0]+",", "ann,Ann again,,,,"+archives[0]+",")
	code, _, errOut = takeback(t, "batch", "run", "--server", nc.URL, "--admin", nc.Login, bad)
	if code != exitUsage || !strings.Contains(errOut, "line 2") || !strings.Contains(errOut, "line 3") {
		t.Errorf("bad manifest: exit %d\n%s", code, errOut)
	}
	ids := []string{}
	for _, u := range nc.Users() {
		ids = append(ids, u.ID)
	}
	sort.Strings(ids)
	if strings.Join(ids, ",") != "bob" {
		t.Errorf("accounts after previews and a refused manifest: %v", ids)
	}
}

// The per-person import path of batch run (personImport) against the real
// servers: each person's calendars and contacts into Radicale as them,
// their photos into their own rclone WebDAV, through the shared upload
// cap; a second run finds everything there.
func TestBatchPersonImportOnRealServers(t *testing.T) {
	sample := filepath.Join("..", "..", "fixtures", "sample", fixtures.SampleName)
	abs, err := filepath.Abs(sample)
	if err != nil {
		t.Fatal(err)
	}
	r := servers.Radicale(t)
	people := []batch.Person{
		{Line: 2, UserID: "ann", Archives: []string{abs}, Password: "Ann-Passw0rd-1"},
		{Line: 3, UserID: "bob", Archives: []string{abs}, Password: "Bob-Passw0rd-1"},
	}
	files := map[string]*servers.RcloneServer{}
	for _, p := range people {
		r.AddUser(t, p.UserID, p.Password)
		files[p.UserID] = servers.RcloneAs(t, p.UserID, p.Password)
	}
	reports := t.TempDir()
	cmd := batchCommand(lang.English).Subcommands[1]
	var results [2][]map[string]int
	cmd.Action = func(c *cli.Context) error {
		for round := range 2 {
			pi := &personImport{c: c, uploads: batch.NewUploads(2), reports: reports,
				target: func(p batch.Person, password string) nextcloud.Options {
					return nextcloud.Options{CalDAV: r.URL, CardDAV: r.URL, WebDAV: files[p.UserID].URL + "/",
						User: p.UserID, Password: password, Version: version}
				}}
			var wg sync.WaitGroup
			results[round] = make([]map[string]int, len(people))
			for i, p := range people {
				wg.Go(func() {
					rep, err := pi.run(context.Background(), p, p.Password)
					if err != nil {
						t.Errorf("%s: %v", p.UserID, err)
						return
					}
					results[round][i] = outcomes(readReport(t, filepath.Join(reports, p.UserID+".jsonl")))
					if len(rep.Results) == 0 {
						t.Errorf("%s: an empty report", p.UserID)
					}
				})
			}
			wg.Wait()
		}
		return nil
	}
	var out, errOut bytes.Buffer
	app := &cli.App{Writer: &out, ErrWriter: &errOut, Commands: []*cli.Command{cmd}}
	if err := app.Run([]string{"takeback", "run", "--jobs", "2", "x.csv"}); err != nil {
		t.Fatal(err)
	}
	noPasswords(t, "the output", []string{"Ann-Passw0rd-1", "Bob-Passw0rd-1"}, out.String(), errOut.String())
	for i, p := range people {
		first, second := results[0][i], results[1][i]
		if first["imported"] == 0 || first["failed"] != 0 {
			t.Errorf("%s, first run: %v", p.UserID, first)
		}
		if second["imported"] != 0 || second["failed"] != 0 || second["present"] != first["imported"] {
			t.Errorf("%s, second run: %v after %v", p.UserID, second, first)
		}
		// Their calendars are theirs: Radicale keeps each user's apart.
		cals, _ := filepath.Glob(filepath.Join(r.StorageDir, "collection-root", p.UserID, "*", "*.ics"))
		if len(cals) == 0 {
			t.Errorf("%s: no event stored under their name in Radicale", p.UserID)
		}
		photos, _ := filepath.Glob(filepath.Join(files[p.UserID].Root, "Photos", "Google Photos", "*", "*", "*"))
		if len(photos) != 15 {
			t.Errorf("%s: %d photos and videos in their files, want 15", p.UserID, len(photos))
		}
	}
}

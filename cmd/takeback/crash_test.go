package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"sort"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/takeback/takeback/fixtures"
	"github.com/takeback/takeback/internal/faults"
	"github.com/takeback/takeback/internal/servers"
	"github.com/takeback/takeback/nextcloud/double"
)

// The real takeback binary, killed (SIGKILL) or interrupted (SIGINT) at an
// exact point, then run again: the server must end as one clean import
// leaves it. A faults.Proxy between takeback and the server holds the
// chosen request, so the run is frozen there when the signal comes.

// Bounds on every wait, so that a hang fails the test instead of the
// suite's timeout.
const (
	runTimeout  = 90 * time.Second // one takeback run
	holdTimeout = 60 * time.Second // until the chosen request is held
)

// buildTakeback builds the command into dir once per TestInterruptions,
// before any timed wait.
func buildTakeback(t *testing.T) string {
	t.Helper()
	gobin, err := exec.LookPath("go")
	if err != nil {
		gobin = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	bin := filepath.Join(t.TempDir(), "takeback")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, gobin, "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// child is a running takeback.
type child struct {
	cmd         *exec.Cmd
	out, errOut servers.Output
	done        chan struct{}
	code        int
}

// start runs the binary with env added to the test's environment. It is
// killed when the test ends, if still running.
func start(t *testing.T, bin string, env []string, args ...string) *child {
	t.Helper()
	c := &child{done: make(chan struct{})}
	c.cmd = exec.Command(bin, args...)
	c.cmd.Env = append(os.Environ(), env...)
	c.cmd.Stdout, c.cmd.Stderr = &c.out, &c.errOut
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		c.cmd.Wait()
		c.code = c.cmd.ProcessState.ExitCode()
		close(c.done)
	}()
	t.Cleanup(func() {
		select {
		case <-c.done:
		default:
			c.cmd.Process.Kill()
			<-c.done
		}
	})
	return c
}

func (c *child) output() string {
	return fmt.Sprintf("stdout:\n%s\nstderr:\n%s", c.out.String(), c.errOut.String())
}

// wait waits for the end of the run and returns its exit status; on
// timeout it kills it and fails the test. Its output must hold no
// password.
func (c *child) wait(t *testing.T) int {
	t.Helper()
	select {
	case <-c.done:
		noTestSecrets(t, "the output of takeback "+strings.Join(c.cmd.Args[1:], " "), c.out.String(), c.errOut.String())
		return c.code
	case <-time.After(runTimeout):
		c.cmd.Process.Kill()
		<-c.done
		t.Fatalf("takeback did not end within %v\n%s", runTimeout, c.output())
		return 0
	}
}

// kill ends the run with SIGKILL: no cleanup, no report, as a crash or a
// power cut.
func (c *child) kill(t *testing.T) {
	t.Helper()
	if err := c.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	if code := c.wait(t); code != -1 {
		t.Fatalf("exit status %d after SIGKILL, want -1 (killed)\n%s", code, c.output())
	}
}

// waitHeld waits until the proxy holds the chosen request; the test fails
// when the run ends first or the wait times out.
func waitHeld(t *testing.T, p *faults.Proxy, c *child) {
	t.Helper()
	deadline := time.Now().Add(holdTimeout)
	for !p.Held(50 * time.Millisecond) {
		select {
		case <-c.done:
			t.Fatalf("takeback ended (status %d) before the request was held\n%s", c.code, c.output())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("no request held within %v\n%s", holdTimeout, c.output())
		}
	}
}

// settle waits until the proxy has noticed the kill: the held request of
// the killed run dropped or cut, nothing in flight, so that the server's
// state is final. Only then are later holds let go: released earlier, the
// held request could still pass on before the proxy saw its client gone.
func settle(t *testing.T, p *faults.Proxy) {
	t.Helper()
	if !p.Idle(30 * time.Second) {
		t.Fatal("the proxy still serves requests 30 s after the kill")
	}
	p.Release()
}

// nth matches the n-th request that m matches, and records its path.
func nth(n int, m faults.Match, path *atomic.Value) faults.Match {
	var seen atomic.Int32
	return func(r *http.Request) bool {
		if !m(r) || int(seen.Add(1)) != n {
			return false
		}
		if path != nil {
			path.Store(r.URL.Path)
		}
		return true
	}
}

func method(m string, suffix string) faults.Match {
	return func(r *http.Request) bool { return r.Method == m && strings.HasSuffix(r.URL.Path, suffix) }
}

// checkRerun checks the report of the run after the crash against the
// clean import's: the same items, nothing failed, imported or present
// where the clean run imported, skipped where it skipped, as many present
// as the server held complete before the re-run, and no item going round
// another file with a "(2)" name the clean run did not need.
func checkRerun(t *testing.T, clean, rerun []map[string]any, before int) {
	t.Helper()
	if len(rerun) != len(clean) {
		t.Fatalf("%d results after the crash, %d in a clean import", len(rerun), len(clean))
	}
	n := outcomes(rerun)
	for i, r := range rerun {
		c := clean[i]
		if r["target"] != c["target"] {
			t.Fatalf("result %d: target %v, clean %v", i, r["target"], c["target"])
		}
		ok := r["outcome"] == c["outcome"] || r["outcome"] == "present" && c["outcome"] == "imported"
		if !ok {
			t.Errorf("%v: %v (%v), clean import %v", r["target"], r["outcome"], r["reason"], c["outcome"])
		}
		// The target's word on where the item went is the reason.
		note, _ := r["reason"].(string)
		cleanNote, _ := c["reason"].(string)
		if strings.Contains(note, "a different file has the name") && !strings.Contains(cleanNote, "a different file has the name") {
			t.Errorf("%v went round a file of its own: %s", r["target"], note)
		}
	}
	if n["failed"] != 0 || n["present"] != before || n["imported"]+n["present"] != outcomes(clean)["imported"] {
		t.Errorf("after the crash %v with %d items complete on the server; clean import %v", n, before, outcomes(clean))
	}
}

// TestInterruptions builds takeback once, then kills or interrupts it at
// each point, in parallel.
func TestInterruptions(t *testing.T) {
	bin := buildTakeback(t)
	t.Run("killed during the calendar upload", func(t *testing.T) { t.Parallel(); killedDuringCalendars(t, bin) })
	t.Run("killed mid-file during a photo upload", func(t *testing.T) { t.Parallel(); killedMidFile(t, bin) })
	t.Run("killed between album creation and filling", func(t *testing.T) { t.Parallel(); killedBeforeAlbumFilled(t, bin) })
	t.Run("killed during a chunked upload", func(t *testing.T) { t.Parallel(); killedDuringChunks(t, bin) })
	t.Run("Ctrl-C", func(t *testing.T) { t.Parallel(); ctrlC(t, bin) })
	t.Run("Ctrl-C twice", func(t *testing.T) { t.Parallel(); ctrlCTwice(t, bin) })
	t.Run("batch killed between two people", func(t *testing.T) { t.Parallel(); batchKilledBetweenPeople(t, bin) })
}

// (e) A batch SIGKILLed once the first person is done, as the second
// one's account is being created: the re-run creates and imports the
// second one only.
func batchKilledBetweenPeople(t *testing.T, bin string) {
	nc := double.New(t)
	proxy := faults.New(t, nc.URL)
	archives, want := photosArchives(t)
	dir := t.TempDir()
	manifest := writeManifest(t, dir,
		"ann,Ann,,,,"+strings.Join(archives, ";")+",",
		"bob,Bob,,,,"+strings.Join(archives, ";")+",")
	creds := filepath.Join(dir, "credentials.csv")
	env := []string{"TAKEBACK_ADMIN_PASSWORD=" + nc.Password, "XDG_CONFIG_HOME=" + t.TempDir()}
	args := []string{"batch", "run", "--server", proxy.URL, "--admin", nc.Login, "--parallel", "1", "--only", "photos",
		"--credentials-out", creds, manifest}
	proxy.Inject(nth(2, method(http.MethodPost, "/cloud/users"), nil), faults.Fault{Kind: faults.HoldWhole})
	c := start(t, bin, env, args...)
	waitHeld(t, proxy, c)
	c.kill(t)
	settle(t, proxy)
	if users := nc.Users(); len(users) != 1 || users[0].ID != "ann" {
		t.Fatalf("accounts after the kill: %+v", users)
	}

	before := len(nc.Requests())
	annBefore := len(nc.Account("ann").Requests())
	again := start(t, bin, env, args...)
	if code := again.wait(t); code != 0 {
		t.Fatalf("the re-run exited %d\n%s", code, again.output())
	}
	creates := 0
	for _, r := range nc.Requests()[before:] {
		if r.Method == http.MethodPost && strings.HasSuffix(r.Path, "/cloud/users") {
			creates++
		}
	}
	if creates != 1 {
		t.Errorf("the re-run created %d accounts, want 1 (bob)", creates)
	}
	if n := len(nc.Account("ann").Requests()) - annBefore; n != 0 {
		t.Errorf("the re-run sent %d requests into ann's account, done before the kill", n)
	}
	for _, id := range []string{"ann", "bob"} {
		for _, w := range want {
			if _, ok := nc.Account(id).File("Photos/Google Photos/" + w.Target); !ok {
				t.Errorf("%s: %s is missing", id, w.Target)
			}
		}
	}
	// Both passwords were kept, and each was given once to its account.
	recs, err := csv.NewReader(strings.NewReader(readFile(t, creds))).ReadAll()
	if err != nil || len(recs) != 3 {
		t.Fatalf("credentials file: %v %v", recs, err)
	}
	for _, u := range nc.Users() {
		for _, rec := range recs[1:] {
			if rec[0] == u.ID && rec[1] != u.Password {
				t.Errorf("%s's password in the credentials file is not the account's", u.ID)
			}
		}
	}
	rep := batchReport(t, filepath.Join(dir, "batch-report.csv"))
	if rep["ann"]["status"] != "ok" || rep["bob"]["status"] != "ok" || rep["bob"]["imported"] == "0" {
		t.Errorf("report after the re-run: %v", rep)
	}
}

// radicaleState is what Radicale stores, read from its folder: every
// object's bytes and every collection's properties, by path. Caches,
// locks and temporary files are left out.
func radicaleState(t *testing.T, r *servers.RadicaleServer) (objects map[string]string, props map[string]map[string]any) {
	t.Helper()
	objects, props = map[string]string{}, map[string]map[string]any{}
	err := filepath.WalkDir(r.StorageDir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := e.Name()
		switch {
		case e.IsDir() && strings.HasPrefix(name, ".Radicale"):
			return filepath.SkipDir
		case e.IsDir():
			return nil
		}
		rel, _ := filepath.Rel(r.StorageDir, p)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		switch {
		case name == ".Radicale.props":
			var m map[string]any
			if err := json.Unmarshal(data, &m); err != nil {
				return fmt.Errorf("%s: %v", rel, err)
			}
			props[rel] = m
		case !strings.HasPrefix(name, ".Radicale"):
			objects[rel] = string(data)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return objects, props
}

// (a) SIGKILL while the 3rd event is on its way to Radicale.
func killedDuringCalendars(t *testing.T, bin string) {
	dir := t.TempDir()
	archives, err := fixtures.Takeout{Parts: 2}.Write(dir)
	if err != nil {
		t.Fatal(err)
	}
	r := servers.Radicale(t)
	proxy := faults.New(t, r.URL)
	env := []string{"TAKEBACK_PASSWORD=" + r.Password, "XDG_CONFIG_HOME=" + t.TempDir()}
	report := filepath.Join(dir, "report.jsonl")
	args := func(url, report string) []string {
		return append([]string{"import", "--caldav", url, "--carddav", url, "--user", r.User, "--jobs", "1", "--report", report}, archives...)
	}
	// HoldWhole, not Hold: the request of the killed run must not reach
	// the server after the kill, so that what is there is known.
	proxy.Inject(nth(3, method(http.MethodPut, ".ics"), nil), faults.Fault{Kind: faults.HoldWhole})
	c := start(t, bin, env, args(proxy.URL, report)...)
	waitHeld(t, proxy, c)
	c.kill(t)
	settle(t, proxy)
	before, _ := radicaleState(t, r)
	if len(before) != 2 {
		t.Fatalf("%d objects on the server after the kill, want the 2 sent before the held one", len(before))
	}

	again := start(t, bin, env, args(proxy.URL, report)...)
	if code := again.wait(t); code != 0 {
		t.Fatalf("the re-run exited %d\n%s", code, again.output())
	}

	// A clean import into a fresh Radicale.
	clean := servers.Radicale(t)
	cleanReport := filepath.Join(dir, "clean.jsonl")
	cc := start(t, bin, env, append([]string{"import", "--caldav", clean.URL, "--carddav", clean.URL, "--user", clean.User,
		"--report", cleanReport}, archives...)...)
	if code := cc.wait(t); code != 0 {
		t.Fatalf("the clean import exited %d\n%s", code, cc.output())
	}
	gotObjects, gotProps := radicaleState(t, r)
	wantObjects, wantProps := radicaleState(t, clean)
	if !reflect.DeepEqual(keys(gotObjects), keys(wantObjects)) {
		t.Errorf("objects after the crash and re-run:\n%v\nafter a clean import:\n%v", keys(gotObjects), keys(wantObjects))
	}
	for p, data := range wantObjects {
		if got, ok := gotObjects[p]; ok && got != data {
			t.Errorf("%s differs from a clean import's", p)
		}
	}
	if !reflect.DeepEqual(gotProps, wantProps) {
		t.Errorf("collections after the crash and re-run:\n%v\nafter a clean import:\n%v", gotProps, wantProps)
	}
	checkRerun(t, readReport(t, cleanReport), readReport(t, report), len(before))
}

// bigPhoto adds to an extracted Takeout a photo of size bytes dated by
// its EXIF (2020-03-03), and returns its bytes and its place under the
// photos folder.
func bigPhoto(t *testing.T, takeout string, size int) ([]byte, string) {
	t.Helper()
	data := fixtures.JPEG(77, time.Date(2020, 3, 3, 10, 10, 10, 0, time.UTC), "")
	rng := rand.New(rand.NewPCG(7, 7))
	for len(data) < size {
		data = append(data, byte(rng.Uint32()))
	}
	p := filepath.Join(takeout, "Google Photos", "Photos from 2020", "IMG_20200303_101010.jpg")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(p, fixtures.Stamp, fixtures.Stamp); err != nil {
		t.Fatal(err)
	}
	return data, "2020/03/IMG_20200303_101010.jpg"
}

// tree reads a folder: every file's bytes by slash-separated path.
func tree(t *testing.T, root string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(root, p)
		out[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// stableSize waits until the file's size stays the same for a while (the
// server may still write what it got) and returns it; -1 when missing.
func stableSize(t *testing.T, p string) int64 {
	t.Helper()
	last, since := int64(-2), time.Now()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		size := int64(-1)
		if fi, err := os.Stat(p); err == nil {
			size = fi.Size()
		}
		if size != last {
			last, since = size, time.Now()
		}
		if time.Since(since) > 300*time.Millisecond {
			return size
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("%s keeps changing", p)
	return 0
}

// expectedFiles is what a clean photo import puts under the photos folder
// of a files root: the fixture's photos, plus extra.
func expectedFiles(shape fixtures.Takeout, extra map[string][]byte) map[string][]byte {
	data := map[string][]byte{}
	for _, f := range shape.Files() {
		data[f.Path] = f.Data
	}
	want := map[string][]byte{}
	for _, w := range shape.ExpectedPhotos() {
		if !w.Trashed {
			want["Photos/Google Photos/"+w.Target] = data[w.Member]
		}
	}
	for p, b := range extra {
		want["Photos/Google Photos/"+p] = b
	}
	return want
}

func sameFiles(t *testing.T, what string, got, want map[string][]byte) {
	t.Helper()
	if !reflect.DeepEqual(keys(got), keys(want)) {
		t.Errorf("%s:\n%v\nwant:\n%v", what, keys(got), keys(want))
	}
	for p, w := range want {
		if g, ok := got[p]; ok && !bytes.Equal(g, w) {
			t.Errorf("%s: %s holds %d bytes, not the %d of the item", what, p, len(g), len(w))
		}
	}
}

// (b) SIGKILL in the middle of a photo's bytes: rclone keeps the half it
// got under the photo's name.
func killedMidFile(t *testing.T, bin string) {
	dir := t.TempDir()
	shape := fixtures.Takeout{Photos: true, Format: "dir"}
	archives, err := shape.Write(dir)
	if err != nil {
		t.Fatal(err)
	}
	big, bigTarget := bigPhoto(t, archives[0], 3<<20)
	srv := servers.Rclone(t)
	proxy := faults.New(t, srv.URL)
	env := []string{"TAKEBACK_PASSWORD=" + srv.Password, "XDG_CONFIG_HOME=" + t.TempDir()}
	args := func(url, report string) []string {
		return append([]string{"import", "--webdav", url, "--user", srv.User, "--only", "photos", "--jobs", "1", "--report", report}, archives...)
	}
	report := filepath.Join(dir, "report.jsonl")
	proxy.Inject(method(http.MethodPut, "/IMG_20200303_101010.jpg"), faults.Fault{Kind: faults.HoldMidUpload})
	c := start(t, bin, env, args(proxy.URL, report)...)
	waitHeld(t, proxy, c)
	c.kill(t)
	settle(t, proxy)
	partial := filepath.Join(srv.Root, "Photos", "Google Photos", filepath.FromSlash(bigTarget))
	if size := stableSize(t, partial); size <= 0 || size >= int64(len(big)) {
		t.Fatalf("after the kill the photo has %d of its %d bytes on the server, want a part", size, len(big))
	} else {
		t.Logf("the kill left %d of %d bytes", size, len(big))
	}
	want := expectedFiles(shape, map[string][]byte{bigTarget: big})
	before := 0 // whole files
	for p, data := range tree(t, srv.Root) {
		if w, ok := want[p]; ok && bytes.Equal(data, w) {
			before++
		}
	}

	again := start(t, bin, env, args(proxy.URL, report)...)
	if code := again.wait(t); code != 0 {
		t.Fatalf("the re-run exited %d\n%s", code, again.output())
	}
	sameFiles(t, "files after the crash and re-run", tree(t, srv.Root), want)
	rerun := readReport(t, report)
	for _, r := range rerun {
		if strings.HasSuffix(r["target"].(string), bigTarget) && !strings.Contains(fmt.Sprint(r["reason"]), "replaced an incomplete copy") {
			t.Errorf("the big photo: %v", r)
		}
	}

	cleanSrv := servers.Rclone(t)
	cleanReport := filepath.Join(dir, "clean.jsonl")
	cc := start(t, bin, env, append([]string{"import", "--webdav", cleanSrv.URL, "--user", cleanSrv.User, "--only", "photos",
		"--report", cleanReport}, archives...)...)
	if code := cc.wait(t); code != 0 {
		t.Fatalf("the clean import exited %d\n%s", code, cc.output())
	}
	sameFiles(t, "a clean import", tree(t, cleanSrv.Root), want)
	checkRerun(t, readReport(t, cleanReport), rerun, before)
}

// ncState is the double's files (bytes, date, checksum) and albums
// (member paths), for comparing two servers.
type ncState struct {
	files  map[string]string
	albums map[string][]string
}

func readNC(s *double.Server) ncState {
	st := ncState{files: map[string]string{}, albums: map[string][]string{}}
	for _, f := range s.Files() {
		st.files[f.Path] = fmt.Sprintf("%x %d %s", f.Data, f.MTime.Unix(), f.Checksum)
	}
	for _, a := range s.Albums() {
		members, _ := s.Album(a)
		paths := []string{}
		for _, m := range members {
			paths = append(paths, m.Path)
		}
		sort.Strings(paths)
		st.albums[a] = paths
	}
	return st
}

func sameNC(t *testing.T, got, want ncState) {
	t.Helper()
	if !reflect.DeepEqual(keys(got.files), keys(want.files)) {
		t.Errorf("files after the crash and re-run:\n%v\nafter a clean import:\n%v", keys(got.files), keys(want.files))
	}
	for p, w := range want.files {
		if g, ok := got.files[p]; ok && g != w {
			t.Errorf("%s differs from a clean import's", p)
		}
	}
	if !reflect.DeepEqual(got.albums, want.albums) {
		t.Errorf("albums after the crash and re-run: %v\nafter a clean import: %v", got.albums, want.albums)
	}
}

// cleanNC imports into a fresh double, set up by prepare, and returns its
// state and report.
func cleanNC(t *testing.T, bin string, archives []string, prepare func(*double.Server)) (ncState, []map[string]any) {
	t.Helper()
	nc := double.New(t)
	if prepare != nil {
		prepare(nc)
	}
	report := filepath.Join(t.TempDir(), "clean.jsonl")
	env := []string{"TAKEBACK_PASSWORD=" + nc.Password, "XDG_CONFIG_HOME=" + t.TempDir()}
	c := start(t, bin, env, append([]string{"import", "--server", nc.URL, "--user", nc.Login, "--only", "photos",
		"--report", report}, archives...)...)
	if code := c.wait(t); code != 0 {
		t.Fatalf("the clean import exited %d\n%s", code, c.output())
	}
	return readNC(nc), readReport(t, report)
}

// (c) SIGKILL once the album is made, before the first photo is in it.
func killedBeforeAlbumFilled(t *testing.T, bin string) {
	dir := t.TempDir()
	archives, err := fixtures.Takeout{Photos: true}.Write(dir)
	if err != nil {
		t.Fatal(err)
	}
	nc := double.New(t)
	proxy := faults.New(t, nc.URL)
	env := []string{"TAKEBACK_PASSWORD=" + nc.Password, "XDG_CONFIG_HOME=" + t.TempDir()}
	report := filepath.Join(dir, "report.jsonl")
	args := append([]string{"import", "--server", proxy.URL, "--user", nc.Login, "--only", "photos", "--jobs", "1", "--report", report}, archives...)
	proxy.Inject(faults.Method("COPY"), faults.Fault{Kind: faults.Hold})
	c := start(t, bin, env, args...)
	waitHeld(t, proxy, c)
	c.kill(t)
	settle(t, proxy)
	if members, ok := nc.Album("Rome 2019"); !ok || len(members) != 0 {
		t.Fatalf("after the kill: album %v, members %v; want the album made and empty", ok, members)
	}
	before := len(nc.Files())

	again := start(t, bin, env, args...)
	if code := again.wait(t); code != 0 {
		t.Fatalf("the re-run exited %d\n%s", code, again.output())
	}
	want, cleanReport := cleanNC(t, bin, archives, nil)
	got := readNC(nc)
	sameNC(t, got, want)
	if members := got.albums["Rome 2019"]; len(members) != 2 {
		t.Errorf("album members %v, want the 2 photos once each", members)
	}
	checkRerun(t, cleanReport, readReport(t, report), before)
}

// (d) SIGKILL while the 2nd chunk of a large photo is on its way: the
// re-run resumes the upload and does not send the 1st chunk again.
func killedDuringChunks(t *testing.T, bin string) {
	dir := t.TempDir()
	shape := fixtures.Takeout{Photos: true, Format: "dir"}
	archives, err := shape.Write(dir)
	if err != nil {
		t.Fatal(err)
	}
	big, bigTarget := bigPhoto(t, archives[0], 12<<20) // chunks of 5, 5 and 2 MiB
	smallChunks := func(s *double.Server) {
		caps := double.DefaultCapabilities()
		caps.ChunkMaxSize = 1 << 20 // files above 1 MiB go up in chunks (of 5 MiB, the least)
		s.SetCapabilities(caps)
	}
	nc := double.New(t)
	smallChunks(nc)
	proxy := faults.New(t, nc.URL)
	env := []string{"TAKEBACK_PASSWORD=" + nc.Password, "XDG_CONFIG_HOME=" + t.TempDir()}
	report := filepath.Join(dir, "report.jsonl")
	args := append([]string{"import", "--server", proxy.URL, "--user", nc.Login, "--only", "photos", "--jobs", "1", "--report", report}, archives...)
	isChunk := func(r *http.Request) bool {
		return r.Method == http.MethodPut && strings.Contains(r.URL.Path, "/remote.php/dav/uploads/")
	}
	proxy.Inject(nth(2, isChunk, nil), faults.Fault{Kind: faults.HoldWhole})
	c := start(t, bin, env, args...)
	waitHeld(t, proxy, c)
	c.kill(t)
	settle(t, proxy)
	ups := nc.Uploads()
	if len(ups) != 1 || !reflect.DeepEqual(ups[0].Chunks, map[string]int64{"1": 5 << 20}) {
		t.Fatalf("uploads after the kill: %+v; want one with its 1st chunk", ups)
	}
	if _, there := nc.File("Photos/Google Photos/" + bigTarget); there {
		t.Fatal("the file is at its place before its chunks were assembled")
	}
	before := len(nc.Files())
	mark := len(nc.Requests())

	again := start(t, bin, env, args...)
	if code := again.wait(t); code != 0 {
		t.Fatalf("the re-run exited %d\n%s", code, again.output())
	}
	var sent []string
	for _, r := range nc.Requests()[mark:] {
		if r.Method == http.MethodPut && strings.Contains(r.Path, "/uploads/") {
			sent = append(sent, r.Path[strings.LastIndex(r.Path, "/")+1:])
		}
	}
	if strings.Join(sent, " ") != "2 3" {
		t.Errorf("the re-run sent the chunks %v; want only those the server lacks, 2 and 3", sent)
	}
	if ups := nc.Uploads(); len(ups) != 0 {
		t.Errorf("uploads left: %+v", ups)
	}
	if f, _ := nc.File("Photos/Google Photos/" + bigTarget); !bytes.Equal(f.Data, big) {
		t.Errorf("the large photo holds %d bytes, want %d", len(f.Data), len(big))
	}
	want, cleanReport := cleanNC(t, bin, archives, smallChunks)
	sameNC(t, readNC(nc), want)
	checkRerun(t, cleanReport, readReport(t, report), before)
}

// waitFor waits until the child's error output says want.
func waitFor(t *testing.T, c *child, want string) {
	t.Helper()
	deadline := time.Now().Add(holdTimeout)
	for !strings.Contains(c.errOut.String(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("takeback did not say %q\n%s", want, c.output())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Ctrl-C while the 3rd photo is on its way: that upload finishes, nothing
// more starts, the report is written, and the summary says how to finish.
func ctrlC(t *testing.T, bin string) {
	dir := t.TempDir()
	shape := fixtures.Takeout{Photos: true}
	archives, err := shape.Write(dir)
	if err != nil {
		t.Fatal(err)
	}
	srv := servers.Rclone(t)
	proxy := faults.New(t, srv.URL)
	env := []string{"TAKEBACK_PASSWORD=" + srv.Password, "XDG_CONFIG_HOME=" + t.TempDir()}
	report := filepath.Join(dir, "report.jsonl")
	args := append([]string{"import", "--webdav", proxy.URL, "--user", srv.User, "--only", "photos", "--jobs", "1", "--report", report}, archives...)
	var held atomic.Value
	proxy.Inject(nth(3, faults.Method(http.MethodPut), &held), faults.Fault{Kind: faults.Hold})
	c := start(t, bin, env, args...)
	waitHeld(t, proxy, c)
	if err := c.cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	// Released only once takeback took the interruption in.
	waitFor(t, c, "Interrupted: the uploads under way finish")
	proxy.Release()
	if code := c.wait(t); code != 1 {
		t.Fatalf("exit status %d after Ctrl-C, want 1\n%s", code, c.output())
	}
	if !strings.Contains(c.out.String(), "Run the same command again to finish: nothing is imported twice.") ||
		!strings.Contains(c.out.String(), "Full report: "+report) {
		t.Errorf("the summary does not say how to finish:\n%s", c.output())
	}
	first := readReport(t, report)
	n := outcomes(first)
	media := len(shape.ExpectedPhotos())
	if len(first) != media || n["imported"] != 3 || n["skipped"] != 1 || n["failed"] != media-4 {
		t.Errorf("report after Ctrl-C: %d items, %v; want %d items, 3 imported, 1 skipped, the rest failed", len(first), n, media)
	}
	for _, r := range first {
		if r["outcome"] == "failed" && r["reason"] != "not tried: the import was interrupted" {
			t.Errorf("failed for another reason: %v", r)
		}
	}
	// The held upload arrived whole.
	want := expectedFiles(shape, nil)
	heldPath := strings.TrimPrefix(held.Load().(string), "/")
	got := tree(t, srv.Root)
	if g, ok := got[heldPath]; !ok || !bytes.Equal(g, want[heldPath]) {
		t.Errorf("the upload under way at Ctrl-C (%s): %d bytes, want %d", heldPath, len(g), len(want[heldPath]))
	}
	if len(got) != 3 {
		t.Errorf("%d files on the server after Ctrl-C, want 3: %v", len(got), keys(got))
	}

	again := start(t, bin, env, args...)
	if code := again.wait(t); code != 0 {
		t.Fatalf("the re-run exited %d\n%s", code, again.output())
	}
	sameFiles(t, "files after Ctrl-C and a re-run", tree(t, srv.Root), want)
	second := outcomes(readReport(t, report))
	if second["present"] != 3 || second["imported"] != media-4 || second["failed"] != 0 {
		t.Errorf("the re-run: %v", second)
	}
}

// Ctrl-C twice while the 3rd photo is on its way: that upload is aborted
// too, and the report still written.
func ctrlCTwice(t *testing.T, bin string) {
	dir := t.TempDir()
	shape := fixtures.Takeout{Photos: true}
	archives, err := shape.Write(dir)
	if err != nil {
		t.Fatal(err)
	}
	srv := servers.Rclone(t)
	proxy := faults.New(t, srv.URL)
	env := []string{"TAKEBACK_PASSWORD=" + srv.Password, "XDG_CONFIG_HOME=" + t.TempDir()}
	report := filepath.Join(dir, "report.jsonl")
	args := append([]string{"import", "--webdav", proxy.URL, "--user", srv.User, "--only", "photos", "--jobs", "1", "--report", report}, archives...)
	var held atomic.Value
	proxy.Inject(nth(3, faults.Method(http.MethodPut), &held), faults.Fault{Kind: faults.HoldWhole})
	c := start(t, bin, env, args...)
	waitHeld(t, proxy, c)
	c.cmd.Process.Signal(syscall.SIGINT)
	waitFor(t, c, "Interrupted: the uploads under way finish")
	c.cmd.Process.Signal(syscall.SIGINT)
	// Never released: the upload ends because takeback gives it up.
	if code := c.wait(t); code != 1 {
		t.Fatalf("exit status %d after Ctrl-C twice, want 1\n%s", code, c.output())
	}
	if !strings.Contains(c.out.String(), "Run the same command again to finish: nothing is imported twice.") {
		t.Errorf("the summary does not say how to finish:\n%s", c.output())
	}
	n := map[string]int{}
	for _, r := range readReport(t, report) {
		reason, _ := r["reason"].(string)
		n[fmt.Sprint(r["outcome"], ": ", reason)]++
	}
	media := len(shape.ExpectedPhotos())
	if n["failed: not finished: the import was interrupted while it was being sent"] != 1 ||
		n["failed: not tried: the import was interrupted"] != media-4 || n["imported: "] != 2 {
		t.Errorf("report after Ctrl-C twice: %v", n)
	}
	settle(t, proxy)
	if _, there := tree(t, srv.Root)[strings.TrimPrefix(held.Load().(string), "/")]; there {
		t.Error("the aborted upload reached the server")
	}
	again := start(t, bin, env, args...)
	if code := again.wait(t); code != 0 {
		t.Fatalf("the re-run exited %d\n%s", code, again.output())
	}
	sameFiles(t, "files after Ctrl-C twice and a re-run", tree(t, srv.Root), expectedFiles(shape, nil))
}

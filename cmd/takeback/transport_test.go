package main

import (
	"encoding/pem"
	"io"
	"log"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/takeback/takeback/fixtures"
	"github.com/takeback/takeback/internal/credentials"
	"github.com/takeback/takeback/nextcloud"
	"github.com/takeback/takeback/nextcloud/double"
)

// --ca-file, --insecure and --allow-http (issue 6, "Credentials and
// transport").

// tlsDouble serves the Nextcloud double over https with a certificate of
// its own, and writes that certificate to a PEM file, as the CA of a
// self-hosted server would be given.
func tlsDouble(t *testing.T) (nc *double.Server, url, caFile string) {
	t.Helper()
	nc = double.New(t)
	srv := httptest.NewUnstartedServer(nc)
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // "TLS handshake error" lines
	srv.StartTLS()
	t.Cleanup(srv.Close)
	caFile = filepath.Join(t.TempDir(), "my-ca.pem")
	data := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	if err := os.WriteFile(caFile, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return nc, srv.URL, caFile
}

func TestSelfSignedServer(t *testing.T) {
	isolate(t)
	nc, url, ca := tlsDouble(t)
	archives, err := fixtures.Takeout{Photos: true}.Write(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("TAKEBACK_PASSWORD", nc.Password)
	login := []string{"--server", url, "--user", nc.Login}
	preview := func(extra ...string) (int, string, string) {
		t.Helper()
		args := append(append(append([]string{"preview"}, login...), extra...), "--only", "photos")
		return takeback(t, append(args, archives...)...)
	}

	// Verified by default: refused, saying why and what to do.
	code, out, errOut := preview()
	if code != exitUsage || !strings.Contains(errOut, "certificate") || !strings.Contains(errOut, "--ca-file") {
		t.Errorf("without --ca-file: exit %d\n%s\n%s", code, out, errOut)
	}
	if n := len(nc.Requests()); n != 0 {
		t.Errorf("%d requests reached the server over an unverified connection", n)
	}

	// --ca-file: trusted.
	code, out, errOut = preview("--ca-file", ca)
	if code != 0 || !strings.Contains(out, "new") {
		t.Errorf("with --ca-file: exit %d\n%s\n%s", code, out, errOut)
	}
	if strings.Contains(errOut, "--insecure") {
		t.Errorf("a warning without --insecure: %s", errOut)
	}

	// --insecure: accepted, with the warning, on every run.
	for run := 1; run <= 2; run++ {
		code, out, errOut = preview("--insecure")
		if code != 0 || !strings.Contains(errOut, nextcloud.InsecureWarning.String()+"\n") {
			t.Errorf("--insecure, run %d: exit %d\n%s\n%s", run, code, out, errOut)
		}
	}
	if nextcloud.InsecureWarning.String() != "warning: --insecure: the server's certificate is not checked; anyone on the network could read your password" {
		t.Errorf("warning %q", nextcloud.InsecureWarning)
	}

	// A CA file that is not one: refused before connecting.
	bad := filepath.Join(t.TempDir(), "notes.txt")
	os.WriteFile(bad, []byte("hello\n"), 0o600)
	before := len(nc.Requests())
	code, _, errOut = preview("--ca-file", bad)
	if code != exitUsage || !strings.Contains(errOut, "holds no certificate") || len(nc.Requests()) != before {
		t.Errorf("a bad CA file: exit %d, %d requests\n%s", code, len(nc.Requests())-before, errOut)
	}

	// The import and doctor take the flags too.
	code, out, errOut = takeback(t, append(append([]string{"import", "--ca-file", ca, "--only", "photos"}, login...), archives...)...)
	if code != 0 || len(nc.Files()) == 0 {
		t.Errorf("import with --ca-file: exit %d, %d files\n%s\n%s", code, len(nc.Files()), out, errOut)
	}
	code, out, errOut = takeback(t, append([]string{"doctor", "--ca-file", ca}, login...)...)
	if !strings.Contains(out, "ok       Server: "+url) || !strings.Contains(out, "ok       Login") {
		t.Errorf("doctor with --ca-file: exit %d\n%s\n%s", code, out, errOut)
	}
	code, out, errOut = takeback(t, append([]string{"doctor", "--insecure"}, login...)...)
	if !strings.Contains(out, "ok       Login") || !strings.Contains(errOut, nextcloud.InsecureWarning.String()) {
		t.Errorf("doctor with --insecure: exit %d\n%s\n%s", code, out, errOut)
	}
}

func TestPlainHTTPNeedsAllowHTTP(t *testing.T) {
	isolate(t)
	archives, err := fixtures.Takeout{Photos: true}.Write(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("TAKEBACK_PASSWORD", "wrong-password-123")
	for _, args := range [][]string{
		{"import", "--webdav", "http://example.invalid/files/", "--user", "alice", "--only", "photos"},
		{"import", "--server", "http://example.invalid", "--user", "alice"},
		{"preview", "--caldav", "http://example.invalid/dav/", "--user", "alice"},
		{"doctor", "--server", "http://example.invalid", "--user", "alice"},
	} {
		code, out, errOut := takeback(t, append(args, archives...)...)
		if code != exitUsage || !strings.Contains(errOut, "refusing to send your password over plain http:// to example.invalid") ||
			!strings.Contains(errOut, "--allow-http") {
			t.Errorf("%s: exit %d\n%s\n%s", strings.Join(args, " "), code, out, errOut)
		}
	}

	// A stored login on such a server is refused the same way.
	store := isolate(t)
	t.Setenv("TAKEBACK_PASSWORD", "wrong-password-123")
	if err := store.Save(credentials.Login{Server: "http://example.invalid", LoginName: "alice", AppPassword: "wrong-password-123"}); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := takeback(t, append([]string{"import", "--only", "photos"}, archives...)...)
	if code != exitUsage || !strings.Contains(errOut, "refusing to send your password over plain http://") {
		t.Errorf("stored login over http: exit %d\n%s\n%s", code, out, errOut)
	}

	// --allow-http lets it try (and fail to find the server).
	code, _, errOut = takeback(t, "preview", "--webdav", "http://example.invalid/", "--user", "alice", "--allow-http", archives[0])
	if code == 0 || strings.Contains(errOut, "refusing") || !strings.Contains(errOut, "example.invalid") {
		t.Errorf("--allow-http: exit %d\n%s", code, errOut)
	}

	// A server on this computer needs no flag (the other tests of this
	// package import into servers on 127.0.0.1 over http://).
	nc := double.New(t)
	t.Setenv("TAKEBACK_PASSWORD", nc.Password)
	local := strings.Replace(nc.URL, "127.0.0.1", "localhost", 1)
	code, out, errOut = takeback(t, append([]string{"preview", "--server", local, "--user", nc.Login, "--only", "photos"}, archives...)...)
	if code != 0 {
		t.Errorf("http://localhost: exit %d\n%s\n%s", code, out, errOut)
	}
}

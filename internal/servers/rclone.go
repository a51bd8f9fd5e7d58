package servers

import (
	"os"
	"path/filepath"
	"testing"
)

// RcloneBin is the Debian package's rclone.
const RcloneBin = "/usr/bin/rclone"

// RcloneServer is a running `rclone serve webdav` over a local folder.
//
// What the Debian rclone (v1.60) answers, as TestRcloneAnswers checks: PUT
// 201, also over an existing file (If-None-Match: * is ignored); MKCOL 201,
// also on an existing folder, 405 on an existing file, 409 when the parent
// is missing; PROPFIND of a missing path 404; no oc:checksums (a 404
// property); X-OC-Mtime is ignored, so files get the upload time.
type RcloneServer struct {
	URL      string // "http://127.0.0.1:PORT", no trailing slash
	User     string
	Password string
	// Root is the folder served. Read it, but write only through the
	// server: rclone caches directory listings, so a change made behind its
	// back may not show.
	Root string
}

// Rclone serves a temporary folder over WebDAV on 127.0.0.1 with one user.
// It is stopped when the test ends.
func Rclone(t testing.TB) *RcloneServer {
	t.Helper()
	return RcloneAs(t, "alice", "secret-pa55")
}

// RcloneAs is Rclone with another user.
func RcloneAs(t testing.TB, user, password string) *RcloneServer {
	t.Helper()
	requireBinary(t, RcloneBin, "rclone")
	dir := t.TempDir()
	s := &RcloneServer{User: user, Password: password, Root: filepath.Join(dir, "root")}
	if err := os.Mkdir(s.Root, 0o755); err != nil {
		t.Fatal(err)
	}
	config := filepath.Join(dir, "rclone.conf")
	if err := os.WriteFile(config, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	s.URL, _ = run(t, "rclone", RcloneBin, func(addr string) []string {
		return []string{"serve", "webdav", "--config", config, "--addr", addr,
			"--user", s.User, "--pass", s.Password, s.Root}
	})
	return s
}

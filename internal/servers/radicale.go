package servers

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// RadicaleBin is the Debian package's Radicale. The python3 first on PATH
// may not be the system's, so the script is run by its absolute path.
const RadicaleBin = "/usr/bin/radicale"

// RadicaleServer is a running Radicale with one user.
type RadicaleServer struct {
	URL        string // "http://127.0.0.1:PORT", no trailing slash
	User       string
	Password   string
	StorageDir string // where Radicale keeps its collections

	usersFile string
	others    map[string]string // AddUser's users and passwords
}

// SetPassword changes the user's password on the running server, for
// tests of a password that stops working part-way.
func (s *RadicaleServer) SetPassword(t testing.TB, password string) {
	t.Helper()
	s.Password = password
	s.writeUsers(t)
}

// AddUser adds a user to the running server (Radicale reads its users
// file on every login), each with collections of their own.
func (s *RadicaleServer) AddUser(t testing.TB, user, password string) {
	t.Helper()
	if s.others == nil {
		s.others = map[string]string{}
	}
	s.others[user] = password
	s.writeUsers(t)
}

func (s *RadicaleServer) writeUsers(t testing.TB) {
	t.Helper()
	text := s.User + ":" + s.Password + "\n"
	for u, pw := range s.others {
		text += u + ":" + pw + "\n"
	}
	if err := os.WriteFile(s.usersFile, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}

// Radicale starts Radicale on 127.0.0.1 with htpasswd authentication (plain
// passwords), owner-only rights and storage in a temporary directory. It is
// stopped when the test ends.
func Radicale(t testing.TB) *RadicaleServer {
	t.Helper()
	requireBinary(t, RadicaleBin, "radicale")
	dir := t.TempDir()
	s := &RadicaleServer{
		User:       "alice",
		Password:   "secret-pa55",
		StorageDir: filepath.Join(dir, "collections"),
	}
	users := filepath.Join(dir, "users")
	s.usersFile = users
	s.SetPassword(t, s.Password)
	config := filepath.Join(dir, "config")
	s.URL, _ = run(t, "radicale", RadicaleBin, func(addr string) []string {
		text := fmt.Sprintf(`[server]
hosts = %s

[auth]
type = htpasswd
htpasswd_filename = %s
htpasswd_encryption = plain
delay = 0

[rights]
type = owner_only

[storage]
filesystem_folder = %s

[web]
type = none

[logging]
level = warning
`, addr, users, s.StorageDir)
		if err := os.WriteFile(config, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return []string{"--config", config}
	})
	return s
}

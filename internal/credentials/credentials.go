// Package credentials keeps the login that "takeback login" obtained: the
// server's address, the login name, the app password and the user ID, as
// JSON in <config dir>/takeback/login.json, the config dir being
// os.UserConfigDir's: $XDG_CONFIG_HOME or ~/.config on Linux and other
// Unixes, ~/Library/Application Support on macOS, %AppData% on Windows.
// The file is readable only by its owner (0600), in a folder only the owner
// can open (0700), and is replaced atomically, so that a crash never leaves
// half a file. A file that others could read is refused.
package credentials

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/takeback/takeback/internal/lang"
)

// Login is a stored login.
type Login struct {
	Server      string `json:"server"`
	LoginName   string `json:"loginName"`
	AppPassword string `json:"appPassword"`
	UserID      string `json:"userId"`
}

// Text names the login without its password, for people: "alice on
// https://…".
func (l Login) Text() lang.Text {
	who := l.UserID
	if who == "" {
		who = l.LoginName
	}
	return lang.T("%s on %s", who, l.Server)
}

// String is Text in English.
func (l Login) String() string { return l.Text().String() }

// ErrNotFound is Load's error when no login is stored.
var ErrNotFound = lang.New("no stored login")

// Store is where a login is kept: Dir/login.json.
type Store struct{ Dir string }

// Default is the store in the user's configuration folder
// (os.UserConfigDir()/takeback).
func Default() (Store, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return Store{}, lang.Errorf("finding the folder for settings: %w", err)
	}
	return Store{Dir: filepath.Join(dir, "takeback")}, nil
}

// Path is the file's path.
func (s Store) Path() string { return filepath.Join(s.Dir, "login.json") }

// Save writes l, replacing any stored login: a temporary file of mode 0600
// in the same folder, synced, then renamed over the old one.
func (s Store) Save(l Login) error {
	if l.Server == "" || l.LoginName == "" || l.AppPassword == "" {
		return lang.New("the login is incomplete: it needs the server, the login name and the app password")
	}
	if err := os.MkdirAll(s.Dir, 0o700); err != nil {
		return lang.Errorf("creating the folder %s: %w", s.Dir, err)
	}
	data, err := json.MarshalIndent(l, "", "  ")
	if err != nil {
		return err
	}
	f, err := os.CreateTemp(s.Dir, ".login-*.json") // mode 0600
	if err != nil {
		return lang.Errorf("storing the login: %w", err)
	}
	tmp := f.Name()
	defer os.Remove(tmp) // after a successful rename there is nothing left to remove
	if err := f.Chmod(0o600); err != nil && runtime.GOOS != "windows" {
		f.Close()
		return lang.Errorf("storing the login: %w", err)
	}
	if _, err := f.Write(append(data, '\n')); err != nil {
		f.Close()
		return lang.Errorf("storing the login: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return lang.Errorf("storing the login: %w", err)
	}
	if err := f.Close(); err != nil {
		return lang.Errorf("storing the login: %w", err)
	}
	if err := os.Rename(tmp, s.Path()); err != nil {
		return lang.Errorf("storing the login: %w", err)
	}
	return nil
}

// Load reads the stored login: ErrNotFound when there is none, and an
// error when the file can be read by others than its owner.
func (s Store) Load() (*Login, error) { return s.load(true) }

// LoadForRemoval reads the stored login even when others could read it,
// so that logging out can still revoke it.
func (s Store) LoadForRemoval() (*Login, error) { return s.load(false) }

func (s Store) load(private bool) (*Login, error) {
	f, err := os.Open(s.Path())
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, lang.Errorf("reading the stored login: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, lang.Errorf("reading the stored login: %w", err)
	}
	if !fi.Mode().IsRegular() {
		return nil, lang.Errorf("the stored login %s is not a regular file", s.Path())
	}
	if perm := fi.Mode().Perm(); private && tooOpen(runtime.GOOS, perm) {
		return nil, lang.Errorf("the stored login %s can be read by other users of this computer (mode %s), so takeback does not use it. "+
			"Make it private with: chmod 600 %s, or log in again", s.Path(), fmt.Sprintf("%04o", perm), shellQuote(s.Path()))
	}
	data, err := io.ReadAll(io.LimitReader(f, 1<<20))
	if err != nil {
		return nil, lang.Errorf("reading the stored login: %w", err)
	}
	var l Login
	if err := json.Unmarshal(data, &l); err != nil || l.Server == "" || l.LoginName == "" || l.AppPassword == "" {
		// The error would quote the file, password included.
		return nil, lang.Errorf("the stored login %s is damaged; log in again (takeback login)", s.Path())
	}
	return &l, nil
}

// Delete removes the stored login; none stored is not an error.
func (s Store) Delete() error {
	err := os.Remove(s.Path())
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return lang.Errorf("removing the stored login: %w", err)
	}
	return nil
}

func shellQuote(p string) string {
	if strings.ContainsAny(p, " '\"$`\\!*?[]{}()<>|&;#~") {
		return "'" + strings.ReplaceAll(p, "'", `'\''`) + "'"
	}
	return p
}

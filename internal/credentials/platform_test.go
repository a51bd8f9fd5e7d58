package credentials

import (
	"io/fs"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// The stored login lives where each system keeps settings
// (os.UserConfigDir); the cases of the other systems run there.
func TestDefaultFollowsThePlatform(t *testing.T) {
	home := t.TempDir()
	xdg := t.TempDir()
	appData := t.TempDir()
	tests := []struct {
		goos    string
		name    string
		env     map[string]string
		want    string // the folder, or "" for an error
		wantErr string
	}{
		{"linux", "XDG_CONFIG_HOME", map[string]string{"HOME": home, "XDG_CONFIG_HOME": xdg}, filepath.Join(xdg, "takeback"), ""},
		{"linux", "no XDG_CONFIG_HOME", map[string]string{"HOME": home, "XDG_CONFIG_HOME": ""}, filepath.Join(home, ".config", "takeback"), ""},
		{"linux", "relative XDG_CONFIG_HOME", map[string]string{"HOME": home, "XDG_CONFIG_HOME": "config"}, "", "relative"},
		{"linux", "no home at all", map[string]string{"HOME": "", "XDG_CONFIG_HOME": ""}, "", "$HOME"},
		{"darwin", "macOS", map[string]string{"HOME": home, "XDG_CONFIG_HOME": xdg}, filepath.Join(home, "Library", "Application Support", "takeback"), ""},
		{"windows", "Windows", map[string]string{"AppData": appData, "XDG_CONFIG_HOME": xdg}, filepath.Join(appData, "takeback"), ""},
		{"windows", "no AppData", map[string]string{"AppData": ""}, "", "not defined"},
	}
	for _, tt := range tests {
		if tt.goos != runtime.GOOS {
			continue
		}
		t.Run(tt.name, func(t *testing.T) {
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			store, err := Default()
			switch {
			case tt.wantErr != "":
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("Default() = %q, %v; want an error saying %q", store.Dir, err, tt.wantErr)
				}
			case err != nil || store.Dir != tt.want || store.Path() != filepath.Join(tt.want, "login.json"):
				t.Errorf("Default() = %q, %v; want %q", store.Dir, err, tt.want)
			}
		})
	}
}

// A login that others can read is refused, except on Windows, where the
// mode bits say nothing about who can read a file.
func TestTooOpen(t *testing.T) {
	tests := []struct {
		goos string
		perm fs.FileMode
		want bool
	}{
		{"linux", 0o600, false},
		{"linux", 0o400, false},
		{"linux", 0o640, true},
		{"linux", 0o604, true},
		{"darwin", 0o600, false},
		{"darwin", 0o644, true},
		{"freebsd", 0o660, true},
		// What Go reports for any file on Windows, and for a read-only one.
		{"windows", 0o666, false},
		{"windows", 0o444, false},
	}
	for _, tt := range tests {
		if got := tooOpen(tt.goos, tt.perm); got != tt.want {
			t.Errorf("tooOpen(%s, %04o) = %v, want %v", tt.goos, tt.perm, got, tt.want)
		}
	}
}

package credentials

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

var alice = Login{Server: "https://cloud.example.org", LoginName: "alice@example.org", AppPassword: "app-S3cret-token-0001", UserID: "alice"}

func TestSaveLoadDelete(t *testing.T) {
	store := Store{Dir: filepath.Join(t.TempDir(), "config", "takeback")}
	if _, err := store.Load(); !errors.Is(err, ErrNotFound) {
		t.Fatalf("empty store: %v, want ErrNotFound", err)
	}
	if err := store.Save(alice); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(store.Path())
	if err != nil {
		t.Fatal(err)
	}
	di, err := os.Stat(store.Dir)
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && (fi.Mode().Perm() != 0o600 || di.Mode().Perm() != 0o700) {
		t.Errorf("file mode %v, folder mode %v; want 0600 and 0700", fi.Mode().Perm(), di.Mode().Perm())
	}
	got, err := store.Load()
	if err != nil || *got != alice {
		t.Errorf("loaded %+v, %v", got, err)
	}
	if s := got.String(); strings.Contains(s, alice.AppPassword) || s != "alice on https://cloud.example.org" {
		t.Errorf("String() = %q", s)
	}

	// Saving again replaces the file, leaving no temporary file behind.
	bob := alice
	bob.LoginName, bob.UserID, bob.AppPassword = "bob", "bob", "app-other-0002"
	if err := store.Save(bob); err != nil {
		t.Fatal(err)
	}
	if got, err := store.Load(); err != nil || *got != bob {
		t.Errorf("after the second save: %+v, %v", got, err)
	}
	entries, _ := os.ReadDir(store.Dir)
	if len(entries) != 1 {
		t.Errorf("files in the folder: %v, want login.json alone", entries)
	}

	if err := store.Delete(); err != nil {
		t.Fatal(err)
	}
	if _, err := store.Load(); !errors.Is(err, ErrNotFound) {
		t.Errorf("after Delete: %v", err)
	}
	if err := store.Delete(); err != nil {
		t.Errorf("deleting twice: %v", err)
	}
}

func TestLooseModeIsRefused(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no Unix modes")
	}
	store := Store{Dir: t.TempDir()}
	if err := store.Save(alice); err != nil {
		t.Fatal(err)
	}
	for _, mode := range []os.FileMode{0o644, 0o640, 0o604, 0o660} {
		os.Chmod(store.Path(), mode)
		_, err := store.Load()
		if err == nil || !strings.Contains(err.Error(), "chmod 600") || strings.Contains(err.Error(), alice.AppPassword) {
			t.Errorf("mode %04o: %v, want a refusal saying chmod 600", mode, err)
		}
		if l, err := store.LoadForRemoval(); err != nil || l.AppPassword != alice.AppPassword {
			t.Errorf("mode %04o, for removal: %v, %v", mode, l, err)
		}
	}
	os.Chmod(store.Path(), 0o400)
	if _, err := store.Load(); err != nil {
		t.Errorf("mode 0400: %v", err)
	}
}

func TestDamagedOrIncomplete(t *testing.T) {
	store := Store{Dir: t.TempDir()}
	for _, content := range []string{`{"server":"https://x", "appPassword":"app-S3cret-token-0001"`, `{"server":"https://x"}`, ``} {
		os.WriteFile(store.Path(), []byte(content), 0o600)
		_, err := store.Load()
		if err == nil || !strings.Contains(err.Error(), "damaged") || strings.Contains(err.Error(), "S3cret") {
			t.Errorf("%q: %v", content, err)
		}
	}
	if err := store.Save(Login{Server: "https://x"}); err == nil {
		t.Error("saved a login without a password")
	}
}

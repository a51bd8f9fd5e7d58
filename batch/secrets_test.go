package batch

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func writeCredentialsFile(t *testing.T, content string, mode os.FileMode) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "credentials.csv")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil { // whatever the umask
		t.Fatal(err)
	}
	return path
}

func TestOpenSecretsMode(t *testing.T) {
	tests := []struct {
		mode os.FileMode
		ok   bool
	}{
		{0o600, true},
		{0o400, true},
		{0o644, false},
		{0o640, false},
		{0o604, false},
		{0o620, false},
		{0o602, false},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%04o", tt.mode), func(t *testing.T) {
			path := writeCredentialsFile(t, "userid,password\nann,Ann-generated-Zq7!\n", tt.mode)
			s, err := OpenSecrets(path)
			if tt.ok {
				if err != nil {
					t.Fatalf("OpenSecrets: %v", err)
				}
				if pw, ok := s.Get("ann"); !ok || pw != "Ann-generated-Zq7!" {
					t.Errorf("Get(ann) = %q, %v", pw, ok)
				}
				return
			}
			if err == nil {
				t.Fatal("OpenSecrets of a file others can read: no error")
			}
			for _, want := range []string{path, "chmod 600"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not say %q", err, want)
				}
			}
			if strings.Contains(err.Error(), "Ann-generated") {
				t.Errorf("error %q shows a password", err)
			}
		})
	}
}

func TestOpenSecretsDamaged(t *testing.T) {
	const pw = "Secr3t-Xq9!"
	tests := []struct {
		name, content string
	}{
		{"three fields", "userid,password\nann," + pw + ",extra\n"},
		{"one field", "userid,password\n" + pw + "\n"},
		{"bare quote", "userid,password\nann,Sec\"r3t-Xq9!\n"},
		{"unterminated quote", "userid,password\nann,\"" + pw + "\n"},
		{"text after a quoted field", "userid,password\nann,\"" + pw + "\"x\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeCredentialsFile(t, tt.content, 0o600)
			_, err := OpenSecrets(path)
			if err == nil {
				t.Fatal("no error for a damaged credentials file")
			}
			for _, want := range []string{path, "damaged"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not say %q", err, want)
				}
			}
			for _, secret := range []string{pw, "Secr3t", "r3t-Xq9"} {
				if strings.Contains(err.Error(), secret) {
					t.Errorf("error %q shows the password", err)
				}
			}
		})
	}
}

func TestSecretsRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "credentials.csv")
	s, err := OpenSecrets(path)
	if err != nil {
		t.Fatalf("OpenSecrets of a missing file: %v", err)
	}
	if _, ok := s.Get("ann"); ok {
		t.Error("Get on an empty credentials file found a password")
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("OpenSecrets created the file before any password: %v", err)
	}
	want := map[string]string{
		"ann":   "Ann-generated-Zq7!",
		"bob":   `Bob,"quoted",pw`, // whatever the characters
		"Cy.Dé": "=Cy-pw+9@",
	}
	for id, pw := range want {
		if err := s.Put(id, pw); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Put("ann", "Ann-second-Wp4?"); err != nil {
		t.Fatal(err)
	}
	want["ann"] = "Ann-second-Wp4?"
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if perm := fi.Mode().Perm(); perm != 0o600 {
		t.Errorf("credentials file mode %04o, want 0600", perm)
	}
	if got := readCredentials(t, path); len(got) != len(want) {
		t.Errorf("credentials file %q, want %q", got, want)
	}
	again, err := OpenSecrets(path)
	if err != nil {
		t.Fatalf("OpenSecrets of its own file: %v", err)
	}
	for id, pw := range want {
		if got, ok := again.Get(id); !ok || got != pw {
			t.Errorf("Get(%q) = %q, %v; want %q", id, got, ok, pw)
		}
	}
	if _, ok := again.Get("userid"); ok {
		t.Error("the header line was read as a password")
	}
	if entries, _ := os.ReadDir(filepath.Dir(path)); len(entries) != 1 {
		t.Errorf("%d files beside the credentials file, want none", len(entries)-1)
	}
}

func TestSecretsConcurrentPut(t *testing.T) {
	path := filepath.Join(t.TempDir(), "credentials.csv")
	s, err := OpenSecrets(path)
	if err != nil {
		t.Fatal(err)
	}
	const n = 30
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			if err := s.Put(fmt.Sprintf("user%02d", i), fmt.Sprintf("Pw-%02d-Xy7!", i)); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	again, err := OpenSecrets(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		id := fmt.Sprintf("user%02d", i)
		if pw, ok := again.Get(id); !ok || pw != fmt.Sprintf("Pw-%02d-Xy7!", i) {
			t.Errorf("Get(%s) = %q, %v: a concurrent Put was lost", id, pw, ok)
		}
	}
}

package servers

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func propfind(t *testing.T, url, user, pass string) int {
	t.Helper()
	req, err := http.NewRequest("PROPFIND", url, strings.NewReader(
		`<?xml version="1.0"?><d:propfind xmlns:d="DAV:"><d:prop><d:resourcetype/></d:prop></d:propfind>`))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Depth", "0")
	req.SetBasicAuth(user, pass)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestRadicale(t *testing.T) {
	s := Radicale(t)
	if got := propfind(t, s.URL+"/"+s.User+"/", s.User, s.Password); got != http.StatusMultiStatus {
		t.Errorf("PROPFIND with the right password: %d, want 207", got)
	}
	if got := propfind(t, s.URL+"/"+s.User+"/", s.User, "wrong"); got != http.StatusUnauthorized {
		t.Errorf("PROPFIND with a wrong password: %d, want 401", got)
	}
}

func TestRclone(t *testing.T) {
	s := Rclone(t)
	if got := propfind(t, s.URL+"/", s.User, s.Password); got != http.StatusMultiStatus {
		t.Errorf("PROPFIND with the right password: %d, want 207", got)
	}
	if got := propfind(t, s.URL+"/", s.User, "wrong"); got != http.StatusUnauthorized {
		t.Errorf("PROPFIND with a wrong password: %d, want 401", got)
	}
}

// TestRcloneAnswers pins the answers RcloneServer's comment describes,
// which tests of the files target rely on. X-OC-Mtime is only logged: a
// newer rclone may honour it.
func TestRcloneAnswers(t *testing.T) {
	s := Rclone(t)
	send := func(method, path, body string, header ...string) int {
		t.Helper()
		req, err := http.NewRequest(method, s.URL+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		req.SetBasicAuth(s.User, s.Password)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	for _, tc := range []struct {
		method, path, body string
		header             []string
		want               int
	}{
		{"MKCOL", "/a/b", "", nil, http.StatusConflict},
		{"MKCOL", "/a", "", nil, http.StatusCreated},
		{"MKCOL", "/a", "", nil, http.StatusCreated},
		{"PUT", "/a/f.txt", "one", []string{"If-None-Match", "*"}, http.StatusCreated},
		{"PUT", "/a/f.txt", "two", []string{"If-None-Match", "*"}, http.StatusCreated},
		{"MKCOL", "/a/f.txt", "", nil, http.StatusMethodNotAllowed},
		{"PROPFIND", "/missing/", "", []string{"Depth", "1"}, http.StatusNotFound},
		{"PUT", "/a/m.txt", "dated", []string{"X-OC-Mtime", "1563098400"}, http.StatusCreated},
	} {
		if got := send(tc.method, tc.path, tc.body, tc.header...); got != tc.want {
			t.Errorf("%s %s %v: %d, want %d", tc.method, tc.path, tc.header, got, tc.want)
		}
	}
	b, err := os.ReadFile(filepath.Join(s.Root, "a", "f.txt"))
	if err != nil || string(b) != "two" {
		t.Errorf("f.txt holds %q (%v), want the second PUT's bytes", b, err)
	}
	if fi, err := os.Stat(filepath.Join(s.Root, "a", "m.txt")); err != nil {
		t.Error(err)
	} else if fi.ModTime().Unix() == 1563098400 {
		t.Log("this rclone honours X-OC-Mtime")
	} else {
		t.Logf("this rclone ignores X-OC-Mtime: the file's mtime is %v", fi.ModTime())
	}
}

package servers

import (
	"net/http"
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

package ui

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// client calls the page's API as the page does.
type client struct {
	t *testing.T
	s *Server
}

func (c client) get(pathQuery string) (*http.Response, string) {
	c.t.Helper()
	req, _ := http.NewRequest("GET", "http://"+c.s.Addr().String()+pathQuery, nil)
	req.Header.Set(tokenHeader, c.s.token)
	return c.do(req)
}

func (c client) post(path, body string, want int) string {
	c.t.Helper()
	req, _ := http.NewRequest("POST", "http://"+c.s.Addr().String()+path, strings.NewReader(body))
	req.Header.Set(tokenHeader, c.s.token)
	req.Header.Set("Content-Type", "application/json")
	res, text := c.do(req)
	if res.StatusCode != want {
		c.t.Fatalf("POST %s %s: status %d, want %d: %s", path, body, res.StatusCode, want, text)
	}
	return text
}

func (c client) do(req *http.Request) (*http.Response, string) {
	c.t.Helper()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	return res, string(b)
}

// archive makes a file that stands for a Takeout archive (the fake
// backend does not open it).
func archive(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "takeout-20241002T101010Z-001.zip")
	if err := os.WriteFile(p, []byte("PK"), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// jsonPath escapes a path for a JSON string (Windows' backslashes).
func jsonPath(p string) string { return strings.ReplaceAll(p, `\`, `\\`) }

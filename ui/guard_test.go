package ui

import (
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestListensOnLoopbackWithAToken(t *testing.T) {
	s, _ := serve(t, newFakeBackend("https://cloud.example.org/login"), Config{Home: t.TempDir()})
	addr := s.Addr().(*net.TCPAddr)
	if !addr.IP.IsLoopback() || addr.IP.String() != "127.0.0.1" {
		t.Errorf("listening on %v, want 127.0.0.1", addr)
	}
	u, err := url.Parse(s.URL())
	if err != nil || u.Scheme != "http" || u.Host != addr.String() || u.Path != "/" {
		t.Fatalf("URL %q (%v), want http://%v/?token=…", s.URL(), err, addr)
	}
	if tok := u.Query().Get("token"); len(tok) != 43 || tok != s.token {
		t.Errorf("token %q: want 32 random bytes in base64url (43 characters)", tok)
	}
	other, _ := serve(t, newFakeBackend(""), Config{Home: t.TempDir()})
	if other.token == s.token {
		t.Error("two servers have the same token")
	}
}

func TestGuard(t *testing.T) {
	s, _ := serve(t, newFakeBackend("https://cloud.example.org/login"), Config{Home: t.TempDir()})
	own := "http://" + s.Addr().String()
	port := s.port
	nearly := "A" + s.token[1:]
	if s.token[0] == 'A' {
		nearly = "B" + s.token[1:]
	}
	fill := strings.NewReplacer("TOKEN", s.token, "NEARLY", nearly).Replace
	for _, tc := range []struct {
		name    string
		method  string
		target  string // path and query; TOKEN is replaced by the token
		host    string
		headers map[string]string
		want    int
	}{
		{"page", "GET", "/?token=TOKEN", "", nil, 200},
		{"page by localhost", "GET", "/?token=TOKEN", "localhost:" + port, nil, 200},
		{"no token", "GET", "/", "", nil, 403},
		{"wrong token", "GET", "/?token=AAAA", "", nil, 403},
		{"token one character off", "GET", "/?token=NEARLY", "", nil, 403},
		{"token in the header", "GET", "/api/state", "", map[string]string{tokenHeader: "TOKEN"}, 200},
		{"wrong token in the header", "GET", "/api/state?token=TOKEN", "", map[string]string{tokenHeader: "nope"}, 403},
		{"script without token", "GET", "/app.js", "", nil, 403},
		{"script", "GET", "/app.js?token=TOKEN", "", nil, 200},
		{"DNS rebinding", "GET", "/?token=TOKEN", "evil.example:" + port, nil, 403},
		{"another port", "GET", "/?token=TOKEN", "127.0.0.1:1", nil, 403},
		{"foreign origin", "GET", "/api/state?token=TOKEN", "", map[string]string{"Origin": "http://evil.example"}, 403},
		{"cross-site fetch", "GET", "/api/state?token=TOKEN", "", map[string]string{"Sec-Fetch-Site": "cross-site"}, 403},
		{"POST from a foreign origin", "POST", "/api/login/cancel", "", map[string]string{tokenHeader: "TOKEN", "Origin": "http://evil.example"}, 403},
		{"POST from a foreign origin, token in the query", "POST", "/api/login/cancel?token=TOKEN", "", map[string]string{"Origin": "http://evil.example"}, 403},
		{"POST with the token in the query only", "POST", "/api/login/cancel?token=TOKEN", "", nil, 403},
		{"POST from this origin", "POST", "/api/login/cancel?token=TOKEN", "", map[string]string{"Origin": own}, 200},
		{"POST with the header token", "POST", "/api/login/cancel", "", map[string]string{tokenHeader: "TOKEN"}, 200},
		{"POST without token", "POST", "/api/login/cancel", "", map[string]string{"Origin": own}, 403},
		{"GET where POST is needed", "GET", "/api/login/cancel?token=TOKEN", "", nil, 405},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, err := http.NewRequest(tc.method, own+fill(tc.target), strings.NewReader("{}"))
			if err != nil {
				t.Fatal(err)
			}
			if tc.host != "" {
				req.Host = tc.host
			}
			for k, v := range tc.headers {
				req.Header.Set(k, fill(v))
			}
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != tc.want {
				t.Fatalf("status %d, want %d: %s", res.StatusCode, tc.want, body)
			}
			h := res.Header
			if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") || strings.Contains(csp, "unsafe") {
				t.Errorf("Content-Security-Policy %q", csp)
			}
			for k, v := range map[string]string{"X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer", "X-Content-Type-Options": "nosniff"} {
				if h.Get(k) != v {
					t.Errorf("%s: %q, want %q", k, h.Get(k), v)
				}
			}
			if tc.want == 403 && !strings.Contains(string(body), "token") {
				t.Errorf("the refusal says %q", body)
			}
		})
	}
}

func TestPreviewFrameHeaders(t *testing.T) {
	b := newFakeBackend("")
	s, _ := serve(t, b, Config{Home: t.TempDir()})
	c := client{t, s}
	c.post("/api/archives", `{"paths":["`+jsonPath(archive(t))+`"]}`, 200)
	waitFor(t, s, "the archives read", func(v view) bool { return v.Scan.State == "done" })

	for _, tc := range []struct {
		query      string
		want, lack []string
	}{
		{"", []string{"<h3>Work</h3>", "Google Contacts", "Rome 2019"}, nil},
		{"&only=photos", []string{"Rome 2019"}, []string{"<h3>Work</h3>", "Google Contacts"}},
		{"&only=calendars&only=contacts", []string{"<h3>Work</h3>", "Google Contacts"}, []string{"Rome 2019"}},
	} {
		res, body := c.get("/preview?token=" + s.token + tc.query)
		if res.StatusCode != 200 {
			t.Fatalf("%s: status %d: %s", tc.query, res.StatusCode, body)
		}
		if got := res.Header.Get("X-Frame-Options"); got != "SAMEORIGIN" {
			t.Errorf("X-Frame-Options %q: the page's own frame must show it", got)
		}
		csp := res.Header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "frame-ancestors 'self'") || strings.Contains(csp, "script") {
			t.Errorf("Content-Security-Policy %q: want no script, and framing by this page only", csp)
		}
		for _, w := range tc.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s: the preview lacks %q", tc.query, w)
			}
		}
		for _, w := range tc.lack {
			if strings.Contains(body, w) {
				t.Errorf("%s: the preview shows %q", tc.query, w)
			}
		}
	}
	if res, _ := c.get("/preview?token=" + s.token + "&only=pictures"); res.StatusCode != 400 {
		t.Errorf("an unknown category: status %d, want 400", res.StatusCode)
	}
}

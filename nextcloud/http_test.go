package nextcloud

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/takeback/takeback/importers"
)

const testPassword = "s3cret-Passw0rd"

// recorder is a test server that answers with the next of its replies and
// counts the requests.
type recorder struct {
	mu      sync.Mutex
	replies []func(w http.ResponseWriter)
	bodies  []string
	agents  []string
	auth    []bool
}

func (rec *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	rec.mu.Lock()
	n := len(rec.bodies)
	rec.bodies = append(rec.bodies, string(b))
	rec.agents = append(rec.agents, r.UserAgent())
	u, p, ok := r.BasicAuth()
	rec.auth = append(rec.auth, ok && u == "alice" && p == testPassword)
	reply := rec.replies[min(n, len(rec.replies)-1)]
	rec.mu.Unlock()
	reply(w)
}

func (rec *recorder) count() int {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return len(rec.bodies)
}

func status(code int, header ...string) func(w http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		for i := 0; i+1 < len(header); i += 2 {
			w.Header().Set(header[i], header[i+1])
		}
		w.WriteHeader(code)
	}
}

func serve(t *testing.T, replies ...func(w http.ResponseWriter)) (*recorder, string) {
	rec := &recorder{replies: replies}
	srv := httptest.NewServer(rec)
	t.Cleanup(srv.Close)
	return rec, srv.URL
}

func testClient() *Client {
	c := NewClient("alice", testPassword, ClientOptions{Version: "1.2.3"})
	c.baseDelay, c.maxDelay = time.Millisecond, 5*time.Millisecond
	return c
}

func put(t *testing.T, c *Client, url, body string) (*http.Response, error) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPut, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("If-None-Match", "*")
	return c.Do(req)
}

func TestRetryAfterSecondsThenCreated(t *testing.T) {
	rec, url := serve(t, status(503, "Retry-After", "1"), status(201))
	start := time.Now()
	resp, err := put(t, testClient(), url+"/x.ics", "BODY")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 201 {
		t.Errorf("status %d, want 201", resp.StatusCode)
	}
	if rec.count() != 2 {
		t.Errorf("%d requests, want 2 (one retry)", rec.count())
	}
	if d := time.Since(start); d < time.Second {
		t.Errorf("retried after %v, before the Retry-After of 1 s", d)
	}
	for i, b := range rec.bodies {
		if b != "BODY" {
			t.Errorf("attempt %d sent body %q, want it replayed", i+1, b)
		}
		if rec.agents[i] != "takeback/1.2.3" {
			t.Errorf("attempt %d User-Agent %q", i+1, rec.agents[i])
		}
		if !rec.auth[i] {
			t.Errorf("attempt %d had no or wrong Basic auth", i+1)
		}
	}
}

func TestRetryGatewayErrorsWithBackoff(t *testing.T) {
	rec, url := serve(t, status(502), status(504), status(429), status(204))
	resp, err := put(t, testClient(), url+"/x.ics", "BODY")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 204 || rec.count() != 4 {
		t.Errorf("status %d after %d requests, want 204 after 4", resp.StatusCode, rec.count())
	}
}

func TestRetriesAreBounded(t *testing.T) {
	rec, url := serve(t, status(503))
	c := testClient()
	resp, err := put(t, c, url+"/x.ics", "BODY")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 503 {
		t.Errorf("status %d, want the last answer, 503", resp.StatusCode)
	}
	if rec.count() != 1+DefaultRetries {
		t.Errorf("%d requests, want %d", rec.count(), 1+DefaultRetries)
	}
}

func TestNoRetryForPostOnGatewayError(t *testing.T) {
	rec, url := serve(t, status(502), status(201))
	req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader("x"))
	resp, err := testClient().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 502 || rec.count() != 1 {
		t.Errorf("status %d after %d requests, want 502 after 1", resp.StatusCode, rec.count())
	}
}

func TestUnreplayableBodyIsSentOnce(t *testing.T) {
	rec, url := serve(t, status(503), status(201))
	req, _ := http.NewRequest(http.MethodPut, url, io.NopCloser(strings.NewReader("x")))
	resp, err := testClient().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if rec.count() != 1 {
		t.Errorf("%d requests, want 1: the body cannot be sent again", rec.count())
	}
}

func TestUnauthorizedIsFatalAndNotRetried(t *testing.T) {
	rec, url := serve(t, status(401, "WWW-Authenticate", `Basic realm="x"`))
	_, err := put(t, testClient(), url+"/x.ics", "BODY")
	if err == nil {
		t.Fatal("no error for 401")
	}
	if rec.count() != 1 {
		t.Errorf("%d requests, want 1: a 401 is never retried", rec.count())
	}
	if !importers.IsFatal(err) {
		t.Errorf("401 error is not fatal: %v", err)
	}
	var ae *AuthError
	if !errors.As(err, &ae) {
		t.Errorf("401 error is not an AuthError: %v", err)
	}
	if !strings.Contains(err.Error(), "refused the user name or password") {
		t.Errorf("error does not say what happened: %v", err)
	}
	assertNoSecret(t, err)
}

func TestForbiddenIsNotRetried(t *testing.T) {
	rec, url := serve(t, status(403))
	resp, err := put(t, testClient(), url+"/x.ics", "BODY")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 403 || rec.count() != 1 {
		t.Errorf("status %d after %d requests, want 403 after 1", resp.StatusCode, rec.count())
	}
}

func TestLongRetryAfterFailsWithWhen(t *testing.T) {
	rec, url := serve(t, status(429, "Retry-After", "7200"))
	_, err := put(t, testClient(), url+"/x.ics", "BODY")
	var te *ThrottledError
	if !errors.As(err, &te) {
		t.Fatalf("error %v, want a ThrottledError", err)
	}
	if rec.count() != 1 {
		t.Errorf("%d requests, want 1", rec.count())
	}
	if te.Wait != 2*time.Hour || time.Until(te.Until) < 119*time.Minute {
		t.Errorf("wait %v until %v, want 2h from now", te.Wait, te.Until)
	}
	msg := err.Error()
	for _, want := range []string{"throttling", "429", "2h0m0s", "try again after " + te.Until.Local().Format("15:04")} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not contain %q", msg, want)
		}
	}
}

func TestMaintenanceModeIsFatal(t *testing.T) {
	_, url := serve(t, status(503, "X-Nextcloud-Maintenance-Mode", "1"))
	_, err := put(t, testClient(), url+"/x.ics", "BODY")
	if !importers.IsFatal(err) || !strings.Contains(err.Error(), "maintenance") {
		t.Errorf("error %v, want a fatal maintenance-mode error", err)
	}
}

func TestConnectionErrorHasNoSecret(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	_, err := put(t, testClient(), url+"/x.ics", "BODY")
	if err == nil {
		t.Fatal("no error from a closed server")
	}
	if !strings.Contains(err.Error(), "gave up after 5 attempts") {
		t.Errorf("error does not say it retried: %v", err)
	}
	assertNoSecret(t, err)
}

func TestPasswordInURLIsNotLeaked(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	srv.Close()
	addr := strings.Replace(srv.URL, "http://", "http://alice:"+testPassword+"@", 1)
	_, err := New(context.Background(), Options{Server: addr, Retries: -1})
	if err == nil {
		t.Fatal("no error from a closed server")
	}
	assertNoSecret(t, err)
	_, err = New(context.Background(), Options{Server: "http://alice:" + testPassword + "@host:port/"})
	if err == nil {
		t.Fatal("no error for a bad URL")
	}
	assertNoSecret(t, err)
}

func TestScrubSecrets(t *testing.T) {
	c := NewClient("alice", testPassword, ClientOptions{})
	err := importers.Fatal(errors.New("oops " + testPassword + " and Basic YWxpY2U6czNjcmV0LVBhc3N3MHJk"))
	got := c.scrub(err)
	if !importers.IsFatal(got) {
		t.Error("scrubbing lost the fatal mark")
	}
	assertNoSecret(t, got)
}

func TestTimeoutPerAttempt(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	c := NewClient("alice", testPassword, ClientOptions{Timeout: 100 * time.Millisecond, Retries: 1})
	c.baseDelay = time.Millisecond
	start := time.Now()
	_, err := put(t, c, srv.URL, "BODY")
	var te *TimeoutError
	if !errors.As(err, &te) || !strings.Contains(err.Error(), "timed out") || !strings.Contains(err.Error(), "gave up after 2 attempts") {
		t.Errorf("error %v, want a timeout after 2 attempts", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v", d)
	}
	assertNoSecret(t, err)
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, c := range []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"", 0, false},
		{"3", 3 * time.Second, true},
		{"-1", 0, false},
		{"soon", 0, false},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, true},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0, true},
	} {
		h := http.Header{}
		if c.in != "" {
			h.Set("Retry-After", c.in)
		}
		got, ok := retryAfter(h, now)
		if got != c.want || ok != c.ok {
			t.Errorf("retryAfter(%q) = %v, %v; want %v, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func TestBackoffIsCappedWithJitter(t *testing.T) {
	c := NewClient("", "", ClientOptions{})
	for attempt := 1; attempt < 40; attempt++ {
		d := c.backoff(attempt)
		want := min(time.Second<<min(attempt-1, 20), 30*time.Second)
		if d < want/2 || d > want {
			t.Errorf("backoff(%d) = %v, want within [%v, %v]", attempt, d, want/2, want)
		}
	}
}

func assertNoSecret(t *testing.T, err error) {
	t.Helper()
	msg := err.Error()
	if strings.Contains(msg, testPassword) || strings.Contains(msg, "YWxpY2U6") {
		t.Errorf("error leaks the password or the Authorization header: %s", msg)
	}
}

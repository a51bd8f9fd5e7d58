package nextcloud

import (
	"context"
	"encoding/pem"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/takeback/takeback/importers"
)

// Transport security (tls.go) and the per-attempt watchdog (http.go).

// tlsServer is an https test server with its own certificate that records
// whether requests came with our Basic auth, and counts connections.
type tlsServer struct {
	*httptest.Server
	conns atomic.Int32
	authd atomic.Int32
	reqs  atomic.Int32
}

func newTLSServer(t *testing.T) *tlsServer {
	s := &tlsServer{}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.reqs.Add(1)
		if u, p, ok := r.BasicAuth(); ok && u == "alice" && p == testPassword {
			s.authd.Add(1)
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	s.Config.ErrorLog = log.New(io.Discard, "", 0) // "TLS handshake error" lines
	s.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			s.conns.Add(1)
		}
	}
	s.StartTLS()
	t.Cleanup(s.Close)
	return s
}

// caFile writes the server's certificate as PEM, as a self-hosted CA's
// would be given.
func (s *tlsServer) caFile(t *testing.T) string {
	p := filepath.Join(t.TempDir(), "ca.pem")
	data := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: s.Certificate().Raw})
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func propfindReq(t *testing.T, url string) *http.Request {
	t.Helper()
	req, err := http.NewRequest("PROPFIND", url, strings.NewReader("<propfind/>"))
	if err != nil {
		t.Fatal(err)
	}
	return req
}

func TestTLSVerifiedByDefault(t *testing.T) {
	s := newTLSServer(t)
	c := NewClient("alice", testPassword, ClientOptions{})
	start := time.Now()
	_, err := c.Do(propfindReq(t, s.URL+"/dav/"))
	var ce *CertificateError
	if !errors.As(err, &ce) || !importers.IsFatal(err) {
		t.Fatalf("error %v, want a fatal CertificateError", err)
	}
	for _, want := range []string{"certificate", "not signed by an authority this computer trusts", "--ca-file"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	assertNoSecret(t, err)
	// Not retried: one connection, and no backoff.
	if n := s.conns.Load(); n != 1 || s.reqs.Load() != 0 {
		t.Errorf("%d connections, %d requests; want 1 and 0", n, s.reqs.Load())
	}
	if d := time.Since(start); d > 900*time.Millisecond {
		t.Errorf("took %v: retried?", d)
	}
}

func TestTLSWithCAFile(t *testing.T) {
	s := newTLSServer(t)
	ca := s.caFile(t)
	for name, tr := range map[string]http.RoundTripper{
		"default transport": nil,
		// The test hook: an *http.Transport gets the CA too.
		"own transport": &http.Transport{},
	} {
		t.Run(name, func(t *testing.T) {
			c := NewClient("alice", testPassword, ClientOptions{CAFile: ca, Transport: tr})
			resp, err := c.Do(propfindReq(t, s.URL+"/dav/"))
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusNoContent {
				t.Errorf("status %d", resp.StatusCode)
			}
		})
	}
	if s.authd.Load() != 2 {
		t.Errorf("%d requests with our login, want 2", s.authd.Load())
	}
}

func TestTLSInsecure(t *testing.T) {
	s := newTLSServer(t)
	c := NewClient("alice", testPassword, ClientOptions{Insecure: true})
	resp, err := c.Do(propfindReq(t, s.URL+"/dav/"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if s.authd.Load() != 1 {
		t.Error("the request did not arrive with our login")
	}
	if w := InsecureWarning.String(); !strings.Contains(w, "--insecure") || !strings.Contains(w, "password") {
		t.Errorf("warning %q", InsecureWarning)
	}
}

func TestBadCAFile(t *testing.T) {
	dir := t.TempDir()
	notPEM := filepath.Join(dir, "notes.txt")
	os.WriteFile(notPEM, []byte("not a certificate\n"), 0o600)
	badCert := filepath.Join(dir, "bad.pem")
	os.WriteFile(badCert, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: []byte("junk")}), 0o600)
	for _, tc := range []struct{ file, want string }{
		{filepath.Join(dir, "missing.pem"), "no such file"},
		{notPEM, "holds no certificate in PEM form"},
		{badCert, "holds a certificate that cannot be read"},
	} {
		if _, err := LoadCAFile(tc.file); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("LoadCAFile(%s): %v, want %q", filepath.Base(tc.file), err, tc.want)
		}
		err := Options{Server: "https://cloud.example.org", User: "alice", Password: testPassword, CAFile: tc.file}.Check()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Check with %s: %v", filepath.Base(tc.file), err)
		}
		// A client built anyway fails every request, sending nothing.
		c := NewClient("alice", testPassword, ClientOptions{CAFile: tc.file, Transport: mustNotSend(t)})
		_, err = c.Do(propfindReq(t, "https://cloud.example.org/"))
		if !importers.IsFatal(err) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("request with %s: %v", filepath.Base(tc.file), err)
		}
	}
}

// mustNotSend is a transport that fails the test when a request reaches it.
func mustNotSend(t *testing.T) http.RoundTripper {
	return roundTripFunc(func(r *http.Request) (*http.Response, error) {
		t.Errorf("a request was sent: %s %s", r.Method, r.URL)
		return nil, errors.New("must not send")
	})
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestPlainHTTPIsRefusedBeforeSending(t *testing.T) {
	c := NewClient("alice", testPassword, ClientOptions{Transport: mustNotSend(t)})
	for _, u := range []string{"http://example.invalid/dav/", "http://192.168.1.20:8080/", "http://127.0.0.1.nip.io/", "http://[fe80::1]/"} {
		_, err := c.Do(propfindReq(t, u))
		var pe *PlainHTTPError
		if !errors.As(err, &pe) || !importers.IsFatal(err) {
			t.Errorf("%s: %v, want a fatal PlainHTTPError", u, err)
			continue
		}
		for _, want := range []string{"refusing to send your password over plain http://", "--allow-http", "https://"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%s: error %q lacks %q", u, err, want)
			}
		}
		assertNoSecret(t, err)
	}

	// From the options, before discovery: New sends nothing either.
	o := Options{WebDAV: "http://example.invalid/files/", User: "alice", Password: testPassword, Transport: mustNotSend(t)}
	if err := o.Check(); !importers.IsFatal(err) || !strings.Contains(err.Error(), "example.invalid") {
		t.Errorf("Check: %v", err)
	}
	_, err := New(context.Background(), o)
	if err == nil || !strings.Contains(err.Error(), "--allow-http") {
		t.Errorf("New: %v", err)
	} else {
		assertNoSecret(t, err)
	}
	// Credentials written into the address count as credentials.
	o = Options{Server: "http://alice:" + testPassword + "@example.invalid/"}
	if err := o.Check(); err == nil {
		t.Error("Check let a password in an http:// address through")
	} else {
		assertNoSecret(t, err)
	}
	// An address without a scheme is https://.
	if err := (Options{Server: "cloud.example.org", User: "alice"}).Check(); err != nil {
		t.Errorf("Check of an address without scheme: %v", err)
	}
}

func TestPlainHTTPAllowed(t *testing.T) {
	// Anonymous requests carry no secret.
	var sent atomic.Int32
	ok := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		sent.Add(1)
		if _, _, has := r.BasicAuth(); has != (r.URL.Host == "example.invalid") {
			t.Errorf("%s: Basic auth %v", r.URL, has)
		}
		return &http.Response{StatusCode: 204, Body: http.NoBody, Request: r, Header: http.Header{}}, nil
	})
	anon := NewClient("", "", ClientOptions{Transport: ok})
	resp, err := anon.Do(propfindReq(t, "http://status.example.invalid/status.php"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	// --allow-http.
	c := NewClient("alice", testPassword, ClientOptions{Transport: ok, AllowHTTP: true})
	resp, err = c.Do(propfindReq(t, "http://example.invalid/dav/"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if sent.Load() != 2 {
		t.Errorf("%d requests sent, want 2", sent.Load())
	}
	if err := (Options{Server: "http://example.invalid", User: "alice", AllowHTTP: true}).Check(); err != nil {
		t.Errorf("Check with AllowHTTP: %v", err)
	}

	// This computer needs no --allow-http.
	rec, url := serve(t, status(207))
	port := url[strings.LastIndex(url, ":"):]
	for _, u := range []string{url, "http://localhost" + port} {
		resp, err := testClient().Do(propfindReq(t, u+"/dav/"))
		if err != nil {
			t.Errorf("%s: %v", u, err)
			continue
		}
		resp.Body.Close()
	}
	if rec.count() != 2 || !rec.auth[0] || !rec.auth[1] {
		t.Errorf("%d requests, auth %v", rec.count(), rec.auth)
	}
}

func TestLoopbackHost(t *testing.T) {
	for host, want := range map[string]bool{
		"127.0.0.1": true, "127.8.9.10": true, "::1": true, "localhost": true, "LocalHost": true, "localhost.": true,
		"::ffff:127.0.0.1": true,
		"10.0.0.1":         false, "192.168.1.1": false, "example.org": false, "127.0.0.1.nip.io": false,
		"localhost.example.org": false, "fe80::1": false, "": false, "0.0.0.0": false,
	} {
		if got := loopbackHost(host); got != want {
			t.Errorf("loopbackHost(%q) = %v, want %v", host, got, want)
		}
	}
}

// authSeen is a server that records the Authorization header of every
// request.
type authSeen struct {
	mu   sync.Mutex
	auth []string
	srv  *httptest.Server
	next http.HandlerFunc
}

func newAuthSeen(t *testing.T, h http.HandlerFunc) *authSeen {
	a := &authSeen{next: h}
	a.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a.mu.Lock()
		a.auth = append(a.auth, r.Header.Get("Authorization"))
		a.mu.Unlock()
		a.next(w, r)
	}))
	t.Cleanup(a.srv.Close)
	return a
}

func (a *authSeen) seen() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]string(nil), a.auth...)
}

func TestRedirectToAnotherHostDropsAuthorization(t *testing.T) {
	b := newAuthSeen(t, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusMultiStatus) })
	bPort := b.srv.URL[strings.LastIndex(b.srv.URL, ":"):]
	var target string
	a := newAuthSeen(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/same" {
			http.Redirect(w, r, "/here", http.StatusTemporaryRedirect)
			return
		}
		if r.URL.Path == "/here" {
			w.WriteHeader(http.StatusMultiStatus)
			return
		}
		http.Redirect(w, r, target, http.StatusTemporaryRedirect)
	})
	c := testClient()
	for _, tc := range []struct{ name, target string }{
		// Another host name: Go's own client drops the header too.
		{"another host", "http://localhost" + bPort + "/dav/"},
		// The same host on another port: Go keeps the header; we drop it.
		{"another port", b.srv.URL + "/dav/"},
	} {
		target = tc.target
		resp, err := c.Do(propfindReq(t, a.srv.URL+"/dav/"))
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusMultiStatus {
			t.Errorf("%s: status %d", tc.name, resp.StatusCode)
		}
	}
	for i, h := range b.seen() {
		if h != "" {
			t.Errorf("request %d to the other server carried Authorization %q", i+1, h)
		}
	}
	if n := len(b.seen()); n != 2 {
		t.Errorf("%d requests reached the other server, want 2", n)
	}

	// A redirect on the same server keeps it.
	resp, err := c.Do(propfindReq(t, a.srv.URL+"/same"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	seen := a.seen()
	if len(seen) != 4 || seen[2] == "" || seen[3] == "" {
		t.Errorf("the first server saw Authorization %q; want it on all 4 requests", seen)
	}
}

func TestRedirectThen401SaysWhy(t *testing.T) {
	b := newAuthSeen(t, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusUnauthorized) })
	a := newAuthSeen(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, b.srv.URL+"/dav/", http.StatusTemporaryRedirect)
	})
	_, err := testClient().Do(propfindReq(t, a.srv.URL+"/dav/"))
	var ae *AuthError
	if !errors.As(err, &ae) || !importers.IsFatal(err) || ae.RedirectedTo != b.srv.URL+"/dav/" {
		t.Fatalf("error %v, want a fatal AuthError naming the redirect", err)
	}
	if !strings.Contains(err.Error(), "does not send your password") {
		t.Errorf("error %q", err)
	}
	assertNoSecret(t, err)
}

// throttled is a request body that gives size bytes, piece bytes at a
// time, one piece every every.
type throttled struct {
	left, piece int
	every       time.Duration
}

func (r *throttled) Read(p []byte) (int, error) {
	if r.left == 0 {
		return 0, io.EOF
	}
	time.Sleep(r.every)
	n := min(len(p), r.piece, r.left)
	for i := range n {
		p[i] = 'x'
	}
	r.left -= n
	return n, nil
}

func TestSlowUploadThatMovesIsNotCut(t *testing.T) {
	var got atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, _ := io.Copy(io.Discard, r.Body)
		got.Store(n)
		w.WriteHeader(http.StatusCreated)
	}))
	defer srv.Close()
	const timeout = 100 * time.Millisecond
	c := NewClient("alice", testPassword, ClientOptions{Timeout: timeout, Retries: -1})
	// 96 KiB at 4 KiB every 25 ms: about 600 ms, six times the timeout.
	const size = 96 << 10
	req, _ := http.NewRequest(http.MethodPut, srv.URL+"/big.jpg", io.NopCloser(&throttled{left: size, piece: 4 << 10, every: 25 * time.Millisecond}))
	req.ContentLength = size
	start := time.Now()
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("a slow upload that kept moving was cut: %v", err)
	}
	resp.Body.Close()
	if d := time.Since(start); d < 4*timeout {
		t.Errorf("the upload took only %v: not slow enough to show anything", d)
	}
	if resp.StatusCode != http.StatusCreated || got.Load() != size {
		t.Errorf("status %d, %d bytes arrived", resp.StatusCode, got.Load())
	}
}

// zeros is an endless source of bytes.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

func TestStalledUploadIsCut(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// The server takes a little, then stops reading: the client's
		// writes block once the socket buffers are full.
		io.CopyN(io.Discard, r.Body, 64<<10)
		<-release
	}))
	defer srv.Close()
	defer close(release)
	const timeout = 150 * time.Millisecond
	c := NewClient("alice", testPassword, ClientOptions{Timeout: timeout, Retries: -1})
	const size = 1 << 30
	req, _ := http.NewRequest(http.MethodPut, srv.URL+"/big.mp4", io.NopCloser(io.LimitReader(zeros{}, size)))
	req.ContentLength = size
	start := time.Now()
	_, err := c.Do(req)
	var te *TimeoutError
	if !errors.As(err, &te) || !strings.Contains(err.Error(), "nothing was sent or received for 150ms") {
		t.Fatalf("error %v, want a TimeoutError", err)
	}
	if d := time.Since(start); d < timeout || d > 5*time.Second {
		t.Errorf("cut after %v", d)
	}
	assertNoSecret(t, err)
}

func TestSlowAnswerThatMovesIsNotCut(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(http.StatusMultiStatus)
		for range 8 {
			io.WriteString(w, strings.Repeat("<x/>", 100))
			w.(http.Flusher).Flush()
			time.Sleep(40 * time.Millisecond)
		}
	}))
	defer srv.Close()
	c := NewClient("alice", testPassword, ClientOptions{Timeout: 100 * time.Millisecond, Retries: -1})
	resp, err := c.Do(propfindReq(t, srv.URL+"/dav/"))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || len(b) != 8*400 {
		t.Errorf("read %d bytes, %v", len(b), err)
	}
}

func TestAnswerThatStopsIsRetried(t *testing.T) {
	var n atomic.Int32
	release := make(chan struct{})
	defer close(release)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "800")
		w.WriteHeader(http.StatusMultiStatus)
		io.WriteString(w, strings.Repeat("<x/>", 100))
		if n.Add(1) == 1 {
			w.(http.Flusher).Flush()
			select { // the rest never comes
			case <-release:
			case <-r.Context().Done():
			}
			return
		}
		io.WriteString(w, strings.Repeat("<y/>", 100))
	}))
	defer srv.Close()
	c := NewClient("alice", testPassword, ClientOptions{Timeout: 100 * time.Millisecond, RetryDelay: time.Millisecond})
	resp, err := c.Do(propfindReq(t, srv.URL+"/dav/"))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if len(b) != 800 || n.Load() != 2 {
		t.Errorf("%d bytes after %d requests; want 800 after 2", len(b), n.Load())
	}

	// Without retries the caller gets a timeout that says so.
	n.Store(0)
	c = NewClient("alice", testPassword, ClientOptions{Timeout: 100 * time.Millisecond, Retries: -1})
	_, err = c.Do(propfindReq(t, srv.URL+"/dav/"))
	var te *TimeoutError
	if !errors.As(err, &te) || !te.Reading || !strings.Contains(err.Error(), "answer stopped coming") {
		t.Errorf("error %v, want a TimeoutError while reading", err)
	}
}

func TestTailAllowance(t *testing.T) {
	for size, want := range map[int64]time.Duration{
		0: 0, -1: 0, 64 << 10: time.Second, 1 << 20: 16 * time.Second, 4 << 20: 64 * time.Second, 1 << 30: 64 * time.Second,
	} {
		if got := tailAllowance(size); got != want {
			t.Errorf("tailAllowance(%d) = %v, want %v", size, got, want)
		}
	}
}

func TestWatchdogWaitsForTheTail(t *testing.T) {
	var fired atomic.Bool
	w := newWatchdog(50*time.Millisecond, func() { fired.Store(true) })
	defer w.stop()
	w.sent(8 << 10) // 125 ms more
	time.Sleep(100 * time.Millisecond)
	if fired.Load() {
		t.Fatal("fired within the tail allowance")
	}
	time.Sleep(200 * time.Millisecond)
	if !fired.Load() || !w.fired() {
		t.Fatal("did not fire after the idle limit and the tail")
	}
}

func TestRetryDelayOption(t *testing.T) {
	c := NewClient("", "", ClientOptions{RetryDelay: 10 * time.Millisecond, MaxWait: time.Second})
	for attempt := 1; attempt < 12; attempt++ {
		d := c.backoff(attempt)
		want := min(10*time.Millisecond<<(attempt-1), time.Second)
		if d < want/2 || d > want {
			t.Errorf("backoff(%d) = %v, want within [%v, %v]", attempt, d, want/2, want)
		}
	}
}

func TestUnknownHostIsNotRetried(t *testing.T) {
	c := NewClient("alice", testPassword, ClientOptions{AllowHTTP: true})
	start := time.Now()
	_, err := c.Do(propfindReq(t, "http://no-such-host.invalid/dav/"))
	if err == nil || strings.Contains(err.Error(), "gave up") {
		t.Errorf("error %v, want one attempt", err)
	}
	if d := time.Since(start); d > 900*time.Millisecond {
		t.Errorf("took %v: retried?", d)
	}
}

// Uploads running at once reuse their connections (keep-alive): the
// transport keeps as many idle as there are uploads (issue 7). Go's
// default keeps 2: in rounds of uploads that all end together, every
// further upload would dial anew.
func TestConnectionsAreReused(t *testing.T) {
	const rounds = 20
	for _, tc := range []struct {
		connections, workers int
	}{
		{0, DefaultConnections},
		{8, 8},
	} {
		var conns atomic.Int32
		srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			io.Copy(io.Discard, r.Body)
			w.WriteHeader(http.StatusCreated)
		}))
		srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
			if s == http.StateNew {
				conns.Add(1)
			}
		}
		srv.Start()
		c := NewClient("alice", testPassword, ClientOptions{Connections: tc.connections})
		for range rounds {
			var wg sync.WaitGroup
			for range tc.workers {
				wg.Go(func() {
					req, _ := http.NewRequest(http.MethodPut, srv.URL+"/f", strings.NewReader("bytes"))
					resp, err := c.Do(req)
					if err != nil {
						t.Error(err)
						return
					}
					discard(resp)
				})
			}
			wg.Wait()
		}
		srv.Close()
		// A little slack: a connection may come back idle just after the
		// next round asked for one.
		if n := int(conns.Load()); n > tc.workers+2 {
			t.Errorf("Connections %d: %d uploads at once opened %d connections in %d rounds", tc.connections, tc.workers, n, rounds)
		}
	}
}

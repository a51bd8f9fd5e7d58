package nextcloud

import (
	"context"
	"encoding/base64"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/takeback/takeback/importers"
	"github.com/takeback/takeback/internal/lang"
)

// Defaults for ClientOptions.
const (
	DefaultTimeout     = 2 * time.Minute
	DefaultRetries     = 4 // five attempts in all
	DefaultMaxWait     = 60 * time.Second
	DefaultRetryDelay  = time.Second
	DefaultConnections = 4 // import's default --jobs
)

// ClientOptions tunes a Client. The zero value is usable.
type ClientOptions struct {
	// Timeout is how long one attempt may go without a byte moving, either
	// way (see watchdog); 0 means DefaultTimeout. A slow upload is never
	// cut while it makes progress.
	Timeout time.Duration
	// Retries is how many times a request is tried again after a temporary
	// failure; 0 means DefaultRetries, a negative number means never.
	Retries int
	// MaxWait is the longest the client waits before one retry. A server
	// that asks for longer (Retry-After) gets a ThrottledError instead; 0
	// means DefaultMaxWait.
	MaxWait time.Duration
	// RetryDelay is the wait before the first retry when the server gives
	// no Retry-After; it doubles with each retry, up to 30 s (or MaxWait
	// when smaller), with jitter. 0 means DefaultRetryDelay.
	RetryDelay time.Duration
	// Version goes into the User-Agent, "takeback/<Version>"; empty means
	// "dev".
	Version string
	// UserAgent, when set, replaces the User-Agent built from Version. Login
	// Flow v2 names the app password after it (nextcloud-api.md §2.2).
	UserAgent string
	// Transport, when set, replaces a copy of http.DefaultTransport. CAFile
	// and Insecure apply to it when it is an *http.Transport (a copy is
	// changed); any other RoundTripper does its own TLS.
	Transport http.RoundTripper
	// Connections is how many requests the caller runs at once: the
	// transport keeps that many idle connections to the server, so every
	// upload reuses one (keep-alive) instead of opening a new one. 0 means
	// DefaultConnections.
	Connections int

	// CAFile names a PEM file of certificates trusted in addition to the
	// system's authorities: a self-hosted CA (tls.go).
	CAFile string
	// Insecure accepts any certificate. Anyone on the way can then read
	// the password; the command line warns on every run.
	Insecure bool
	// AllowHTTP lets credentials go over plain http:// to a host other
	// than this computer; without it such a request is refused before
	// anything is sent (a *PlainHTTPError).
	AllowHTTP bool
}

// Client is an HTTP client for DAV servers. It implements go-webdav's
// webdav.HTTPClient. It adds Basic authentication and the User-Agent to
// every request, and retries temporary failures (see retry.go). A 401
// answer becomes a Fatal error, never retried. Its errors never hold the
// password or the Authorization header. It never sends the password over
// plain http:// to another computer unless allowed, nor to another origin
// after a redirect (tls.go).
type Client struct {
	user, password string
	userAgent      string
	http           *http.Client
	attempts       int
	maxWait        time.Duration
	// timeout is the watchdog's idle limit.
	timeout   time.Duration
	allowHTTP bool
	// err, when set, fails every request: the options could not be used
	// (an unreadable CA file).
	err error
	// baseDelay and maxDelay shape the backoff when the server gives no
	// Retry-After.
	baseDelay, maxDelay time.Duration
}

// NewClient returns a client that logs in as user with password. An empty
// user sends no credentials. A CA file that cannot be used makes every
// request fail with a Fatal error saying why (Options.Check finds it
// before).
func NewClient(user, password string, o ClientOptions) *Client {
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	switch {
	case o.Retries == 0:
		o.Retries = DefaultRetries
	case o.Retries < 0:
		o.Retries = 0
	}
	if o.MaxWait <= 0 {
		o.MaxWait = DefaultMaxWait
	}
	if o.RetryDelay <= 0 {
		o.RetryDelay = DefaultRetryDelay
	}
	if o.Version == "" {
		o.Version = "dev"
	}
	if o.UserAgent == "" {
		o.UserAgent = "takeback/" + o.Version
	}
	c := &Client{
		user:      user,
		password:  password,
		userAgent: o.UserAgent,
		attempts:  1 + o.Retries,
		maxWait:   o.MaxWait,
		timeout:   o.Timeout,
		allowHTTP: o.AllowHTTP,
		baseDelay: o.RetryDelay,
		maxDelay:  min(30*time.Second, o.MaxWait),
	}
	tr, err := newTransport(o)
	if err != nil {
		c.err = importers.Fatal(err)
		tr = http.DefaultTransport
	}
	// No http.Client.Timeout: it would cut a large upload that is still
	// moving. The watchdog of each attempt (send) bounds it instead.
	c.http = &http.Client{Transport: tr, CheckRedirect: c.checkRedirect}
	return c
}

// UserAgent is the User-Agent the client sends.
func (c *Client) UserAgent() string { return c.userAgent }

// noFollowKey marks a request context whose redirects the caller handles.
type noFollowKey struct{}

// withoutRedirects makes requests under ctx return 3xx answers as they are.
func withoutRedirects(ctx context.Context) context.Context {
	return context.WithValue(ctx, noFollowKey{}, true)
}

// checkRedirect follows up to 10 redirects. One to another origin
// (scheme, host or port) than the request's goes without the
// Authorization header: the password is for the server the user named.
func (c *Client) checkRedirect(req *http.Request, via []*http.Request) error {
	if req.Context().Value(noFollowKey{}) != nil {
		return http.ErrUseLastResponse
	}
	if len(via) >= 10 {
		return lang.New("too many redirects")
	}
	// The same origin means the same scheme and host, which do already
	// checked for plain http://.
	if origin(req.URL) != origin(via[0].URL) {
		req.Header.Del("Authorization")
	}
	return nil
}

// Do sends req, retrying as retry.go describes. It returns the answer of
// the last attempt, whatever its status, except for a 401 (a Fatal
// *AuthError), a 507 (a Fatal error: the storage is full) and a throttled
// server asking for a wait longer than MaxWait (a *ThrottledError). The
// caller closes the body.
func (c *Client) Do(req *http.Request) (*http.Response, error) {
	resp, err := c.do(req)
	if err != nil {
		return nil, c.scrub(err)
	}
	return resp, nil
}

// send makes one attempt, under a watchdog that cancels it when no byte
// has moved for the timeout: neither read from the request body by the
// transport nor from the answer by the caller.
//
// Why an idle limit rather than one that grows with the size (base +
// bytes at a floor rate, say 64 KiB/s): a floor rate guesses the user's
// uplink, and kills a large upload on a line slower than the guess even
// though it keeps moving, while on a fast line it lets a stalled upload
// hang for as long as the size allows (an hour for 200 MB). Progress is
// what tells a slow transfer from a dead one. The one place where size
// matters is after the body is handed over: up to a few MiB can still sit
// in the kernel's socket buffers, draining at the line's pace, before the
// server can answer; the watchdog adds that tail's time at the floor rate
// to its limit then (tailAllowance).
func (c *Client) send(req *http.Request, attempt int) (*http.Response, error) {
	ctx, cancel := context.WithCancelCause(req.Context())
	w := newWatchdog(c.timeout, func() { cancel(errIdle) })
	r := req.Clone(ctx)
	body := req.Body
	if attempt > 1 && req.GetBody != nil {
		b, err := req.GetBody()
		if err != nil {
			w.stop()
			cancel(nil)
			return nil, lang.Errorf("reopening the request body: %w", err)
		}
		body = b
	}
	if body != nil && body != http.NoBody {
		r.Body = &progressBody{rc: body, w: w, request: true, size: req.ContentLength}
	}
	if req.GetBody != nil {
		r.GetBody = func() (io.ReadCloser, error) {
			b, err := req.GetBody()
			if err != nil || b == nil || b == http.NoBody {
				return b, err
			}
			return &progressBody{rc: b, w: w, request: true, size: req.ContentLength}, nil
		}
	}
	if c.user != "" {
		r.SetBasicAuth(c.user, c.password)
	}
	r.Header.Set("User-Agent", c.userAgent)
	start := time.Now()
	resp, err := c.http.Do(r)
	if err != nil {
		slog.Debug("http request failed", "method", req.Method, "url", logURL(req), "attempt", attempt,
			"duration", time.Since(start), "error", c.scrub(err).Error())
		w.stop()
		if w.fired() && req.Context().Err() == nil {
			err = &TimeoutError{Method: req.Method, URL: safeURL(req), Idle: w.limit()}
		}
		cancel(nil)
		return nil, err
	}
	slog.Debug("http request", "method", req.Method, "url", logURL(req), "status", resp.StatusCode, "attempt", attempt,
		"duration", time.Since(start))
	w.answered()
	reading := func() error {
		return &TimeoutError{Method: req.Method, URL: safeURL(req), Idle: w.limit(), Reading: true}
	}
	resp.Body = &progressBody{rc: resp.Body, w: w, done: func() { cancel(nil) }, timeout: reading}
	return resp, nil
}

// errIdle is the cause of an attempt's context cancelled by its watchdog.
var errIdle = lang.New("no data moved for too long")

// TimeoutError is an attempt cancelled because nothing moved, either way,
// for Idle.
type TimeoutError struct {
	Method, URL string
	Idle        time.Duration
	// Reading is set when the answer had begun: its body stopped coming.
	Reading bool
}

func (e *TimeoutError) Error() string { return e.Text().String() }

// Text is the error's message, to print in the reader's language.
func (e *TimeoutError) Text() lang.Text {
	idle := e.Idle.Round(time.Millisecond).String()
	if e.Reading {
		return lang.T("%s %s: timed out: the server's answer stopped coming for %s", e.Method, e.URL, idle)
	}
	return lang.T("%s %s: timed out: nothing was sent or received for %s", e.Method, e.URL, idle)
}

// Timeout and Temporary make it a net.Error.
func (e *TimeoutError) Timeout() bool   { return true }
func (e *TimeoutError) Temporary() bool { return true }

// Tail allowance: once the request body is handed to the transport, up to
// maxTail bytes of it may still be on their way in socket buffers; the
// watchdog then waits longer by their time at floorRate.
const (
	floorRate = 64 << 10 // bytes per second
	maxTail   = 4 << 20
)

func tailAllowance(size int64) time.Duration {
	size = min(max(size, 0), maxTail)
	return time.Duration(size) * time.Second / floorRate
}

// watchdog calls expire once no progress was reported for idle (plus the
// tail allowance once the request body is sent). Progress is cheap to
// report: an atomic store, no timer reset.
type watchdog struct {
	idle   time.Duration
	start  time.Time
	last   atomic.Int64 // time since start of the last progress, in ns
	tail   atomic.Int64 // extra allowance, in ns
	timer  *time.Timer
	expire func()

	stopped, expired atomic.Bool
}

func newWatchdog(idle time.Duration, expire func()) *watchdog {
	w := &watchdog{idle: idle, start: time.Now(), expire: expire}
	w.timer = time.AfterFunc(idle, w.check)
	return w
}

func (w *watchdog) limit() time.Duration { return w.idle + time.Duration(w.tail.Load()) }

func (w *watchdog) check() {
	if w.stopped.Load() {
		return
	}
	quiet := time.Since(w.start) - time.Duration(w.last.Load())
	if left := w.limit() - quiet; left > 0 {
		w.timer.Reset(left)
		return
	}
	w.expired.Store(true)
	w.expire()
}

func (w *watchdog) progress() { w.last.Store(int64(time.Since(w.start))) }

// sent marks the request body as handed over, size bytes in all.
func (w *watchdog) sent(size int64) {
	w.tail.Store(int64(tailAllowance(size)))
	w.progress()
}

// answered marks the answer's start: from now on only the answer's bytes
// count, without the tail allowance.
func (w *watchdog) answered() {
	w.tail.Store(0)
	w.progress()
}

func (w *watchdog) stop() {
	w.stopped.Store(true)
	w.timer.Stop()
}

func (w *watchdog) fired() bool { return w.expired.Load() }

// progressBody reports reads to a watchdog. As a request body it marks the
// end of the body (sent); as an answer's body it stops the watchdog and
// ends the attempt's context when closed, and turns the error of a read
// the watchdog cut into a *TimeoutError.
type progressBody struct {
	rc      io.ReadCloser
	w       *watchdog
	request bool
	size    int64 // request: the Content-Length, -1 or 0 when unknown
	n       int64
	done    func()
	timeout func() error
	closed  bool
}

func (b *progressBody) Read(p []byte) (int, error) {
	n, err := b.rc.Read(p)
	if n > 0 {
		b.n += int64(n)
		b.w.progress()
	}
	switch {
	case b.request && (err == io.EOF || (b.size > 0 && b.n >= b.size)):
		b.w.sent(b.n)
	case err != nil && err != io.EOF && b.timeout != nil && b.w.fired():
		err = b.timeout()
	}
	return n, err
}

func (b *progressBody) Close() error {
	err := b.rc.Close()
	if !b.request && !b.closed {
		b.closed = true
		b.w.stop()
		if b.done != nil {
			b.done()
		}
	}
	return err
}

// AuthError is a 401 answer: the user name or password is wrong, or the
// server wants an app password.
type AuthError struct {
	User string
	URL  string // without credentials
	// RedirectedTo is set when the 401 came from another server than URL's,
	// after a redirect, where the client does not send the password.
	RedirectedTo string
}

func (e *AuthError) Error() string { return e.Text().String() }

// Text is the error's message, to print in the reader's language.
func (e *AuthError) Text() lang.Text {
	if e.RedirectedTo != "" {
		return lang.T("the server redirected the request for %s to %s, another address, where takeback does not send "+
			"your password; that server then asked for a login (401 Unauthorized). Give the address the server redirects to "+
			"instead, if you trust it", e.URL, e.RedirectedTo)
	}
	return lang.T("the server refused the user name or password (401 Unauthorized) for user %q at %s. "+
		"Check both; if the account uses two-factor authentication, create an app password "+
		"(Nextcloud: Personal settings → Security) and use it instead of the login password", e.User, e.URL)
}

// discard reads a little of an answer we do not use, so the connection can
// be reused, and closes it.
func discard(resp *http.Response) {
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
}

// safeURL is the request URL without user info.
func safeURL(req *http.Request) string {
	u := *req.URL
	u.User = nil
	return u.String()
}

// logURL is what the debug log says of a request's address: no user
// info, no query (it could hold a token), no fragment.
func logURL(req *http.Request) string {
	u := url.URL{Scheme: req.URL.Scheme, Host: req.URL.Host, Path: req.URL.Path}
	return u.String()
}

// redactedError hides secrets that slipped into an error's text, keeping
// the error chain (IsFatal, errors.As) intact.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// scrub removes the password and the Authorization value from err's text.
// Requests never put them there; this is a second line of defence. Very
// short passwords are left alone rather than mangling every message.
func (c *Client) scrub(err error) error {
	return scrubSecrets(err, c.password, base64.StdEncoding.EncodeToString([]byte(c.user+":"+c.password)))
}

func scrubSecrets(err error, secrets ...string) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	changed := false
	for _, s := range secrets {
		if len(s) >= 4 && strings.Contains(msg, s) {
			msg = strings.ReplaceAll(msg, s, "[redacted]")
			changed = true
		}
	}
	if !changed {
		return err
	}
	return &redactedError{msg: msg, err: err}
}

// fatalAuth builds the error for a 401 answer to req.
func (c *Client) fatalAuth(req *http.Request, resp *http.Response) error {
	e := &AuthError{User: c.user, URL: safeURL(req)}
	if resp != nil && resp.Request != nil && resp.Request.URL != nil && origin(resp.Request.URL) != origin(req.URL) {
		u := *resp.Request.URL
		u.User = nil
		e.RedirectedTo = u.String()
	}
	return importers.Fatal(e)
}

package nextcloud

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/takeback/takeback/importers"
)

// Defaults for ClientOptions.
const (
	DefaultTimeout = 2 * time.Minute
	DefaultRetries = 4 // five attempts in all
	DefaultMaxWait = 60 * time.Second
)

// ClientOptions tunes a Client. The zero value is usable.
type ClientOptions struct {
	// Timeout bounds one attempt, reading the answer included; 0 means
	// DefaultTimeout.
	Timeout time.Duration
	// Retries is how many times a request is tried again after a temporary
	// failure; 0 means DefaultRetries, a negative number means never.
	Retries int
	// MaxWait is the longest the client waits before one retry. A server
	// that asks for longer (Retry-After) gets a ThrottledError instead; 0
	// means DefaultMaxWait.
	MaxWait time.Duration
	// Version goes into the User-Agent, "takeback/<Version>"; empty means
	// "dev".
	Version string
	// UserAgent, when set, replaces the User-Agent built from Version. Login
	// Flow v2 names the app password after it (nextcloud-api.md §2.2).
	UserAgent string
	// Transport, when set, replaces a copy of http.DefaultTransport.
	Transport http.RoundTripper
}

// Client is an HTTP client for DAV servers. It implements go-webdav's
// webdav.HTTPClient. It adds Basic authentication and the User-Agent to
// every request, and retries temporary failures (see retry.go). A 401
// answer becomes a Fatal error, never retried. Its errors never hold the
// password or the Authorization header.
type Client struct {
	user, password string
	userAgent      string
	http           *http.Client
	attempts       int
	maxWait        time.Duration
	// baseDelay and maxDelay shape the backoff when the server gives no
	// Retry-After.
	baseDelay, maxDelay time.Duration
}

// NewClient returns a client that logs in as user with password. An empty
// user sends no credentials.
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
	if o.Version == "" {
		o.Version = "dev"
	}
	tr := o.Transport
	if tr == nil {
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.MaxIdleConnsPerHost = 8 // keep-alive for a few parallel uploads
		tr = t
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
		baseDelay: time.Second,
		maxDelay:  min(30*time.Second, o.MaxWait),
	}
	c.http = &http.Client{Transport: tr, Timeout: o.Timeout, CheckRedirect: checkRedirect}
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

func checkRedirect(req *http.Request, via []*http.Request) error {
	if req.Context().Value(noFollowKey{}) != nil {
		return http.ErrUseLastResponse
	}
	if len(via) >= 10 {
		return errors.New("too many redirects")
	}
	return nil
}

// Do sends req, retrying as retry.go describes. It returns the answer of
// the last attempt, whatever its status, except for a 401 (a Fatal
// *AuthError) and a throttled server asking for a wait longer than MaxWait
// (a *ThrottledError). The caller closes the body.
func (c *Client) Do(req *http.Request) (*http.Response, error) {
	resp, err := c.do(req)
	if err != nil {
		return nil, c.scrub(err)
	}
	return resp, nil
}

// send makes one attempt.
func (c *Client) send(req *http.Request, attempt int) (*http.Response, error) {
	r := req.Clone(req.Context())
	if attempt > 1 && req.GetBody != nil {
		body, err := req.GetBody()
		if err != nil {
			return nil, fmt.Errorf("reopening the request body: %w", err)
		}
		r.Body = body
	}
	if c.user != "" {
		r.SetBasicAuth(c.user, c.password)
	}
	r.Header.Set("User-Agent", c.userAgent)
	return c.http.Do(r)
}

// AuthError is a 401 answer: the user name or password is wrong, or the
// server wants an app password.
type AuthError struct {
	User string
	URL  string // without credentials
}

func (e *AuthError) Error() string {
	return fmt.Sprintf("the server refused the user name or password (401 Unauthorized) for user %q at %s. "+
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

// fatalAuth builds the error for a 401 answer.
func (c *Client) fatalAuth(req *http.Request) error {
	return importers.Fatal(&AuthError{User: c.user, URL: safeURL(req)})
}

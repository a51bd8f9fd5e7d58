package nextcloud

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/takeback/takeback/importers"
	"github.com/takeback/takeback/internal/lang"
)

// Retry policy:
//   - 429 and 503 are retried for every method: the server did not act.
//   - 502, 504 and connection errors (a reset, an answer cut short, a
//     watchdog timeout; see send in http.go) are retried for idempotent
//     methods only. Everything this package sends is idempotent: PUT with
//     If-None-Match, PROPFIND, REPORT, MKCOL/MKCALENDAR, whose repeat
//     answers "exists" (callers treat 405 as exists), and COPY into a
//     Nextcloud Photos album, whose repeat answers 409 (treated as done).
//   - 500 is retried once, for idempotent methods: it may be a passing
//     fault (a crashed worker, a database that went away), but is as often
//     a server bug that this very request triggers every time, and
//     retrying that four times would only multiply the wait for a bad
//     item.
//   - The answer to a PROPFIND or REPORT (up to maxBuffered bytes), or to
//     a GET of at most maxBufferedGET bytes (an OCS answer, not a file),
//     is read in full before Do returns, so that one that breaks off
//     mid-body is retried like a reset rather than failing the caller's
//     parsing.
//   - 401 and 403 are never retried. A 401 fails at once with a Fatal
//     *AuthError; a 403 is returned to the caller, who knows what it
//     means there.
//   - 507 (Insufficient Storage) is never retried: it fails at once with a
//     Fatal error, since every further upload would fail the same way.
//   - A Nextcloud in maintenance mode (503 with X-Nextcloud-Maintenance-Mode:
//     1) is not retried either: the request fails at once with
//     ErrMaintenance, made Fatal.
//   - A certificate that is not accepted, and credentials that would go
//     over plain http:// (tls.go), fail at once with a Fatal error; a
//     host name that does not exist fails at once too.
//   - A Retry-After (seconds or an HTTP date) is honoured; without one the
//     wait grows exponentially with jitter, capped. A Retry-After longer
//     than MaxWait ends the request with a ThrottledError.
//   - A request whose body cannot be replayed (no GetBody) is sent once.

// idempotentMethods are retried after errors that leave it unknown whether
// the server acted.
var idempotentMethods = map[string]bool{
	"GET": true, "HEAD": true, "OPTIONS": true, "PUT": true, "DELETE": true,
	"PROPFIND": true, "PROPPATCH": true, "REPORT": true, "MKCOL": true, "MKCALENDAR": true, "COPY": true,
}

// maxBuffered bounds what Do reads ahead of the caller; a longer answer's
// rest is streamed (a Depth 1 listing of 10,000 files is about 5 MB).
// maxBufferedGET is the largest GET answer read ahead: a file read back
// (present.go) is left to its caller, who may stop early.
const (
	maxBuffered    = 16 << 20
	maxBufferedGET = 1 << 20
)

// readsAhead reports whether Do reads the 2xx answer to req in full.
func readsAhead(req *http.Request, resp *http.Response) bool {
	switch {
	case resp.StatusCode/100 != 2:
		return false
	case req.Method == "PROPFIND" || req.Method == "REPORT":
		return true
	case req.Method == http.MethodGet:
		return resp.ContentLength >= 0 && resp.ContentLength <= maxBufferedGET
	}
	return false
}

// serverErrorRetries is how often a 500 is retried.
const serverErrorRetries = 1

func (c *Client) do(req *http.Request) (*http.Response, error) {
	if c.err != nil {
		return nil, c.err
	}
	if c.user != "" {
		// Refused before anything is sent: not even a connection is made.
		if err := plainHTTP(req.URL, c.allowHTTP); err != nil {
			return nil, importers.Fatal(err)
		}
	}
	ctx := req.Context()
	attempts := c.attempts
	if req.Body != nil && req.Body != http.NoBody && req.GetBody == nil {
		attempts = 1
	}
	idempotent := idempotentMethods[req.Method]
	serverErrors := 0
	for attempt := 1; ; attempt++ {
		last := attempt >= attempts
		resp, err := c.send(req, attempt)
		if err == nil && readsAhead(req, resp) {
			if err = readAhead(resp); err != nil {
				resp = nil
				var te *TimeoutError
				if !errors.As(err, &te) {
					err = lang.Errorf("%s %s: the server's answer broke off: %w", req.Method, safeURL(req), err)
				}
			}
		}
		if err != nil {
			if ctx.Err() != nil {
				return nil, err
			}
			if ce := certificateError(err, req.URL); ce != nil {
				return nil, importers.Fatal(ce)
			}
			if importers.IsFatal(err) || unknownHost(err) {
				slog.Debug("http: not retried", "method", req.Method, "url", logURL(req), "error", c.scrub(err).Error())
				return nil, err
			}
			if !idempotent || last {
				if attempt > 1 {
					err = lang.Errorf("%w (gave up after %d attempts)", err, attempt)
				}
				slog.Info("http: giving up", "method", req.Method, "url", logURL(req), "attempts", attempt, "error", c.scrub(err).Error())
				return nil, err
			}
			wait := c.backoff(attempt)
			slog.Info("http: retrying after an error", "method", req.Method, "url", logURL(req), "attempt", attempt,
				"wait", wait, "error", c.scrub(err).Error())
			if err := sleep(ctx, wait); err != nil {
				return nil, err
			}
			continue
		}

		switch resp.StatusCode {
		case http.StatusUnauthorized:
			discard(resp)
			return nil, c.fatalAuth(req, resp)
		case http.StatusInsufficientStorage:
			discard(resp)
			return nil, errQuota
		case http.StatusServiceUnavailable:
			if resp.Header.Get("X-Nextcloud-Maintenance-Mode") == "1" {
				// Maintenance lasts minutes or hours; its Retry-After
				// (120 s) is no promise. Stop at once.
				slog.Info("http: the server is in maintenance mode", "method", req.Method, "url", logURL(req))
				discard(resp)
				return nil, importers.Fatal(ErrMaintenance)
			}
		case http.StatusTooManyRequests:
		case http.StatusBadGateway, http.StatusGatewayTimeout:
			if !idempotent {
				return resp, nil
			}
		case http.StatusInternalServerError:
			if !idempotent || serverErrors >= serverErrorRetries {
				return resp, nil
			}
			serverErrors++
		default:
			return resp, nil
		}

		wait, told := retryAfter(resp.Header, time.Now())
		if told && wait > c.maxWait {
			slog.Info("http: throttled for longer than allowed", "method", req.Method, "url", logURL(req),
				"status", resp.StatusCode, "retry-after", wait, "max wait", c.maxWait)
			discard(resp)
			return nil, &ThrottledError{Status: resp.StatusCode, Wait: wait, Until: time.Now().Add(wait)}
		}
		if last {
			slog.Info("http: giving up", "method", req.Method, "url", logURL(req), "attempts", attempt, "status", resp.StatusCode)
			return resp, nil
		}
		if !told {
			wait = c.backoff(attempt)
		}
		slog.Info("http: retrying", "method", req.Method, "url", logURL(req), "attempt", attempt,
			"status", resp.StatusCode, "wait", wait, "retry-after given", told)
		discard(resp)
		if err := sleep(ctx, wait); err != nil {
			return nil, err
		}
	}
}

// unknownHost reports whether err says the server's name does not exist:
// asking again will not make it.
func unknownHost(err error) bool {
	var dns *net.DNSError
	return errors.As(err, &dns) && dns.IsNotFound
}

// readAhead reads resp's body into memory, up to maxBuffered bytes, and
// gives it back as the body; the rest of a longer one follows from the
// connection. On error the body is closed.
func readAhead(resp *http.Response) error {
	var buf bytes.Buffer
	_, err := io.CopyN(&buf, resp.Body, maxBuffered)
	switch {
	case err == io.EOF:
		resp.Body.Close()
		resp.Body = io.NopCloser(bytes.NewReader(buf.Bytes()))
		return nil
	case err != nil:
		resp.Body.Close()
		return err
	}
	resp.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(&buf, resp.Body), resp.Body}
	return nil
}

// backoff is the wait before attempt+1 when the server gives no hint:
// baseDelay doubling per attempt, capped at maxDelay, with jitter in the
// upper half so parallel uploads do not come back together.
func (c *Client) backoff(attempt int) time.Duration {
	d := c.baseDelay << min(attempt-1, 20)
	if d > c.maxDelay || d <= 0 {
		d = c.maxDelay
	}
	half := d / 2
	if half <= 0 {
		return d
	}
	return half + rand.N(half+1)
}

// retryAfter reads a Retry-After header: delay-seconds or an HTTP date.
func retryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n < 0 {
			return 0, false
		}
		if n > int64(365*24*time.Hour/time.Second) {
			n = int64(365 * 24 * time.Hour / time.Second)
		}
		return time.Duration(n) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// ErrMaintenance is the error of a request to a Nextcloud in maintenance
// mode (nextcloud-api.md §1), and of Status when status.php says so.
var ErrMaintenance = lang.New("the Nextcloud server is in maintenance mode: its administrator is updating or repairing it. " +
	"Nothing was changed; try again when they have finished")

// ThrottledError is a 429 or 503 answer asking for a longer wait than the
// client accepts, or a 429 that did not end (Wait 0: no Retry-After).
type ThrottledError struct {
	Status int
	Wait   time.Duration
	Until  time.Time
}

func (e *ThrottledError) Error() string { return e.Text().String() }

// Text is the error's message, to print in the reader's language.
func (e *ThrottledError) Text() lang.Text {
	status := strconv.Itoa(e.Status) + " " + http.StatusText(e.Status)
	if e.Wait <= 0 {
		return lang.T("the server is throttling requests (%s), often after too many failed logins from this address; "+
			"wait a few minutes and try again, or ask the administrator", status)
	}
	until := e.Until.Local()
	return lang.T("the server is throttling requests (%s) and asks to wait %s; try again after %s on %s",
		status, e.Wait.Round(time.Second).String(), until.Format("15:04"), until.Format("2006-01-02"))
}

package nextcloud

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/takeback/takeback/importers"
)

// Retry policy:
//   - 429 and 503 are retried for every method: the server did not act.
//   - 502, 504 and connection errors are retried for idempotent methods
//     only. Everything this package sends is idempotent: PUT with
//     If-None-Match, PROPFIND, REPORT, MKCOL/MKCALENDAR, whose repeat
//     answers "exists" (callers treat 405 as exists), and COPY into a
//     Nextcloud Photos album, whose repeat answers 409 (treated as done).
//   - 401 and 403 are never retried.
//   - A Nextcloud in maintenance mode (503 with X-Nextcloud-Maintenance-Mode:
//     1) is not retried either: the request fails at once with
//     ErrMaintenance, made Fatal.
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

func (c *Client) do(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	attempts := c.attempts
	if req.Body != nil && req.Body != http.NoBody && req.GetBody == nil {
		attempts = 1
	}
	idempotent := idempotentMethods[req.Method]
	for attempt := 1; ; attempt++ {
		last := attempt >= attempts
		resp, err := c.send(req, attempt)
		if err != nil {
			if ctx.Err() != nil {
				return nil, err
			}
			if !idempotent || last {
				if attempt > 1 {
					err = fmt.Errorf("%w (gave up after %d attempts)", err, attempt)
				}
				return nil, err
			}
			if err := sleep(ctx, c.backoff(attempt)); err != nil {
				return nil, err
			}
			continue
		}

		switch resp.StatusCode {
		case http.StatusUnauthorized:
			discard(resp)
			return nil, c.fatalAuth(req)
		case http.StatusServiceUnavailable:
			if resp.Header.Get("X-Nextcloud-Maintenance-Mode") == "1" {
				// Maintenance lasts minutes or hours; its Retry-After
				// (120 s) is no promise. Stop at once.
				discard(resp)
				return nil, importers.Fatal(ErrMaintenance)
			}
		case http.StatusTooManyRequests:
		case http.StatusBadGateway, http.StatusGatewayTimeout:
			if !idempotent {
				return resp, nil
			}
		default:
			return resp, nil
		}

		wait, told := retryAfter(resp.Header, time.Now())
		if told && wait > c.maxWait {
			discard(resp)
			return nil, &ThrottledError{Status: resp.StatusCode, Wait: wait, Until: time.Now().Add(wait)}
		}
		if last {
			return resp, nil
		}
		if !told {
			wait = c.backoff(attempt)
		}
		discard(resp)
		if err := sleep(ctx, wait); err != nil {
			return nil, err
		}
	}
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
var ErrMaintenance = errors.New("the Nextcloud server is in maintenance mode: its administrator is updating or repairing it. " +
	"Nothing was changed; try again when they have finished")

// ThrottledError is a 429 or 503 answer asking for a longer wait than the
// client accepts, or a 429 that did not end (Wait 0: no Retry-After).
type ThrottledError struct {
	Status int
	Wait   time.Duration
	Until  time.Time
}

func (e *ThrottledError) Error() string {
	if e.Wait <= 0 {
		return fmt.Sprintf("the server is throttling requests (%d %s), often after too many failed logins from this address; "+
			"wait a few minutes and try again, or ask the administrator", e.Status, http.StatusText(e.Status))
	}
	return fmt.Sprintf("the server is throttling requests (%d %s) and asks to wait %s; try again after %s",
		e.Status, http.StatusText(e.Status), e.Wait.Round(time.Second), e.Until.Local().Format("15:04 on Mon 2 Jan 2006"))
}

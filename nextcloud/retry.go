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
		case http.StatusTooManyRequests, http.StatusServiceUnavailable:
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
			if resp.StatusCode == http.StatusServiceUnavailable && resp.Header.Get("X-Nextcloud-Maintenance-Mode") == "1" {
				discard(resp)
				return nil, importers.Fatal(errors.New("the Nextcloud server is in maintenance mode (503); try again when the administrator has finished"))
			}
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

// ThrottledError is a 429 or 503 answer asking for a longer wait than the
// client accepts.
type ThrottledError struct {
	Status int
	Wait   time.Duration
	Until  time.Time
}

func (e *ThrottledError) Error() string {
	return fmt.Sprintf("the server is throttling requests (%d %s) and asks to wait %s; try again after %s",
		e.Status, http.StatusText(e.Status), e.Wait.Round(time.Second), e.Until.Local().Format("15:04 on Mon 2 Jan 2006"))
}

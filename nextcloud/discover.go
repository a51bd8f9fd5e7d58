package nextcloud

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/emersion/go-webdav"
	"github.com/emersion/go-webdav/caldav"
	"github.com/emersion/go-webdav/carddav"
	"github.com/takeback/takeback/importers"
)

// Endpoints are the discovered homes: the collections under which
// calendars and address books live. A home is empty when it was not asked
// for, or when discovery failed for it; the matching error says why.
type Endpoints struct {
	CalendarHome    string // absolute URL
	AddressBookHome string // absolute URL

	CalDAVError, CardDAVError error
}

// service is one of the two DAV services.
type service struct {
	name      string // "CalDAV"
	wellKnown string // "/.well-known/caldav"
	home      func(ctx context.Context, c webdav.HTTPClient, endpoint, principal string) (string, error)
}

var (
	calDAV = service{"CalDAV", "/.well-known/caldav",
		func(ctx context.Context, c webdav.HTTPClient, endpoint, principal string) (string, error) {
			cc, err := caldav.NewClient(c, endpoint)
			if err != nil {
				return "", err
			}
			return cc.FindCalendarHomeSet(ctx, principal)
		}}
	cardDAV = service{"CardDAV", "/.well-known/carddav",
		func(ctx context.Context, c webdav.HTTPClient, endpoint, principal string) (string, error) {
			cc, err := carddav.NewClient(c, endpoint)
			if err != nil {
				return "", err
			}
			return cc.FindAddressBookHomeSet(ctx, principal)
		}}
)

// nextcloudDAVRoot is Nextcloud's DAV root, tried when the well-known
// addresses fail (often broken behind proxies).
const nextcloudDAVRoot = "/remote.php/dav/"

// Discover finds the calendar and address-book homes.
//
// With Server: each service's /.well-known address (redirects followed),
// then Nextcloud's /remote.php/dav/; at the first that answers, the current
// user principal, then its home set. With explicit CalDAV or CardDAV
// addresses, the same from that address only, with no guessed paths.
//
// It fails when no home asked for was found, or at once on a rejected
// password (a Fatal error).
func Discover(ctx context.Context, opts Options) (*Endpoints, error) {
	o, err := opts.normalize()
	if err != nil {
		return nil, err
	}
	c := NewClient(o.User, o.Password, o.clientOptions())
	e, err := discover(ctx, c, o)
	return e, c.scrub(err)
}

func discover(ctx context.Context, c *Client, o Options) (*Endpoints, error) {
	e := &Endpoints{}
	var errs []error
	for _, s := range []struct {
		svc      service
		explicit string
		home     *string
		err      *error
	}{
		{calDAV, o.CalDAV, &e.CalendarHome, &e.CalDAVError},
		{cardDAV, o.CardDAV, &e.AddressBookHome, &e.CardDAVError},
	} {
		if s.explicit == "" && o.Server == "" {
			continue
		}
		home, err := findHome(ctx, c, s.svc, o.Server, s.explicit)
		if importers.IsFatal(err) || ctx.Err() != nil || unreachable(err) {
			return nil, err
		}
		*s.home, *s.err = home, err
		if err != nil {
			errs = append(errs, err)
		}
	}
	if e.CalendarHome == "" && e.AddressBookHome == "" {
		return nil, errors.Join(errs...)
	}
	return e, nil
}

// findHome discovers one service's home from an explicit address or, when
// there is none, from the server's address.
func findHome(ctx context.Context, c *Client, s service, server, explicit string) (string, error) {
	var starts []string
	if explicit != "" {
		starts = []string{explicit}
	} else {
		base := strings.TrimSuffix(server, "/")
		starts = append(starts, base+s.wellKnown)
		if u, err := url.Parse(server); err == nil && strings.Trim(u.Path, "/") != "" {
			// Nextcloud in a sub-folder: well-known lives at the host's root.
			starts = append(starts, (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: s.wellKnown}).String())
		}
		starts = append(starts, base+nextcloudDAVRoot)
	}
	var tried []string
	for _, start := range starts {
		home, err := homeFrom(ctx, c, s, start)
		if err == nil {
			return home, nil
		}
		if importers.IsFatal(err) || ctx.Err() != nil {
			return "", err
		}
		if unreachable(err) {
			return "", fmt.Errorf("cannot reach the server: %w", err)
		}
		tried = append(tried, fmt.Sprintf("%s: %v", start, err))
	}
	return "", fmt.Errorf("no %s service found (tried %s)", s.name, strings.Join(tried, "; "))
}

// homeFrom follows redirects from start, then asks for the current user
// principal and its home set.
func homeFrom(ctx context.Context, c *Client, s service, start string) (string, error) {
	endpoint, err := followRedirects(ctx, c, start)
	if err != nil {
		return "", err
	}
	wc, err := webdav.NewClient(c, endpoint)
	if err != nil {
		return "", err
	}
	principal, err := wc.FindCurrentUserPrincipal(ctx)
	if err != nil {
		return "", fmt.Errorf("finding the current user: %w", err)
	}
	if principal == "" {
		return "", errors.New("the server did not name the current user's principal")
	}
	home, err := s.home(ctx, c, endpoint, principal)
	if err != nil {
		return "", fmt.Errorf("finding the home of %s: %w", principal, err)
	}
	if home == "" {
		return "", fmt.Errorf("the server named no home for %s", principal)
	}
	return resolvePath(endpoint, home)
}

// followRedirects resolves start to the address that stops redirecting.
// It sends PROPFIND, like the discovery that follows, and handles redirects
// itself: Go's client would turn a PROPFIND redirected by 301 into a GET.
func followRedirects(ctx context.Context, c *Client, start string) (string, error) {
	ctx = withoutRedirects(ctx)
	cur := start
	for hop := 0; hop < 10; hop++ {
		req, err := http.NewRequestWithContext(ctx, "PROPFIND", cur, strings.NewReader(principalPropfind))
		if err != nil {
			return "", err
		}
		req.Header.Set("Depth", "0")
		req.Header.Set("Content-Type", `application/xml; charset="utf-8"`)
		resp, err := c.Do(req)
		if err != nil {
			return "", err
		}
		loc := resp.Header.Get("Location")
		redirect := resp.StatusCode >= 300 && resp.StatusCode < 400 && loc != ""
		if !redirect {
			if resp.StatusCode != http.StatusMultiStatus {
				return "", fmt.Errorf("no DAV service here (%s)", readProblem(resp))
			}
			discard(resp)
			return cur, nil
		}
		discard(resp)
		if cur, err = resolve(cur, loc); err != nil {
			return "", fmt.Errorf("bad redirect: %w", err)
		}
	}
	return "", errors.New("too many redirects")
}

const principalPropfind = `<?xml version="1.0" encoding="utf-8"?>
<d:propfind xmlns:d="DAV:"><d:prop><d:current-user-principal/></d:prop></d:propfind>`

// unreachable reports whether err is a network failure (refused, no such
// host, timeout) rather than an answer: other paths on the same server
// will not do better.
func unreachable(err error) bool {
	var op *net.OpError
	return errors.As(err, &op)
}

// resolvePath is the URL of path (decoded, as go-webdav returns hrefs) on
// base's server.
func resolvePath(base, path string) (string, error) {
	b, err := url.Parse(base)
	if err != nil {
		return "", err
	}
	return b.ResolveReference(&url.URL{Path: path}).String(), nil
}

// resolve makes ref absolute against base.
func resolve(base, ref string) (string, error) {
	b, err := url.Parse(base)
	if err != nil {
		return "", err
	}
	r, err := url.Parse(ref)
	if err != nil {
		return "", err
	}
	return b.ResolveReference(r).String(), nil
}

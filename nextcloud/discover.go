package nextcloud

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"path"
	"strings"

	"github.com/emersion/go-webdav"
	"github.com/emersion/go-webdav/caldav"
	"github.com/emersion/go-webdav/carddav"
	"github.com/takeback/takeback/importers"

	"github.com/takeback/takeback/internal/lang"
)

// Endpoints are the discovered homes: the collections under which
// calendars and address books live, and the root of the user's files. A
// home is empty when it was not asked for, or when discovery failed for it;
// the matching error says why.
type Endpoints struct {
	CalendarHome    string // absolute URL
	AddressBookHome string // absolute URL
	// FilesRoot is the folder that file paths are relative to, an absolute
	// URL ending in "/": Options.WebDAV, or on a Nextcloud
	// <server>/remote.php/dav/files/<user ID>/.
	FilesRoot string

	CalDAVError, CardDAVError, FilesError error

	// photosRoot is the user's Nextcloud Photos DAV root,
	// <server>/remote.php/dav/photos/<user ID>/, set when FilesRoot came
	// from Options.Server. Whether the Photos app answers there is found
	// out on the first AddToAlbum (photos.go).
	photosRoot string
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
// The files root is Options.WebDAV when given, else, with Server,
// Nextcloud's /remote.php/dav/files/<user ID>/ (see findFiles); either is
// checked with a PROPFIND.
//
// It fails when no home asked for was found, or at once on a rejected
// password (a Fatal error). A service that is missing while another one is
// found only sets that service's error.
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
	if o.WebDAV != "" || o.Server != "" {
		root, photos, err := findFiles(ctx, c, o)
		if importers.IsFatal(err) || ctx.Err() != nil || unreachable(err) {
			return nil, err
		}
		e.FilesRoot, e.photosRoot, e.FilesError = root, photos, err
		if err != nil {
			errs = append(errs, err)
		}
	}
	if e.CalendarHome == "" && e.AddressBookHome == "" && e.FilesRoot == "" {
		return nil, errors.Join(errs...)
	}
	return e, nil
}

// findFiles finds the root of the user's files and, on a Nextcloud, the
// user's Photos DAV root.
//
// With Options.WebDAV, the root is that address (after redirects). With
// Server, it is <server>/remote.php/dav/files/<user ID>/: the user ID may
// differ from the login name (nextcloud-api.md §1). It is Options.UserID
// when given, else what OCS cloud/user says, else (a server without OCS)
// the last element of the current user principal
// /remote.php/dav/principals/users/<id>/, else the login name.
func findFiles(ctx context.Context, c *Client, o Options) (root, photos string, err error) {
	if o.WebDAV != "" {
		root, err = filesRootAt(ctx, c, o.WebDAV)
		return root, "", err
	}
	dav := strings.TrimSuffix(o.Server, "/") + nextcloudDAVRoot
	id, err := userID(ctx, c, o, dav)
	if err != nil {
		return "", "", err
	}
	if id == "" {
		return "", "", lang.New("no files found: the server did not name the current user, and no user name was given")
	}
	root, err = filesRootAt(ctx, c, dav+"files/"+url.PathEscape(id)+"/")
	if err != nil {
		return "", "", err
	}
	return root, dav + "photos/" + url.PathEscape(id) + "/", nil
}

// userID finds the user ID for findFiles; "" when nothing names it.
func userID(ctx context.Context, c *Client, o Options, dav string) (string, error) {
	if o.UserID != "" {
		return o.UserID, nil
	}
	if o.User != "" {
		s := &Server{base: strings.TrimSuffix(o.Server, "/"), user: o.User, auth: c, anon: c}
		u, err := s.CurrentUser(ctx)
		switch {
		case err == nil:
			return u.ID, nil
		case importers.IsFatal(err) || ctx.Err() != nil || unreachable(err) || isThrottled(err):
			return "", err
		}
		// No OCS here (Radicale, a proxy that only passes DAV): ask DAV.
	}
	principal, err := principalAt(ctx, c, dav)
	if importers.IsFatal(err) || ctx.Err() != nil || unreachable(err) {
		return "", err
	}
	if u := userFromPrincipal(principal); u != "" {
		return u, nil
	}
	return o.User, nil
}

// principalAt asks endpoint for the current user principal; "" when there
// is none.
func principalAt(ctx context.Context, c *Client, endpoint string) (string, error) {
	wc, err := webdav.NewClient(c, endpoint)
	if err != nil {
		return "", err
	}
	return wc.FindCurrentUserPrincipal(ctx)
}

// userFromPrincipal is the user ID in a Nextcloud principal path
// "/remote.php/dav/principals/users/<id>/", or "".
func userFromPrincipal(p string) string {
	p = strings.TrimSuffix(p, "/")
	if !strings.HasSuffix(path.Dir(p), "/principals/users") {
		return ""
	}
	return path.Base(p)
}

// filesRootAt checks that root answers PROPFIND, following redirects, and
// returns where it ends, with a trailing "/".
func filesRootAt(ctx context.Context, c *Client, root string) (string, error) {
	if !strings.HasSuffix(root, "/") {
		root += "/"
	}
	end, err := followRedirects(ctx, c, root)
	if err != nil {
		if importers.IsFatal(err) || ctx.Err() != nil {
			return "", err
		}
		if unreachable(err) {
			return "", lang.Errorf("cannot reach the server: %w", err)
		}
		return "", lang.Errorf("no WebDAV files found at %s (%v)", root, err)
	}
	if !strings.HasSuffix(end, "/") {
		end += "/"
	}
	return end, nil
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
	var tried lang.Text
	for _, start := range starts {
		home, err := homeFrom(ctx, c, s, start)
		if err == nil {
			return home, nil
		}
		if importers.IsFatal(err) || ctx.Err() != nil {
			return "", err
		}
		if unreachable(err) {
			return "", lang.Errorf("cannot reach the server: %w", err)
		}
		tried = lang.Join(tried, lang.T("%s: %v", start, err))
	}
	return "", lang.Errorf("no %s service found (tried %v)", s.name, tried)
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
		return "", lang.Errorf("finding the current user: %w", err)
	}
	if principal == "" {
		return "", lang.New("the server did not name the current user's principal")
	}
	home, err := s.home(ctx, c, endpoint, principal)
	if err != nil {
		return "", lang.Errorf("finding the home of %s: %w", principal, err)
	}
	if home == "" {
		return "", lang.Errorf("the server named no home for %s", principal)
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
				return "", lang.Errorf("no DAV service here (%s)", readProblem(resp))
			}
			discard(resp)
			return cur, nil
		}
		discard(resp)
		if cur, err = resolve(cur, loc); err != nil {
			return "", lang.Errorf("bad redirect: %w", err)
		}
	}
	return "", lang.New("too many redirects")
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

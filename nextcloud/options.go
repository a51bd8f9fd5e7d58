package nextcloud

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/takeback/takeback/importers"

	"github.com/takeback/takeback/internal/lang"
)

// Options says where and how to connect.
type Options struct {
	// Server is the base address of a Nextcloud or of any DAV server
	// ("https://cloud.example.com"); the homes are discovered from it.
	Server string
	// CalDAV and CardDAV, when set, are explicit service addresses; the
	// homes are discovered from them alone, and they win over Server.
	CalDAV, CardDAV string
	// WebDAV, when set, is the root of the user's files on any WebDAV
	// server ("https://dav.example.com/alice/"); photos and files go under
	// it. It wins over Server, whose files root is
	// <Server>/remote.php/dav/files/<user ID>/.
	WebDAV string

	User, Password string
	// UserID, when known, is the user ID that Nextcloud DAV paths are built
	// from (it may differ from User, the login name); empty means ask the
	// server (see findFiles).
	UserID string

	// Into lists display names of existing collections the user allows
	// takeback to add to (--into), instead of creating its own.
	Into []string

	// Timeout is how long one HTTP attempt may go without a byte moving;
	// 0 means DefaultTimeout (see ClientOptions).
	Timeout time.Duration
	// Retries after temporary failures; 0 means DefaultRetries, negative
	// means none.
	Retries int
	// RetryDelay is the first backoff wait; 0 means DefaultRetryDelay (see
	// ClientOptions).
	RetryDelay time.Duration
	// Version goes into the User-Agent.
	Version string
	// Transport, when set, carries the requests (see ClientOptions).
	Transport http.RoundTripper

	// Connections is how many requests run at once (import --jobs); the
	// client keeps as many connections open between them (see
	// ClientOptions).
	Connections int
	// CAFile, Insecure and AllowHTTP are the transport's security
	// settings (--ca-file, --insecure, --allow-http; see ClientOptions and
	// tls.go).
	CAFile    string
	Insecure  bool
	AllowHTTP bool
}

func (o Options) clientOptions() ClientOptions {
	return ClientOptions{Timeout: o.Timeout, Retries: o.Retries, RetryDelay: o.RetryDelay, Version: o.Version,
		Transport: o.Transport, Connections: o.Connections, CAFile: o.CAFile, Insecure: o.Insecure, AllowHTTP: o.AllowHTTP}
}

// Check finds, before anything is sent, what would make every request
// fail: a CA file that cannot be used, and credentials that would go over
// plain http:// to another computer without AllowHTTP (a *PlainHTTPError,
// made Fatal). An address without a scheme counts as https://. Its errors
// never quote a URL that held credentials.
func (o Options) Check() error {
	if o.CAFile != "" && !o.Insecure {
		if _, err := LoadCAFile(o.CAFile); err != nil {
			return err
		}
	}
	for _, a := range []string{o.Server, o.CalDAV, o.CardDAV, o.WebDAV} {
		if strings.TrimSpace(a) == "" {
			continue
		}
		u, user, _, err := parseAddress(a)
		if err != nil {
			continue // normalize says what is wrong with it
		}
		if o.User == "" && user == "" {
			continue // no credentials go there
		}
		if err := plainHTTP(u, o.AllowHTTP); err != nil {
			return importers.Fatal(err)
		}
	}
	return nil
}

// normalize checks the addresses, adds https:// when no scheme is given,
// and moves credentials written into a URL to User and Password. Its errors
// never quote a URL that held credentials.
func (o Options) normalize() (Options, error) {
	for _, f := range []struct {
		name string
		v    *string
	}{{"server", &o.Server}, {"CalDAV", &o.CalDAV}, {"CardDAV", &o.CardDAV}, {"WebDAV", &o.WebDAV}} {
		if strings.TrimSpace(*f.v) == "" {
			*f.v = ""
			continue
		}
		u, user, pass, err := parseAddress(*f.v)
		if err != nil {
			return o, lang.Errorf("the %s address: %w", f.name, err)
		}
		if user != "" && o.User == "" {
			o.User, o.Password = user, pass
		}
		*f.v = u.String()
	}
	if o.Server == "" && o.CalDAV == "" && o.CardDAV == "" && o.WebDAV == "" {
		return o, lang.New("no server given: pass the server address, or the CalDAV, CardDAV or WebDAV addresses")
	}
	return o, nil
}

// parseAddress parses s as an http(s) URL, adding https:// when s has no
// scheme, and returns it without user info.
func parseAddress(s string) (u *url.URL, user, pass string, err error) {
	s = strings.TrimSpace(s)
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	u, err = url.Parse(s)
	if err != nil {
		// url.Error quotes the whole address, password included.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, "", "", lang.Errorf("not a valid URL (%v)", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, "", "", lang.Errorf("use an http:// or https:// address, not %s://", u.Scheme)
	}
	if u.Host == "" {
		return nil, "", "", lang.New("the address has no host name")
	}
	if u.User != nil {
		user = u.User.Username()
		pass, _ = u.User.Password()
		u.User = nil
	}
	u.Fragment, u.RawFragment = "", ""
	return u, user, pass, nil
}

package main

import (
	"errors"
	"io"
	"net/url"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/takeback/takeback/internal/credentials"
	"github.com/takeback/takeback/internal/lang"
	"github.com/takeback/takeback/nextcloud"
)

// serverFlags say where and as whom to connect, and how far to trust the
// connection; import and preview share them.
func serverFlags(p *lang.Printer) []cli.Flag {
	return append([]cli.Flag{
		&cli.StringFlag{Name: "server", Usage: p.Sprintf("your Nextcloud's address, e.g. https://cloud.example.org (default: the one you logged in to)")},
		&cli.StringFlag{Name: "caldav", Usage: p.Sprintf("a CalDAV address, for servers other than Nextcloud")},
		&cli.StringFlag{Name: "carddav", Usage: p.Sprintf("a CardDAV address, for servers other than Nextcloud")},
		&cli.StringFlag{Name: "webdav", Usage: p.Sprintf("the address of your files on a WebDAV server other than Nextcloud")},
		&cli.StringFlag{Name: "user", Usage: p.Sprintf("your user name on the server (default: the stored login)")},
		&cli.StringFlag{Name: "password-file", Usage: p.Sprintf("read the password from this file (or set TAKEBACK_PASSWORD)")},
		&cli.StringSliceFlag{Name: "into", Usage: p.Sprintf("allow adding to your existing calendar or address book with this name (repeatable)")},
	}, transportFlags(p)...)
}

// transportFlags say how far to trust the connection; every command that
// connects with a password has them.
func transportFlags(p *lang.Printer) []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "ca-file", Usage: p.Sprintf("also trust the certificate authority in this PEM file (for a server with a certificate of its own)")},
		&cli.BoolFlag{Name: "insecure", Usage: p.Sprintf("do not check the server's certificate (unsafe: anyone on the network could read your password)")},
		&cli.BoolFlag{Name: "allow-http", Usage: p.Sprintf("allow sending your password over plain http:// to another computer (unsafe, for a trusted network only)")},
	}
}

// connection is where, and as whom, a command connects.
type connection struct {
	opts nextcloud.Options
	// stored is the stored login in use, nil when the command line gave
	// the credentials.
	stored *credentials.Login
}

// who names the login for messages: "alice on https://…", or the server
// alone when there is no login.
func (c *connection) who() lang.Text {
	switch {
	case c.stored != nil:
		return c.stored.Text()
	case c.opts.User != "":
		return lang.T("%s on %s", c.opts.User, c.address())
	}
	return lang.T("%s", c.address())
}

func (c *connection) address() string {
	for _, a := range []string{c.opts.Server, c.opts.CalDAV, c.opts.CardDAV, c.opts.WebDAV} {
		if a != "" {
			return a
		}
	}
	return ""
}

// errNoServer is connect's error when neither the command line nor a
// stored login names a server.
var errNoServer = lang.New("no server")

// connect works out the connection from the flags --server, --caldav,
// --carddav, --webdav, --user and --password-file, or from the stored
// login (takeback login), and the transport's from --ca-file, --insecure
// and --allow-http (with --insecure it prints nextcloud.InsecureWarning,
// every time). Before it asks for a password it checks the transport
// (nextcloud.Options.Check): a CA file that cannot be used, or a password
// that would go over plain http:// to another computer, is an error.
//   - no address on the command line: the stored login, else errNoServer;
//   - --server alone, naming the stored login's server: the stored login;
//   - an address and --user: the password from TAKEBACK_PASSWORD,
//     --password-file or a prompt;
//   - an address without --user: an error, unless anonymous is true (then
//     no credentials).
func connect(c *cli.Context, anonymous bool) (*connection, error) {
	conn := &connection{opts: nextcloud.Options{
		Server: c.String("server"), CalDAV: c.String("caldav"), CardDAV: c.String("carddav"), WebDAV: c.String("webdav"),
		User: c.String("user"), Version: version, Connections: c.Int("jobs"),
		CAFile: c.String("ca-file"), Insecure: c.Bool("insecure"), AllowHTTP: c.Bool("allow-http"),
	}}
	if conn.opts.Insecure {
		insecureWarning(c)
	}
	explicit := conn.address() != ""
	onlyServer := conn.opts.Server != "" && conn.opts.CalDAV == "" && conn.opts.CardDAV == "" && conn.opts.WebDAV == ""
	if conn.opts.User == "" && (!explicit || onlyServer) {
		l, err := loadLogin()
		switch {
		case err == nil && (!explicit || sameServer(l.Server, conn.opts.Server)):
			conn.stored = l
			conn.opts.Server, conn.opts.User, conn.opts.Password, conn.opts.UserID = l.Server, l.LoginName, l.AppPassword, l.UserID
			if err := conn.opts.Check(); err != nil {
				return nil, err
			}
			return conn, nil
		case err != nil && !errors.Is(err, credentials.ErrNotFound):
			return nil, err
		case !explicit:
			return nil, errNoServer
		}
	}
	if conn.opts.User == "" {
		if !anonymous {
			return nil, lang.New("--user is needed with a server (or log in once with: takeback login --server URL)")
		}
		if err := conn.opts.Check(); err != nil {
			return nil, err
		}
		return conn, nil
	}
	if err := conn.opts.Check(); err != nil {
		return nil, err
	}
	pw, err := password(printerOf(c), c.String("password-file"), conn.opts.User)
	if err != nil {
		return nil, err
	}
	conn.opts.Password = pw
	return conn, nil
}

// loadLogin reads the stored login.
func loadLogin() (*credentials.Login, error) {
	store, err := credentials.Default()
	if err != nil {
		return nil, err
	}
	return store.Load()
}

// sameServer reports whether two addresses name the same server, ignoring
// a missing https://, the case of the host name and a trailing "/".
func sameServer(a, b string) bool {
	norm := func(s string) string {
		s = strings.TrimSpace(s)
		if !strings.Contains(s, "://") {
			s = "https://" + s
		}
		u, err := url.Parse(s)
		if err != nil {
			return s
		}
		u.Host = strings.ToLower(u.Host)
		u.User = nil
		return u.Scheme + "://" + u.Host + strings.TrimSuffix(u.Path, "/")
	}
	return norm(a) == norm(b)
}

// insecureWarning says, on every run with --insecure, what it risks.
func insecureWarning(c *cli.Context) {
	printerOf(c).Fprintf(c.App.ErrWriter, "%v\n", nextcloud.InsecureWarning)
}

// printFindings prints a diagnosis, one finding a line.
func printFindings(w io.Writer, p *lang.Printer, fs []nextcloud.Finding) {
	for _, f := range fs {
		p.Fprintf(w, "%v\n", f.Text())
	}
}

// loginFlags are the connection flags of doctor, which speaks to a
// Nextcloud only: the first of serverFlags, and the transport's, with the
// same names.
func loginFlags(p *lang.Printer) []cli.Flag {
	return append([]cli.Flag{
		&cli.StringFlag{Name: "server", Usage: p.Sprintf("your Nextcloud's address, e.g. https://cloud.example.org (default: the one you logged in to)")},
		&cli.StringFlag{Name: "user", Usage: p.Sprintf("your user name on the server (default: the stored login)")},
		&cli.StringFlag{Name: "password-file", Usage: p.Sprintf("read the password from this file (or set TAKEBACK_PASSWORD)")},
	}, transportFlags(p)...)
}

package main

import (
	"context"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/takeback/takeback/internal/credentials"
	"github.com/takeback/takeback/internal/lang"
	"github.com/takeback/takeback/nextcloud"
)

// Test hooks: how often the login is polled, and how a browser is opened.
var (
	loginPollInterval = nextcloud.DefaultPollInterval
	openBrowser       = startBrowser
)

func loginCommand(p *lang.Printer) *cli.Command {
	return &cli.Command{
		Name: "login",
		Description: p.Sprintf("Opens Nextcloud's login page in your browser; takeback then gets an app password of its own.\n\n" +
			"Example:\n   takeback login --server https://cloud.example.org"),
		Usage: p.Sprintf("log in to your Nextcloud in your web browser, once; later commands need no password"),
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "server", Usage: p.Sprintf("your Nextcloud's address, e.g. https://cloud.example.org")},
			&cli.StringFlag{Name: "user", Usage: p.Sprintf("fill in this user name on the login page")},
			langFlag(p),
		},
		Action: runLogin,
	}
}

// runLogin runs Login Flow v2 (nextcloud.StartLogin), stores the app
// password it gives (internal/credentials) and says who is logged in.
func runLogin(c *cli.Context) error {
	p := printerOf(c)
	if c.String("server") == "" {
		return cli.Exit(p.Sprintf("say which Nextcloud to log in to: takeback login --server https://cloud.example.org"), exitUsage)
	}
	if c.NArg() > 0 {
		return cli.Exit(p.Sprintf("login takes no arguments, only --server (and --user)"), exitUsage)
	}
	store, err := credentials.Default()
	if err != nil {
		return cli.Exit(p.Error(err), exitUsage)
	}
	srv, err := nextcloud.NewServer(nextcloud.Options{Server: c.String("server")})
	if err != nil {
		return cli.Exit(p.Error(err), exitUsage)
	}
	ctx, stop := signal.NotifyContext(c.Context, os.Interrupt)
	defer stop()

	flow, err := nextcloud.StartLogin(ctx, srv.URL(), loginUserAgent())
	if err != nil {
		return cli.Exit(p.Sprintf("the login could not start at %s: %v", srv.URL(), err), exitUsage)
	}
	page := flow.LoginURL
	if u := c.String("user"); u != "" {
		page = withParam(page, "user", u)
	}
	out := c.App.Writer
	p.Fprintf(out, "Open this address in your web browser and log in to your Nextcloud (within 20 minutes):\n\n    %s\n\n", page)
	if openBrowser(page) == nil {
		p.Fprintf(out, "(A browser window should have opened with it.)\n")
	}
	p.Fprintf(out, "Waiting for you to log in and allow access… (Ctrl+C to stop)\n")
	flow.Interval = loginPollInterval
	res, err := flow.Poll(ctx)
	if ctx.Err() != nil {
		return cli.Exit(p.Sprintf("stopped: not logged in"), exitFailed)
	}
	if err != nil {
		return cli.Exit(p.Sprintf("not logged in: %v", err), exitFailed)
	}
	return finishLogin(c, store, srv.URL(), res)
}

// finishLogin finds the user ID, stores the login, revokes the login it
// replaces, and says who is logged in.
func finishLogin(c *cli.Context, store credentials.Store, server string, res *nextcloud.LoginResult) error {
	p := printerOf(c)
	out := c.App.Writer
	kept, err := keepLogin(c.Context, store, server, res)
	if kept.noUserID != nil {
		p.Fprintf(c.App.ErrWriter, "warning: could not read your user ID (%v); takeback will ask the server again when it needs it\n", kept.noUserID)
	}
	if err != nil {
		return cli.Exit(p.Sprintf("logged in, but the login could not be stored: %v", err), exitFailed)
	}
	p.Fprintf(out, "Logged in as %v on %s.\n", kept.who, server)
	p.Fprintf(out, "The app password is kept in %s, readable only by you; \"takeback logout\" removes it.\n", store.Path())
	if old := kept.replaced; old != nil {
		if err := revoke(c.Context, old); err != nil {
			p.Fprintf(out, "The previous login (%v) is replaced, but its app password could not be revoked (%v): "+
				"remove it in that Nextcloud's Personal settings → Security.\n", old.Text(), err)
		} else {
			p.Fprintf(out, "The previous login (%v) is replaced and its app password revoked.\n", old.Text())
		}
	}
	return nil
}

// keptLogin is a completed login, stored.
type keptLogin struct {
	login credentials.Login
	// who names the user: "Alice Martin (user ID alice)".
	who lang.Text
	// noUserID, when set, is why the user ID could not be read; takeback
	// asks again when it needs it.
	noUserID error
	// replaced is the stored login this one replaced, when it had another
	// app password: it should be revoked.
	replaced *credentials.Login
}

// keepLogin finds the user ID and stores the login of a completed Login
// Flow.
func keepLogin(ctx context.Context, store credentials.Store, server string, res *nextcloud.LoginResult) (keptLogin, error) {
	k := keptLogin{login: credentials.Login{Server: server, LoginName: res.LoginName, AppPassword: res.AppPassword},
		who: lang.T("%s", res.LoginName)}
	srv, err := nextcloud.NewServer(nextcloud.Options{Server: server, User: res.LoginName, Password: res.AppPassword, Version: version})
	if err == nil {
		if u, uerr := srv.CurrentUser(ctx); uerr == nil {
			k.login.UserID = u.ID
			k.who = lang.T("%s", u.ID)
			if u.DisplayName != "" && u.DisplayName != u.ID {
				k.who = lang.T("%s (user ID %s)", u.DisplayName, u.ID)
			}
		} else {
			k.noUserID = uerr
		}
	}
	old, _ := store.LoadForRemoval()
	if err := store.Save(k.login); err != nil {
		return k, err
	}
	if old != nil && old.AppPassword != k.login.AppPassword {
		k.replaced = old
	}
	return k, nil
}

// loginUserAgent is "takeback (<this computer's name>)": Nextcloud names
// the app password after it, under Personal settings → Security.
func loginUserAgent() string {
	if h, err := os.Hostname(); err == nil && h != "" {
		return "takeback (" + h + ")"
	}
	return "takeback"
}

// withParam adds key=value to the query of address.
func withParam(address, key, value string) string {
	u, err := url.Parse(address)
	if err != nil {
		return address
	}
	q := u.Query()
	q.Set(key, value)
	u.RawQuery = q.Encode()
	return u.String()
}

// startBrowser opens address in a web browser, without waiting for it: the
// commands in $BROWSER (a list separated by the path-list separator, each
// given the address as "%s" or as its last argument), else the system's
// opener. On Linux and other Unix systems it tries xdg-open only in a
// graphical session, so that a text browser never takes over the terminal.
func startBrowser(address string) error {
	if b := os.Getenv("BROWSER"); b != "" {
		for _, cmd := range strings.Split(b, string(os.PathListSeparator)) {
			args := strings.Fields(cmd)
			if len(args) == 0 {
				continue
			}
			placed := false
			for i, a := range args[1:] {
				if strings.Contains(a, "%s") {
					args[i+1] = strings.ReplaceAll(a, "%s", address)
					placed = true
				}
			}
			if !placed {
				args = append(args, address)
			}
			if startDetached(args) == nil {
				return nil
			}
		}
		return lang.New("no command in $BROWSER started")
	}
	switch runtime.GOOS {
	case "darwin":
		return startDetached([]string{"open", address})
	case "windows":
		return startDetached([]string{"rundll32", "url.dll,FileProtocolHandler", address})
	}
	if os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
		return lang.New("no graphical session")
	}
	return startDetached([]string{"xdg-open", address})
}

// startDetached starts a program without a shell, with no input or output,
// and does not wait for it.
func startDetached(args []string) error {
	path, err := exec.LookPath(args[0])
	if err != nil {
		return err
	}
	cmd := exec.Command(path, args[1:]...)
	if err := cmd.Start(); err != nil {
		return err
	}
	go cmd.Wait() // reaps it when it ends
	return nil
}

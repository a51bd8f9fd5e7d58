package main

import (
	"context"
	"errors"
	"os"
	"os/signal"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/takeback/takeback/internal/credentials"
	"github.com/takeback/takeback/internal/lang"
	"github.com/takeback/takeback/nextcloud"
)

func logoutCommand(p *lang.Printer) *cli.Command {
	return &cli.Command{
		Name:        "logout",
		Description: p.Sprintf("Revokes takeback's app password on the server and forgets the login.\n\nExample:\n   takeback logout"),
		Usage:       p.Sprintf("revoke the stored app password on the server and forget the login"),
		Flags:       []cli.Flag{langFlag(p)},
		Action:      runLogout,
	}
}

// runLogout revokes the stored app password and deletes the stored login.
// The file goes even when the server cannot be reached; the exit status is
// then 1, since the app password still works there.
func runLogout(c *cli.Context) error {
	p := printerOf(c)
	store, err := credentials.Default()
	if err != nil {
		return cli.Exit(p.Error(err), exitUsage)
	}
	l, err := store.LoadForRemoval()
	if errors.Is(err, credentials.ErrNotFound) {
		p.Fprintf(c.App.Writer, "You are not logged in: there is no stored login.\n")
		return nil
	}
	if err != nil {
		// A damaged file cannot be revoked, but it can go.
		if derr := store.Delete(); derr != nil {
			return cli.Exit(p.Error(derr), exitFailed)
		}
		return cli.Exit(p.Sprintf("%v. It is removed; if it held an app password, revoke it in your Nextcloud's "+
			"Personal settings → Security.", err), exitFailed)
	}
	out := c.App.Writer
	rerr := revoke(c.Context, l)
	var ae *nextcloud.AuthError
	switch {
	case rerr == nil:
		p.Fprintf(out, "The app password of %v is revoked on the server.\n", l.Text())
	case errors.As(rerr, &ae):
		p.Fprintf(out, "The server no longer accepts the app password of %v: it was already revoked.\n", l.Text())
		rerr = nil
	default:
		p.Fprintf(out, "The app password could NOT be revoked on %s: %v\n"+
			"It still works there: remove it in that Nextcloud's Personal settings → Security (the device named %q).\n",
			l.Server, rerr, loginUserAgent())
	}
	if err := store.Delete(); err != nil {
		return cli.Exit(p.Error(err), exitFailed)
	}
	p.Fprintf(out, "The stored login is removed (%s).\n", store.Path())
	if rerr != nil {
		return cli.Exit("", exitFailed)
	}
	return nil
}

// revoke revokes a stored login's app password on its server, trying
// once, for at most 30 seconds.
func revoke(ctx context.Context, l *credentials.Login) error {
	srv, err := nextcloud.NewServer(nextcloud.Options{Server: l.Server, User: l.LoginName, Password: l.AppPassword,
		Retries: -1, Timeout: 30 * time.Second, Version: version})
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	return srv.RevokeAppPassword(ctx)
}

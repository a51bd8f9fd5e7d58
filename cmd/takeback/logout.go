package main

import (
	"errors"
	"fmt"
	"os"
	"os/signal"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/takeback/takeback/internal/credentials"
	"github.com/takeback/takeback/nextcloud"
)

func logoutCommand() *cli.Command {
	return &cli.Command{
		Name:        "logout",
		Description: "Revokes takeback's app password on the server and forgets the login.\n\nExample:\n   takeback logout",
		Usage:       "revoke the stored app password on the server and forget the login",
		Action:      runLogout,
	}
}

// runLogout revokes the stored app password and deletes the stored login.
// The file goes even when the server cannot be reached; the exit status is
// then 1, since the app password still works there.
func runLogout(c *cli.Context) error {
	store, err := credentials.Default()
	if err != nil {
		return cli.Exit(err.Error(), exitUsage)
	}
	l, err := store.LoadForRemoval()
	if errors.Is(err, credentials.ErrNotFound) {
		fmt.Fprintln(c.App.Writer, "You are not logged in: there is no stored login.")
		return nil
	}
	if err != nil {
		// A damaged file cannot be revoked, but it can go.
		if derr := store.Delete(); derr != nil {
			return cli.Exit(derr.Error(), exitFailed)
		}
		return cli.Exit(fmt.Sprintf("%v. It is removed; if it held an app password, revoke it in your Nextcloud's "+
			"Personal settings → Security.", err), exitFailed)
	}
	out := c.App.Writer
	rerr := revoke(c, l)
	var ae *nextcloud.AuthError
	switch {
	case rerr == nil:
		fmt.Fprintf(out, "The app password of %s is revoked on the server.\n", l)
	case errors.As(rerr, &ae):
		fmt.Fprintf(out, "The server no longer accepts the app password of %s: it was already revoked.\n", l)
		rerr = nil
	default:
		fmt.Fprintf(out, "The app password could NOT be revoked on %s: %v\n"+
			"It still works there: remove it in that Nextcloud's Personal settings → Security (the device named %q).\n",
			l.Server, rerr, loginUserAgent())
	}
	if err := store.Delete(); err != nil {
		return cli.Exit(err.Error(), exitFailed)
	}
	fmt.Fprintf(out, "The stored login is removed (%s).\n", store.Path())
	if rerr != nil {
		return cli.Exit("", exitFailed)
	}
	return nil
}

// revoke revokes a stored login's app password on its server, trying
// once, for at most 30 seconds.
func revoke(c *cli.Context, l *credentials.Login) error {
	srv, err := nextcloud.NewServer(nextcloud.Options{Server: l.Server, User: l.LoginName, Password: l.AppPassword,
		Retries: -1, Timeout: 30 * time.Second, Version: version})
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(c.Context, os.Interrupt)
	defer stop()
	return srv.RevokeAppPassword(ctx)
}

package main

import (
	"context"
	"errors"
	"io"
	"log/slog"

	"github.com/takeback/takeback/importers"
	"github.com/takeback/takeback/internal/credentials"
	"github.com/takeback/takeback/internal/lang"
	"github.com/takeback/takeback/nextcloud"
	"github.com/takeback/takeback/ui"
)

// uiBackend is the page's engine (ui.Backend): the functions of `takeback
// preview`, `takeback import` and `takeback login`, on the stored login.
// The app password stays here: the page gets the server's address and the
// user's name only.
type uiBackend struct {
	// jobs is the number of uploads at the same time (import --jobs).
	jobs int
	// endpoints, when set, gives the CalDAV, CardDAV and WebDAV addresses
	// to use with the stored login, as --caldav, --carddav and --webdav
	// do; it is asked each time the server is. The tests set it, to reach
	// real CalDAV and WebDAV servers beside the Nextcloud double; nil
	// otherwise.
	endpoints func() (caldav, carddav, webdav string)
}

var _ ui.Backend = (*uiBackend)(nil)

// Plan reads the archives as `takeback preview` does, with the sources'
// default settings.
func (b *uiBackend) Plan(ctx context.Context, paths []string, onScan func(importers.ScanProgress)) (*importers.Plan, io.Closer, error) {
	plan, tree := importers.LoadOptions{OnScan: onScan}.Load(paths, defaultSources()...)
	logPlan(plan)
	return plan, tree, nil
}

// StoredLogin is the login `takeback login` or the page kept.
func (b *uiBackend) StoredLogin() (ui.Account, bool) {
	l, err := loadLogin()
	if err != nil {
		if !errors.Is(err, credentials.ErrNotFound) {
			slog.Warn("the stored login cannot be used", "error", err.Error())
		}
		return ui.Account{}, false
	}
	return accountOf(l), true
}

// accountOf is a stored login as the page shows it, without its password.
func accountOf(l *credentials.Login) ui.Account {
	who := l.UserID
	if who == "" {
		who = l.LoginName
	}
	return ui.Account{Server: l.Server, User: who}
}

// StartLogin runs Login Flow v2 as `takeback login` does: wait stores the
// app password (0600), and revokes the one of the login it replaces.
func (b *uiBackend) StartLogin(ctx context.Context, server string) (string, func(context.Context) (ui.Account, error), error) {
	store, err := credentials.Default()
	if err != nil {
		return "", nil, err
	}
	srv, err := nextcloud.NewServer(nextcloud.Options{Server: server})
	if err != nil {
		return "", nil, err
	}
	flow, err := nextcloud.StartLogin(ctx, srv.URL(), loginUserAgent())
	if err != nil {
		return "", nil, lang.Errorf("the login could not start at %s: %v", srv.URL(), err)
	}
	flow.Interval = loginPollInterval
	wait := func(ctx context.Context) (ui.Account, error) {
		res, err := flow.Poll(ctx)
		if err != nil {
			return ui.Account{}, err
		}
		kept, err := keepLogin(ctx, store, srv.URL(), res)
		if kept.noUserID != nil {
			slog.Warn("the user ID could not be read; takeback asks again when it needs it", "error", kept.noUserID.Error())
		}
		if err != nil {
			return ui.Account{}, lang.Errorf("logged in, but the login could not be stored: %v", err)
		}
		if old := kept.replaced; old != nil {
			if err := revoke(ctx, old); err != nil {
				slog.Warn("the replaced login's app password could not be revoked: remove it in that Nextcloud's Personal settings → Security",
					"login", old.String(), "error", err.Error())
			}
		}
		return accountOf(&kept.login), nil
	}
	return flow.LoginURL, wait, nil
}

// Inspect asks the server what it already has of the plan, changing
// nothing, as `takeback preview --server` does.
func (b *uiBackend) Inspect(ctx context.Context, a ui.Account, p *importers.Plan) (map[*importers.Item]importers.Status, error) {
	conn, err := b.connect(a)
	if err != nil {
		return nil, err
	}
	return inspectWith(ctx, conn, p, nil)
}

// Target runs the checks of `takeback import` (maintenance, login, free
// space), then opens the account as the import's target.
func (b *uiBackend) Target(ctx context.Context, a ui.Account, p *importers.Plan) (importers.Target, error) {
	conn, err := b.connect(a)
	if err != nil {
		return nil, err
	}
	caps, err := preflight(ctx, conn, p, false, pageQuotaHint)
	if err != nil {
		return nil, err
	}
	return openDAV(ctx, conn, caps, nil)
}

// errLoginChanged is the page's account when the stored login is another
// one now (takeback login or logout ran meanwhile).
var errLoginChanged = lang.New("the stored login changed since you logged in on this page: log in again")

// connect is the connection of the stored login, which must still be the
// page's account, as connect makes it without flags.
func (b *uiBackend) connect(a ui.Account) (*connection, error) {
	l, err := loadLogin()
	if err != nil {
		return nil, err
	}
	if got := accountOf(l); !sameServer(got.Server, a.Server) || got.User != a.User {
		return nil, errLoginChanged
	}
	conn := &connection{stored: l, opts: nextcloud.Options{
		Server: l.Server, User: l.LoginName, Password: l.AppPassword, UserID: l.UserID,
		Version: version, Connections: b.jobs,
	}}
	if b.endpoints != nil {
		conn.opts.CalDAV, conn.opts.CardDAV, conn.opts.WebDAV = b.endpoints()
	}
	if err := conn.opts.Check(); err != nil {
		return nil, err
	}
	return conn, nil
}

// pageQuotaHint is what the page says when the files do not fit: it has no
// --ignore-quota.
var pageQuotaHint = lang.T("Free some space in your Nextcloud (or ask its administrator for more), or untick photos and videos in the preview, then import again.")

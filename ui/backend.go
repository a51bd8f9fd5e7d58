package ui

import (
	"context"
	"io"

	"github.com/takeback/takeback/importers"
)

// Backend is what the page drives; cmd/takeback implements it with the
// same functions as `takeback preview` and `takeback import`.
type Backend interface {
	// Plan reads the archives as the preview does; onScan reports progress.
	// The closer releases the archives once the import is over.
	Plan(ctx context.Context, paths []string, onScan func(importers.ScanProgress)) (*importers.Plan, io.Closer, error)
	// StoredLogin is the login an earlier run kept, as `takeback login`
	// keeps it, so that step 2 can be skipped.
	StoredLogin() (Account, bool)
	// StartLogin starts Nextcloud Login Flow v2 at server (as the person
	// typed it): loginURL is the page to open in a new tab, and wait
	// returns once the login is completed and stored (0600), as `takeback
	// login` stores it. The app password stays in the backend.
	StartLogin(ctx context.Context, server string) (loginURL string, wait func(context.Context) (Account, error), err error)
	// Inspect says what the account's server already has of the plan, as
	// `takeback preview --server` does, changing nothing.
	Inspect(ctx context.Context, a Account, p *importers.Plan) (map[*importers.Item]importers.Status, error)
	// Target opens the account as the import's target, after the checks
	// `takeback import` makes first (maintenance, free space).
	Target(ctx context.Context, a Account, p *importers.Plan) (importers.Target, error)
}

// Account is a stored login, without its password.
type Account struct {
	// Server is the server's address, as the backend normalised it
	// ("https://cloud.example.org").
	Server string `json:"server"`
	// User is who is logged in, as the page shows it.
	User string `json:"user"`
}

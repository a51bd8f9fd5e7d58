package batch

import (
	"context"
	"errors"
	"log/slog"
	"strconv"
	"sync"
	"sync/atomic"

	"golang.org/x/sync/errgroup"

	"github.com/takeback/takeback/importers"
	"github.com/takeback/takeback/internal/lang"
)

// Accounts is the server's user administration, logged in as the admin
// (cmd/takeback adapts nextcloud.Server to it).
type Accounts interface {
	UserExists(ctx context.Context, userID string) (bool, error)
	GroupExists(ctx context.Context, group string) (bool, error)
	CreateGroup(ctx context.Context, group string) error
	CreateUser(ctx context.Context, p Person, password string) error
	SetEmail(ctx context.Context, userID, email string) error
	SendWelcome(ctx context.Context, userID string) error
}

// Importer runs one person's import, logged in as them with password:
// the pipeline of takeback import. Its report has one result per item.
type Importer func(ctx context.Context, p Person, password string) (*importers.Report, error)

// Existing says what to do with an account that is already on the server.
type Existing string

const (
	ExistingError Existing = "error" // the person's row fails
	ExistingReuse Existing = "reuse" // import into it (its password must be known)
)

// Options of a batch run.
type Options struct {
	// State is the progress file's content; required.
	State *State

	Existing     Existing
	CreateGroups bool // create missing groups, instead of failing the row
	WelcomeMail  bool // ask Nextcloud to send its welcome mail once the import is done
	Parallel     int  // people at a time; 0 means 2
	// Secrets is the credentials file; required when a person has no
	// password in the manifest (one is generated).
	Secrets *Secrets
	// Log, when set, gets one message per step of each person, "userid:
	// what happened", to print in the reader's language; never
	// concurrently.
	Log func(msg lang.Text)
	// StopAfter401s stops the whole batch after this many refused logins
	// (401), the admin's or the people's: Nextcloud's brute-force
	// protection slows, then blocks, an address after a few. 0 means 3.
	StopAfter401s int
	// AuthFailure tells whether an error is a refused login (401); nil
	// counts none.
	AuthFailure func(error) bool
	// OnDone, when set, is called as each person's row is final, with how
	// many people are done out of all; never concurrently.
	OnDone func(row Row, done, total int)
}

var errExists = lang.New("the account already exists; to import into it, run with --existing reuse " +
	"(and give its password in the manifest's password column)")

// ErrStopped is the reason of the rows a stopped batch did not finish.
var ErrStopped = lang.New("the batch stopped before this person")

// Run creates the accounts and runs the imports of the manifest's people,
// Parallel at a time, resuming from the state: a stage a person passed is
// not done again. One person's failure never stops the others; only
// repeated refused logins, an Accounts error marked importers.Fatal (the
// admin may not create accounts at all), or ctx stop the batch. It returns one row per
// person, in manifest order, and why the batch stopped, if it did.
func Run(ctx context.Context, m *Manifest, acc Accounts, imp Importer, opt Options) ([]Row, error) {
	if opt.Parallel <= 0 {
		opt.Parallel = 2
	}
	if opt.StopAfter401s <= 0 {
		opt.StopAfter401s = 3
	}
	if opt.Existing == "" {
		opt.Existing = ExistingError
	}
	if opt.Secrets == nil {
		for _, p := range m.People {
			if p.Password == "" && opt.State.Get(p.UserID).Stage == StageNone {
				return nil, lang.Errorf("line %s (%s) has no password, so takeback would make one up: "+
					"say where to write it with --credentials-out FILE", strconv.Itoa(p.Line), p.UserID)
			}
		}
	}
	if opt.WelcomeMail {
		for _, p := range m.People {
			if p.Email == "" {
				return nil, lang.Errorf("line %s (%s) has no e-mail address for the welcome mail (--welcome-mail)", strconv.Itoa(p.Line), p.UserID)
			}
		}
	}
	r := &runner{acc: acc, imp: imp, opt: opt}
	ctx, r.stop = context.WithCancelCause(ctx)
	defer r.stop(nil)

	rows := make([]Row, len(m.People))
	g := &errgroup.Group{}
	g.SetLimit(opt.Parallel)
	for i, p := range m.People {
		if ctx.Err() != nil {
			rows[i] = r.stopped(ctx, p)
			r.done(rows[i], len(m.People))
			continue
		}
		g.Go(func() error {
			if ctx.Err() != nil {
				rows[i] = r.stopped(ctx, p)
				r.done(rows[i], len(m.People))
				return nil
			}
			rows[i] = r.person(ctx, p)
			r.done(rows[i], len(m.People))
			return nil
		})
	}
	g.Wait()
	if err := context.Cause(ctx); err != nil && !errors.Is(err, context.Canceled) {
		return rows, err
	}
	return rows, ctx.Err()
}

type runner struct {
	acc      Accounts
	imp      Importer
	opt      Options
	stop     context.CancelCauseFunc
	auth     atomic.Int32 // refused logins so far
	logMu    sync.Mutex   // serialises Log and OnDone
	finished int          // people whose row is final
}

// done counts a final row and tells Options.OnDone.
func (r *runner) done(row Row, total int) {
	r.logMu.Lock()
	defer r.logMu.Unlock()
	r.finished++
	if r.opt.OnDone != nil {
		r.opt.OnDone(row, r.finished, total)
	}
}

func (r *runner) log(p Person, msg lang.Text) {
	// The messages name no password (TestRunKeepsPasswordsOut).
	slog.Info("batch step", "user", p.UserID, "step", msg.String())
	if r.opt.Log == nil {
		return
	}
	r.logMu.Lock()
	defer r.logMu.Unlock()
	r.opt.Log(lang.T("%s: %v", p.UserID, msg))
}

// failed ends a person's row with err; a refused login counts towards
// stopping the batch.
func (r *runner) failed(p Person, row Row, err error) Row {
	row.Err = lang.FromError(err)
	slog.Warn("batch person failed", "user", p.UserID, "error", err.Error())
	r.log(p, lang.T("not finished: %v", err))
	if r.opt.AuthFailure != nil && r.opt.AuthFailure(err) && int(r.auth.Add(1)) >= r.opt.StopAfter401s {
		r.stop(lang.Errorf("the batch stopped after %d refused logins, before the server blocks this computer "+
			"(brute-force protection): check the admin's password and the manifest's passwords; the last one: %w", int(r.auth.Load()), err))
	}
	return row
}

func (r *runner) stopped(ctx context.Context, p Person) Row {
	st := r.opt.State.Get(p.UserID)
	row := Row{UserID: p.UserID, DisplayName: p.DisplayName, Account: accountWord(st), Counts: st.Counts}
	if row.Account == "" {
		row.Account = AccountSkipped
	}
	if st.Stage == StageWelcomed || (st.Stage == StageImported && !r.opt.WelcomeMail) {
		return row // done in an earlier run: nothing was left to do
	}
	row.Err = lang.FromError(ErrStopped)
	if cause := context.Cause(ctx); cause != nil && !errors.Is(cause, context.Canceled) {
		row.Err = lang.T("%v: %v", ErrStopped, cause)
	}
	return row
}

// person takes one person through the stages they have not passed.
func (r *runner) person(ctx context.Context, p Person) Row {
	st := r.opt.State.Get(p.UserID)
	row := Row{UserID: p.UserID, DisplayName: p.DisplayName, Account: accountWord(st), Counts: st.Counts}

	password, err := r.account(ctx, p, &st)
	if st.Stage != StageNone {
		row.Account = accountWord(st)
	}
	if err != nil {
		if importers.IsFatal(err) {
			// The admin's login is refused, or may not create accounts:
			// every other person would fail the same way.
			r.stop(err)
		}
		switch {
		case errors.Is(err, errExists):
			row.Account = AccountExists
		case row.Account == "":
			row.Account = AccountFailed
		}
		return r.failed(p, row, err)
	}

	if st.Stage == StageCreated {
		r.log(p, lang.T("importing %d archives", len(p.Archives)))
		rep, err := r.imp(ctx, p, password)
		if rep != nil {
			row.Counts = countsOf(rep)
		}
		if err == nil && rep == nil {
			err = lang.New("the import gave no report")
		}
		switch {
		case err != nil:
			err = lang.Errorf("the import: %w", err)
			st.Error = err.Error()
			r.save(p, st)
			return r.failed(p, row, err)
		case rep.Stopped != nil:
			st.Counts, st.Error = row.Counts, rep.Stopped.Error()
			r.save(p, st)
			return r.failed(p, row, lang.Errorf("the import stopped: %w", rep.Stopped))
		case row.Counts.Failed > 0:
			err := lang.Errorf("%d items failed; see the person's report, then run the batch again", row.Counts.Failed)
			st.Counts, st.Error = row.Counts, err.Error()
			r.save(p, st)
			return r.failed(p, row, err)
		}
		st.Stage, st.Counts, st.Error = StageImported, row.Counts, ""
		if err := r.save(p, st); err != nil {
			return r.failed(p, row, err)
		}
		r.log(p, lang.T("import done: %v", countsText(row.Counts)))
	}

	if st.EmailLater && st.Stage.Reached(StageImported) {
		// Created without it (see account), so that Nextcloud's mail
		// waits; set it now, also when this run sends no welcome mail.
		if err := r.acc.SetEmail(ctx, p.UserID, p.Email); err != nil {
			return r.failed(p, row, err)
		}
		st.EmailLater = false
		if err := r.save(p, st); err != nil {
			return r.failed(p, row, err)
		}
	}
	if r.opt.WelcomeMail && st.Stage == StageImported {
		if err := r.acc.SendWelcome(ctx, p.UserID); err != nil {
			return r.failed(p, row, lang.Errorf("sending the welcome mail: %w", err))
		}
		st.Stage = StageWelcomed
		if err := r.save(p, st); err != nil {
			return r.failed(p, row, err)
		}
		r.log(p, lang.T("welcome mail sent"))
	}
	return row
}

// account makes sure the person has an account, and returns the password
// to log in as them. It moves st to StageCreated.
func (r *runner) account(ctx context.Context, p Person, st *PersonState) (string, error) {
	if st.Stage != StageNone {
		if st.Stage.Reached(StageImported) {
			return "", nil // imported: nothing left logs in as them
		}
		return r.passwordOf(p, false)
	}
	exists, err := r.acc.UserExists(ctx, p.UserID)
	if err != nil {
		return "", lang.Errorf("looking for the account: %w", err)
	}
	if exists {
		if r.opt.Existing != ExistingReuse {
			*st = PersonState{} // nothing done; the row says "exists"
			return "", errExists
		}
		pw, err := r.passwordOf(p, true)
		if err != nil {
			return "", err
		}
		*st = PersonState{Stage: StageCreated, Reused: true}
		r.log(p, lang.T("the account was already there: it is reused"))
		return pw, r.save(p, *st)
	}
	for _, g := range p.Groups {
		ok, err := r.acc.GroupExists(ctx, g)
		switch {
		case err != nil:
			return "", lang.Errorf("looking for the group %q: %w", g, err)
		case ok:
		case !r.opt.CreateGroups:
			return "", lang.Errorf("the group %q does not exist: create it in Nextcloud, or run with --create-groups", g)
		default:
			if err := r.acc.CreateGroup(ctx, g); err != nil {
				return "", lang.Errorf("creating the group %q: %w", g, err)
			}
			r.log(p, lang.T("group %q created", g))
		}
	}
	pw := p.Password
	if pw == "" {
		var ok bool
		if pw, ok = r.opt.Secrets.Get(p.UserID); !ok {
			if pw, err = GeneratePassword(); err != nil {
				return "", err
			}
			// Kept before the account exists: a crash in between loses
			// nothing.
			if err := r.opt.Secrets.Put(p.UserID, pw); err != nil {
				return "", err
			}
		}
	}
	create := p
	later := r.opt.WelcomeMail && p.Email != ""
	if later {
		// Nextcloud mails a new account that has an address at once
		// (newUser.sendEmail, nextcloud-api.md §8): the address is set
		// after the import, just before the welcome mail.
		create.Email = ""
	}
	if err := r.acc.CreateUser(ctx, create, pw); err != nil {
		return "", err // it says what it was doing (nextcloud.ProvisioningError)
	}
	*st = PersonState{Stage: StageCreated, EmailLater: later}
	r.log(p, lang.T("account created in Nextcloud"))
	return pw, r.save(p, *st)
}

// passwordOf is the person's password: the manifest's, else the one
// takeback generated and kept in the credentials file. existed tells that
// the account was there before the batch.
func (r *runner) passwordOf(p Person, existed bool) (string, error) {
	if p.Password != "" {
		return p.Password, nil
	}
	if r.opt.Secrets != nil {
		if pw, ok := r.opt.Secrets.Get(p.UserID); ok {
			return pw, nil
		}
	}
	if existed {
		return "", lang.New("the account already exists, but takeback does not know its password: give it in the manifest's password column")
	}
	return "", lang.New("takeback does not know the account's password: give it in the manifest's password column")
}

func (r *runner) save(p Person, st PersonState) error {
	if err := r.opt.State.Set(p.UserID, st); err != nil {
		return lang.Errorf("saving the batch's progress: %w", err)
	}
	return nil
}

// accountWord is the report's account column for a state.
func accountWord(st PersonState) string {
	switch {
	case st.Stage == StageNone:
		return ""
	case st.Reused:
		return AccountReused
	}
	return AccountCreated
}

// countsOf sums a person's report.
func countsOf(rep *importers.Report) Counts {
	var c Counts
	for _, res := range rep.Results {
		switch res.Outcome {
		case importers.Imported:
			c.Imported++
		case importers.Present:
			c.Present++
		case importers.Skipped:
			c.Skipped++
		default:
			c.Failed++
		}
	}
	return c
}

// Failed reports whether any row failed.
func Failed(rows []Row) bool {
	for _, r := range rows {
		if !r.OK() {
			return true
		}
	}
	return false
}

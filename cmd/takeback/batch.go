package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/takeback/takeback/batch"
	"github.com/takeback/takeback/importers"
	"github.com/takeback/takeback/internal/lang"
	"github.com/takeback/takeback/nextcloud"
)

// batch preview and batch run: many newcomers from one manifest (issue 8).
func batchCommand(p *lang.Printer) *cli.Command {
	admin := append([]cli.Flag{
		&cli.StringFlag{Name: "server", Usage: p.Sprintf("the Nextcloud's address, e.g. https://cloud.example.org (default: the one you logged in to)")},
		&cli.StringFlag{Name: "admin", Usage: p.Sprintf("the administrator's login name (default: the stored login)")},
		&cli.StringFlag{Name: "admin-password-file", Usage: p.Sprintf("read the administrator's password from this file (or set TAKEBACK_ADMIN_PASSWORD)")},
	}, transportFlags(p)...)
	return &cli.Command{
		Name: "batch",
		Description: p.Sprintf("Examples:\n" +
			"   takeback batch preview newcomers.csv\n" +
			"   takeback batch run newcomers.csv --server https://cloud.example.org --admin alice --credentials-out passwords.csv"),
		Usage:           p.Sprintf("create accounts and import many people's archives from one manifest (for administrators)"),
		HideHelpCommand: true,
		Flags:           []cli.Flag{langFlag(p)},
		Subcommands: []*cli.Command{
			{
				Name:        "preview",
				Description: p.Sprintf("Example:\n   takeback batch preview --server https://cloud.example.org --admin alice newcomers.csv"),
				Usage:       p.Sprintf("show, per person, the account to create and what would be imported; with --server, also which accounts exist"),
				ArgsUsage:   p.Sprintf("MANIFEST.csv"),
				Flags:       append(append(append([]cli.Flag{}, admin...), onlyFlag(p), langFlag(p)), sourceFlags(p)...),
				Action:      runBatchPreview,
			},
			{
				Name: "run",
				Description: p.Sprintf("Example:\n   takeback batch run newcomers.csv --server https://cloud.example.org --admin alice --credentials-out passwords.csv\n" +
					"Run the same command again after a failure: what is done is not done again."),
				Usage:     p.Sprintf("create the accounts and run each person's import; run it again to finish after a failure"),
				ArgsUsage: p.Sprintf("MANIFEST.csv"),
				Flags: append(append(append([]cli.Flag{}, admin...), []cli.Flag{
					&cli.StringFlag{Name: "existing", Value: "error", Usage: p.Sprintf("an account that already exists: error (that person fails) or reuse (import into it; its password must be in the manifest)")},
					&cli.BoolFlag{Name: "create-groups", Usage: p.Sprintf("create the groups the manifest names that do not exist yet")},
					&cli.BoolFlag{Name: "welcome-mail", Usage: p.Sprintf("ask Nextcloud to send each person its welcome e-mail once their import is done")},
					&cli.StringFlag{Name: "credentials-out", Usage: p.Sprintf("write the passwords takeback makes up to this file (mode 0600); needed when a person has no password in the manifest")},
					&cli.IntFlag{Name: "parallel", Value: 2, Usage: p.Sprintf("people imported at the same time")},
					&cli.IntFlag{Name: "jobs", Value: 4, Usage: p.Sprintf("uploads at the same time, all people together")},
					&cli.StringFlag{Name: "state", Usage: p.Sprintf("the progress file (default: MANIFEST.csv.state.json)")},
					&cli.StringFlag{Name: "report", Usage: p.Sprintf("the batch report (default: batch-report.csv next to the manifest)")},
					&cli.StringFlag{Name: "reports", Usage: p.Sprintf("the folder of each person's report, USERID.jsonl (default: MANIFEST-reports next to the manifest)")},
					&cli.BoolFlag{Name: "ignore-quota", Usage: p.Sprintf("import even when a person's photos and videos do not fit in their quota")},
					onlyFlag(p),
					langFlag(p),
				}...), sourceFlags(p)...),
				Action: runBatch,
			},
		},
	}
}

// readManifest reads the manifest named on the command line and prints
// every problem it has.
func readManifest(c *cli.Context) (*batch.Manifest, error) {
	p := printerOf(c)
	if c.NArg() != 1 {
		return nil, cli.Exit(p.Sprintf("give the manifest, for example: takeback batch %s newcomers.csv", c.Command.Name), exitUsage)
	}
	m, err := batch.ReadManifest(c.Args().First())
	if err != nil {
		return nil, cli.Exit(p.Error(err), exitUsage)
	}
	return m, nil
}

// adminServer connects to the Nextcloud as the administrator: --server
// and --admin with TAKEBACK_ADMIN_PASSWORD, --admin-password-file or a
// prompt; or the stored login (takeback login).
func adminServer(c *cli.Context) (*nextcloud.Server, error) {
	opts := nextcloud.Options{Server: c.String("server"), User: c.String("admin"), Version: version,
		CAFile: c.String("ca-file"), Insecure: c.Bool("insecure"), AllowHTTP: c.Bool("allow-http")}
	if opts.Insecure {
		insecureWarning(c)
	}
	if opts.User == "" {
		l, err := loadLogin()
		if err != nil || (opts.Server != "" && !sameServer(l.Server, opts.Server)) {
			return nil, lang.New("say who the administrator is: --server URL --admin LOGIN (or log in once with takeback login --server URL)")
		}
		opts.Server, opts.User, opts.Password = l.Server, l.LoginName, l.AppPassword
	} else {
		if opts.Server == "" {
			return nil, lang.New("--admin needs --server, the Nextcloud's address")
		}
		pw, err := adminPassword(printerOf(c), c.String("admin-password-file"), opts.User)
		if err != nil {
			return nil, err
		}
		opts.Password = pw
	}
	if err := opts.Check(); err != nil {
		return nil, err
	}
	return nextcloud.NewServer(opts)
}

// adminPassword is password's rule for the administrator: never a flag
// value, so never in a process listing.
func adminPassword(p *lang.Printer, file, user string) (string, error) {
	if pw := os.Getenv("TAKEBACK_ADMIN_PASSWORD"); pw != "" {
		return pw, nil
	}
	// Nextcloud 34 refuses account creation to an app password (§8).
	return passwordAsking(file, p.Sprintf("Password of the administrator %s (the login password, not an app password): ", user),
		lang.T("set TAKEBACK_ADMIN_PASSWORD or pass --admin-password-file FILE"))
}

func runBatchPreview(c *cli.Context) error {
	pr := printerOf(c)
	m, err := readManifest(c)
	if err != nil {
		return err
	}
	var srv *nextcloud.Server
	if c.String("server") != "" || c.String("admin") != "" {
		if srv, err = adminServer(c); err != nil {
			return cli.Exit(pr.Error(err), exitUsage)
		}
	}
	w := c.App.Writer
	pr.Fprintf(w, "%d people in %s\n", len(m.People), m.Path)
	for _, p := range m.People {
		fmt.Fprintf(w, "\n%s", p.UserID)
		if p.DisplayName != "" {
			fmt.Fprintf(w, " (%s)", p.DisplayName)
		}
		fmt.Fprintln(w)
		account := lang.T("a new account")
		if srv != nil {
			exists, err := srv.UserExists(c.Context, p.UserID)
			switch {
			case err != nil:
				return cli.Exit(pr.Error(err), exitUsage)
			case exists:
				account = lang.T("the account exists already: imported into it with --existing reuse, else this person fails")
			}
		}
		pr.Fprintf(w, "  account:  %v\n", account)
		var details []string
		if p.Email != "" {
			details = append(details, pr.Sprintf("e-mail %s", p.Email))
		}
		if len(p.Groups) > 0 {
			details = append(details, pr.Sprintf("groups %s", strings.Join(p.Groups, ", ")))
		}
		if p.Quota != "" {
			details = append(details, pr.Sprintf("quota %s", p.Quota))
		}
		if p.Language != "" {
			details = append(details, pr.Sprintf("language %s", p.Language))
		}
		if p.Password == "" {
			details = append(details, pr.Sprintf("password made up by takeback (--credentials-out)"))
		} else {
			details = append(details, pr.Sprintf("password from the manifest"))
		}
		pr.Fprintf(w, "  settings: %s\n", strings.Join(details, "; "))
		plan, tree, err := personPlan(c, p)
		if err != nil {
			return cli.Exit(pr.Error(err), exitUsage)
		}
		pr.Fprintf(w, "  imports:  %s\n", planLine(pr, plan))
		tree.Close()
	}
	return nil
}

// personPlan reads a person's archives into a plan, with the source and
// --only flags.
func personPlan(c *cli.Context, p batch.Person) (*importers.Plan, *importers.Tree, error) {
	sources, err := newSources(c)
	if err != nil {
		return nil, nil, err
	}
	plan, tree := importers.Load(p.Archives, sources...)
	if s := c.String("only"); s != "" {
		kinds, err := importers.ParseOnly(s)
		if err != nil {
			tree.Close()
			return nil, nil, err
		}
		plan.Only(kinds)
	}
	return plan, tree, nil
}

// planLine sums up a plan in one line: "8 events, 12 photos to import; 4
// skipped; 1 unreadable".
func planLine(p *lang.Printer, plan *importers.Plan) string {
	counts := map[importers.Kind]int{}
	skipped, failed := 0, 0
	for _, it := range plan.Items {
		switch {
		case !it.Fail.IsZero():
			failed++
		case !it.Skip.IsZero():
			skipped++
		default:
			counts[it.Kind]++
		}
	}
	var parts []string
	for _, k := range []importers.Kind{importers.Event, importers.Task, importers.Contact, importers.Photo, importers.Video, importers.File, importers.Note} {
		if n := counts[k]; n > 0 {
			parts = append(parts, p.Text(importers.CountOf(k, n)))
		}
	}
	line := p.Sprintf("nothing to import")
	if len(parts) > 0 {
		line = p.Sprintf("%s to import", strings.Join(parts, ", "))
	}
	if skipped > 0 {
		line += p.Sprintf("; %d skipped", skipped)
	}
	if failed > 0 {
		line += p.Sprintf("; %d unreadable", failed)
	}
	return line
}

func runBatch(c *cli.Context) error {
	p := printerOf(c)
	m, err := readManifest(c)
	if err != nil {
		return err
	}
	if c.Int("jobs") < 1 || c.Int("jobs") > 64 || c.Int("parallel") < 1 || c.Int("parallel") > 64 {
		return cli.Exit(p.Sprintf("--jobs and --parallel must be between 1 and 64"), exitUsage)
	}
	existing := batch.Existing(c.String("existing"))
	if existing != batch.ExistingError && existing != batch.ExistingReuse {
		return cli.Exit(p.Sprintf("--existing is error or reuse"), exitUsage)
	}
	srv, err := adminServer(c)
	if err != nil {
		return cli.Exit(p.Error(err), exitUsage)
	}
	statePath := c.String("state")
	if statePath == "" {
		statePath = batch.DefaultStatePath(m.Path)
	}
	state, err := batch.LoadState(statePath)
	if err != nil {
		return cli.Exit(p.Error(err), exitUsage)
	}
	var secrets *batch.Secrets
	if path := c.String("credentials-out"); path != "" {
		if secrets, err = batch.OpenSecrets(path); err != nil {
			return cli.Exit(p.Error(err), exitUsage)
		}
	}
	dir := filepath.Dir(m.Path)
	reportPath := c.String("report")
	if reportPath == "" {
		reportPath = filepath.Join(dir, batch.ReportName)
	}
	reports := c.String("reports")
	if reports == "" {
		reports = strings.TrimSuffix(m.Path, filepath.Ext(m.Path)) + "-reports"
	}
	if err := os.MkdirAll(reports, 0o700); err != nil {
		return cli.Exit(p.Sprintf("the reports folder: %v", err), exitUsage)
	}

	ctx, intr := interruptible(c.Context, c.App.ErrWriter, p)
	defer intr.close()
	prog := newBatchProgress(c.App.ErrWriter, p, len(m.People))
	imp := &personImport{c: c, uploads: batch.NewUploads(c.Int("jobs")), reports: reports, stop: intr.stop, progress: prog.items,
		target: func(p batch.Person, password string) nextcloud.Options {
			o := nextcloud.Options{Server: srv.URL(), User: p.UserID, Password: password, Version: version,
				CAFile: c.String("ca-file"), Insecure: c.Bool("insecure"), AllowHTTP: c.Bool("allow-http")}
			return o
		}}
	rows, err := batch.Run(ctx, m, accounts{srv}, imp.run, batch.Options{
		Existing: existing, CreateGroups: c.Bool("create-groups"), WelcomeMail: c.Bool("welcome-mail"),
		Parallel: c.Int("parallel"), State: state, Secrets: secrets, Log: prog.log, OnDone: prog.done,
		AuthFailure: isAuthFailure,
	})
	prog.finish()
	intr.close()
	if rows == nil && err != nil {
		return cli.Exit(p.Error(err), exitUsage)
	}
	if werr := batch.WriteReportCSV(reportPath, rows); werr != nil {
		p.Fprintf(c.App.ErrWriter, "takeback: %v\n", werr)
	}
	batch.Summary(c.App.Writer, p, rows)
	p.Fprintf(c.App.Writer, "Batch report: %s\nEach person's report: %s\n", reportPath, reports)
	if secrets != nil {
		p.Fprintf(c.App.Writer, "Passwords made up by takeback: %s (keep it safe, hand them out, then delete it)\n", c.String("credentials-out"))
	}
	if err != nil {
		p.Fprintf(c.App.Writer, "The batch stopped: %v\n", err)
	}
	if err != nil || batch.Failed(rows) {
		p.Fprintf(c.App.Writer, "Run the same command again to finish: what is done is not done twice.\n")
		return cli.Exit("", exitFailed)
	}
	return nil
}

// isAuthFailure tells a refused login (401) apart.
func isAuthFailure(err error) bool {
	var ae *nextcloud.AuthError
	return errors.As(err, &ae)
}

// accounts is nextcloud.Server as batch.Accounts.
type accounts struct{ srv *nextcloud.Server }

func (a accounts) UserExists(ctx context.Context, id string) (bool, error) {
	return a.srv.UserExists(ctx, id)
}
func (a accounts) GroupExists(ctx context.Context, g string) (bool, error) {
	return a.srv.GroupExists(ctx, g)
}
func (a accounts) CreateGroup(ctx context.Context, g string) error { return a.srv.CreateGroup(ctx, g) }
func (a accounts) SetEmail(ctx context.Context, id, email string) error {
	return a.srv.SetEmail(ctx, id, email)
}
func (a accounts) SendWelcome(ctx context.Context, id string) error {
	return a.srv.SendWelcome(ctx, id)
}
func (a accounts) CreateUser(ctx context.Context, p batch.Person, password string) error {
	err := a.srv.CreateUser(ctx, nextcloud.NewUser{UserID: p.UserID, Password: password, DisplayName: p.DisplayName,
		Email: p.Email, Groups: p.Groups, Quota: p.Quota, Language: p.Language})
	switch {
	case errors.Is(err, nextcloud.ErrInvitationNotSent):
		return nil // the account is there; only Nextcloud's own mail failed
	case errors.Is(err, nextcloud.ErrPasswordConfirmation), errors.Is(err, nextcloud.ErrNotAdmin):
		return importers.Fatal(err) // the same for everybody: the batch stops
	}
	return err
}

// personImport is one person's import, as takeback import runs it, with
// their login.
type personImport struct {
	c       *cli.Context
	uploads *batch.Uploads
	reports string // folder of the per-person reports
	stop    <-chan struct{}
	// target is where the person's items go: their Nextcloud login, or,
	// in tests, other servers.
	target func(p batch.Person, password string) nextcloud.Options
	// progress, when set, is told how far each person's import is.
	progress func(userID string, done, total int)
}

func (pi *personImport) run(ctx context.Context, p batch.Person, password string) (*importers.Report, error) {
	plan, tree, err := personPlan(pi.c, p)
	if err != nil {
		return nil, err
	}
	defer tree.Close()
	conn := &connection{opts: pi.target(p, password)}
	conn.opts.Connections = pi.c.Int("jobs")
	var caps *nextcloud.Capabilities
	if conn.opts.Server != "" {
		if caps, err = preflight(ctx, conn, plan, pi.c.Bool("ignore-quota"), ignoreQuotaHint); err != nil {
			return nil, err
		}
	}
	dav, err := openDAV(ctx, conn, caps, pi.c.StringSlice("into"))
	if err != nil {
		return nil, err
	}
	opts := importers.ApplyOptions{Jobs: pi.c.Int("jobs"), Stop: pi.stop}
	if pi.progress != nil {
		opts.OnResult = func(done, total int, _ importers.Result) { pi.progress(p.UserID, done, total) }
	}
	rep := importers.Apply(ctx, plan, pi.uploads.Limit(dav), opts)
	if err := writeReport(filepath.Join(pi.reports, p.UserID+".jsonl"), rep); err != nil {
		printerOf(pi.c).Fprintf(pi.c.App.ErrWriter, "%s: %v\n", p.UserID, err)
	}
	return rep, nil
}

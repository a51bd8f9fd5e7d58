package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync"
	"sync/atomic"

	"github.com/urfave/cli/v2"

	"github.com/takeback/takeback/importers"
	"github.com/takeback/takeback/importers/folder"
	"github.com/takeback/takeback/internal/credentials"
	"github.com/takeback/takeback/internal/lang"
	"github.com/takeback/takeback/nextcloud"
)

func importCommand(p *lang.Printer) *cli.Command {
	return &cli.Command{
		Name: "import",
		Description: p.Sprintf("Examples:\n" +
			"   takeback import takeout-*.zip                       # into the Nextcloud you logged in to\n" +
			"   takeback import --server https://cloud.example.org --user alice takeout-*.zip facebook-*.zip\n" +
			"   takeback import --to ~/takeback-out takeout-*.zip   # into a folder, no server"),
		Usage:     p.Sprintf("import the archives into Nextcloud, a CalDAV/CardDAV server, or a local folder"),
		ArgsUsage: p.Sprintf("ARCHIVE..."),
		Flags: append(append([]cli.Flag{
			&cli.StringFlag{Name: "to", Usage: p.Sprintf("write into this local folder instead of a server")},
			&cli.IntFlag{Name: "jobs", Value: 4, Usage: p.Sprintf("uploads at the same time")},
			&cli.StringFlag{Name: "report", Usage: p.Sprintf("write the outcome of every item to this file (JSON Lines)")},
			&cli.BoolFlag{Name: "ignore-quota", Usage: p.Sprintf("import even when the photos and videos do not fit in your free space")},
			onlyFlag(p),
		}, serverFlags(p)...), sourceFlags(p)...),
		Action: runImport,
	}
}

func runImport(c *cli.Context) error {
	p := printerOf(c)
	server := c.String("server") != "" || c.String("caldav") != "" || c.String("carddav") != "" || c.String("webdav") != ""
	if c.String("to") != "" && server {
		return cli.Exit(p.Sprintf("--to writes to a local folder; do not combine it with a server"), exitUsage)
	}
	if !server && c.String("to") == "" {
		if _, err := loadLogin(); err != nil {
			if errors.Is(err, credentials.ErrNotFound) {
				err = lang.New("say where to import: --server https://your.cloud (Nextcloud; or log in once with takeback login --server URL), " +
					"--caldav/--carddav/--webdav URL (another server), or --to FOLDER (a local folder)")
			}
			return cli.Exit(p.Error(err), exitUsage)
		}
	}
	if c.Int("jobs") < 1 || c.Int("jobs") > 64 {
		return cli.Exit(p.Sprintf("--jobs must be between 1 and 64"), exitUsage)
	}
	plan, tree, err := loadPlan(c)
	if err != nil {
		return err
	}
	defer tree.Close()

	out := outputOf(c)
	ctx, intr := interruptible(c.Context, out.msgs, p)
	defer intr.close()
	target, err := openTarget(ctx, c, plan)
	if err != nil {
		return cli.Exit(p.Error(err), exitUsage)
	}
	if !out.quiet {
		for _, w := range plan.Warnings {
			p.Fprintf(out.msgs, "warning: %s: %v\n", w.Source, w.Message)
		}
	}
	prog := newProgress(out.msgs, p, plan, out.quiet)
	onResult := func(done, total int, r importers.Result) {
		prog.update(done, total, r)
		if out.verbose {
			fmt.Fprintln(out.msgs, r.Line(p))
		}
	}
	rep := importers.Apply(ctx, plan, target, importers.ApplyOptions{Jobs: c.Int("jobs"), OnResult: onResult, Stop: intr.stop})
	prog.finish()
	intr.close() // from here on, Ctrl-C ends the program at once

	reported := false
	if path := c.String("report"); path != "" {
		if err := writeReport(path, rep); err != nil {
			p.Fprintf(c.App.ErrWriter, "takeback: %v\n", err)
		} else {
			reported = true
			defer p.Fprintf(c.App.Writer, "Full report: %s\n", path)
		}
	}
	rep.WriteSummaryWith(c.App.Writer, p, importers.SummaryOptions{Quiet: out.quiet, Report: reported})
	if intr.interrupted() {
		p.Fprintf(c.App.Writer, "Interrupted. Run the same command again to finish: nothing is imported twice.\n")
	}
	if rep.Failed() > 0 {
		return cli.Exit("", exitFailed)
	}
	return nil
}

// interruption is how Ctrl-C (SIGINT) stops an import: the first stops
// starting new items and lets those under way finish (stop is closed; the
// report is still written), the second aborts them too (ctx is
// cancelled).
type interruption struct {
	stop   chan struct{}
	once   sync.Once
	done   chan struct{} // closed by close
	signal chan os.Signal
	seen   atomic.Int32 // interrupts received
}

// interruptible starts listening for Ctrl-C; close stops it.
func interruptible(parent context.Context, msgs io.Writer, p *lang.Printer) (context.Context, *interruption) {
	ctx, cancel := context.WithCancel(parent)
	in := &interruption{stop: make(chan struct{}), done: make(chan struct{}), signal: make(chan os.Signal, 2)}
	signal.Notify(in.signal, os.Interrupt)
	go func() {
		defer cancel()
		for {
			select {
			case <-in.done:
				return
			case <-in.signal:
			}
			switch in.seen.Add(1) {
			case 1:
				close(in.stop)
				p.Fprintf(msgs, "\nInterrupted: the uploads under way finish, no new ones start. "+
					"Press Ctrl-C again to stop them at once.\n")
			default:
				p.Fprintf(msgs, "\nInterrupted again: stopping the uploads under way.\n")
				signal.Stop(in.signal) // a third Ctrl-C ends the program at once
				cancel()
				return
			}
		}
	}()
	return ctx, in
}

// interrupted reports whether Ctrl-C was pressed.
func (in *interruption) interrupted() bool { return in.seen.Load() > 0 }

// close stops listening: Ctrl-C gets its default effect again.
func (in *interruption) close() {
	in.once.Do(func() {
		signal.Stop(in.signal)
		close(in.done)
	})
}

// openTarget connects to the destination: a local folder (--to), the
// servers given on the command line, or the stored login. Before a
// Nextcloud import it runs the pre-flight checks (preflight).
func openTarget(ctx context.Context, c *cli.Context, p *importers.Plan) (importers.Target, error) {
	if dir := c.String("to"); dir != "" {
		return folder.New(dir)
	}
	conn, err := connect(c, false)
	if err != nil {
		return nil, err
	}
	var caps *nextcloud.Capabilities
	if conn.opts.Server != "" {
		if caps, err = preflight(ctx, conn, p, c.Bool("ignore-quota"), ignoreQuotaHint); err != nil {
			return nil, err
		}
	}
	return openDAV(ctx, conn, caps, c.StringSlice("into"))
}

// openDAV connects to the servers, following the capabilities when the
// server is a Nextcloud that published them.
func openDAV(ctx context.Context, conn *connection, caps *nextcloud.Capabilities, into []string) (*nextcloud.DAV, error) {
	conn.opts.Into = into
	dav, err := nextcloud.New(ctx, conn.opts)
	if err != nil {
		return nil, err
	}
	if caps != nil && conn.opts.WebDAV == "" {
		// The server's own file-name rules and chunk size (capabilities).
		dav.SetNameRules(caps.Names)
		if caps.ChunkMaxSizeAdvertised {
			dav.SetChunking(caps.ChunkMaxSize)
		}
	}
	return dav, nil
}

// preflight runs the checks that would make a Nextcloud import fail as a
// whole (maintenance, login, free space; nextcloud.PreflightChecks) and
// refuses to start when one finds a problem. --ignore-quota lets a
// too-small free space pass; without it, quotaHint tells what to do. It
// returns the server's capabilities, nil when it has none (not a
// Nextcloud).
func preflight(ctx context.Context, conn *connection, p *importers.Plan, ignoreQuota bool, quotaHint lang.Text) (*nextcloud.Capabilities, error) {
	var ignore []nextcloud.Check
	if ignoreQuota {
		ignore = append(ignore, nextcloud.CheckQuota)
	}
	need := fileBytes(p)
	if conn.opts.WebDAV != "" {
		need = -1 // the files go to another server
	}
	d := nextcloud.Diagnose(ctx, nextcloud.DiagnoseOptions{
		Options: conn.opts, Checks: nextcloud.PreflightChecks, Need: need, NeedWhat: lang.T("for the photos and videos"),
	})
	if probs := d.Problems(ignore...); len(probs) > 0 {
		var found lang.Text
		for _, f := range probs {
			found = lang.T("%v\n  %v", found, f.Text())
		}
		msg := lang.T("the import did not start; checking %v found:%v", conn.who(), found)
		if containsCheck(probs, nextcloud.CheckQuota) {
			msg = lang.T("%v\n%v", msg, quotaHint)
		}
		return nil, lang.Errorf("%v", msg)
	}
	if d.User != nil {
		conn.opts.UserID = d.User.ID
	}
	return d.Capabilities, nil
}

// ignoreQuotaHint is what the command line says when the files do not fit.
var ignoreQuotaHint = lang.T("If part of these files is already on the server from an earlier run, or you freed space meanwhile, " +
	"run the same command with --ignore-quota.")

func containsCheck(fs []nextcloud.Finding, c nextcloud.Check) bool {
	for _, f := range fs {
		if f.Check == c {
			return true
		}
	}
	return false
}

// fileBytes is the size of the files the plan uploads (photos and videos):
// what counts against the quota. Calendars and contacts do not.
func fileBytes(p *importers.Plan) int64 {
	var n int64
	for _, it := range p.Items {
		if !it.Skip.IsZero() || !it.Fail.IsZero() || it.Collection == nil || it.Collection.Kind != importers.Folder {
			continue
		}
		n += it.Bytes()
	}
	return n
}

func writeReport(path string, rep *importers.Report) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return lang.Errorf("write the report: %w", err)
	}
	if err := rep.WriteJSON(f); err != nil {
		f.Close()
		return lang.Errorf("write the report: %w", err)
	}
	return f.Close()
}

package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"

	"github.com/urfave/cli/v2"

	"github.com/takeback/takeback/importers"
	"github.com/takeback/takeback/importers/folder"
	"github.com/takeback/takeback/nextcloud"
)

func importCommand() *cli.Command {
	return &cli.Command{
		Name:      "import",
		Usage:     "import the archives into Nextcloud, a CalDAV/CardDAV server, or a local folder",
		ArgsUsage: "ARCHIVE...",
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "server", Usage: "your Nextcloud's address, e.g. https://cloud.example.org"},
			&cli.StringFlag{Name: "caldav", Usage: "a CalDAV address, for servers other than Nextcloud"},
			&cli.StringFlag{Name: "carddav", Usage: "a CardDAV address, for servers other than Nextcloud"},
			&cli.StringFlag{Name: "webdav", Usage: "the address of your files on a WebDAV server other than Nextcloud"},
			&cli.StringFlag{Name: "to", Usage: "write into this local folder instead of a server"},
			&cli.StringFlag{Name: "user", Usage: "your user name on the server"},
			&cli.StringFlag{Name: "password-file", Usage: "read the password from this file (or set TAKEBACK_PASSWORD)"},
			&cli.StringSliceFlag{Name: "into", Usage: "allow adding to your existing calendar or address book with this name (repeatable)"},
			&cli.IntFlag{Name: "jobs", Value: 4, Usage: "uploads at the same time"},
			&cli.StringFlag{Name: "report", Usage: "write the outcome of every item to this file (JSON Lines)"},
			onlyFlag,
		}, sourceFlags...),
		Action: runImport,
	}
}

func runImport(c *cli.Context) error {
	server := c.String("server") != "" || c.String("caldav") != "" || c.String("carddav") != "" || c.String("webdav") != ""
	if !server && c.String("to") == "" {
		return cli.Exit("say where to import: --server https://your.cloud (Nextcloud), --caldav/--carddav/--webdav URL (another server), or --to FOLDER (a local folder)", exitUsage)
	}
	if c.String("to") != "" && server {
		return cli.Exit("--to writes to a local folder; do not combine it with a server", exitUsage)
	}
	if c.Int("jobs") < 1 || c.Int("jobs") > 64 {
		return cli.Exit("--jobs must be between 1 and 64", exitUsage)
	}
	p, tree, err := loadPlan(c)
	if err != nil {
		return err
	}
	defer tree.Close()

	ctx, stop := signal.NotifyContext(c.Context, os.Interrupt)
	defer stop()
	target, err := openTarget(ctx, c)
	if err != nil {
		return cli.Exit(err.Error(), exitUsage)
	}
	for _, w := range p.Warnings {
		fmt.Fprintf(c.App.ErrWriter, "warning: %s: %s\n", w.Source, w.Message)
	}
	prog := newProgress(c.App.ErrWriter)
	rep := importers.Apply(ctx, p, target, importers.ApplyOptions{Jobs: c.Int("jobs"), OnResult: prog.update})
	prog.finish()

	if path := c.String("report"); path != "" {
		if err := writeReport(path, rep); err != nil {
			fmt.Fprintln(c.App.ErrWriter, "takeback:", err)
		} else {
			defer fmt.Fprintf(c.App.Writer, "Full report: %s\n", path)
		}
	}
	rep.WriteSummary(c.App.Writer)
	if ctx.Err() != nil {
		fmt.Fprintln(c.App.Writer, "Interrupted. Run the same command again to finish: nothing is imported twice.")
	}
	if rep.Failed() > 0 {
		return cli.Exit("", exitFailed)
	}
	return nil
}

func openTarget(ctx context.Context, c *cli.Context) (importers.Target, error) {
	if dir := c.String("to"); dir != "" {
		return folder.New(dir)
	}
	user := c.String("user")
	if user == "" {
		return nil, fmt.Errorf("--user is needed with a server")
	}
	pw, err := password(c.String("password-file"), user)
	if err != nil {
		return nil, err
	}
	return nextcloud.New(ctx, nextcloud.Options{
		Server: c.String("server"), CalDAV: c.String("caldav"), CardDAV: c.String("carddav"), WebDAV: c.String("webdav"),
		User: user, Password: pw, Into: c.StringSlice("into"),
	})
}

func writeReport(path string, rep *importers.Report) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("write the report: %w", err)
	}
	if err := rep.WriteJSON(f); err != nil {
		f.Close()
		return fmt.Errorf("write the report: %w", err)
	}
	return f.Close()
}

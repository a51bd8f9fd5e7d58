package main

import (
	"errors"
	"os"
	"os/signal"

	"github.com/urfave/cli/v2"

	"github.com/takeback/takeback/facebook"
	"github.com/takeback/takeback/google"
	"github.com/takeback/takeback/internal/lang"
	"github.com/takeback/takeback/nextcloud"
)

func doctorCommand(p *lang.Printer) *cli.Command {
	return &cli.Command{
		Name: "doctor",
		Description: p.Sprintf("Examples:\n" +
			"   takeback doctor                       # the Nextcloud you logged in to\n" +
			"   takeback doctor takeout-*.zip         # also: do these archives fit in your free space?"),
		Usage:     p.Sprintf("check your Nextcloud before an import, and explain what it finds"),
		ArgsUsage: p.Sprintf("[ARCHIVE...]"),
		Flags: append(loginFlags(p),
			&cli.StringFlag{Name: "photos-dir", Value: google.DefaultPhotosDir, Usage: p.Sprintf("the folder for Google photos, as for import")},
			&cli.StringFlag{Name: "facebook-photos-dir", Value: facebook.DefaultPhotosDir, Usage: p.Sprintf("the folder for Facebook photos, as for import")},
			langFlag(p),
		),
		Action: runDoctor,
	}
}

// runDoctor prints nextcloud.Diagnose's findings, one a line; the exit
// status is 1 when one is a problem.
func runDoctor(c *cli.Context) error {
	p := printerOf(c)
	conn, err := connect(c, true)
	if errors.Is(err, errNoServer) {
		return cli.Exit(p.Sprintf("say which Nextcloud to check: --server https://cloud.example.org, or log in first with takeback login --server URL"), exitUsage)
	}
	if err != nil {
		return cli.Exit(p.Error(err), exitUsage)
	}
	out := c.App.Writer
	need, what, bad := archivesSize(c.Args().Slice())
	p.Fprintf(out, "Checking %v…\n", conn.who())
	ctx, stop := signal.NotifyContext(c.Context, os.Interrupt)
	defer stop()
	d := nextcloud.Diagnose(ctx, nextcloud.DiagnoseOptions{
		Options:    conn.opts,
		PhotosDirs: []string{c.String("photos-dir"), c.String("facebook-photos-dir")},
		Need:       need, NeedWhat: what,
	})
	printFindings(out, p, append(d.Findings, bad...))
	problems, warnings := 0, 0
	for _, f := range append(d.Findings, bad...) {
		switch f.Level {
		case nextcloud.Problem:
			problems++
		case nextcloud.Warning:
			warnings++
		}
	}
	switch {
	case problems > 0:
		p.Fprintf(out, "%d problems: an import would fail or go wrong. See the lines marked “%v”.\n", problems, nextcloud.Problem.Text())
		if containsCheck(d.Problems(), nextcloud.CheckQuota) {
			p.Fprintf(out, "If part of these files is already on the server, takeback import --ignore-quota imports anyway, until the space runs out.\n")
		}
		return cli.Exit("", exitFailed)
	case warnings > 0:
		p.Fprintf(out, "No problem; %d warnings worth reading.\n", warnings)
	default:
		p.Fprintf(out, "Everything is ready for an import.\n")
	}
	return nil
}

// archivesSize adds up the sizes of the archives: an upper bound of what an
// import stores. An archive that cannot be read is a problem finding.
func archivesSize(paths []string) (int64, lang.Text, []nextcloud.Finding) {
	if len(paths) == 0 {
		return -1, lang.Text{}, nil
	}
	var total int64
	var bad []nextcloud.Finding
	for _, path := range paths {
		fi, err := os.Stat(path)
		if err != nil {
			bad = append(bad, nextcloud.Finding{Check: "archives", Level: nextcloud.Problem, Title: lang.T("Archive"),
				Detail: lang.T("cannot read %s: %v", path, errors.Unwrap(err))})
			continue
		}
		total += fi.Size()
	}
	what := lang.T("the size of the archive")
	if len(paths) > 1 {
		what = lang.T("the size of the %d archives", len(paths))
	}
	return total, what, bad
}

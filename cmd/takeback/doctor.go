package main

import (
	"errors"
	"fmt"
	"os"
	"os/signal"

	"github.com/urfave/cli/v2"

	"github.com/takeback/takeback/facebook"
	"github.com/takeback/takeback/google"
	"github.com/takeback/takeback/nextcloud"
)

func doctorCommand() *cli.Command {
	return &cli.Command{
		Name: "doctor",
		Description: "Examples:\n" +
			"   takeback doctor                       # the Nextcloud you logged in to\n" +
			"   takeback doctor takeout-*.zip         # also: do these archives fit in your free space?",
		Usage:     "check your Nextcloud before an import, and explain what it finds",
		ArgsUsage: "[ARCHIVE...]",
		Flags: append(loginFlags(),
			&cli.StringFlag{Name: "photos-dir", Value: google.DefaultPhotosDir, Usage: "the folder for Google photos, as for import"},
			&cli.StringFlag{Name: "facebook-photos-dir", Value: facebook.DefaultPhotosDir, Usage: "the folder for Facebook photos, as for import"},
		),
		Action: runDoctor,
	}
}

// runDoctor prints nextcloud.Diagnose's findings, one a line; the exit
// status is 1 when one is a problem.
func runDoctor(c *cli.Context) error {
	conn, err := connect(c, true)
	if errors.Is(err, errNoServer) {
		return cli.Exit("say which Nextcloud to check: --server https://cloud.example.org, or log in first with takeback login --server URL", exitUsage)
	}
	if err != nil {
		return cli.Exit(err.Error(), exitUsage)
	}
	out := c.App.Writer
	need, what, bad := archivesSize(c.Args().Slice())
	fmt.Fprintf(out, "Checking %s…\n", conn.who())
	ctx, stop := signal.NotifyContext(c.Context, os.Interrupt)
	defer stop()
	d := nextcloud.Diagnose(ctx, nextcloud.DiagnoseOptions{
		Options:    conn.opts,
		PhotosDirs: []string{c.String("photos-dir"), c.String("facebook-photos-dir")},
		Need:       need, NeedWhat: what,
	})
	printFindings(out, append(d.Findings, bad...))
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
		fmt.Fprintf(out, "%s: an import would fail or go wrong. See the lines marked \"problem\".\n", count(problems, "problem"))
		return cli.Exit("", exitFailed)
	case warnings > 0:
		fmt.Fprintf(out, "No problem; %s worth reading.\n", count(warnings, "warning"))
	default:
		fmt.Fprintln(out, "Everything is ready for an import.")
	}
	return nil
}

// archivesSize adds up the sizes of the archives: an upper bound of what an
// import stores. An archive that cannot be read is a problem finding.
func archivesSize(paths []string) (int64, string, []nextcloud.Finding) {
	if len(paths) == 0 {
		return -1, "", nil
	}
	var total int64
	var bad []nextcloud.Finding
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			bad = append(bad, nextcloud.Finding{Check: "archives", Level: nextcloud.Problem, Title: "Archive",
				Detail: fmt.Sprintf("cannot read %s: %v", p, errors.Unwrap(err))})
			continue
		}
		total += fi.Size()
	}
	what := "the size of the archive"
	if len(paths) > 1 {
		what = fmt.Sprintf("the size of the %d archives", len(paths))
	}
	return total, what, bad
}

func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

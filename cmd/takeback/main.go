// Command takeback moves a Google Takeout into your own Nextcloud, or into
// any CalDAV/CardDAV server, or into a local folder.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"github.com/urfave/cli/v2"
)

var version = "dev"

// exitFailed is the status when the import ran but some items failed;
// exitUsage when the command line or setup was wrong.
const (
	exitFailed = 1
	exitUsage  = 2
)

func main() {
	// The garbage collector lets the heap grow to twice what is live
	// unless told of a limit; near this one it works harder instead, so a
	// 50,000-photo Takeout stays under 150 MB (issue 7, bench/README.md).
	// GOMEMLIMIT, when set, wins.
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
	os.Exit(run(os.Args, os.Stdout, os.Stderr))
}

// memoryLimit is the soft memory limit (runtime/debug.SetMemoryLimit).
const memoryLimit = 110 << 20

// commands lists every command of the command line.
func commands() []*cli.Command {
	return []*cli.Command{
		previewCommand(),
		importCommand(),
		loginCommand(),
		logoutCommand(),
		doctorCommand(),
		batchCommand(),
		versionCommand(),
		completionCommand(),
		manCommand(),
	}
}

// run runs the command line and returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	app := &cli.App{
		Writer:    stdout,
		ErrWriter: stderr,
		Name:      "takeback",
		Usage:     "bring your Google Takeout home to your Nextcloud",
		Version:   appVersion(),
		Commands:  commands(),
		UsageText: "takeback [--quiet | --verbose] [--log-file FILE] COMMAND [options] [ARCHIVE...]\n\n" +
			"The global options go before the command (takeback --verbose preview takeout-*.zip); import also takes them after its name.",
		Flags:                outputFlags(),
		Before:               startOutput,
		After:                stopOutput,
		HideHelpCommand:      true,
		EnableBashCompletion: true,
		ExitErrHandler:       func(*cli.Context, error) {},
	}
	err := app.Run(args)
	if err == nil {
		return 0
	}
	var ec cli.ExitCoder
	if errors.As(err, &ec) {
		if msg := err.Error(); msg != "" {
			fmt.Fprintln(stderr, "takeback:", msg)
		}
		return ec.ExitCode()
	}
	fmt.Fprintln(stderr, "takeback:", err)
	return exitUsage
}

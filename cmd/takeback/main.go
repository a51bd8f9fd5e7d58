// Command takeback moves a Google Takeout into your own Nextcloud, or into
// any CalDAV/CardDAV server, or into a local folder.
package main

import (
	"errors"
	"io"
	"os"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/takeback/takeback/internal/lang"
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
	os.Exit(run(startArgs(os.Args), os.Stdout, os.Stderr, os.Getenv))
}

// memoryLimit is the soft memory limit (runtime/debug.SetMemoryLimit).
const memoryLimit = 110 << 20

// commands lists every command of the command line, in p's language.
func commands(p *lang.Printer) []*cli.Command {
	working := []*cli.Command{
		previewCommand(p),
		importCommand(p),
		loginCommand(p),
		logoutCommand(p),
		doctorCommand(p),
		batchCommand(p),
		uiCommand(p),
	}
	for _, c := range working {
		takeOutputFlags(p, c)
	}
	return append(working, versionCommand(p), completionCommand(p), manCommand(p))
}

// takeOutputFlags lets a command and its subcommands take the global
// output flags after their name too (takeback preview --verbose …): they
// replace its --lang.
func takeOutputFlags(p *lang.Printer, c *cli.Command) {
	own := outputFlags(p)
	var flags []cli.Flag
	for _, f := range c.Flags {
		if !slices.ContainsFunc(own, func(o cli.Flag) bool { return o.Names()[0] == f.Names()[0] }) {
			flags = append(flags, f)
		}
	}
	c.Flags = append(flags, own...)
	if c.Before == nil {
		c.Before = startOutput
	}
	for _, sub := range c.Subcommands {
		takeOutputFlags(p, sub)
	}
}

// run runs the command line and returns the exit status. getenv gives the
// locale variables, which choose the language when --lang does not.
func run(args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	code, err := language(args[1:], getenv)
	p := lang.NewPrinter(code)
	if err != nil {
		p.Fprintf(stderr, "takeback: %v\n", err)
		return exitUsage
	}
	err = newApp(p, stdout, stderr).Run(args)
	if err == nil {
		return 0
	}
	var ec cli.ExitCoder
	if errors.As(err, &ec) {
		if msg := err.Error(); msg != "" {
			p.Fprintf(stderr, "takeback: %v\n", msg)
		}
		return ec.ExitCode()
	}
	p.Fprintf(stderr, "takeback: %v\n", err)
	return exitUsage
}

// newApp is the command line in p's language. The printer goes with it,
// for the commands' messages (printerOf).
func newApp(p *lang.Printer, stdout, stderr io.Writer) *cli.App {
	app := &cli.App{
		Writer:    stdout,
		ErrWriter: stderr,
		Name:      "takeback",
		Usage:     p.Sprintf("bring your Google Takeout home to your Nextcloud"),
		Version:   appVersion(),
		Commands:  commands(p),
		UsageText: p.Sprintf("takeback [--quiet | --verbose] [--log-file FILE] [--lang en|fr] COMMAND [options] [ARCHIVE...]\n\n" +
			"The global options go before the command (takeback --verbose preview takeout-*.zip) or after its name."),
		Flags:                outputFlags(p),
		Before:               startOutput,
		After:                stopOutput,
		HideHelpCommand:      true,
		EnableBashCompletion: true,
		ExitErrHandler:       func(*cli.Context, error) {},
		Metadata:             map[string]any{printerKey: p},
	}
	localizeHelp(p, app)
	return app
}

const printerKey = "printer"

// printerOf is the run's printer; English in an app that newApp did not
// make (tests build their own).
func printerOf(c *cli.Context) *lang.Printer {
	if p, ok := c.App.Metadata[printerKey].(*lang.Printer); ok {
		return p
	}
	return lang.English
}

// langFlag chooses the language; run reads it before the command line is
// parsed (language), so that the help is in that language too. Every
// command takes it.
func langFlag(p *lang.Printer) cli.Flag {
	return &cli.StringFlag{Name: "lang", Usage: p.Sprintf("the language of the messages, the help and the --html page: en or fr (default: from LC_ALL, LC_MESSAGES or LANG)")}
}

// language is the run's language: the last --lang before "--" on the
// command line, else the locale variables (lang.FromEnv). A --lang that
// takeback does not speak is an error, said in the locale's language.
func language(args []string, getenv func(string) string) (string, error) {
	value, given := "", false
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			break
		}
		if !strings.HasPrefix(a, "-") {
			continue
		}
		name, v, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if name != "lang" {
			continue
		}
		if !hasValue {
			if i+1 == len(args) {
				break // the command line says the value is missing
			}
			i++
			v = args[i]
		}
		value, given = v, true
	}
	if !given {
		return lang.FromEnv(getenv), nil
	}
	if code := langOf(value); code != "" {
		return code, nil
	}
	return lang.FromEnv(getenv), lang.Errorf("--lang takes en or fr, not %q", value)
}

// langOf reads "fr", "fr_FR.UTF-8", "fr-CA" or "en_GB": "" for a language
// takeback does not speak.
func langOf(s string) string {
	s = strings.ToLower(s)
	if i := strings.IndexAny(s, "_-.@"); i >= 0 {
		s = s[:i]
	}
	if s == "en" || s == "fr" {
		return s
	}
	return ""
}

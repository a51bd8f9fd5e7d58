package main

import (
	"context"
	"io"
	"os"
	"os/signal"
	"runtime"

	"github.com/urfave/cli/v2"
	"golang.org/x/term"

	"github.com/takeback/takeback/internal/lang"
	"github.com/takeback/takeback/ui"
)

func uiCommand(p *lang.Printer) *cli.Command {
	return &cli.Command{
		Name:  "ui",
		Usage: p.Sprintf("do the whole move on a page in your web browser, step by step"),
		Description: p.Sprintf("Starts a small web server that only this computer can reach (127.0.0.1), and opens its page\n" +
			"in your web browser. The page walks you through five steps: choose the archives, log in to\n" +
			"your Nextcloud, see what will be imported, import, and the outcome. Its address holds a secret\n" +
			"key: whoever has it can use the page, so do not share it. Ctrl-C stops takeback.\n" +
			"Started with no arguments from a file manager (a double-click), takeback runs this command." +
			"\n\nExamples:\n" +
			"   takeback ui\n" +
			"   takeback ui --no-browser --port 8080   # only prints the address, to open yourself"),
		Flags: []cli.Flag{
			&cli.IntFlag{Name: "port", Usage: p.Sprintf("the page's port on 127.0.0.1"), DefaultText: p.Sprintf("a free one")},
			&cli.BoolFlag{Name: "no-browser", Usage: p.Sprintf("do not open a web browser: only print the page's address")},
			&cli.IntFlag{Name: "jobs", Value: 4, Usage: p.Sprintf("uploads at the same time")},
			&cli.DurationFlag{Name: "idle-exit", Usage: p.Sprintf("stop once no page has been open for this long and nothing is being imported, e.g. 10m"),
				DefaultText: p.Sprintf("never")},
		},
		Action: runUI,
	}
}

// runUI serves the page until Ctrl-C. The first Ctrl-C stops the server
// and the work it started; a second one ends takeback at once.
func runUI(c *cli.Context) error {
	p := printerOf(c)
	if c.NArg() > 0 {
		return cli.Exit(p.Sprintf("ui takes no arguments: you choose the archives on the page"), exitUsage)
	}
	jobs := c.Int("jobs")
	if jobs < 1 || jobs > 64 {
		return cli.Exit(p.Sprintf("--jobs must be between 1 and 64"), exitUsage)
	}
	if port := c.Int("port"); port < 0 || port > 65535 {
		return cli.Exit(p.Sprintf("--port must be between 0 and 65535"), exitUsage)
	}
	open := openBrowser
	if c.Bool("no-browser") {
		open = nil
	}
	ctx, stop := signal.NotifyContext(c.Context, os.Interrupt)
	defer stop()
	context.AfterFunc(ctx, stop) // a second Ctrl-C has its default effect
	if c.Duration("idle-exit") < 0 {
		return cli.Exit(p.Sprintf("--idle-exit cannot be negative"), exitUsage)
	}
	s, err := ui.New(ui.Config{Backend: &uiBackend{jobs: jobs}, Lang: p, Port: c.Int("port"), Jobs: jobs, IdleExit: c.Duration("idle-exit")})
	if err != nil {
		return cli.Exit(p.Error(err), exitUsage)
	}
	if err := serveUI(ctx, c.App.Writer, p, s, open); err != nil {
		return cli.Exit(p.Error(err), exitFailed)
	}
	return nil
}

// serveUI prints the page's address, opens it with open (unless nil) and
// serves the page until ctx ends; then it says what stopping did.
func serveUI(ctx context.Context, out io.Writer, p *lang.Printer, s *ui.Server, open func(string) error) error {
	p.Fprintf(out, "takeback's page is ready. Open this address in your web browser:\n\n    %s\n\n"+
		"It works on this computer only, and it holds a secret key: do not share it.\n", s.URL())
	if open != nil && open(s.URL()) == nil {
		p.Fprintf(out, "(A browser window should have opened with it.)\n")
	}
	p.Fprintf(out, "Keep takeback running while you use the page; press Ctrl-C here to stop it.\n")
	err := s.Serve(ctx)
	p.Fprintf(out, "\ntakeback stopped; the page no longer answers. An import that was under way stopped too, "+
		"uploads under way included. To finish it, start takeback ui again and import the same archives: "+
		"what is already on the server is not sent again.\n")
	return err
}

// startFacts are what decides whether takeback, started with no
// arguments, opens the page (startsUI).
type startFacts struct {
	goos string
	// stdinTerminal tells whether the standard input is a terminal.
	stdinTerminal bool
	// consoleProcesses counts, on Windows, the processes attached to
	// takeback's console: 1 when Windows made the console for takeback
	// alone; 0 when unknown.
	consoleProcesses int
}

// startsUI reports whether a run with these arguments opens the page: no
// arguments, and started from a file manager rather than a terminal. On
// Linux and macOS a double-click gives no terminal as input; on Windows it
// gives a console of takeback's own, which a command prompt shares.
func startsUI(args []string, f startFacts) bool {
	if len(args) != 1 {
		return false
	}
	if f.goos == "windows" {
		return f.consoleProcesses == 1
	}
	return !f.stdinTerminal
}

// startArgs are the arguments of the run: those given, or "ui" when
// takeback was started with none from a file manager. Then there is no
// terminal to stop it from, so it stops by itself once the page has been
// closed for a while.
func startArgs(args []string) []string {
	f := startFacts{goos: runtime.GOOS, stdinTerminal: term.IsTerminal(int(os.Stdin.Fd())), consoleProcesses: consoleProcesses()}
	if startsUI(args, f) {
		return append(args[:1:1], "ui", "--idle-exit", idleAfterDoubleClick)
	}
	return args
}

// idleAfterDoubleClick is how long takeback started by a double-click
// waits for a closed page to come back.
const idleAfterDoubleClick = "10m" //lang:data

package main

import (
	"context"
	"io"
	"log"
	"log/slog"
	"net/url"
	"os"
	"runtime"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/takeback/takeback/importers"
	"github.com/takeback/takeback/internal/lang"
)

// outputFlags say how much a run shows, where its log goes, and in which
// language. They are global (takeback --quiet import …); import takes them
// after its name too.
func outputFlags(p *lang.Printer) []cli.Flag {
	return []cli.Flag{
		&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: p.Sprintf("print only the final summary and errors: no progress, no list of skipped items")},
		&cli.BoolFlag{Name: "verbose", Usage: p.Sprintf("also print a line for every item as it ends, and what takeback is doing (archives opened, uploads tried again)")},
		&cli.StringFlag{Name: "log-file", Usage: p.Sprintf("write a detailed log to this `FILE`, to send to whoever helps you; it holds no password")},
		langFlag(p),
	}
}

// output is how much a run shows, and where its log goes.
type output struct {
	quiet, verbose bool
	logFile        string
	// msgs is where messages go: stderr, above the progress bars while
	// they show.
	msgs *console

	file       *os.File
	prev       *slog.Logger
	prevLog    io.Writer
	prevFlags  int
	configured bool
}

const outputKey = "output"

// outputOf is the run's output, as startOutput set it up.
func outputOf(c *cli.Context) *output {
	if o, ok := c.App.Metadata[outputKey].(*output); ok {
		return o
	}
	o := &output{msgs: newConsole(c.App.ErrWriter)}
	if c.App.Metadata == nil {
		c.App.Metadata = map[string]any{}
	}
	c.App.Metadata[outputKey] = o
	return o
}

// startOutput reads the output flags (the app's Before, and a command's
// that takes them too) and points slog's default logger at the log file,
// at stderr with --verbose, or nowhere. stopOutput undoes it.
func startOutput(c *cli.Context) error {
	o := outputOf(c)
	quiet, verbose, logFile := lineageBool(c, "quiet"), lineageBool(c, "verbose"), lineageString(c, "log-file")
	if quiet && verbose {
		return cli.Exit(printerOf(c).Sprintf("choose --quiet or --verbose, not both"), exitUsage)
	}
	if o.configured && quiet == o.quiet && verbose == o.verbose && logFile == o.logFile {
		return nil
	}
	o.quiet, o.verbose = quiet, verbose
	opened := false
	if logFile != o.logFile {
		if o.file != nil {
			o.file.Close()
			o.file = nil
		}
		if logFile != "" {
			f, err := os.OpenFile(logFile, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
			if err != nil {
				return cli.Exit(printerOf(c).Sprintf("the log file cannot be written: %v", err), exitUsage)
			}
			o.file, opened = f, true
		}
		o.logFile = logFile
	}
	var handlers []slog.Handler
	if o.file != nil {
		handlers = append(handlers, slog.NewTextHandler(o.file, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	if verbose {
		handlers = append(handlers, slog.NewTextHandler(o.msgs, &slog.HandlerOptions{Level: slog.LevelInfo, ReplaceAttr: withoutTime}))
	}
	if !o.configured {
		o.prev, o.prevLog, o.prevFlags = slog.Default(), log.Writer(), log.Flags()
	}
	o.configured = true
	switch len(handlers) {
	case 0:
		slog.SetDefault(slog.New(slog.DiscardHandler))
	case 1:
		slog.SetDefault(slog.New(handlers[0]))
	default:
		slog.SetDefault(slog.New(slog.NewMultiHandler(handlers...)))
	}
	if opened {
		slog.Info("takeback started", "version", version, "go", runtime.Version(), "os", runtime.GOOS+"/"+runtime.GOARCH,
			"command line", strings.Join(redactArgs(commandLine(c)), " "))
	}
	return nil
}

// stopOutput puts slog and log back as they were and closes the log file
// (the app's After).
func stopOutput(c *cli.Context) error {
	o := outputOf(c)
	if !o.configured {
		return nil
	}
	slog.SetDefault(o.prev)
	// SetDefault sent the log package's output to our handler; a default
	// logger given back does not undo that.
	log.SetOutput(o.prevLog)
	log.SetFlags(o.prevFlags)
	o.configured = false
	if o.file != nil {
		err := o.file.Close()
		o.file = nil
		return err
	}
	return nil
}

// commandLine is the command line as given, near enough for the log: the
// global flags, then the command and its arguments as typed.
func commandLine(c *cli.Context) []string {
	root := c
	for _, x := range c.Lineage() {
		if x.Command != nil {
			root = x
		}
	}
	args := []string{c.App.Name}
	for _, name := range []string{"quiet", "verbose"} {
		if root.Bool(name) {
			args = append(args, "--"+name)
		}
	}
	for _, name := range []string{"log-file", "lang"} {
		if v := root.String(name); v != "" {
			args = append(args, "--"+name, v)
		}
	}
	return append(args, root.Args().Slice()...)
}

// withoutTime leaves the time out of the lines --verbose prints.
func withoutTime(groups []string, a slog.Attr) slog.Attr {
	if len(groups) == 0 && a.Key == slog.TimeKey {
		return slog.Attr{}
	}
	return a
}

// lineageBool is whether a flag is set on the command or any parent:
// urfave/cli looks only at the nearest that defines it.
func lineageBool(c *cli.Context, name string) bool {
	for _, x := range c.Lineage() {
		if x.Bool(name) {
			return true
		}
	}
	return false
}

// lineageString is a flag's value on the nearest command that has it set.
func lineageString(c *cli.Context, name string) string {
	for _, x := range c.Lineage() {
		if s := x.String(name); s != "" {
			return s
		}
	}
	return ""
}

// secretEnv names the variables that hold passwords: their values never
// reach the log, wherever they appear.
var secretEnv = []string{"TAKEBACK_PASSWORD", "TAKEBACK_ADMIN_PASSWORD"}

// redactArgs is the command line as the log shows it: the password of an
// address (https://user:password@host), the value of a flag or query
// parameter whose name says password, token or secret, and any password
// from the environment, replaced by "[redacted]".
func redactArgs(args []string) []string {
	out := make([]string, len(args))
	secretValue := false
	for i, a := range args {
		switch {
		case secretValue:
			a = "[redacted]"
			secretValue = false
		case strings.HasPrefix(a, "-"):
			name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
			if secretName(name) {
				if hasValue {
					a = a[:len(a)-len(value)] + "[redacted]"
				} else {
					secretValue = true
				}
			} else if hasValue {
				a = a[:len(a)-len(value)] + redactValue(value)
			}
		default:
			a = redactValue(a)
		}
		out[i] = a
	}
	return out
}

// secretName reports whether a flag or parameter name says its value is a
// secret. A file's name (--password-file) is not one.
func secretName(name string) bool {
	name = strings.ToLower(name)
	if strings.HasSuffix(name, "-file") || strings.HasSuffix(name, "_file") {
		return false
	}
	for _, w := range []string{"password", "passwd", "token", "secret", "apikey", "api-key"} {
		if strings.Contains(name, w) {
			return true
		}
	}
	return false
}

// redactValue hides the secrets in one argument.
func redactValue(a string) string {
	for _, env := range secretEnv {
		if pw := os.Getenv(env); len(pw) >= 4 {
			a = strings.ReplaceAll(a, pw, "[redacted]")
		}
	}
	u, err := url.Parse(a)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return a
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "[redacted]")
	}
	if q := u.Query(); len(q) > 0 {
		changed := false
		for k := range q {
			if secretName(k) {
				q.Set(k, "[redacted]")
				changed = true
			}
		}
		if changed {
			u.RawQuery = q.Encode()
		}
	}
	s := u.String()
	return strings.ReplaceAll(s, url.QueryEscape("[redacted]"), "[redacted]")
}

// logPlan writes each item's plan decision, and the plan's warnings, to
// the debug log.
func logPlan(p *importers.Plan) {
	if !slog.Default().Enabled(context.Background(), slog.LevelDebug) {
		return
	}
	for _, it := range p.Items {
		decision, reason := "import", ""
		switch {
		case !it.Fail.IsZero():
			decision, reason = "fail", it.Fail.String()
		case !it.Skip.IsZero():
			decision, reason = "skip", it.Skip.String()
		}
		slog.Debug("plan", "decision", decision, "kind", it.Kind, "source", it.Source, "target", it.Target(), "reason", reason)
	}
	for _, w := range p.Warnings {
		slog.Debug("plan warning", "source", w.Source, "message", w.Message)
	}
}

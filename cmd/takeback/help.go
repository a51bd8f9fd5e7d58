package main

import (
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/takeback/takeback/internal/lang"
)

// localizeHelp puts the help of the app and of every command into p's
// language, and its usage errors. urfave/cli writes its headings, the help
// and version flags and each flag's "(default: …)" in English, from
// package-level variables; instead of changing those for every run, each
// command gets help templates of its own, its options written out in
// them.
func localizeHelp(p *lang.Printer, app *cli.App) {
	app.CustomAppHelpTemplate = appHelpTemplate(p, app.Flags)
	app.OnUsageError = usageError(p)
	var walk func(cmds []*cli.Command)
	walk = func(cmds []*cli.Command) {
		for _, c := range cmds {
			c.CustomHelpTemplate = commandHelpTemplate(p, c.Flags, len(c.Subcommands) > 0)
			c.OnUsageError = usageError(p)
			walk(c.Subcommands)
		}
	}
	walk(app.Commands)
}

func appHelpTemplate(p *lang.Printer, flags []cli.Flag) string {
	return literal(p.Sprintf("NAME:")) + `
   {{template "helpNameTemplate" .}}

` + literal(p.Sprintf("USAGE:")) + `
   {{wrap .UsageText 3}}{{if .Version}}

` + literal(p.Sprintf("VERSION:")) + `
   {{.Version}}{{end}}{{if .VisibleCommands}}

` + literal(p.Sprintf("COMMANDS:")) + `{{template "visibleCommandCategoryTemplate" .}}{{end}}

` + literal(p.Sprintf("GLOBAL OPTIONS:")+flagLines(p, flags, helpFlag(p), versionFlag(p))) + "\n"
}

// commandHelpTemplate is the help of a command; one with subcommands lists
// them (urfave/cli gives every command a "help" subcommand, not listed).
func commandHelpTemplate(p *lang.Printer, flags []cli.Flag, subcommands bool) string {
	commands := ""
	if subcommands {
		commands = `{{if .VisibleCommands}}

` + literal(p.Sprintf("COMMANDS:")) + `{{template "visibleCommandCategoryTemplate" .}}{{end}}`
	}
	return literal(p.Sprintf("NAME:")) + `
   {{template "helpNameTemplate" .}}

` + literal(p.Sprintf("USAGE:")) + `
   {{if .UsageText}}{{wrap .UsageText 3}}{{else}}{{.HelpName}} ` + literal(p.Sprintf("[command options]")) +
		`{{if .ArgsUsage}} {{.ArgsUsage}}{{end}}{{end}}{{if .Description}}

` + literal(p.Sprintf("DESCRIPTION:")) + `
   {{template "descriptionTemplate" .}}{{end}}` + commands + `

` + literal(p.Sprintf("OPTIONS:")+flagLines(p, flags, helpFlag(p))) + "\n"
}

// helpFlag and versionFlag are how cli.HelpFlag and cli.VersionFlag, which
// urfave/cli adds to the commands, show in the help.
func helpFlag(p *lang.Printer) cli.Flag {
	return &cli.BoolFlag{Name: "help", Aliases: []string{"h"}, Usage: p.Sprintf("show help")}
}

func versionFlag(p *lang.Printer) cli.Flag {
	return &cli.BoolFlag{Name: "version", Aliases: []string{"v"}, Usage: p.Sprintf("print the version")}
}

// flagLines lists the visible flags as urfave/cli does, one a line, with
// their names and usage apart by a tab (the help aligns them).
func flagLines(p *lang.Printer, flags []cli.Flag, more ...cli.Flag) string {
	var b strings.Builder
	for _, f := range append(append([]cli.Flag{}, flags...), more...) {
		if v, ok := f.(cli.VisibleFlag); ok && !v.IsVisible() {
			continue
		}
		b.WriteString("\n   " + flagLine(p, f))
	}
	return b.String()
}

// flagLine is the flag as urfave/cli writes it ("--jobs value\tuploads at
// the same time (default: 4)"), with its placeholder and default in p's
// language. A switch shows no "(default: false)".
func flagLine(p *lang.Printer, f cli.Flag) string {
	names, usage, _ := strings.Cut(f.String(), "\t")
	names = strings.ReplaceAll(names, " value", " "+p.Sprintf("value"))
	if d, ok := f.(cli.DocGenerationFlag); ok && d.GetDefaultText() != "" {
		def := d.GetDefaultText()
		if rest, ok := strings.CutSuffix(usage, " (default: "+def+")"); ok {
			usage = rest
			if _, isSwitch := f.(*cli.BoolFlag); !isSwitch {
				usage += " " + p.Sprintf("(default: %s)", def)
			}
		}
	}
	return names + "\t" + usage
}

// literal is text to show as it is in a template.
func literal(s string) string {
	return strings.ReplaceAll(s, "{{", `{{"{{"}}`)
}

// usageError says what is wrong with the command line, and where its help
// is, instead of urfave/cli's "Incorrect Usage" and the whole help.
func usageError(p *lang.Printer) cli.OnUsageErrorFunc {
	return func(c *cli.Context, err error, _ bool) error {
		name := c.App.Name
		if c.Command != nil && c.Command.HelpName != "" {
			name = c.Command.HelpName
		}
		msg := lang.FromError(err)
		// The flag package's two commonest errors, said plainly.
		if flag, ok := strings.CutPrefix(err.Error(), "flag provided but not defined: "); ok {
			msg = lang.T("there is no option %s", dashed(flag))
		} else if flag, ok := strings.CutPrefix(err.Error(), "flag needs an argument: "); ok {
			msg = lang.T("the option %s needs a value", dashed(flag))
		}
		return cli.Exit(p.Sprintf("%v (see %s --help)", msg, name), exitUsage)
	}
}

// dashed writes a flag as the help does: "-q", "--jobs".
func dashed(flag string) string {
	name := strings.TrimLeft(flag, "-")
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}

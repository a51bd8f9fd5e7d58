package main

import (
	"github.com/urfave/cli/v2"

	"github.com/takeback/takeback/importers"
	"github.com/takeback/takeback/internal/lang"
)

func onlyFlag(p *lang.Printer) cli.Flag {
	return &cli.StringFlag{
		Name:  "only",
		Usage: p.Sprintf("import only these kinds, comma-separated: calendars, tasks, contacts, photos, drive, notes"),
	}
}

// loadPlan reads the archives named on the command line into a plan,
// showing how far it is, and logs what the plan does with each item.
func loadPlan(c *cli.Context) (*importers.Plan, *importers.Tree, error) {
	p := printerOf(c)
	if c.NArg() == 0 {
		return nil, nil, cli.Exit(p.Sprintf("give the Takeout archives to read, for example: takeback %s takeout-*.zip", c.Command.Name), exitUsage)
	}
	var kinds []importers.Kind
	if s := c.String("only"); s != "" {
		var err error
		if kinds, err = importers.ParseOnly(s); err != nil {
			return nil, nil, cli.Exit(p.Error(err), exitUsage)
		}
	}
	sources, err := newSources(c)
	if err != nil {
		return nil, nil, cli.Exit(p.Error(err), exitUsage)
	}
	out := outputOf(c)
	scan := newScanProgress(out.msgs, p, out.quiet)
	plan, tree := importers.LoadOptions{OnScan: scan.update}.Load(c.Args().Slice(), sources...)
	scan.finish()
	if kinds != nil {
		plan.Only(kinds)
	}
	logPlan(plan)
	return plan, tree, nil
}

package main

import (
	"github.com/urfave/cli/v2"

	"github.com/takeback/takeback/importers"
)

var onlyFlag = &cli.StringFlag{
	Name:  "only",
	Usage: "import only these kinds, comma-separated: calendars, tasks, contacts, photos, drive, notes",
}

// loadPlan reads the archives named on the command line into a plan,
// showing how far it is, and logs what the plan does with each item.
func loadPlan(c *cli.Context) (*importers.Plan, *importers.Tree, error) {
	if c.NArg() == 0 {
		return nil, nil, cli.Exit("give the Takeout archives to read, for example: takeback "+c.Command.Name+" takeout-*.zip", exitUsage)
	}
	var kinds []importers.Kind
	if s := c.String("only"); s != "" {
		var err error
		if kinds, err = importers.ParseOnly(s); err != nil {
			return nil, nil, cli.Exit(err.Error(), exitUsage)
		}
	}
	sources, err := newSources(c)
	if err != nil {
		return nil, nil, cli.Exit(err.Error(), exitUsage)
	}
	out := outputOf(c)
	scan := newScanProgress(out.msgs, out.quiet)
	p, tree := importers.LoadOptions{OnScan: scan.update}.Load(c.Args().Slice(), sources...)
	scan.finish()
	if kinds != nil {
		p.Only(kinds)
	}
	logPlan(p)
	return p, tree, nil
}

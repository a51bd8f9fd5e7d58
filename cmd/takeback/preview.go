package main

import (
	"github.com/urfave/cli/v2"
)

func previewCommand() *cli.Command {
	return &cli.Command{
		Name:      "preview",
		Usage:     "show what would be imported, and where, without touching any server",
		ArgsUsage: "ARCHIVE...",
		Flags: append([]cli.Flag{
			&cli.BoolFlag{Name: "json", Usage: "print JSON Lines (one item, warning or summary per line)"},
			&cli.BoolFlag{Name: "list", Usage: "list every item, not only the totals"},
			onlyFlag,
		}, sourceFlags...),
		Action: func(c *cli.Context) error {
			p, tree, err := loadPlan(c)
			if err != nil {
				return err
			}
			defer tree.Close()
			if c.Bool("json") {
				err = p.WriteJSON(c.App.Writer)
			} else {
				err = p.WriteText(c.App.Writer, c.Bool("list"))
			}
			if err != nil {
				return err
			}
			for _, it := range p.Items {
				if it.Fail != "" {
					return cli.Exit("", exitFailed)
				}
			}
			return nil
		},
	}
}

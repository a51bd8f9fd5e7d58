package main

import (
	"context"

	"github.com/urfave/cli/v2"

	"github.com/takeback/takeback/importers"
	"github.com/takeback/takeback/nextcloud"
)

func previewCommand() *cli.Command {
	return &cli.Command{
		Name:  "preview",
		Usage: "show what would be imported, and where, without changing anything",
		Description: "With no server named, nothing is contacted. With --server (or --caldav, --carddav, --webdav),\n" +
			"the server is only read, to mark each item new, already there, or in conflict with another file.",
		ArgsUsage: "ARCHIVE...",
		Flags: append(append([]cli.Flag{
			&cli.BoolFlag{Name: "json", Usage: "print JSON Lines (one item, warning or summary per line)"},
			&cli.BoolFlag{Name: "list", Usage: "list every item, not only the totals"},
			onlyFlag,
		}, serverFlags...), sourceFlags...),
		Action: runPreview,
	}
}

func runPreview(c *cli.Context) error {
	p, tree, err := loadPlan(c)
	if err != nil {
		return err
	}
	defer tree.Close()
	if c.String("server") != "" || c.String("caldav") != "" || c.String("carddav") != "" || c.String("webdav") != "" {
		if p.Status, err = inspect(c.Context, c, p); err != nil {
			return cli.Exit("checking the server: "+err.Error(), exitUsage)
		}
	}
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
}

// inspect asks the server what it already has of the plan, changing
// nothing.
func inspect(ctx context.Context, c *cli.Context, p *importers.Plan) (map[*importers.Item]importers.Status, error) {
	conn, err := connect(c, false)
	if err != nil {
		return nil, err
	}
	var caps *nextcloud.Capabilities
	if conn.opts.Server != "" {
		// A server without capabilities (not a Nextcloud) keeps the
		// built-in name rules.
		if srv, err := nextcloud.NewServer(conn.opts); err == nil {
			caps, _ = srv.Capabilities(ctx)
		}
	}
	dav, err := openDAV(ctx, c, conn, caps)
	if err != nil {
		return nil, err
	}
	return dav.Inspect(ctx, p.Items)
}

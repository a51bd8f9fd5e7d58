package main

import (
	"bytes"
	"context"
	"os"

	"github.com/urfave/cli/v2"

	"github.com/takeback/takeback/importers"
	"github.com/takeback/takeback/internal/lang"
	"github.com/takeback/takeback/nextcloud"
)

func previewCommand(p *lang.Printer) *cli.Command {
	return &cli.Command{
		Name:  "preview",
		Usage: p.Sprintf("show what would be imported, and where, without changing anything"),
		Description: p.Sprintf("With no server named, nothing is contacted. With --server (or --caldav, --carddav, --webdav),\n" +
			"the server is only read, to mark each item new, already there, or in conflict with another file." +
			"\n\nExamples:\n" +
			"   takeback preview takeout-*.zip\n" +
			"   takeback preview --html report.html takeout-*.zip     # a page to open in a browser\n" +
			"   takeback preview --server https://cloud.example.org takeout-*.zip"),
		ArgsUsage: p.Sprintf("ARCHIVE..."),
		Flags: append(append([]cli.Flag{
			&cli.BoolFlag{Name: "json", Usage: p.Sprintf("print JSON Lines (one item, warning or summary per line)")},
			&cli.BoolFlag{Name: "list", Usage: p.Sprintf("list every item, not only the totals")},
			&cli.StringFlag{Name: "html", Usage: p.Sprintf("also write the preview as a web page to `FILE`, to open in a browser or send to someone"), TakesFile: true},
			langFlag(p),
			onlyFlag(p),
		}, serverFlags(p)...), sourceFlags(p)...),
		Action: runPreview,
	}
}

func runPreview(c *cli.Context) error {
	p := printerOf(c)
	plan, tree, err := loadPlan(c)
	if err != nil {
		return err
	}
	defer tree.Close()
	if c.String("server") != "" || c.String("caldav") != "" || c.String("carddav") != "" || c.String("webdav") != "" {
		if plan.Status, err = inspect(c.Context, c, plan); err != nil {
			return cli.Exit(p.Sprintf("checking the server: %v", err), exitUsage)
		}
	}
	if c.Bool("json") {
		err = plan.WriteJSON(c.App.Writer)
	} else {
		err = plan.WriteText(c.App.Writer, p, c.Bool("list"))
	}
	if err != nil {
		return err
	}
	if name := c.String("html"); name != "" {
		if err := writeHTML(name, plan, p); err != nil {
			return cli.Exit(p.Sprintf("writing the web page: %v", err), exitFailed)
		}
		// JSON Lines on the output stay JSON: the message goes aside.
		out := c.App.Writer
		if c.Bool("json") {
			out = c.App.ErrWriter
		}
		p.Fprintf(out, "Preview written to %s\n", name)
	}
	for _, it := range plan.Items {
		if !it.Fail.IsZero() {
			return cli.Exit("", exitFailed)
		}
	}
	return nil
}

// writeHTML writes the page whole or not at all: a template error leaves
// no half page behind.
func writeHTML(name string, plan *importers.Plan, p *lang.Printer) error {
	var b bytes.Buffer
	if err := plan.WriteHTML(&b, p); err != nil {
		return err
	}
	return os.WriteFile(name, b.Bytes(), 0o644)
}

// inspect asks the server what it already has of the plan, changing
// nothing.
func inspect(ctx context.Context, c *cli.Context, plan *importers.Plan) (map[*importers.Item]importers.Status, error) {
	conn, err := connect(c, false)
	if err != nil {
		return nil, err
	}
	return inspectWith(ctx, conn, plan, c.StringSlice("into"))
}

// inspectWith asks the connection's servers what they already have of the
// plan, changing nothing.
func inspectWith(ctx context.Context, conn *connection, plan *importers.Plan, into []string) (map[*importers.Item]importers.Status, error) {
	var caps *nextcloud.Capabilities
	if conn.opts.Server != "" {
		// A server without capabilities (not a Nextcloud) keeps the
		// built-in name rules.
		if srv, err := nextcloud.NewServer(conn.opts); err == nil {
			caps, _ = srv.Capabilities(ctx)
		}
	}
	dav, err := openDAV(ctx, conn, caps, into)
	if err != nil {
		return nil, err
	}
	return dav.Inspect(ctx, plan.Items)
}

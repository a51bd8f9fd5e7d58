package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/takeback/takeback/importers"
	"github.com/takeback/takeback/nextcloud"
)

func previewCommand() *cli.Command {
	return &cli.Command{
		Name:  "preview",
		Usage: "show what would be imported, and where, without changing anything",
		Description: "With no server named, nothing is contacted. With --server (or --caldav, --carddav, --webdav),\n" +
			"the server is only read, to mark each item new, already there, or in conflict with another file." +
			"\n\nExamples:\n" +
			"   takeback preview takeout-*.zip\n" +
			"   takeback preview --html report.html takeout-*.zip     # a page to open in a browser\n" +
			"   takeback preview --server https://cloud.example.org takeout-*.zip",
		ArgsUsage: "ARCHIVE...",
		Flags: append(append([]cli.Flag{
			&cli.BoolFlag{Name: "json", Usage: "print JSON Lines (one item, warning or summary per line)"},
			&cli.BoolFlag{Name: "list", Usage: "list every item, not only the totals"},
			&cli.StringFlag{Name: "html", Usage: "also write the preview as a web page to `FILE`, to open in a browser or send to someone", TakesFile: true},
			&cli.StringFlag{Name: "lang", Usage: "the language of the --html page: en or fr (default: from LC_ALL, LC_MESSAGES or LANG)"},
			onlyFlag,
		}, serverFlags...), sourceFlags...),
		Action: runPreview,
	}
}

func runPreview(c *cli.Context) error {
	lang, err := pageLang(c.String("lang"), os.Getenv)
	if err != nil {
		return cli.Exit(err.Error(), exitUsage)
	}
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
	if name := c.String("html"); name != "" {
		if err := writeHTML(name, p, lang); err != nil {
			return cli.Exit("writing the web page: "+err.Error(), exitFailed)
		}
		// JSON Lines on the output stay JSON: the message goes aside.
		out := c.App.Writer
		if c.Bool("json") {
			out = c.App.ErrWriter
		}
		fmt.Fprintf(out, "Preview written to %s\n", name)
	}
	for _, it := range p.Items {
		if !it.Fail.IsZero() {
			return cli.Exit("", exitFailed)
		}
	}
	return nil
}

// writeHTML writes the page whole or not at all: a template error leaves
// no half page behind.
func writeHTML(name string, p *importers.Plan, lang string) error {
	var b bytes.Buffer
	if err := p.WriteHTML(&b, lang); err != nil {
		return err
	}
	return os.WriteFile(name, b.Bytes(), 0o644)
}

// pageLang is the language of the web page: --lang, or else the first of
// LC_ALL, LC_MESSAGES and LANG that is set, as POSIX orders them.
func pageLang(flag string, getenv func(string) string) (string, error) {
	if flag != "" {
		if l := langOf(flag); l != "" {
			return l, nil
		}
		return "", fmt.Errorf("--lang takes en or fr, not %q", flag)
	}
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if s := getenv(v); s != "" {
			if l := langOf(s); l != "" {
				return l, nil
			}
			return "en", nil
		}
	}
	return "en", nil
}

// langOf reads "fr", "fr_FR.UTF-8", "fr-CA" or "en_GB": "" for a language
// the page does not speak.
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

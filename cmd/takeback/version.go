package main

import (
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/urfave/cli/v2"

	"github.com/takeback/takeback/internal/lang"
)

func versionCommand(p *lang.Printer) *cli.Command {
	return &cli.Command{
		Name:  "version",
		Usage: p.Sprintf("print the version, the commit and the Go version takeback was built from"),
		Description: p.Sprintf("Give these three lines when you ask for help or report a problem.\n\n" +
			"Example:\n   takeback version"),
		Flags: []cli.Flag{langFlag(p)},
		Action: func(c *cli.Context) error {
			info, ok := debug.ReadBuildInfo()
			v, commit := describeBuild(version, info, ok)
			// The same in every language: whoever helps reads it.
			fmt.Fprintf(c.App.Writer, "takeback %s\ncommit %s\n%s %s/%s\n", v, commit, runtime.Version(), runtime.GOOS, runtime.GOARCH) //lang:data
			return nil
		},
	}
}

// appVersion is the version takeback --version prints too.
func appVersion() string {
	info, ok := debug.ReadBuildInfo()
	v, _ := describeBuild(version, info, ok)
	return v
}

// describeBuild gives the version and the commit. The version set with
// -ldflags "-X main.version=…" wins; without it, "go install …@v1.2.0" still
// records v1.2.0 in the module's build info.
func describeBuild(stamped string, info *debug.BuildInfo, ok bool) (v, commit string) {
	v, commit = stamped, "unknown"
	if !ok || info == nil {
		return v, commit
	}
	if v == "dev" && info.Main.Version != "" && info.Main.Version != "(devel)" {
		v = info.Main.Version
	}
	var rev string
	var dirty bool
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev != "" {
		commit = rev
		if dirty {
			commit += "+dirty"
		}
	}
	return v, commit
}

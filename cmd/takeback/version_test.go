package main

import (
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
)

// runTakeback runs the command line as main does, in English.
func runTakeback(args []string, stdout, stderr io.Writer) int {
	return run(args, stdout, stderr, testEnv(nil))
}

// testEnv is the process's environment with these locale variables
// instead of its own: the tests' runs speak English unless they set LANG.
func testEnv(locale map[string]string) func(string) string {
	return func(name string) string {
		switch name {
		case "LC_ALL", "LC_MESSAGES", "LANG":
			return locale[name]
		}
		return os.Getenv(name)
	}
}

func TestVersionCommand(t *testing.T) {
	out := runOK(t, "version")
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d lines, want 3:\n%s", len(lines), out)
	}
	// A test binary carries no VCS information.
	want := []string{"takeback " + appVersion(), "commit unknown", runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH}
	for i := range want {
		if lines[i] != want[i] {
			t.Errorf("line %d = %q, want %q", i+1, lines[i], want[i])
		}
	}
}

func TestDescribeBuild(t *testing.T) {
	vcs := func(kv ...string) *debug.BuildInfo {
		info := &debug.BuildInfo{Main: debug.Module{Path: "github.com/takeback/takeback", Version: "(devel)"}}
		for i := 0; i < len(kv); i += 2 {
			info.Settings = append(info.Settings, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return info
	}
	installed := vcs()
	installed.Main.Version = "v1.2.0"
	tests := []struct {
		name         string
		stamped      string
		info         *debug.BuildInfo
		ok           bool
		version, rev string
	}{
		{"no build info", "dev", nil, false, "dev", "unknown"},
		{"no VCS", "dev", vcs(), true, "dev", "unknown"},
		{"clean checkout", "v1.0.0", vcs("vcs.revision", "0db82d0f", "vcs.modified", "false"), true, "v1.0.0", "0db82d0f"},
		{"local changes", "v1.0.0", vcs("vcs.revision", "0db82d0f", "vcs.modified", "true"), true, "v1.0.0", "0db82d0f+dirty"},
		{"go install @v1.2.0", "dev", installed, true, "v1.2.0", "unknown"},
		{"-ldflags wins", "v1.3.0", installed, true, "v1.3.0", "unknown"},
	}
	for _, tt := range tests {
		v, rev := describeBuild(tt.stamped, tt.info, tt.ok)
		if v != tt.version || rev != tt.rev {
			t.Errorf("%s: %q, %q; want %q, %q", tt.name, v, rev, tt.version, tt.rev)
		}
	}
}

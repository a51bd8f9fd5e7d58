package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// commandNames are the commands every completion and the man page know.
var commandNames = []string{"preview", "import", "login", "logout", "doctor", "batch", "version", "completion", "man"}

// runOK runs takeback and returns what it printed; it must succeed.
func runOK(t *testing.T, args ...string) string {
	t.Helper()
	var out, errOut bytes.Buffer
	if code := runTakeback(append([]string{"takeback"}, args...), &out, &errOut); code != 0 {
		t.Fatalf("takeback %s: exit %d\n%s", strings.Join(args, " "), code, errOut.String())
	}
	return out.String()
}

// checkSyntax has the shell parse the script without running it.
func checkSyntax(t *testing.T, shell, script string) {
	t.Helper()
	if _, err := exec.LookPath(shell); err != nil {
		t.Fatalf("%s is not installed: apt-get install -y %s (scripts/test does)", shell, shell)
	}
	file := filepath.Join(t.TempDir(), "takeback."+shell)
	if err := os.WriteFile(file, []byte(script), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(shell, "-n", file).CombinedOutput(); err != nil {
		t.Errorf("%s -n: %v\n%s", shell, err, out)
	}
}

func TestCompletionScripts(t *testing.T) {
	tests := []struct {
		shell string
		want  []string
	}{
		{"bash", []string{"complete -o bashdefault -o default -F _takeback takeback", "--generate-bash-completion"}},
		{"zsh", []string{"#compdef takeback", "compdef _takeback takeback", "--generate-bash-completion"}},
		// fish's script is static: it lists every command.
		{"fish", append([]string{"complete -c takeback"}, commandNames...)},
	}
	for _, tt := range tests {
		t.Run(tt.shell, func(t *testing.T) {
			script := runOK(t, "completion", tt.shell)
			for _, w := range tt.want {
				if !strings.Contains(script, w) {
					t.Errorf("the %s script lacks %q:\n%s", tt.shell, w, script)
				}
			}
			checkSyntax(t, tt.shell, script)
		})
	}
}

func TestCompletionNeedsAKnownShell(t *testing.T) {
	for _, args := range [][]string{{"completion"}, {"completion", "tcsh"}, {"completion", "bash", "zsh"}} {
		var out, errOut bytes.Buffer
		code := runTakeback(append([]string{"takeback"}, args...), &out, &errOut)
		if code != exitUsage || out.Len() != 0 || !strings.Contains(errOut.String(), "bash, zsh or fish") {
			t.Errorf("%q: exit %d, %q, %q; want a usage error naming the shells", args, code, out.String(), errOut.String())
		}
	}
}

// completionDrivers load a script into its shell and complete the words
// given as arguments, the last being the one under the cursor; they print
// one suggestion a line. zsh's completion system is stubbed: compadd
// prints what it is given.
var completionDrivers = map[string]string{
	"bash": `source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _takeback; printf '%s\n' "${COMPREPLY[@]}"`,
	"zsh": `compdef() { :; }; compadd() { [[ $1 == -- ]] && shift; print -rl -- "$@"; }; _files() { :; }
source "$1"; shift; words=("$@"); CURRENT=$#; _takeback`,
}

// TestCompletionInBashAndZsh loads each script into its shell and presses
// Tab, so to speak, with the test binary standing in for takeback (see
// TestCompletionHelperProcess).
func TestCompletionInBashAndZsh(t *testing.T) {
	dir := t.TempDir()
	stub := "#!/bin/sh\nTAKEBACK_COMPLETION_ARGS=$(printf '%s\\n' \"$@\") exec \"$TAKEBACK_TEST_BINARY\" -test.run='^TestCompletionHelperProcess$'\n"
	if err := os.WriteFile(filepath.Join(dir, "takeback"), []byte(stub), 0o700); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		line string // what is typed, up to the cursor
		want []string
	}{
		{"takeback ", commandNames},
		{"takeback im", []string{"import"}},
		{"takeback lo", []string{"login", "logout"}},
		{"takeback completion ", completionShells},
		{"takeback completion z", []string{"zsh"}},
		{"takeback import --t", []string{"--to"}},
		{"takeback import --only photos --rep", []string{"--report"}},
	}
	for _, shell := range []string{"bash", "zsh"} {
		t.Run(shell, func(t *testing.T) {
			if _, err := exec.LookPath(shell); err != nil {
				t.Fatalf("%s is not installed: apt-get install -y %s (scripts/test does)", shell, shell)
			}
			script := runOK(t, "completion", shell)
			file := filepath.Join(dir, "completion."+shell)
			if err := os.WriteFile(file, []byte(script), 0o600); err != nil {
				t.Fatal(err)
			}
			for _, tt := range tests {
				cmd := exec.Command(shell, "-c", completionDrivers[shell], shell, file)
				cmd.Args = append(cmd.Args, strings.Split(tt.line, " ")...)
				cmd.Env = append(os.Environ(), "PATH="+dir+string(os.PathListSeparator)+os.Getenv("PATH"),
					"TAKEBACK_COMPLETION_HELPER=1", "TAKEBACK_TEST_BINARY="+os.Args[0])
				out, err := cmd.CombinedOutput()
				if err != nil {
					t.Fatalf("%q: %v\n%s", tt.line, err, out)
				}
				got := strings.Fields(string(out))
				for _, w := range tt.want {
					if !slices.Contains(got, w) {
						t.Errorf("%q completes to %q, which lacks %q", tt.line, got, w)
					}
				}
			}
		})
	}
}

// TestCompletionHelperProcess is takeback, for TestCompletionInBashAndZsh: it
// runs the command line with the arguments the stub passed on.
func TestCompletionHelperProcess(t *testing.T) {
	if os.Getenv("TAKEBACK_COMPLETION_HELPER") != "1" {
		return
	}
	// urfave/cli reads the word before --generate-bash-completion from
	// os.Args, so they must be takeback's.
	os.Args = append([]string{"takeback"}, strings.Split(strings.TrimSuffix(os.Getenv("TAKEBACK_COMPLETION_ARGS"), "\n"), "\n")...)
	os.Exit(runTakeback(os.Args, os.Stdout, os.Stderr))
}

func TestCompletionInFish(t *testing.T) {
	if _, err := exec.LookPath("fish"); err != nil {
		t.Fatal("fish is not installed: apt-get install -y fish (scripts/test does)")
	}
	script := runOK(t, "completion", "fish")
	file := filepath.Join(t.TempDir(), "takeback.fish")
	if err := os.WriteFile(file, []byte(script), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("fish", "--no-config", "-c", `source $argv[1]; complete -C "takeback "`, file).CombinedOutput()
	if err != nil {
		t.Fatalf("fish: %v\n%s", err, out)
	}
	var got []string
	for _, line := range strings.Split(string(out), "\n") {
		got = append(got, strings.SplitN(line, "\t", 2)[0])
	}
	for _, name := range commandNames {
		if !slices.Contains(got, name) {
			t.Errorf("fish completes takeback to %q, which lacks %q", got, name)
		}
	}
}

func TestManPage(t *testing.T) {
	page := runOK(t, "man")
	if !strings.Contains(page, "\n.TH takeback 1\n") {
		t.Errorf("no .TH header for section 1:\n%.300s", page)
	}
	for _, name := range commandNames {
		if !strings.Contains(page, "\n.SH "+name+"\n") {
			t.Errorf("the man page has no section for %q", name)
		}
	}
}

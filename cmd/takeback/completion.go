package main

import (
	"fmt"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/takeback/takeback/internal/lang"
)

// completionShells are the shells "takeback completion" writes for.
var completionShells = []string{"bash", "zsh", "fish"}

func completionCommand(p *lang.Printer) *cli.Command {
	return &cli.Command{
		Name:      "completion",
		Usage:     p.Sprintf("print the shell completion script for bash, zsh or fish"),
		ArgsUsage: "bash|zsh|fish",
		Description: p.Sprintf("Lets the shell complete takeback's commands and options with the Tab key.\n\n" +
			"Examples:\n" +
			"   source <(takeback completion bash)      # bash, this shell only\n" +
			"   takeback completion bash > ~/.local/share/bash-completion/completions/takeback\n" +
			"   takeback completion zsh > \"${fpath[1]}/_takeback\"\n" +
			"   takeback completion fish > ~/.config/fish/completions/takeback.fish"),
		Flags: []cli.Flag{langFlag(p)},
		BashComplete: func(c *cli.Context) {
			if c.NArg() == 0 {
				fmt.Fprintln(c.App.Writer, strings.Join(completionShells, "\n"))
			}
		},
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return cli.Exit(printerOf(c).Sprintf("name the shell: takeback completion bash, zsh or fish"), exitUsage)
			}
			script, err := completionScript(c, c.Args().First())
			if err != nil {
				return err
			}
			fmt.Fprint(c.App.Writer, script) //lang:data (a script)
			return nil
		},
	}
}

// completionScript is the script for a shell. fish's lists the commands and
// options with their usage, in English like the manual page (englishApp).
func completionScript(c *cli.Context, shell string) (string, error) {
	switch shell {
	case "bash":
		return bashCompletion, nil
	case "zsh":
		return zshCompletion, nil
	case "fish":
		return englishApp(c).ToFishCompletion()
	}
	return "", cli.Exit(printerOf(c).Sprintf("takeback has no completion for %q: choose bash, zsh or fish", shell), exitUsage)
}

func manCommand(p *lang.Printer) *cli.Command {
	return &cli.Command{
		Name:  "man",
		Usage: p.Sprintf("print takeback's manual page"),
		Description: p.Sprintf("The manual page is in English.\n\n" +
			"Example:\n" +
			"   takeback man > takeback.1 && man ./takeback.1"),
		Flags: []cli.Flag{langFlag(p)},
		Action: func(c *cli.Context) error {
			page, err := englishApp(c).ToManWithSection(1) // ToMan says section 8, for system administration
			if err != nil {
				return err
			}
			fmt.Fprint(c.App.Writer, page) //lang:data (the manual page, in English)
			return nil
		},
	}
}

// englishApp is the command line in English, for what is made from its
// definition: the manual page and fish's completions, which stay in English
// as manual pages usually are.
func englishApp(c *cli.Context) *cli.App {
	app := newApp(lang.English, c.App.Writer, c.App.ErrWriter)
	app.Setup() // adds the help and version flags, as a run does
	return app
}

// bashCompletion asks takeback itself for the words that may follow, so the
// script never lags behind the commands. takeback only lists flags when the
// word being completed starts with "-". Without a suggestion, bash falls
// back to file names (-o default), which is what most arguments are.
const bashCompletion = `# bash completion for takeback.
# For this shell only:  source <(takeback completion bash)
# For good:             takeback completion bash > ~/.local/share/bash-completion/completions/takeback
_takeback() {
	local cur=${COMP_WORDS[COMP_CWORD]}
	local prog=${COMP_WORDS[0]/#\~/$HOME}
	local -a args=("${COMP_WORDS[@]:1:COMP_CWORD-1}")
	if [[ $cur == -* ]]; then
		args+=("$cur")
	fi
	local IFS=$'\n'
	COMPREPLY=($(compgen -W "$("$prog" "${args[@]}" --generate-bash-completion 2>/dev/null)" -- "$cur"))
}
complete -o bashdefault -o default -F _takeback takeback
`

// zshCompletion works like bashCompletion. Saved in $fpath as _takeback,
// compinit loads the file as the body of _takeback, which must then
// complete; sourced, it registers itself.
const zshCompletion = `#compdef takeback
# zsh completion for takeback.
# For this shell only:  source <(takeback completion zsh)
# For good:             takeback completion zsh > "${fpath[1]}/_takeback"
_takeback() {
	local -a args opts
	args=("${(@)words[2,CURRENT-1]}")
	if [[ $words[CURRENT] == -* ]]; then
		args+=("$words[CURRENT]")
	fi
	opts=("${(@f)$("${words[1]/#\~/$HOME}" "${(@)args}" --generate-bash-completion 2>/dev/null)}")
	if [[ -n $opts[1] ]]; then
		compadd -- "${(@)opts}"
	else
		_files
	fi
}
if [[ $funcstack[1] == _takeback ]]; then
	_takeback "$@"
else
	compdef _takeback takeback
fi
`

package main

import (
	"fmt"
	"strings"

	"github.com/urfave/cli/v2"
)

// completionShells are the shells "takeback completion" writes for.
var completionShells = []string{"bash", "zsh", "fish"}

func completionCommand() *cli.Command {
	return &cli.Command{
		Name:      "completion",
		Usage:     "print the shell completion script for bash, zsh or fish",
		ArgsUsage: "bash|zsh|fish",
		Description: "Lets the shell complete takeback's commands and options with the Tab key.\n\n" +
			"Examples:\n" +
			"   source <(takeback completion bash)      # bash, this shell only\n" +
			"   takeback completion bash > ~/.local/share/bash-completion/completions/takeback\n" +
			"   takeback completion zsh > \"${fpath[1]}/_takeback\"\n" +
			"   takeback completion fish > ~/.config/fish/completions/takeback.fish",
		BashComplete: func(c *cli.Context) {
			if c.NArg() == 0 {
				fmt.Fprintln(c.App.Writer, strings.Join(completionShells, "\n"))
			}
		},
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return cli.Exit("name the shell: takeback completion bash, zsh or fish", exitUsage)
			}
			script, err := completionScript(c.App, c.Args().First())
			if err != nil {
				return err
			}
			fmt.Fprint(c.App.Writer, script)
			return nil
		},
	}
}

func completionScript(app *cli.App, shell string) (string, error) {
	switch shell {
	case "bash":
		return bashCompletion, nil
	case "zsh":
		return zshCompletion, nil
	case "fish":
		return app.ToFishCompletion()
	}
	return "", cli.Exit(fmt.Sprintf("takeback has no completion for %q: choose bash, zsh or fish", shell), exitUsage)
}

func manCommand() *cli.Command {
	return &cli.Command{
		Name:  "man",
		Usage: "print takeback's manual page",
		Description: "Example:\n" +
			"   takeback man > takeback.1 && man ./takeback.1",
		Action: func(c *cli.Context) error {
			page, err := c.App.ToManWithSection(1) // ToMan says section 8, for system administration
			if err != nil {
				return err
			}
			fmt.Fprint(c.App.Writer, page)
			return nil
		},
	}
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

package main

import (
	"fmt"
	"os"
	"strings"

	"golang.org/x/term"

	"github.com/takeback/takeback/internal/lang"
)

// password finds the password without ever taking it as a flag value, which
// would show in process listings: TAKEBACK_PASSWORD, then --password-file,
// then a prompt without echo, in p's language.
func password(p *lang.Printer, file, user string) (string, error) {
	if pw := os.Getenv("TAKEBACK_PASSWORD"); pw != "" {
		return pw, nil
	}
	return passwordAsking(file, p.Sprintf("Password for %s (an app password is best): ", user),
		lang.T("set TAKEBACK_PASSWORD or pass --password-file FILE"))
}

// passwordAsking reads the password from file, else asks question at the
// terminal without echo; without a terminal, the error says what to do
// (how).
func passwordAsking(file, question string, how lang.Text) (string, error) {
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return "", lang.Errorf("read the password file: %w", err)
		}
		pw := strings.TrimRight(string(b), "\r\n")
		if pw == "" {
			return "", lang.Errorf("the password file %s is empty", file)
		}
		return pw, nil
	}
	fd := int(os.Stdin.Fd())
	if !term.IsTerminal(fd) {
		return "", lang.Errorf("no password: %v", how)
	}
	fmt.Fprint(os.Stderr, question)
	b, err := term.ReadPassword(fd)
	fmt.Fprintln(os.Stderr)
	if err != nil {
		return "", lang.Errorf("read the password: %w", err)
	}
	return string(b), nil
}

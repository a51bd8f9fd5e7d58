package batch

import (
	"crypto/rand"
	"math/big"
	"strings"

	"github.com/takeback/takeback/internal/lang"
)

// PasswordLength is the length of generated passwords: about 120 bits
// from a 65-character alphabet.
const PasswordLength = 20

// The classes a password policy may require, without the characters that
// look alike (l 1 I, O 0) and without those that need quoting in a shell
// or a CSV file. A password starts with a letter, so that no spreadsheet
// reads it as a formula and no command reads it as an option.
const (
	passwordLower   = "abcdefghijkmnopqrstuvwxyz"
	passwordUpper   = "ABCDEFGHJKLMNPQRSTUVWXYZ"
	passwordDigits  = "23456789"
	passwordSpecial = "!%+-=?@_"
)

var passwordClasses = []string{passwordLower, passwordUpper, passwordDigits, passwordSpecial}

// GeneratePassword returns a random password of PasswordLength characters
// with at least one lower-case letter, one upper-case letter, one digit
// and one special character, as Nextcloud's password policy may require.
func GeneratePassword() (string, error) {
	all := strings.Join(passwordClasses, "")
	letters := passwordLower + passwordUpper
	// Drawing again until every class is there keeps every valid password
	// equally likely; about five draws in six succeed.
	for range 100 {
		b := make([]byte, PasswordLength)
		for i := range b {
			from := all
			if i == 0 {
				from = letters
			}
			n, err := rand.Int(rand.Reader, big.NewInt(int64(len(from))))
			if err != nil {
				return "", lang.Errorf("generating a password: %w", err)
			}
			b[i] = from[n.Int64()]
		}
		if hasEveryClass(string(b)) {
			return string(b), nil
		}
	}
	return "", lang.New("generating a password: no draw had every kind of character")
}

func hasEveryClass(pw string) bool {
	for _, class := range passwordClasses {
		if !strings.ContainsAny(pw, class) {
			return false
		}
	}
	return true
}

package batch

import (
	"math"
	"net/mail"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/takeback/takeback/internal/lang"
)

// userIDProblem applies Nextcloud's documented rule for user IDs: only the
// letters a-z and A-Z, digits, space and _ . @ - ', not only dots ("." and
// ".." would be folder names), and at most 64 characters. Nextcloud would
// refuse any other at creation; checking here fails the whole manifest
// before anyone is created.
func userIDProblem(id string) lang.Text {
	if id == "" {
		return lang.T("missing: every person needs a userid")
	}
	var bad []rune
	for _, r := range id {
		if !userIDRune(r) && !slices.Contains(bad, r) {
			bad = append(bad, r)
		}
	}
	switch {
	case len(bad) > 0:
		return lang.T("%q has characters Nextcloud refuses in a userid (%q): use letters without accents, digits, spaces and _ . @ - '", id, string(bad))
	case strings.Trim(id, ".") == "":
		return lang.T("%q is only dots, which Nextcloud refuses", id)
	case len(id) > 64:
		return lang.T("%q is longer than the 64 characters Nextcloud allows", id)
	}
	return lang.Text{}
}

func userIDRune(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune(" _.@-'", r)
}

// displayNameProblem checks against Nextcloud's user table, whose display
// name holds 64 characters.
func displayNameProblem(name string) lang.Text {
	if hasControl(name) {
		return lang.T("has a line break or another control character")
	}
	if utf8.RuneCountInString(name) > 64 {
		return lang.T("longer than the 64 characters Nextcloud allows")
	}
	return lang.Text{}
}

// groupProblem checks a group ID against Nextcloud's group table (64
// characters).
func groupProblem(g string) lang.Text {
	if hasControl(g) {
		return lang.T("%q has a line break or another control character", g)
	}
	if utf8.RuneCountInString(g) > 64 {
		return lang.T("%q is longer than the 64 characters Nextcloud allows for a group", g)
	}
	return lang.Text{}
}

func emailProblem(v string) lang.Text {
	a, err := mail.ParseAddress(v)
	if err != nil || a.Name != "" || a.Address != v {
		return lang.T("%q is not an address such as name@example.org (write the address alone, without a name or <>)", v)
	}
	return lang.Text{}
}

// maxPasswordLength is Nextcloud's limit: it refuses longer passwords
// (IUserManager::MAX_PASSWORD_LENGTH), as hashing them would be a denial
// of service.
const maxPasswordLength = 469

// passwordProblem never quotes the password.
func passwordProblem(pw string) lang.Text {
	if hasControl(pw) {
		return lang.T("the password has a line break or another control character")
	}
	if utf8.RuneCountInString(pw) > maxPasswordLength {
		return lang.T("the password is longer than the %d characters Nextcloud allows", maxPasswordLength)
	}
	return lang.Text{}
}

func hasControl(s string) bool { return strings.IndexFunc(s, unicode.IsControl) >= 0 }

var quotaRE = regexp.MustCompile(`^(?i)([0-9]+(?:\.[0-9]+)?)\s*(b|[kmgtp](?:i?b)?)?$`)

// normaliseQuota turns a quota cell into what Nextcloud takes: "none",
// "default" (the server's default quota), or "<number> <unit>". Case and
// spacing are free; "unlimited" means "none"; K, KiB and KB are all
// kibibytes, as Nextcloud counts in powers of 1024 (and would read "10
// GiB" as 10 bytes, hence the rewriting). A number needs a unit: Nextcloud
// would read "10" as 10 bytes, which is never meant.
func normaliseQuota(v string) (string, lang.Text) {
	switch strings.ToLower(v) {
	case "none", "unlimited":
		return "none", lang.Text{}
	case "default":
		return "default", lang.Text{}
	}
	m := quotaRE.FindStringSubmatch(v)
	if m == nil {
		return "", lang.T(`%q is not a quota: write "none", "default" or a size such as "10 GB", "500 MB" or "1.5 GB"`, v)
	}
	if m[2] == "" {
		return "", lang.T(`%q has no unit: write for example "%s GB"`, v, m[1])
	}
	n, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		return "", lang.T("%q is not a quota (%v)", v, err)
	}
	unit := strings.ToUpper(m[2][:1])
	power := strings.Index("BKMGTP", unit)
	if unit != "B" {
		unit += "B"
	}
	if n*math.Pow(1024, float64(power)) > 1<<62 {
		return "", lang.T("%q is larger than any disk", v)
	}
	return strconv.FormatFloat(n, 'f', -1, 64) + " " + unit, lang.Text{}
}

var languageRE = regexp.MustCompile(`^([A-Za-z]{2,3})(?:[_-]([A-Za-z0-9]{2,8}))?(@[A-Za-z]{2,8})?$`)

// normaliseLanguage checks a language loosely (Nextcloud knows which it
// has) and writes it as Nextcloud names them: "fr", "en_GB", "zh_Hant",
// "es_419", "sr@latin", whatever the case and "-" or "_" of the cell.
func normaliseLanguage(v string) (string, lang.Text) {
	m := languageRE.FindStringSubmatch(v)
	if m == nil {
		return "", lang.T(`%q is not a language code such as "fr", "de" or "en_GB"`, v)
	}
	out := strings.ToLower(m[1])
	switch region := m[2]; {
	case region == "":
	case len(region) == 4 && isLetters(region): // a script: zh_Hant
		out += "_" + strings.ToUpper(region[:1]) + strings.ToLower(region[1:])
	default:
		out += "_" + strings.ToUpper(region)
	}
	return out + strings.ToLower(m[3]), lang.Text{}
}

func isLetters(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) }) < 0
}

package batch

import (
	"slices"
	"strings"

	"github.com/takeback/takeback/internal/lang"
)

// The manifest's columns (lang:data: the admin writes them as they are).
const (
	colUserID      = "userid"
	colDisplayName = "display_name"
	colEmail       = "email"
	colGroups      = "groups"
	colQuota       = "quota"
	colLanguage    = "language"
	colArchives    = "archives"
	colPassword    = "password"
)

var columnNames = []string{colUserID, colDisplayName, colEmail, colGroups, colQuota, colLanguage, colArchives, colPassword}

// columnAliases are names people write for the known columns; they are
// suggested, not accepted, so that a manifest means one thing.
var columnAliases = map[string]string{
	"uid": colUserID, "user": colUserID, "username": colUserID, "login": colUserID, "id": colUserID,
	"name": colDisplayName, "fullname": colDisplayName, "displayname": colDisplayName,
	"mail": colEmail, "emailaddress": colEmail,
	"group": colGroups,
	"lang":  colLanguage, "locale": colLanguage,
	"archive": colArchives, "files": colArchives, "paths": colArchives, "takeout": colArchives,
	"pass": colPassword, "pwd": colPassword,
}

func knownColumn(lower string) bool { return slices.Contains(columnNames, lower) }

// unknownColumn names the closest known column, when one is close.
func unknownColumn(name string) lang.Text {
	squashed := squashName(name)
	best, bestDist := columnAliases[squashed], 0
	if best == "" {
		bestDist = 3 // suggest only within two edits
		for _, c := range columnNames {
			if d := editDistance(squashed, squashName(c), bestDist); d < bestDist {
				best, bestDist = c, d
			}
		}
	}
	if best != "" {
		return lang.T("unknown column; did you mean %q?", best)
	}
	return lang.T("unknown column; the columns are %s", strings.Join(columnNames, ", "))
}

func squashName(s string) string {
	s = strings.ToLower(s)
	return strings.Map(func(r rune) rune {
		if r == '_' || r == '-' || r == ' ' || r == '.' {
			return -1
		}
		return r
	}, s)
}

// editDistance is the Levenshtein distance between a and b, or limit when
// it is at least limit (a header cell may be long; a column name is not).
func editDistance(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d >= limit || -d >= limit {
		return limit
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return min(prev[len(rb)], limit)
}

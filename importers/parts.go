package importers

import (
	"fmt"
	"maps"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"

	"github.com/takeback/takeback/internal/lang"
)

// takeoutPart matches the name of one part of a multi-part Takeout:
// export stamp, part number, extension.
var takeoutPart = regexp.MustCompile(`^(takeout-\d{8}T\d{6}Z)-(\d{1,9})(\.zip|\.tgz|\.tar\.gz)$`)

// PartOf tells whether a file name is one part of a multi-part Takeout:
// its export ("takeout-20240525T201456Z") and its part number as written
// ("002").
func PartOf(name string) (export, part string, ok bool) {
	m := takeoutPart.FindStringSubmatch(name)
	if m == nil {
		return "", "", false
	}
	return m[1], m[2], true
}

// MissingParts reports, for each export, the parts missing between the
// lowest and the highest part given, e.g. "takeout-20240525T201456Z-002.zip
// seems to be missing: parts 001 and 003 were given". Parts missing before
// the lowest or after the highest cannot be told apart from an export that
// has no more, so they are not reported.
func MissingParts(paths []string) []lang.Text {
	type part struct {
		num       int
		digits    string
		extension string
	}
	exports := map[string][]part{}
	for _, p := range paths {
		m := takeoutPart.FindStringSubmatch(filepath.Base(p))
		if m == nil {
			continue
		}
		n, _ := strconv.Atoi(m[2]) // at most 9 digits
		exports[m[1]] = append(exports[m[1]], part{num: n, digits: m[2], extension: m[3]})
	}

	var msgs []lang.Text
	for _, stamp := range slices.Sorted(maps.Keys(exports)) {
		parts := exports[stamp]
		slices.SortFunc(parts, func(a, b part) int { return a.num - b.num })
		parts = slices.CompactFunc(parts, func(a, b part) bool { return a.num == b.num })
		for i := 1; i < len(parts); i++ {
			lo, hi := parts[i-1], parts[i]
			name := func(n int) string {
				return fmt.Sprintf("%s-%0*d%s", stamp, len(lo.digits), n, lo.extension)
			}
			switch gap := hi.num - lo.num - 1; gap {
			case 0:
			case 1:
				msgs = append(msgs, lang.T("%s seems to be missing: parts %s and %s were given",
					name(lo.num+1), lo.digits, hi.digits))
			default:
				msgs = append(msgs, lang.T("%s to %s (%d parts) seem to be missing: parts %s and %s were given",
					name(lo.num+1), name(hi.num-1), gap, lo.digits, hi.digits))
			}
		}
	}
	return msgs
}

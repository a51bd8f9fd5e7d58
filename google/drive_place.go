package google

import "strings"

// Where a member sits in a Takeout, as far as Drive is concerned: in the
// Drive folder, Takeout's own index page, or elsewhere.
type drivePlace int

const (
	elsewhere drivePlace = iota
	inDrive
	ownPage
)

// driveFolderNames are the names of the Takeout's Drive folder.
// google-takeout.md §5.1 names it "Drive" and documents no translation;
// the localized Takeouts it describes (§1.2) translate other products'
// folders only, so Drive is assumed to be "Drive" in every language
// (unverified beyond English, French and German).
var driveFolderNames = []string{"Drive"}

// ownPageNames are the names of the archive browser page Google puts at
// the top of every Takeout: "archive_browser.html" (google-takeout.md
// §1.3), "Archiv_Übersicht.html" in German Takeouts (issue 9). Other
// languages may name it otherwise (unverified); such a page is then left
// alone, as every file no reader recognises.
var ownPageNames = []string{"archive_browser.html", "Archiv_Übersicht.html"}

// takeoutPlace tells where the member at p sits and, for a Drive file, its
// path below the Drive folder. A Takeout's members start with "Takeout/";
// an extracted Takeout given as its own folder has them without it.
func takeoutPlace(p string) (drivePlace, []string) {
	var parts []string
	for _, e := range strings.Split(p, "/") {
		if e != "" {
			parts = append(parts, e)
		}
	}
	if len(parts) > 1 && strings.EqualFold(parts[0], "Takeout") {
		parts = parts[1:]
	}
	switch {
	case len(parts) > 1 && nameIn(parts[0], driveFolderNames):
		return inDrive, parts[1:]
	case len(parts) == 1 && nameIn(parts[0], ownPageNames):
		return ownPage, nil
	}
	return elsewhere, nil
}

// nameIn reports whether name is one of names, in NFC, with no-break
// spaces read as spaces (google-takeout.md §1.2), regardless of case.
func nameIn(name string, names []string) bool {
	name = normName(name)
	for _, n := range names {
		if strings.EqualFold(name, normName(n)) {
			return true
		}
	}
	return false
}

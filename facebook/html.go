package facebook

import (
	"path"
	"strings"
)

// Folders that hold records in some generation of the export
// (facebook-export.md §2), wherever they sit below the archive's root.
var htmlFolders = map[string]bool{
	"events":                        true,
	"posts":                         true,
	"photos_and_videos":             true,
	"friends":                       true,
	"friends_and_followers":         true,
	"connections":                   true,
	"profile_information":           true,
	"personal_information":          true,
	"other_personal_information":    true,
	"about_you":                     true,
	"your_activity_across_facebook": true,
	"your_facebook_activity":        true,
	"this_profile's_activity_across_facebook": true,
}

// The names, without .html, of the records takeback reads from a JSON
// export; "#" stands for a number.
var htmlRecords = map[string]bool{
	"your_events":                 true,
	"event_invitations":           true,
	"your_event_responses":        true,
	"your_event_invitation_links": true,
	"your_posts":                  true,
	"your_posts_#":                true,
	"your_posts__check_ins__photos_and_videos_#": true,
	"your_uncategorized_photos":                  true,
	"your_videos":                                true,
	"your_photos":                                true,
	"check-ins":                                  true,
	"friends":                                    true,
	"your_friends":                               true,
	"profile_information":                        true,
	"your_address_books":                         true,
}

// IsHTMLRecord says whether a member path looks like a record of an
// HTML-format export: the HTML twin of a record takeback reads
// (your_events.html, your_event_responses.html, your_posts_1.html,
// your_posts__check_ins__photos_and_videos_1.html, friends.html…) in one
// of the known folders of any generation, or an album page
// (posts/album/0.html, photos_and_videos/album/0.html). Such an export has no reliable times
// (facebook-export.md §3.3) and must be requested again in JSON. Paths may
// use / or \ and start with any folder.
func IsHTMLRecord(name string) bool {
	name = strings.ToLower(strings.ReplaceAll(name, `\`, "/"))
	base, ok := strings.CutSuffix(path.Base(name), ".html")
	if !ok || base == "" {
		return false
	}
	dirs := strings.Split(path.Dir(name), "/")
	parent := dirs[len(dirs)-1]
	if parent == "album" && len(dirs) > 1 && isDigits(base) {
		grand := dirs[len(dirs)-2]
		return grand == "posts" || grand == "photos_and_videos"
	}
	if !htmlRecords[numbered(base)] {
		return false
	}
	for _, d := range dirs {
		if htmlFolders[d] {
			return true
		}
	}
	return false
}

// numbered replaces a trailing _<digits> with _#.
func numbered(base string) string {
	if i := strings.LastIndexByte(base, '_'); i >= 0 && isDigits(base[i+1:]) {
		return base[:i+1] + "#"
	}
	return base
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

package facebook

import (
	"fmt"
	"io"
	"time"
)

// Response is how the user stood to an event: the list the export put it
// in (facebook-export.md §3.1), kept so the user can filter.
type Response string

const (
	Hosting    Response = "Hosting"    // your_events: the user's own events
	Going      Response = "Going"      // events_joined
	Interested Response = "Interested" // events_interested
	Declined   Response = "Declined"   // events_declined
	Invited    Response = "Invited"    // events_invited: no answer recorded
)

// rank orders responses from the weakest to the strongest; an unknown
// response ranks below Invited.
func (r Response) rank() int {
	switch r {
	case Hosting:
		return 5
	case Going:
		return 4
	case Interested:
		return 3
	case Declined:
		return 2
	case Invited:
		return 1
	}
	return 0
}

// Place is where an event happens. Lat and Lon mean something only when
// HasGeo.
type Place struct {
	Name, Address string
	Lat, Lon      float64
	HasGeo        bool
}

// Event is one event record.
type Event struct {
	Name, Description string
	Start, End        time.Time // UTC; End is zero when the export says 0, nothing, or a time not after Start
	Place             Place
	Created           time.Time // create_timestamp, zero when missing
	URL               string    // an http(s) "url" member, when the record has one
	Response          Response
}

// MediaRef is one photo or video that a record points to.
type MediaRef struct {
	URI                string    // relative to the export root, as written
	Title, Description string    // Description falls back to the text of the post that holds the media
	Taken              time.Time // photo_metadata.exif_data[].taken_timestamp, zero unless within 1971–2100
	Created            time.Time // creation_timestamp (upload time), same rule; else the video's upload_timestamp or the post's timestamp
	Album              string    // the album's name when the record comes from an album file
	Video              bool      // from a videos list or video_metadata
}

// Kind names what a file was recognised as.
type Kind string

const (
	KindUnknown          Kind = ""
	KindEventInvitations Kind = "event invitations"    // events_invited[_v2]
	KindEventResponses   Kind = "event responses"      // event_responses[_v2]
	KindYourEvents       Kind = "your events"          // your_events[_v2]
	KindAlbum            Kind = "album"                // {name, photos, cover_photo, last_modified_timestamp}
	KindPosts            Kind = "posts"                // an array of posts, or status_updates (2018)
	KindUncategorized    Kind = "uncategorized photos" // other_photos_v2
	KindVideos           Kind = "videos"               // videos_v2, videos (2018)
	KindFriends          Kind = "friends"              // friends[_v2]: recognised, not read here
	KindProfile          Kind = "profile"              // profile_v2: recognised, not read here
	KindAddressBook      Kind = "address book"         // address_book[_v2]: recognised, not read here
)

// File is what one JSON file of the export holds.
type File struct {
	Kind     Kind // the first kind recognised; a file rarely holds two
	Facebook bool // recognised as a Facebook record at all
	Events   []Event
	Media    []MediaRef
	// DroppedEvents counts event records without a valid start time
	// (missing, 0, or outside 1971–2100): a calendar cannot hold them.
	DroppedEvents int
	// DroppedMedia counts media records without a uri.
	DroppedMedia int
}

func (f *File) recognise(k Kind) {
	if !f.Facebook {
		f.Kind, f.Facebook = k, true
	}
}

// ReadFile reads one JSON file of at most MaxJSON bytes and parses it as
// ParseFile does.
func ReadFile(r io.Reader) (*File, error) {
	data, err := readBounded(r)
	if err != nil {
		return nil, err
	}
	return ParseFile(data)
}

// ParseFile recognises a JSON file by its top-level keys, whatever its path
// (facebook-export.md §2), and reads its events and media. Unknown files
// give an empty File with Facebook false and no error; malformed JSON is an
// error. Records are returned in file order.
func ParseFile(data []byte) (*File, error) {
	v, err := DecodeJSON(data)
	if err != nil {
		return nil, err
	}
	f := &File{}
	switch x := v.(type) {
	case map[string]any:
		parseObject(f, x)
	case []any:
		if isPosts(x) {
			f.recognise(KindPosts)
			parsePosts(f, x)
		}
	}
	return f, nil
}

func parseObject(f *File, m map[string]any) {
	parseEvents(f, m)
	parseMediaLists(f, m)
	if posts, ok := m["status_updates"].([]any); ok {
		f.recognise(KindPosts)
		parsePosts(f, posts)
	}
	for _, k := range []struct {
		key  string
		kind Kind
	}{
		{"friends", KindFriends}, {"friends_v2", KindFriends},
		{"profile_v2", KindProfile},
		{"address_book", KindAddressBook}, {"address_book_v2", KindAddressBook},
	} {
		if _, ok := m[k.key]; ok {
			f.recognise(k.kind)
		}
	}
}

// String describes the file for logs.
func (f *File) String() string {
	if !f.Facebook {
		return "not a Facebook record"
	}
	return fmt.Sprintf("%s: %d events (%d dropped), %d media (%d dropped)", //lang:data (for the log)
		f.Kind, len(f.Events), f.DroppedEvents, len(f.Media), f.DroppedMedia)
}

package facebook

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func utcAt(y int, mo time.Month, d, h, mi int) time.Time {
	return time.Date(y, mo, d, h, mi, 0, 0, time.UTC)
}

func readFixture(t testing.TB, name string) *File {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	f, err := ParseFile(data)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return f
}

type fileCase struct {
	file          string
	kind          Kind
	events        []Event
	media         []MediaRef
	droppedEvents int
	droppedMedia  int
}

func checkFiles(t *testing.T, cases []fileCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			f := readFixture(t, c.file)
			want := &File{Kind: c.kind, Facebook: true, Events: c.events, Media: c.media,
				DroppedEvents: c.droppedEvents, DroppedMedia: c.droppedMedia}
			if !reflect.DeepEqual(f, want) {
				t.Errorf("got  %+v\nwant %+v", f, want)
			}
		})
	}
}

// The 2018 generation: keys without suffix, photos_and_videos/, posts
// under status_updates, no EXIF data.
func TestParseFile2018(t *testing.T) {
	nice := "photos_and_videos/VacancesNice_1234567890/10155_n.jpg"
	checkFiles(t, []fileCase{
		{file: "2018/events/event_invitations.json", kind: KindEventInvitations,
			events: []Event{{Name: "Grüße aus München", Start: utcAt(2018, 7, 1, 18, 0), End: utcAt(2018, 7, 1, 21, 0), Response: Invited}},
			// "Sans date" has start_timestamp 0.
			droppedEvents: 1},
		{file: "2018/events/your_event_responses.json", kind: KindEventResponses, events: []Event{
			{Name: "Fête de la musique", Start: utcAt(2018, 6, 21, 18, 0), Response: Going}, // end_timestamp 0
			{Name: "Party 😁", Start: utcAt(2018, 7, 7, 20, 0), End: utcAt(2018, 7, 8, 2, 0), Response: Declined},
		}},
		{file: "2018/photos_and_videos/album/0.json", kind: KindAlbum, media: []MediaRef{
			// The cover photo is one of the photos: it is not listed twice.
			{URI: nice, Title: "Vacances à Nice", Description: "La plage 🏖", Created: utcAt(2018, 8, 2, 9, 30), Album: "Vacances à Nice"},
		}},
		{file: "2018/photos_and_videos/your_videos.json", kind: KindVideos, media: []MediaRef{
			{URI: "photos_and_videos/videos/10156_n.mp4", Description: "Feuerwerk über dem Fluss", Created: utcAt(2018, 7, 14, 22, 15), Video: true},
		}},
		{file: "2018/posts/your_posts.json", kind: KindPosts, media: []MediaRef{
			{URI: "photos_and_videos/TimelinePhotos_42/10157_n.jpg", Description: "Premier barbecue de l'année 🔥", Created: utcAt(2018, 5, 20, 12, 0)},
		}},
	})
}

// About 2020–2022: _v2 keys, posts/ with a JSON array of posts, EXIF
// data in photo_metadata, video_metadata.
func TestParseFileV2(t *testing.T) {
	biergarten := Place{Name: "Biergarten am Chinesischen Turm", Lat: 48.1527, Lon: 11.592, HasGeo: true}
	withAddress := biergarten
	withAddress.Address = "Englischer Garten 3, 80538 München"
	grill := utcAt(2021, 7, 3, 16, 0)
	album := "Sommer in Bayern ☀️"
	checkFiles(t, []fileCase{
		{file: "2021/events/your_events.json", kind: KindYourEvents, events: []Event{
			{Name: "Grillfest 🍖", Description: "Bringt Salat mit 🥗\nUnd gute Laune; Getränke, Grill & Kohle sind da.",
				Start: grill, Place: withAddress, Created: utcAt(2021, 6, 1, 9, 12), Response: Hosting},
		}},
		{file: "2021/events/your_event_responses.json", kind: KindEventResponses, events: []Event{
			{Name: "Grillfest 🍖", Start: grill, Place: biergarten, Response: Going},
			{Name: "Poker Night hos gåsen", Description: "Guys, hvis I har tid lørdag aften…", Start: utcAt(2017, 3, 18, 17, 0),
				Place: Place{Name: "Broløkkevej 54", Lat: 55.38192, Lon: 10.34847, HasGeo: true}, Created: utcAt(2017, 3, 1, 12, 0), Response: Going},
			{Name: "Marché de Noël", Start: utcAt(2020, 12, 12, 9, 0), Response: Interested}, // no end_timestamp at all
			{Name: "Soirée quiz", Start: utcAt(2021, 2, 5, 19, 0), End: utcAt(2021, 2, 5, 22, 0),
				Place: Place{Name: "Le Café des Arts", Address: "12 rue de la Paix, Paris"}, Response: Declined},
		}},
		{file: "2021/events/event_invitations.json", kind: KindEventInvitations,
			events: []Event{{Name: "Grillfest 🍖", Start: grill, Response: Invited}},
			// Millisekunden has its start in milliseconds.
			droppedEvents: 1},
		{file: "2021/posts/album/1.json", kind: KindAlbum, droppedMedia: 1, media: []MediaRef{
			{URI: "posts/media/SommerinBayern_998877/2001_n.jpg", Title: album, Description: "Prost! 🍻",
				Taken: utcAt(2021, 7, 3, 17, 45), Created: utcAt(2021, 7, 4, 10, 0), Album: album},
			// taken_timestamp -62169958800 (year 0) is dropped.
			{URI: "posts/media/SommerinBayern_998877/2002_n.jpg", Title: album, Created: utcAt(2021, 7, 4, 10, 1), Album: album},
			// taken_timestamp 0 is dropped.
			{URI: "posts/media/SommerinBayern_998877/2003_n.jpg", Title: album, Created: utcAt(2021, 7, 4, 10, 2), Album: album},
		}},
		{file: "2021/posts/your_posts_1.json", kind: KindPosts, media: []MediaRef{
			{URI: "posts/media/Timelinephotos_5555/3001_n.mp4", Description: "Feu d'artifice 🎆", Created: utcAt(2021, 8, 15, 20, 0), Video: true},
			{URI: "posts/media/Timelinephotos_5555/3002_n.jpg", Description: "Le bouquet final",
				Taken: utcAt(2021, 8, 15, 21, 58), Created: utcAt(2021, 8, 15, 20, 0)},
		}},
		{file: "2021/posts/your_uncategorized_photos.json", kind: KindUncategorized, media: []MediaRef{
			{URI: "posts/media/Yourphotos_1111/4001_n.jpg", Description: "Bonne année 🎉", Created: utcAt(2020, 1, 1, 0, 5)},
		}},
		{file: "2021/posts/your_videos.json", kind: KindVideos, media: []MediaRef{
			{URI: "posts/media/Yourvideos_2222/5001_n.mp4", Description: "Weihnachtsmarkt", Created: utcAt(2019, 12, 24, 18, 0), Video: true},
			// No creation_timestamp: the video's upload_timestamp.
			{URI: "posts/media/Yourvideos_2222/5002_n.mp4", Created: utcAt(2019, 12, 25, 10, 0), Video: true},
		}},
	})
}

// 2024 and later: your_facebook_activity/, connections/, still _v2 keys.
func TestParseFile2024(t *testing.T) {
	eloise := "Anniversaire d'Éloïse 🎂"
	start, end := utcAt(2024, 3, 9, 18, 30), utcAt(2024, 3, 9, 23, 30)
	checkFiles(t, []fileCase{
		{file: "2024/your_facebook_activity/events/your_events.json", kind: KindYourEvents, events: []Event{
			{Name: eloise, Description: "Surprise ! Ne dites rien, s'il vous plaît.", Start: start, End: end,
				Place:   Place{Name: "Chez Éloïse", Address: "3 place Bellecour, 69002 Lyon", Lat: 45.7578, Lon: 4.832, HasGeo: true},
				Created: utcAt(2024, 2, 20, 7, 45), Response: Hosting},
		}},
		{file: "2024/your_facebook_activity/events/your_event_responses.json", kind: KindEventResponses, events: []Event{
			{Name: eloise, Start: start, End: end, Place: Place{Name: "Chez Éloïse"}, Response: Going},
		}},
		{file: "2024/your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.json", kind: KindPosts, media: []MediaRef{
			{URI: "your_facebook_activity/posts/media/Anniversaire_777/6001_n.jpg", Description: "Merci à tous ❤️",
				Taken: utcAt(2024, 3, 9, 21, 4), Created: utcAt(2024, 3, 10, 9, 0)},
		}},
		{file: "2024/connections/friends/your_friends.json", kind: KindFriends},
	})
}

// Records written inline: shapes the fixture files leave out.
func TestParseFileShapes(t *testing.T) {
	tests := []struct {
		name string
		json string
		want *File
	}{
		{"response lists at the top level", `{"events_joined": [{"name": "A", "start_timestamp": 1600000000}], "events_declined": []}`,
			&File{Kind: KindEventResponses, Facebook: true, Events: []Event{{Name: "A", Start: time.Unix(1600000000, 0).UTC(), Response: Going}}}},
		{"2018 your_events", `{"your_events": [{"name": "B", "start_timestamp": 1600000000, "end_timestamp": 1600003600}]}`,
			&File{Kind: KindYourEvents, Facebook: true, Events: []Event{{Name: "B", Start: time.Unix(1600000000, 0).UTC(),
				End: time.Unix(1600003600, 0).UTC(), Response: Hosting}}}},
		{"end before start is no end", `{"events_invited_v2": [{"name": "C", "start_timestamp": 1600000000, "end_timestamp": 1500000000}]}`,
			&File{Kind: KindEventInvitations, Facebook: true, Events: []Event{{Name: "C", Start: time.Unix(1600000000, 0).UTC(), Response: Invited}}}},
		{"end equal to start is no end", `{"events_invited_v2": [{"name": "C", "start_timestamp": 1600000000, "end_timestamp": 1600000000}]}`,
			&File{Kind: KindEventInvitations, Facebook: true, Events: []Event{{Name: "C", Start: time.Unix(1600000000, 0).UTC(), Response: Invited}}}},
		{"odd members are ignored, not fatal", `{"your_events_v2": [{"name": 5, "start_timestamp": "1600000000", "place": "here", "description": ["x"]}, 7, null]}`,
			&File{Kind: KindYourEvents, Facebook: true, DroppedEvents: 2, Events: []Event{{Start: time.Unix(1600000000, 0).UTC(), Response: Hosting}}}},
		{"coordinates 0,0 and out of range are no coordinates",
			`{"your_events_v2": [{"name": "D", "start_timestamp": 1600000000, "place": {"name": "P", "coordinate": {"latitude": 0, "longitude": 0}}},
			 {"name": "E", "start_timestamp": 1600000000, "place": {"name": "Q", "coordinate": {"latitude": 91, "longitude": 2}}},
			 {"name": "F", "start_timestamp": 1600000000, "place": {"name": "R", "coordinate": {"latitude": 1}}}]}`,
			&File{Kind: KindYourEvents, Facebook: true, Events: []Event{
				{Name: "D", Start: time.Unix(1600000000, 0).UTC(), Place: Place{Name: "P"}, Response: Hosting},
				{Name: "E", Start: time.Unix(1600000000, 0).UTC(), Place: Place{Name: "Q"}, Response: Hosting},
				{Name: "F", Start: time.Unix(1600000000, 0).UTC(), Place: Place{Name: "R"}, Response: Hosting}}}},
		{"a URL member is kept when it is http(s)",
			`{"your_events_v2": [{"name": "G", "start_timestamp": 1600000000, "url": "https://www.facebook.com/events/123/"},
			 {"name": "H", "start_timestamp": 1600000000, "url": "javascript:alert(1)"}]}`,
			&File{Kind: KindYourEvents, Facebook: true, Events: []Event{
				{Name: "G", Start: time.Unix(1600000000, 0).UTC(), URL: "https://www.facebook.com/events/123/", Response: Hosting},
				{Name: "H", Start: time.Unix(1600000000, 0).UTC(), Response: Hosting}}}},
		{"album without cover", `{"name": "Profile pictures", "photos": [{"uri": "posts/media/ProfilePictures_1/1.jpg", "creation_timestamp": 1600000000}]}`,
			&File{Kind: KindAlbum, Facebook: true, Media: []MediaRef{{URI: "posts/media/ProfilePictures_1/1.jpg", Created: time.Unix(1600000000, 0).UTC(), Album: "Profile pictures"}}}},
		{"album media with video_metadata", `{"name": "V", "last_modified_timestamp": 1, "photos": [{"uri": "a.mp4", "media_metadata": {"video_metadata": {}}}]}`,
			&File{Kind: KindAlbum, Facebook: true, Media: []MediaRef{{URI: "a.mp4", Album: "V", Video: true}}}},
		{"posts file of text only", `[{"timestamp": 1600000000, "data": [{"post": "hi"}]}]`, &File{Kind: KindPosts, Facebook: true}},
		{"friends 2018", `{"friends": [{"name": "A", "timestamp": 1600000000}]}`, &File{Kind: KindFriends, Facebook: true}},
		{"profile", `{"profile_v2": {"name": {"full_name": "A"}}}`, &File{Kind: KindProfile, Facebook: true}},
		{"address book, either nesting", `{"address_book": {"address_book_v2": []}}`, &File{Kind: KindAddressBook, Facebook: true}},
		{"empty event list", `{"events_invited_v2": []}`, &File{Kind: KindEventInvitations, Facebook: true}},
		{"unknown object", `{"foo": 1}`, &File{}},
		{"unknown array", `[1, 2, 3]`, &File{}},
		{"empty array", `[]`, &File{}},
		{"array of objects without posts", `[{"timestamp": 1}]`, &File{}},
		{"check-ins (not read)", `[{"timestamp": 1600000000, "media": [], "label_values": [], "fbid": "1"}]`, &File{}},
		{"a Google Photos sidecar", `{"title": "IMG_1.jpg", "photoTakenTime": {"timestamp": "1600000000"}}`, &File{}},
		{"scalar", `42`, &File{}},
		{"null", `null`, &File{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseFile([]byte(tt.json))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestParseFileMalformed(t *testing.T) {
	for _, in := range []string{``, `{`, `{"events_invited_v2": [}`, `[1,]`, `{"a": 1}{`, "\ufeff{", `<!DOCTYPE html>`} {
		if f, err := ParseFile([]byte(in)); err == nil {
			t.Errorf("ParseFile(%q) = %+v, want an error", in, f)
		}
	}
}

func TestReadFile(t *testing.T) {
	f, err := ReadFile(strings.NewReader("\ufeff" + `{"events_invited": []}`))
	if err != nil || !f.Facebook || f.Kind != KindEventInvitations {
		t.Errorf("ReadFile = %+v, %v", f, err)
	}
}

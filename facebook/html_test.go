package facebook

import "testing"

func TestIsHTMLRecord(t *testing.T) {
	tests := []struct {
		path string
		want bool
	}{
		// 2018
		{"events/event_invitations.html", true},
		{"events/your_event_responses.html", true},
		{"friends/friends.html", true},
		{"photos_and_videos/album/0.html", true},
		{"photos_and_videos/your_videos.html", true},
		{"posts/your_posts.html", true},
		{"profile_information/profile_information.html", true},
		{"about_you/your_address_books.html", true},
		// About 2020–2022
		{"events/your_events.html", true},
		{"friends_and_followers/friends.html", true},
		{"posts/album/12.html", true},
		{"posts/your_posts_1.html", true},
		{"posts/your_uncategorized_photos.html", true},
		// 2022–2023
		{"your_activity_across_facebook/events/your_events.html", true},
		{"your_activity_across_facebook/connections/friends/your_friends.html", true},
		{"your_activity_across_facebook/posts/your_posts__check_ins__photos_and_videos_1.html", true},
		// 2024+
		{"your_facebook_activity/events/your_event_invitation_links.html", true},
		{"your_facebook_activity/posts/album/0.html", true},
		{"your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_12.html", true},
		{"your_facebook_activity/posts/check-ins.html", true},
		{"connections/friends/your_friends.html", true},
		{"personal_information/profile_information/profile_information.html", true},
		// Below a folder of the archive, Windows separators, any case.
		{"facebook-jdupont-2024-03-01/your_facebook_activity/events/your_events.html", true},
		{`facebook-jdupont\events\your_events.html`, true},
		{"Events/Your_Events.HTML", true},
		// Not records of an HTML export.
		{"events/your_events.json", false},
		{"posts/album/0.json", false},
		{"your_events.html", false},
		{"random/your_events.html", false},
		{"events/index.html", false},
		{"index.html", false},
		{"start_here.html", false},
		{"messages/inbox/jane_abc/message_1.html", false},
		{"posts/album/cover.html", false},
		{"album/0.html", false},
		{"misc/album/0.html", false},
		{"posts/your_posts_.html", false},
		{"posts/your_posts_1a.html", false},
		{"posts/media/Album_1/1.html", false},
		{"posts/.html", false},
		{"", false},
		{"/", false},
	}
	for _, tt := range tests {
		if got := IsHTMLRecord(tt.path); got != tt.want {
			t.Errorf("IsHTMLRecord(%q) = %v, want %v", tt.path, got, tt.want)
		}
	}
}

package facebook

import (
	"strings"
	"time"
)

// parseMediaLists reads the files that list media (facebook-export.md §2,
// §4): albums, your_uncategorized_photos (other_photos_v2) and your_videos
// (videos_v2; videos in 2018).
func parseMediaLists(f *File, m map[string]any) {
	if isAlbum(m) {
		f.recognise(KindAlbum)
		name := text(m["name"])
		for _, item := range list(m["photos"]) {
			addMedia(f, object(item), func(r *MediaRef) { r.Album = name })
		}
	}
	if items, ok := m["other_photos_v2"].([]any); ok {
		f.recognise(KindUncategorized)
		for _, item := range items {
			addMedia(f, object(item), nil)
		}
	}
	for _, key := range []string{"videos_v2", "videos"} {
		if items, ok := m[key].([]any); ok {
			f.recognise(KindVideos)
			for _, item := range items {
				addMedia(f, object(item), func(r *MediaRef) { r.Video = true })
			}
		}
	}
}

// isAlbum recognises {name, photos, cover_photo, last_modified_timestamp,
// description}: a photos list and at least one of the other album members,
// since a later generation may leave some out.
func isAlbum(m map[string]any) bool {
	if _, ok := m["photos"].([]any); !ok {
		return false
	}
	for _, key := range []string{"name", "cover_photo", "last_modified_timestamp"} {
		if _, ok := m[key]; ok {
			return true
		}
	}
	return false
}

// isPosts recognises a posts file of 2020 and later, a JSON array of
// {timestamp, attachments, data, title}: some element is an object with a
// timestamp and an attachments or data list. An empty array is not
// recognised: it holds nothing anyway.
func isPosts(items []any) bool {
	for _, item := range items {
		m := object(item)
		if _, ok := m["timestamp"]; !ok {
			continue
		}
		_, att := m["attachments"].([]any)
		_, data := m["data"].([]any)
		if att || data {
			return true
		}
	}
	return false
}

// parsePosts reads the media of posts: attachments[].data[].media. A
// media's description falls back to the post's text (data[].post), and
// its upload time to the post's timestamp.
func parsePosts(f *File, posts []any) {
	for _, item := range posts {
		post := object(item)
		var body string
		for _, d := range list(post["data"]) {
			if body = text(object(d)["post"]); body != "" {
				break
			}
		}
		when := stamp(post["timestamp"])
		for _, a := range list(post["attachments"]) {
			for _, d := range list(object(a)["data"]) {
				media, ok := object(d)["media"].(map[string]any)
				if !ok {
					continue // a link, a place, an event, a text…
				}
				addMedia(f, media, func(r *MediaRef) {
					if r.Description == "" {
						r.Description = body
					}
					if r.Created.IsZero() {
						r.Created = when
					}
				})
			}
		}
	}
}

// addMedia appends the record m, adjusted by fix when not nil, or counts
// it as dropped when it has no uri.
func addMedia(f *File, m map[string]any, fix func(*MediaRef)) {
	r, ok := parseMedia(m)
	if !ok {
		f.DroppedMedia++
		return
	}
	if fix != nil {
		fix(&r)
	}
	f.Media = append(f.Media, r)
}

// parseMedia reads {uri, creation_timestamp, title, description,
// media_metadata{photo_metadata|video_metadata{exif_data[]}}}.
func parseMedia(m map[string]any) (MediaRef, bool) {
	uri, _ := m["uri"].(string)
	if strings.TrimSpace(uri) == "" {
		return MediaRef{}, false
	}
	r := MediaRef{
		URI:         uri,
		Title:       text(m["title"]),
		Description: text(m["description"]),
		Created:     stamp(m["creation_timestamp"]),
	}
	meta := object(m["media_metadata"])
	r.Taken = firstStamp(object(meta["photo_metadata"]), "taken_timestamp")
	if video, ok := meta["video_metadata"].(map[string]any); ok {
		r.Video = true
		if r.Created.IsZero() {
			r.Created = firstStamp(video, "upload_timestamp")
		}
	}
	return r, true
}

// firstStamp returns the first valid time under key in meta's exif_data.
func firstStamp(meta map[string]any, key string) time.Time {
	for _, e := range list(meta["exif_data"]) {
		if t := stamp(object(e)[key]); !t.IsZero() {
			return t
		}
	}
	return time.Time{}
}

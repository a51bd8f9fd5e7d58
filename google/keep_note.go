package google

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/takeback/takeback/importers"
	"github.com/takeback/takeback/internal/lang"
)

// keepJSON is a note as Takeout writes it (google-takeout.md §5.3). Colour,
// pin and sharees are not read: Nextcloud Notes has no place for them.
type keepJSON struct {
	Title       string           `json:"title"`
	TextContent string           `json:"textContent"`
	ListContent []keepListItem   `json:"listContent"`
	Labels      []keepLabel      `json:"labels"`
	Annotations []keepAnnotation `json:"annotations"`
	Attachments []keepAttachment `json:"attachments"`
	IsTrashed   bool             `json:"isTrashed"`
	IsArchived  bool             `json:"isArchived"`
	Created     keepUsec         `json:"createdTimestampUsec"`
	Edited      keepUsec         `json:"userEditedTimestampUsec"`
}

type keepListItem struct {
	Text      string `json:"text"`
	IsChecked bool   `json:"isChecked"`
}

type keepLabel struct {
	Name string `json:"name"`
}

type keepAnnotation struct {
	Source string `json:"source"` // "WEBLINK"
	URL    string `json:"url"`
	Title  string `json:"title"`
}

type keepAttachment struct {
	FilePath string `json:"filePath"`
	Mimetype string `json:"mimetype"`
}

// keepNote is a note found in the walk.
type keepNote struct {
	member importers.Member
	dir    string // in-archive folder, "Takeout/Keep/"
	json   *keepJSON
}

// isKeepNote says whether data is a Keep note: a JSON object with a
// textContent or listContent member (google-takeout.md §1.3). The substring
// test only spares a parse of the many JSON files that are not notes.
func isKeepNote(data []byte) bool {
	if !bytes.Contains(data, []byte(`"textContent"`)) && !bytes.Contains(data, []byte(`"listContent"`)) {
		return false
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		return false
	}
	for _, key := range []string{"textContent", "listContent"} {
		if v, ok := top[key]; ok && string(v) != "null" {
			return true
		}
	}
	return false
}

// parseKeepNote reads a note's JSON.
func parseKeepNote(data []byte) (*keepJSON, error) {
	var j keepJSON
	if err := json.Unmarshal(data, &j); err != nil {
		return nil, lang.Errorf("parse the note: %w", err)
	}
	return &j, nil
}

// keepUsec is a time in microseconds since the epoch. Google writes a
// number; some exports are said to write a string (obsidian-importer's
// Keep model accepts both), and anything else counts as no time.
type keepUsec int64

func (u *keepUsec) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		*u = keepUsec(n)
		return nil
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && f > 0 && f < 1<<62 {
		*u = keepUsec(f)
	}
	return nil
}

// keepMinTime is the earliest time Nextcloud accepts in X-OC-MTime: it refuses
// values up to one day after the epoch (nextcloud-api.md §3.1).
var keepMinTime = time.Unix(86400, 0)

// time is u as a time, if it is one a file can have.
func (u keepUsec) time() (time.Time, bool) {
	t := time.UnixMicro(int64(u)).UTC()
	if !t.After(keepMinTime) || t.Year() > 9999 {
		return time.Time{}, false
	}
	return t, true
}

// keepDate is when the note was last edited, else created; else, as a
// flagged guess, the JSON file's time in the archive.
func keepDate(n *keepNote) (time.Time, string) {
	if t, ok := n.json.Edited.time(); ok {
		return t, "keep-edited"
	}
	if t, ok := n.json.Created.time(); ok {
		return t, "keep-created"
	}
	if mt := n.member.ModTime; mt.After(keepMinTime) {
		return mt.UTC(), "archive"
	}
	return time.Time{}, ""
}

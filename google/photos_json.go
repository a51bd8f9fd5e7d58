package google

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/takeback/takeback/internal/lang"
)

// maxPhotosJSON bounds one Google Photos JSON file. Real sidecars are a
// few hundred bytes and album files a few kilobytes, even with many
// comments and enrichments.
const maxPhotosJSON = 4 << 20

// JSONKind is what a Google Photos JSON file turned out to be.
type JSONKind int

const (
	JSONUnknown JSONKind = iota // not a Photos sidecar or album (print-subscriptions.json, arrays, anything else)
	JSONSidecar                 // the metadata of one media file
	JSONAlbum                   // the metadata of the album whose folder holds it
)

func (k JSONKind) String() string {
	switch k {
	case JSONSidecar:
		return "sidecar"
	case JSONAlbum:
		return "album"
	}
	return "unknown"
}

// Sidecar is what takeback uses of a per-media JSON (google-takeout.md §2.5).
type Sidecar struct {
	Title       string    // the name the file had when it was uploaded; may contain / : * ? " < > |
	Description string    // free text
	Taken       time.Time // photoTakenTime, UTC; zero when missing or "0"
	Created     time.Time // creationTime (the upload time), UTC; zero when missing or "0"
	Lat, Lon    float64   // geoData, else geoDataExif; 0,0 means none
	HasGeo      bool
	Trashed     bool
	Archived    bool
	Favorited   bool
	Partner     bool // googlePhotosOrigin.fromPartnerSharing is present
}

// Album is what takeback uses of an album metadata JSON. Title can be
// empty: Google writes "" for untitled albums.
type Album struct{ Title, Description string }

// Keys that only album files carry, and keys that only per-media sidecars
// carry (google-takeout.md §2.5). title, description and geoData occur in
// both and decide nothing.
var (
	albumKeys   = []string{"access", "date", "location", "enrichments", "sharedAlbumComments"}
	sidecarKeys = []string{"photoTakenTime", "creationTime", "imageViews", "geoDataExif", "people", "url",
		"googlePhotosOrigin", "appSource", "photoLastModifiedTime", "modificationTime", "favorited", "archived", "trashed"}
)

// ParseJSON classifies one Google Photos JSON file by its content (never by
// its name: album files are called metadata.json, métadonnées.json,
// Metadaten.json… depending on the account's language) and parses it.
//
// The rule, first match wins:
//  1. not a JSON object (an array such as user-generated-memory-titles.json,
//     a string…): unknown;
//  2. an object whose "albumData" member is an object: an album, read from
//     that member (older exports);
//  3. photoTakenTime or creationTime holds a non-empty timestamp, even "0":
//     a sidecar. This is immich-go's rule, widened to creationTime because
//     photoTakenTime can be "0" or missing while the upload time is there;
//     album files carry "date", never these two;
//  4. a "title" member (possibly empty) and one of the album-only members
//     access, date, location, enrichments or sharedAlbumComments: an album;
//  5. a "title" member and one of the sidecar-only members (imageViews,
//     geoDataExif, people, url, googlePhotosOrigin, appSource,
//     modificationTime, photoLastModifiedTime, favorited, archived,
//     trashed, or a timestamp-less photoTakenTime/creationTime): a sidecar;
//  6. a "title" member with nothing else than description and geoData: an
//     album (the minimal {"title":"…"} of 2025 exports);
//  7. anything else (no title, or a title among unrelated members such as
//     a Keep note): unknown.
//
// Unlike immich-go, a non-empty title never makes an album by itself: a
// sidecar always has a title too.
//
// The error is non-nil only for a file that cannot be read as JSON or is
// larger than 4 MiB; the kind is then JSONUnknown. A UTF-8 byte order mark
// is tolerated. Values of an unexpected type are ignored rather than
// refused.
func ParseJSON(data []byte) (JSONKind, *Sidecar, *Album, error) {
	if len(data) > maxPhotosJSON {
		return JSONUnknown, nil, nil, lang.Errorf("the JSON file holds more than the %s takeback reads", lang.Size(maxPhotosJSON))
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	if len(trimmed) == 0 {
		return JSONUnknown, nil, nil, lang.New("the JSON file is empty")
	}
	if trimmed[0] != '{' {
		if !json.Valid(trimmed) {
			return JSONUnknown, nil, nil, lang.New("the file is not valid JSON")
		}
		return JSONUnknown, nil, nil, nil
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(trimmed, &obj); err != nil {
		return JSONUnknown, nil, nil, lang.Errorf("the file is not valid JSON: %w", err)
	}

	if inner, ok := object(obj["albumData"]); ok {
		return JSONAlbum, nil, &Album{Title: jsonString(inner["title"]), Description: jsonString(inner["description"])}, nil
	}
	if hasTimestamp(obj["photoTakenTime"]) || hasTimestamp(obj["creationTime"]) {
		return JSONSidecar, parseSidecar(obj), nil, nil
	}
	if _, ok := obj["title"]; !ok {
		return JSONUnknown, nil, nil, nil
	}
	album := &Album{Title: jsonString(obj["title"]), Description: jsonString(obj["description"])}
	if hasAny(obj, albumKeys) {
		return JSONAlbum, nil, album, nil
	}
	if hasAny(obj, sidecarKeys) {
		return JSONSidecar, parseSidecar(obj), nil, nil
	}
	for k := range obj {
		if k != "title" && k != "description" && k != "geoData" {
			return JSONUnknown, nil, nil, nil
		}
	}
	return JSONAlbum, nil, album, nil
}

func parseSidecar(obj map[string]json.RawMessage) *Sidecar {
	s := &Sidecar{
		Title:       jsonString(obj["title"]),
		Description: jsonString(obj["description"]),
		Taken:       timestamp(obj["photoTakenTime"]),
		Created:     timestamp(obj["creationTime"]),
		Trashed:     jsonTrue(obj["trashed"]),
		Archived:    jsonTrue(obj["archived"]),
		Favorited:   jsonTrue(obj["favorited"]),
	}
	if lat, lon, ok := geo(obj["geoData"]); ok {
		s.Lat, s.Lon, s.HasGeo = lat, lon, true
	} else if lat, lon, ok := geo(obj["geoDataExif"]); ok {
		s.Lat, s.Lon, s.HasGeo = lat, lon, true
	}
	if origin, ok := object(obj["googlePhotosOrigin"]); ok {
		if p, ok := origin["fromPartnerSharing"]; ok && !isNull(p) {
			s.Partner = true
		}
	}
	return s
}

func hasAny(obj map[string]json.RawMessage, keys []string) bool {
	for _, k := range keys {
		if _, ok := obj[k]; ok {
			return true
		}
	}
	return false
}

// object decodes raw as a JSON object; ok is false for anything else.
func object(raw json.RawMessage) (map[string]json.RawMessage, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '{' {
		return nil, false
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil {
		return nil, false
	}
	return m, true
}

func isNull(raw json.RawMessage) bool { return string(bytes.TrimSpace(raw)) == "null" }

// jsonString returns a string member, or the text of a number; "" for
// anything else.
func jsonString(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return ""
	}
	switch {
	case raw[0] == '"':
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return s
		}
	case raw[0] == '-' || raw[0] >= '0' && raw[0] <= '9':
		var n json.Number
		if json.Unmarshal(raw, &n) == nil {
			return n.String()
		}
	}
	return ""
}

func jsonTrue(raw json.RawMessage) bool {
	var b bool
	return json.Unmarshal(raw, &b) == nil && b
}

func hasTimestamp(raw json.RawMessage) bool {
	m, ok := object(raw)
	return ok && strings.TrimSpace(jsonString(m["timestamp"])) != ""
}

// Bounds of the timestamps takeback accepts: years 1 to 9999.
const (
	minTimestamp = -62135596800
	maxTimestamp = 253402300799
)

// timestamp reads {"timestamp":"1695394176","formatted":"…"}: epoch seconds
// written as a string (a number is accepted too). "0", a missing or
// unreadable value, or one outside years 1–9999 give the zero time. The
// localized "formatted" text is never read.
func timestamp(raw json.RawMessage) time.Time {
	m, ok := object(raw)
	if !ok {
		return time.Time{}
	}
	sec, err := strconv.ParseInt(strings.TrimSpace(jsonString(m["timestamp"])), 10, 64)
	if err != nil || sec == 0 || sec < minTimestamp || sec > maxTimestamp {
		return time.Time{}
	}
	return time.Unix(sec, 0).UTC()
}

// geo reads {"latitude":48.85,"longitude":2.35,…}; ok is false for 0,0,
// for coordinates out of range, and for anything unreadable.
func geo(raw json.RawMessage) (lat, lon float64, ok bool) {
	m, isObj := object(raw)
	if !isObj {
		return 0, 0, false
	}
	lat, err1 := strconv.ParseFloat(jsonString(m["latitude"]), 64)
	lon, err2 := strconv.ParseFloat(jsonString(m["longitude"]), 64)
	if err1 != nil || err2 != nil || lat == 0 && lon == 0 ||
		math.IsNaN(lat) || math.IsNaN(lon) || math.Abs(lat) > 90 || math.Abs(lon) > 180 {
		return 0, 0, false
	}
	return lat, lon, true
}

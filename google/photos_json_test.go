package google

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func unix(sec int64) time.Time { return time.Unix(sec, 0).UTC() }

// The files in testdata/photos/json. The shapes of print-subscriptions.json
// and shared_album_comments.json are assumed (no real sample at hand); what
// matters is that they are neither sidecars nor albums.
var jsonFiles = []struct {
	file    string
	kind    JSONKind
	sidecar *Sidecar
	album   *Album
}{
	{"sidecar-legacy.json", JSONSidecar, &Sidecar{Title: "IMG_20230615_142311.jpg",
		Taken: unix(1686838991), Created: unix(1686839000), Lat: 48.8583701, Lon: 2.2944813, HasGeo: true}, nil},
	// geoData 0,0 (none), so geoDataExif; people, appSource, favorited.
	{"sidecar-supplemental.json", JSONSidecar, &Sidecar{Title: "PXL_20241026_130000123.MP.jpg", Description: "Pique-nique au bord du lac",
		Taken: unix(1729947600), Created: unix(1729951234), Lat: 45.8992, Lon: 6.1294, HasGeo: true, Favorited: true}, nil},
	{"sidecar-trashed.json", JSONSidecar, &Sidecar{Title: "IMG_0001.HEIC",
		Taken: unix(1718990000), Created: unix(1719000000), Trashed: true}, nil},
	{"sidecar-archived.json", JSONSidecar, &Sidecar{Title: "Screenshot_20230722-042640.png",
		Taken: unix(1690000000), Created: unix(1690000000), Archived: true, Favorited: true}, nil},
	{"sidecar-partner.json", JSONSidecar, &Sidecar{Title: "IMG_20231114_221320.jpg",
		Taken: unix(1700000000), Created: unix(1700000100), Lat: -33.8567844, Lon: 151.213108, HasGeo: true, Partner: true}, nil},
	// photoTakenTime "0": no capture time, but the upload time is there.
	{"sidecar-taken-zero.json", JSONSidecar, &Sidecar{Title: "Scan_0001.jpg", Description: "Grand-mère, 1962",
		Created: unix(1580000000)}, nil},
	// A byte order mark, no url (#212), both locations 0,0.
	{"sidecar-bom-no-url.json", JSONSidecar, &Sidecar{Title: "IMG_1.jpg", Taken: unix(1262300000), Created: unix(1262304000)}, nil},
	{"album-metadata.json", JSONAlbum, nil, &Album{Title: "Vacances en Bretagne", Description: "Été 2023 avec les cousins"}},
	{"album-untitled.json", JSONAlbum, nil, &Album{}},
	{"album-shared.json", JSONAlbum, nil, &Album{Title: "Mariage de Paul et Julie"}},
	{"album-data-wrapper.json", JSONAlbum, nil, &Album{Title: "Trip to Rome", Description: "Easter 2019"}},
	{"album-minimal.json", JSONAlbum, nil, &Album{Title: "Vacances"}},
	{"print-subscriptions.json", JSONUnknown, nil, nil},
	{"shared_album_comments.json", JSONUnknown, nil, nil},
	{"user-generated-memory-titles.json", JSONUnknown, nil, nil},
	{"keep-note.json", JSONUnknown, nil, nil},
}

func TestParseJSONFiles(t *testing.T) {
	seen := map[string]bool{}
	for _, tt := range jsonFiles {
		seen[tt.file] = true
		data, err := os.ReadFile(filepath.Join("testdata", "photos", "json", tt.file))
		if err != nil {
			t.Fatal(err)
		}
		checkParseJSON(t, tt.file, data, tt.kind, tt.sidecar, tt.album)
	}
	all, _ := filepath.Glob(filepath.Join("testdata", "photos", "json", "*.json"))
	for _, f := range all {
		if !seen[filepath.Base(f)] {
			t.Errorf("%s has no expectation", f)
		}
	}
}

func checkParseJSON(t *testing.T, name string, data []byte, kind JSONKind, sc *Sidecar, al *Album) {
	t.Helper()
	k, gotSc, gotAl, err := ParseJSON(data)
	if err != nil {
		t.Errorf("%s: %v", name, err)
		return
	}
	if k != kind {
		t.Errorf("%s: kind %v, want %v", name, k, kind)
	}
	switch {
	case (gotSc == nil) != (sc == nil):
		t.Errorf("%s: sidecar %+v, want %+v", name, gotSc, sc)
	case sc != nil && *gotSc != *sc:
		t.Errorf("%s: sidecar\n got %+v\nwant %+v", name, *gotSc, *sc)
	}
	switch {
	case (gotAl == nil) != (al == nil):
		t.Errorf("%s: album %+v, want %+v", name, gotAl, al)
	case al != nil && *gotAl != *al:
		t.Errorf("%s: album %+v, want %+v", name, *gotAl, *al)
	}
}

// Edge cases of the classification, inline.
func TestParseJSONClassification(t *testing.T) {
	tests := []struct {
		name, data string
		kind       JSONKind
		sidecar    *Sidecar
		album      *Album
	}{
		{"photoTakenTime 0 alone still makes a sidecar",
			`{"title":"x.jpg","photoTakenTime":{"timestamp":"0","formatted":"1 janv. 1970"}}`,
			JSONSidecar, &Sidecar{Title: "x.jpg"}, nil},
		{"creationTime without photoTakenTime",
			`{"title":"Scan_0002.jpg","creationTime":{"timestamp":"1580000000"}}`,
			JSONSidecar, &Sidecar{Title: "Scan_0002.jpg", Created: unix(1580000000)}, nil},
		{"a sidecar needs no title",
			`{"photoTakenTime":{"timestamp":"1580000000"}}`,
			JSONSidecar, &Sidecar{Taken: unix(1580000000)}, nil},
		{"timestamps as numbers",
			`{"title":"a.jpg","photoTakenTime":{"timestamp":1580000000},"creationTime":{"timestamp":1580000001}}`,
			JSONSidecar, &Sidecar{Title: "a.jpg", Taken: unix(1580000000), Created: unix(1580000001)}, nil},
		{"before 1970",
			`{"title":"Scan.jpg","photoTakenTime":{"timestamp":"-236217600"}}`,
			JSONSidecar, &Sidecar{Title: "Scan.jpg", Taken: unix(-236217600)}, nil},
		{"unreadable and out-of-range timestamps are none",
			`{"title":"a.jpg","photoTakenTime":{"timestamp":"soon"},"creationTime":{"timestamp":"99999999999999"}}`,
			JSONSidecar, &Sidecar{Title: "a.jpg"}, nil},
		{"empty timestamps and a media field",
			`{"title":"a.jpg","photoTakenTime":{"timestamp":""},"imageViews":"0"}`,
			JSONSidecar, &Sidecar{Title: "a.jpg"}, nil},
		{"a title and a media field",
			`{"title":"IMG_1.jpg","url":"https://photos.google.com/photo/x"}`,
			JSONSidecar, &Sidecar{Title: "IMG_1.jpg"}, nil},
		{"geoDataExif when geoData is missing",
			`{"title":"a.jpg","creationTime":{"timestamp":"1"},"geoDataExif":{"latitude":"12.5","longitude":-3}}`,
			JSONSidecar, &Sidecar{Title: "a.jpg", Created: unix(1), Lat: 12.5, Lon: -3, HasGeo: true}, nil},
		{"coordinates out of range are none",
			`{"title":"a.jpg","creationTime":{"timestamp":"1"},"geoData":{"latitude":91,"longitude":0.5}}`,
			JSONSidecar, &Sidecar{Title: "a.jpg", Created: unix(1)}, nil},
		{"fromPartnerSharing null is not partner",
			`{"title":"a.jpg","creationTime":{"timestamp":"1"},"googlePhotosOrigin":{"fromPartnerSharing":null}}`,
			JSONSidecar, &Sidecar{Title: "a.jpg", Created: unix(1)}, nil},
		{"flags must be true booleans",
			`{"title":"a.jpg","creationTime":{"timestamp":"1"},"trashed":"true","archived":false,"favorited":1}`,
			JSONSidecar, &Sidecar{Title: "a.jpg", Created: unix(1)}, nil},
		{"album with a title that looks like a file name",
			`{"title":"IMG_1.jpg","access":"protected","date":{"timestamp":"1"}}`,
			JSONAlbum, nil, &Album{Title: "IMG_1.jpg"}},
		{"minimal album with a description",
			`{"title":"Vacances","description":"2025"}`,
			JSONAlbum, nil, &Album{Title: "Vacances", Description: "2025"}},
		{"empty title alone",
			`{"title":""}`,
			JSONAlbum, nil, &Album{}},
		{"null title",
			`{"title":null,"access":"protected"}`,
			JSONAlbum, nil, &Album{}},
		{"albumData wins",
			"\ufeff" + `{"albumData":{"title":"Rome"},"photoTakenTime":{"timestamp":"1"}}`,
			JSONAlbum, nil, &Album{Title: "Rome"}},
		{"albumData that is not an object", `{"albumData":"x"}`, JSONUnknown, nil, nil},
		{"no title", `{"access":"protected","date":{"timestamp":"1"}}`, JSONUnknown, nil, nil},
		{"a title among unrelated members", `{"title":"Courses","textContent":"pain"}`, JSONUnknown, nil, nil},
		{"array", `[{"title":"Été"}]`, JSONUnknown, nil, nil},
		{"string", `"metadata"`, JSONUnknown, nil, nil},
		{"null", `null`, JSONUnknown, nil, nil},
		{"empty object", `{}`, JSONUnknown, nil, nil},
	}
	for _, tt := range tests {
		checkParseJSON(t, tt.name, []byte(tt.data), tt.kind, tt.sidecar, tt.album)
	}
}

func TestParseJSONErrors(t *testing.T) {
	big := append([]byte(`{"title":"`), bytes.Repeat([]byte("x"), 4<<20)...)
	big = append(big, `"}`...)
	for name, data := range map[string][]byte{
		"empty":         nil,
		"spaces":        []byte(" \n"),
		"BOM only":      []byte("\xef\xbb\xbf"),
		"truncated":     []byte(`{"title":"IMG_1.jpg","photoTakenTime":{"timestamp":"15`),
		"trailing data": []byte(`{"title":"a"} {"title":"b"}`),
		"bad array":     []byte(`[1,`),
		"over 4 MiB":    big,
	} {
		k, sc, al, err := ParseJSON(data)
		if err == nil || k != JSONUnknown || sc != nil || al != nil {
			t.Errorf("%s: got %v %v %v %v, want an error", name, k, sc, al, err)
		}
	}
	if _, _, _, err := ParseJSON(big); err != nil && !strings.Contains(err.Error(), "4.0 MB") {
		t.Errorf("the size error does not say the limit: %v", err)
	}
}

func TestJSONKindString(t *testing.T) {
	if JSONSidecar.String() != "sidecar" || JSONAlbum.String() != "album" || JSONUnknown.String() != "unknown" {
		t.Error("JSONKind names")
	}
}

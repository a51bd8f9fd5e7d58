package google

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// fuzzNames reads a directory from fuzz bytes: one name a line; a name
// ending in .json (any case) is a sidecar, and what follows a tab is its
// title.
func fuzzNames(data []byte) ([]SidecarName, []string) {
	var sidecars []SidecarName
	var media []string
	for _, l := range strings.Split(string(data), "\n") {
		name, title, _ := strings.Cut(l, "\t")
		if name == "" {
			continue
		}
		if strings.HasSuffix(strings.ToLower(name), ".json") {
			sidecars = append(sidecars, SidecarName{Name: name, Title: title})
		} else {
			media = append(media, name)
		}
	}
	return sidecars, media
}

func FuzzMatchSidecars(f *testing.F) {
	for _, c := range matchCases {
		var b strings.Builder
		for _, s := range c.sidecars {
			name, title, _ := strings.Cut(s, " | title=")
			b.WriteString(strings.Trim(name, `"`) + "\t" + title + "\n")
		}
		for _, w := range c.want {
			m, _, _ := strings.Cut(w, " => ")
			b.WriteString(strings.Trim(m, `"`) + "\n")
		}
		f.Add([]byte(b.String()))
	}
	f.Add([]byte("a.json\nA.JSON\t\n.json\n..json\n(1).json\n(1)\n-\n-(1)\n\xff.json\t\xff\n\xff\n"))
	f.Add([]byte("x.MP~1.jpg.json\nx.MP~1\nx.MP~\nx.mp~2\n.MP~2\nIMG_1.MOV\nIMG_1.heic.s(2).json\nIMG_1(2).MOV\n"))

	f.Fuzz(func(t *testing.T, data []byte) {
		sidecars, media := fuzzNames(data)
		got := MatchSidecars(sidecars, media)
		names := map[string]bool{}
		for _, s := range sidecars {
			names[s.Name] = true
		}
		for m, p := range got {
			if !slices.Contains(media, m) {
				t.Fatalf("pair for %q, which is not a media file", m)
			}
			if !names[p.Sidecar] {
				t.Fatalf("%q paired with %q, which is not a sidecar", m, p.Sidecar)
			}
			if !slices.Contains(allRules, p.Rule) {
				t.Fatalf("%q paired by unknown rule %q", m, p.Rule)
			}
		}
		// A sidecar named after the file always wins.
		for _, m := range media {
			if names[m+".json"] && got[m].Rule != MatchExact {
				t.Fatalf("%q has %q.json but was paired with %+v", m, m, got[m])
			}
		}
		// Deterministic, whatever the order of the inputs.
		rs, rm := slices.Clone(sidecars), slices.Clone(media)
		slices.Reverse(rs)
		slices.Reverse(rm)
		if again := MatchSidecars(rs, rm); !mapsEqual(again, got) {
			t.Fatalf("the result depends on the order of the inputs:\n%v\n%v", got, again)
		}
		for _, m := range media {
			name := AssetName(sidecarTitle(sidecars, got[m].Sidecar), m)
			checkAssetName(t, name)
		}
	})
}

func sidecarTitle(sidecars []SidecarName, name string) string {
	for _, s := range sidecars {
		if s.Name == name {
			return s.Title
		}
	}
	return ""
}

func checkAssetName(t *testing.T, name string) {
	t.Helper()
	switch {
	case name == "" || name == "." || name == "..":
		t.Fatalf("asset name %q", name)
	case len(name) > 250:
		t.Fatalf("asset name of %d bytes", len(name))
	case !utf8.ValidString(name):
		t.Fatalf("asset name %q is not UTF-8", name)
	case strings.ContainsAny(name, "/\\\r\n\x00"):
		t.Fatalf("asset name %q has a forbidden character", name)
	case strings.HasSuffix(strings.ToLower(name), ".part"):
		t.Fatalf("asset name %q ends in .part", name)
	}
}

func FuzzAssetName(f *testing.F) {
	f.Add("IMG_1.jpg", "IMG_1(1).jpg")
	f.Add("", "x.part")
	f.Add(strings.Repeat("é", 130)+".jpeg", "x.JPEG")
	f.Add("PXL.MP.jpg", "PXL.MP~2")
	f.Fuzz(func(t *testing.T, title, file string) {
		checkAssetName(t, AssetName(title, file))
	})
}

func FuzzParseJSON(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "photos", "json", "*.json"))
	for _, s := range seeds {
		data, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`{"albumData":{"title":7,"description":null}}`))
	f.Add([]byte(`{"title":"a","photoTakenTime":{"timestamp":"-62135596801"},"geoData":{"latitude":"NaN","longitude":"1e999"}}`))

	f.Fuzz(func(t *testing.T, data []byte) {
		kind, sc, al, err := ParseJSON(data)
		if err != nil {
			if kind != JSONUnknown || sc != nil || al != nil {
				t.Fatalf("error %v with a result %v %v %v", err, kind, sc, al)
			}
			return
		}
		if (sc != nil) != (kind == JSONSidecar) || (al != nil) != (kind == JSONAlbum) {
			t.Fatalf("kind %v with sidecar %v and album %v", kind, sc, al)
		}
		if sc != nil {
			for _, tm := range []time.Time{sc.Taken, sc.Created} {
				if tm.Year() < 1 || tm.Year() > 9999 || tm.Location() != time.UTC {
					t.Fatalf("time out of range or not UTC: %+v", sc)
				}
			}
			if sc.HasGeo {
				if sc.Lat < -90 || sc.Lat > 90 || sc.Lon < -180 || sc.Lon > 180 || sc.Lat == 0 && sc.Lon == 0 {
					t.Fatalf("bad location %+v", sc)
				}
			} else if sc.Lat != 0 || sc.Lon != 0 {
				t.Fatalf("a location without HasGeo: %+v", sc)
			}
		}
		// A byte order mark changes nothing.
		if !bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) && len(data) < maxPhotosJSON-3 {
			k2, sc2, al2, err2 := ParseJSON(append([]byte("\xef\xbb\xbf"), data...))
			if k2 != kind || (err2 == nil) != (err == nil) || (sc2 == nil) != (sc == nil) || sc != nil && *sc2 != *sc ||
				(al2 == nil) != (al == nil) || al != nil && *al2 != *al {
				t.Fatalf("a BOM changes the result")
			}
		}
	})
}

package facebook

import (
	"encoding/json"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/emersion/go-ical"
)

func addFixtureSeeds(f *testing.F) {
	err := filepath.WalkDir("testdata", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".json") {
			return err
		}
		data, err := os.ReadFile(p)
		if err == nil {
			f.Add(data)
		}
		return err
	})
	if err != nil {
		f.Fatal(err)
	}
}

func validStamp(t time.Time) bool {
	return t.IsZero() || t.Location() == time.UTC && t.Year() >= minYear && t.Year() <= maxYear
}

func FuzzParseFile(f *testing.F) {
	addFixtureSeeds(f)
	f.Add([]byte(`{"events_joined": [{"name": "a", "start_timestamp": 1600000000, "end_timestamp": "1600000001"}]}`))
	f.Add([]byte(`[{"timestamp": 1, "attachments": [{"data": [{"media": {"uri": "x", "media_metadata": {"video_metadata": {}}}}]}]}]`))
	f.Add([]byte(`{"name": "a", "photos": [{"uri": " "}], "cover_photo": null}`))

	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := ParseFile(data)
		if err != nil {
			return
		}
		if !file.Facebook && (file.Kind != KindUnknown || len(file.Events) > 0 || len(file.Media) > 0 || file.DroppedEvents > 0 || file.DroppedMedia > 0) {
			t.Fatalf("an unknown file holds records: %+v", file)
		}
		for _, e := range file.Events {
			// Events without a valid start are dropped, and counted.
			if e.Start.IsZero() || !validStamp(e.Start) || !validStamp(e.End) || !validStamp(e.Created) {
				t.Fatalf("event with invalid times: %+v", e)
			}
			if !e.End.IsZero() && !e.End.After(e.Start) {
				t.Fatalf("end not after start: %+v", e)
			}
			if e.Response.rank() == 0 {
				t.Fatalf("event without response: %+v", e)
			}
			if e.Place.HasGeo && !validGeo(e.Place.Lat, e.Place.Lon) || !e.Place.HasGeo && (e.Place.Lat != 0 || e.Place.Lon != 0) {
				t.Fatalf("bad place: %+v", e.Place)
			}
			for _, s := range []string{e.Name, e.Description, e.Place.Name, e.Place.Address, e.URL} {
				if !utf8.ValidString(s) || s != strings.TrimSpace(s) {
					t.Fatalf("bad text %q", s)
				}
			}
		}
		for _, m := range file.Media {
			if strings.TrimSpace(m.URI) == "" || !validStamp(m.Taken) || !validStamp(m.Created) {
				t.Fatalf("bad media: %+v", m)
			}
		}
		for _, e := range MergeEvents(file.Events) {
			checkObject(t, e)
		}
	})
}

// checkObject renders e and checks that go-ical reads it back: one VEVENT
// with e's UID, UTC times, and text that reads as e's.
func checkObject(t *testing.T, e Event) {
	t.Helper()
	data := EventObject(e)
	ev := decodeObject(t, data)
	if got := ev.Props.Get(ical.PropUID).Value; got != UID(e) {
		t.Fatalf("UID %q, want %q", got, UID(e))
	}
	for _, name := range []string{ical.PropDateTimeStamp, ical.PropDateTimeStart, ical.PropDateTimeEnd} {
		if _, err := ev.Props.DateTime(name, nil); err != nil {
			t.Fatalf("%s: %v\n%s", name, err, data)
		}
	}
	start, _ := ev.Props.DateTime(ical.PropDateTimeStart, nil)
	end, _ := ev.Props.DateTime(ical.PropDateTimeEnd, nil)
	if !start.Equal(e.Start.Truncate(time.Second)) || !end.After(start) {
		t.Fatalf("DTSTART %v, DTEND %v for %+v", start, end, e)
	}
	for name, want := range map[string]string{ical.PropSummary: e.Name, ical.PropLocation: location(e.Place)} {
		got := ""
		if ev.Props.Get(name) != nil {
			var err error
			if got, err = ev.Props.Text(name); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		}
		if got != plainText(want) {
			t.Fatalf("%s reads %q, want %q\n%s", name, got, plainText(want), data)
		}
	}
	if d := ev.Props.Get(ical.PropDescription); d != nil {
		if _, err := d.Text(); err != nil {
			t.Fatalf("DESCRIPTION: %v", err)
		}
	}
}

// plainText is what TEXT can carry of s: line breaks as LF, no other
// control character but tab.
func plainText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\r':
			return '\n'
		case r == '\n' || r == '\t':
			return r
		case r < ' ' || r == 0x7f:
			return -1
		}
		return r
	}, s)
}

// FuzzEventObject goes through ParseFile: the fuzzer's strings and numbers
// become one own event, mojibake-encoded as Facebook writes them.
func FuzzEventObject(f *testing.F) {
	f.Add("Grillfest 🍖", "Bringt Salat mit;\nbitte, danke\\", "Biergarten", "Englischer Garten 3", "https://www.facebook.com/events/1/", 48.1527, 11.592, int64(1625328000), int64(0), int64(1622538720))
	f.Add("Fête", "", "", "", "", 0.0, 0.0, int64(1529604000), int64(1529611200), int64(0))
	f.Add("\r\n\x00", "\\n", ",", ";", "http://[::1]/", 91.0, math.Inf(1), int64(-62169958800), int64(-1), int64(1))
	f.Fuzz(func(t *testing.T, name, desc, place, address, url string, lat, lon float64, start, end, created int64) {
		rec := map[string]any{"name": mojibake(name), "description": mojibake(desc), "url": url,
			"start_timestamp": start, "end_timestamp": end, "create_timestamp": created,
			"place": map[string]any{"name": mojibake(place), "address": mojibake(address)}}
		if !math.IsNaN(lat) && !math.IsInf(lat, 0) && !math.IsNaN(lon) && !math.IsInf(lon, 0) {
			rec["place"].(map[string]any)["coordinate"] = map[string]any{"latitude": lat, "longitude": lon}
		}
		data, err := json.Marshal(map[string]any{"your_events_v2": []any{rec}})
		if err != nil {
			t.Fatal(err)
		}
		file, err := ParseFile(data)
		if err != nil {
			t.Fatalf("ParseFile: %v\n%s", err, data)
		}
		if len(file.Events)+file.DroppedEvents != 1 {
			t.Fatalf("%d events, %d dropped", len(file.Events), file.DroppedEvents)
		}
		for _, e := range file.Events {
			if utf8.ValidString(name) && e.Name != strings.TrimSpace(name) {
				t.Fatalf("name %q reads as %q", name, e.Name)
			}
			checkObject(t, e)
		}
	})
}

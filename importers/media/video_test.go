package media

import (
	"testing"
	"time"

	"github.com/takeback/takeback/fixtures"
)

// boxes splits a file into its top-level boxes, keyed by type.
func boxes(t *testing.T, b []byte) map[string][]byte {
	t.Helper()
	m := map[string][]byte{}
	for i := 0; i < len(b); {
		n := int(be32(b[i:]))
		m[string(b[i+4:i+8])] = b[i : i+n]
		i += n
	}
	return m
}

func TestVideoTime(t *testing.T) {
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			panic(err)
		}
		return v
	}
	other := utc(2020, 1, 2, 3, 4, 5)
	mp4 := fixtures.MP4(0, when, "")
	parts := boxes(t, mp4)
	big := make([]byte, HeadSize)

	// moov/udta/meta as an ISO full box (version and flags).
	const key = "com.apple.quicktime.creationdate"
	udtaMeta := func(val string) []byte {
		m := boxes(t, fixtures.MP4(0, other, ""))
		moov := m["moov"][8:]
		meta := fullbox("meta", 0,
			fullbox("hdlr", 0, b32(0), []byte("mdta"), make([]byte, 13)),
			fullbox("keys", 0, b32(2), b32(8+4), []byte("mdtaname"), b32(uint32(8+len(key))), []byte("mdta"), []byte(key)),
			mkbox("ilst",
				mkbox("\x00\x00\x00\x01", mkbox("data", b32(1), b32(0), []byte("a name"))),
				mkbox("\x00\x00\x00\x02", mkbox("data", b32(1), b32(0), []byte(val)))))
		return join(m["ftyp"], mkbox("moov", moov, mkbox("udta", meta)), m["mdat"])
	}
	// A hand-made mvhd.
	mvhd := func(version byte, secs uint64) []byte {
		var times []byte
		if version == 0 {
			times = join(b32(uint32(secs)), b32(uint32(secs)), b32(1000), b32(1000))
		} else {
			times = join(b64(secs), b64(secs), b32(1000), b64(1000))
		}
		return join(mkbox("ftyp", []byte("isom"), b32(0), []byte("isom")),
			mkbox("moov", fullbox("mvhd", version, times, make([]byte, 80))))
	}

	tests := []struct {
		name string
		head []byte
		want time.Time
		ok   bool
	}{
		{"mvhd v0", fixtures.MP4(0, when, ""), when, true},
		{"mvhd v1", fixtures.MP4(1, when, ""), when, true},
		{"mvhd v1 after 2040", fixtures.MP4(0, utc(2050, 1, 1, 0, 0, 0), ""), utc(2050, 1, 1, 0, 0, 0), true},
		{"mvhd given in a zone is UTC", fixtures.MP4(2, when.In(time.FixedZone("", 7200)), ""), when, true},
		{"creation time 0", fixtures.MP4(0, time.Time{}, ""), time.Time{}, false},
		{"1904 exactly", mvhd(0, 0), time.Time{}, false},
		{"1970 epoch", fixtures.MP4(0, time.Unix(0, 0), ""), time.Time{}, false},
		{"1970 in v1", fixtures.MP4(1, utc(1970, 6, 1, 0, 0, 0), ""), time.Time{}, false},
		{"1971", fixtures.MP4(0, utc(1971, 1, 1, 0, 0, 0), ""), utc(1971, 1, 1, 0, 0, 0), true},
		{"v1 far future", mvhd(1, 1<<62), time.Time{}, false},
		{"v1 2100", mvhd(1, uint64(utc(2100, 1, 1, 0, 0, 0).Unix()-epoch1904)), time.Time{}, false},
		{"mvhd version 2", mvhd(2, 3000000000), time.Time{}, false},
		{"Apple creationdate wins", fixtures.MP4(0, other, "2019-07-04T14:34:56+0200"), at("2019-07-04T14:34:56+02:00"), true},
		{"Apple creationdate with colon", fixtures.MP4(1, other, "2019-07-04T07:34:56-05:00"), at("2019-07-04T07:34:56-05:00"), true},
		{"Apple creationdate Z and fraction", fixtures.MP4(0, other, "2019-07-04T12:34:56.25Z"), at("2019-07-04T12:34:56.25Z"), true},
		{"Apple creationdate without offset: mvhd", fixtures.MP4(0, other, "2019-07-04T12:34:56"), other, true},
		{"Apple creationdate garbage: mvhd", fixtures.MP4(0, other, "last summer"), other, true},
		{"Apple creationdate offset out of range: mvhd", fixtures.MP4(0, other, "2019-07-04T12:34:56+2300"), other, true},
		{"Apple creationdate 1904: mvhd", fixtures.MP4(0, other, "1904-01-01T00:00:00Z"), other, true},
		{"Apple creationdate only", fixtures.MP4(0, time.Time{}, "2019-07-04T12:34:56Z"), when, true},
		{"udta/meta full box, second key", udtaMeta("2019-07-04T14:34:56+0200"), at("2019-07-04T14:34:56+02:00"), true},
		{"moov after a small mdat", join(parts["ftyp"], parts["mdat"], parts["moov"]), when, true},
		{"moov after a 64-bit mdat", join(parts["ftyp"], b32(1), []byte("mdat"), b64(16+100), make([]byte, 100), parts["moov"]), when, true},
		{"moov after a big mdat beyond head", join(parts["ftyp"], mkbox("mdat", big), parts["moov"])[:HeadSize], time.Time{}, false},
		{"moov cut after mvhd", mp4[:len(parts["ftyp"])+8+len(parts["moov"])/2+40], when, true},
		{"moov cut after creation_time", mp4[:len(parts["ftyp"])+8+16], when, true},
		{"moov cut inside creation_time", mp4[:len(parts["ftyp"])+8+14], time.Time{}, false},
		{"QuickTime without ftyp", parts["moov"], when, true},
		{"JPEG", fixtures.JPEG(0, when, ""), time.Time{}, false},
		{"empty", nil, time.Time{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := VideoTime(tt.head)
			if ok != tt.ok {
				t.Fatalf("VideoTime ok = %v, want %v (%v)", ok, tt.ok, got)
			}
			if !ok {
				if !got.IsZero() {
					t.Errorf("VideoTime = %v with ok false, want zero", got)
				}
				return
			}
			if !got.Equal(tt.want) {
				t.Errorf("VideoTime = %v, want %v", got, tt.want)
			}
			_, off := got.Zone()
			_, wantOff := tt.want.Zone()
			if off != wantOff {
				t.Errorf("VideoTime offset = %d, want %d", off, wantOff)
			}
		})
	}
}

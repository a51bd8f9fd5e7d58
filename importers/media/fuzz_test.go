package media

import (
	"encoding/binary"
	"testing"
	"time"

	"github.com/takeback/takeback/fixtures"
)

// seedHeads are fuzz seeds: every generator, in both byte orders, and a few
// of the hostile structures of the tests.
func seedHeads() [][]byte {
	var heads [][]byte
	for seed := 0; seed < 2; seed++ {
		heads = append(heads,
			fixtures.JPEG(seed, when, "+02:00"),
			fixtures.JPEG(seed, when, ""),
			fixtures.TIFF(seed, when, "-05:00"),
			fixtures.HEIC(seed, when, "+09:00"),
			fixtures.MP4(seed, when, ""),
			fixtures.MP4(seed, when, "2019-07-04T12:34:56+0200"),
			fixtures.PNG(seed),
		)
	}
	heads = append(heads,
		pngWithEXIf(fixtures.PNG(2), fixtures.TIFF(0, when, ""), false),
		webpWithEXIF(fixtures.TIFF(1, when, "")),
		jpegWith(0xE1, []byte("http://ns.adobe.com/xap/1.0/\x00"), 0xE1, append([]byte("Exif\x00\x00"), fixtures.TIFF(0, when, "")...)),
	)
	for _, o := range []binary.ByteOrder{le, be} {
		date := func(x *tb, str func(uint16, string) ent) []ent {
			return []ent{str(0x9003, "2019:07:04 12:34:56"), str(0x9011, "+02:00"), str(0x9291, "12")}
		}
		heads = append(heads,
			buildTIFF(o, []ent{{tag: 0x0100, typ: 3, count: 0x80000002}}, date),
			buildTIFF(o, []ent{{tag: tagGPSIFD, typ: 4, count: 1, val: 300}}, date),
		)
	}
	return heads
}

func FuzzEXIF(f *testing.F) {
	for _, h := range seedHeads() {
		f.Add(h)
	}
	f.Fuzz(func(t *testing.T, head []byte) {
		if len(head) > HeadSize {
			head = head[:HeadSize]
		}
		if tf := exifTIFF(head); tf != nil {
			// The copy given to goexif is never larger than the input.
			if safe, _, ok := defuse(tf); ok && len(safe) > len(tf)+8 {
				t.Fatalf("defuse copied %d bytes out of %d", len(safe), len(tf))
			}
		}
		c, ok := EXIF(head)
		if !ok {
			if c != (Clock{}) {
				t.Fatalf("EXIF = %+v with ok false", c)
			}
			return
		}
		if c.Time.Year() < 1900 || c.Time.Year() > 9999 || c.DateOnly {
			t.Fatalf("EXIF = %+v", c)
		}
		if !c.Zoned && c.Time.Location() != time.UTC {
			t.Fatalf("zoneless EXIF time in %v", c.Time.Location())
		}
	})
}

func FuzzVideoTime(f *testing.F) {
	for _, h := range seedHeads() {
		f.Add(h)
	}
	f.Fuzz(func(t *testing.T, head []byte) {
		if len(head) > HeadSize {
			head = head[:HeadSize]
		}
		v, ok := VideoTime(head)
		if ok != plausible(v) || (!ok && !v.IsZero()) {
			t.Fatalf("VideoTime = %v, %v", v, ok)
		}
	})
}

func FuzzDetect(f *testing.F) {
	names := []string{"IMG_0001.JPG", "PXL_20230809_203449253.MP", "MVIMG_20190704_123456", "a.mov", "a.json", ""}
	for i, h := range seedHeads() {
		f.Add(names[i%len(names)], h)
	}
	f.Fuzz(func(t *testing.T, name string, head []byte) {
		got := Detect(name, head)
		if got != Unknown && got != Photo && got != Video {
			t.Fatalf("Detect = %d", got)
		}
		if m := magic(head); m != Unknown && got != m {
			t.Fatalf("Detect = %v, but the magic bytes say %v", got, m)
		}
	})
}

func FuzzFromName(f *testing.F) {
	for _, s := range []string{
		"IMG_20190704_123456.jpg", "PXL_20230809_203449253.MP~2", "Screenshot_20220207-102421.png",
		"Screenshot_2022-02-07-10-24-21.png", "WhatsApp Image 2019-07-04 at 12.34.56.jpeg",
		"WhatsApp Image 2020-03-21 at 5.07.26 PM.jpeg", "2019-07-04-12-34-56-1234.jpg",
		"20190704123456789.jpg", "IMG-20190704-WA0001.jpg", "20231399_123456.jpg", "IMG_1234.JPG",
		"2019_07_04_12_34_56", "2019-07-04 at 9.", "20190704-WA",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		c, ok := FromName(name)
		if !ok {
			if c != (Clock{}) {
				t.Fatalf("FromName = %+v with ok false", c)
			}
			return
		}
		if y := c.Time.Year(); y < minNameYear || y > maxNameYear || c.Zoned || c.Time.Location() != time.UTC {
			t.Fatalf("FromName(%q) = %+v", name, c)
		}
	})
}

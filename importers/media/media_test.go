package media

import (
	"testing"
	"time"

	"github.com/takeback/takeback/fixtures"
)

func TestDetect(t *testing.T) {
	mp4 := fixtures.MP4(0, when, "")
	mov := fixtures.MP4(1, when, "2019-07-04T12:34:56+0200")
	heic := fixtures.HEIC(0, when, "")
	avif := append([]byte(nil), heic...)
	copy(avif[8:12], "avif")
	ftyp := func(major string, compat ...string) []byte {
		b := join(b32(uint32(16+4*len(compat))), []byte("ftyp"), []byte(major), b32(0))
		for _, c := range compat {
			b = append(b, c...)
		}
		return b
	}
	ts := make([]byte, 188*3)
	for i := 0; i < 3; i++ {
		ts[i*188] = 0x47
	}
	m2ts := make([]byte, 192*3)
	for i := 0; i < 3; i++ {
		m2ts[4+i*192] = 0x47
	}
	bmp := join([]byte("BM"), make([]byte, 12), []byte{40, 0, 0, 0}, make([]byte, 8))
	tests := []struct {
		name string
		head []byte
		want Type
	}{
		{"IMG_0001.JPG", fixtures.JPEG(0, when, ""), Photo},
		{"photo.png", fixtures.PNG(0), Photo},
		{"a PNG named .jpg", fixtures.PNG(0), Photo},
		{"IMG_4573.HEIC", heic, Photo},
		{"x.avif", avif, Photo},
		{"no extension HEIF", heic, Photo},
		{"DSC_0001.NEF", fixtures.TIFF(1, when, ""), Photo},
		{"anim.gif", []byte("GIF89a\x01\x00\x01\x00"), Photo},
		{"anim", []byte("GIF87a\x01\x00\x01\x00"), Photo},
		{"pic", join([]byte("RIFF"), b32(100), []byte("WEBPVP8 ")), Photo},
		{"pic", bmp, Photo},
		{"IMG_4573.MP4", mp4, Video},
		{"IMG_4573.MOV", mov, Video},
		{"PXL_20230809_203449253.MP", mp4, Video},
		{"PXL_20230809_203449253.MP~2", mp4, Video},
		{"MVIMG_20190704_123456", mp4, Video},
		{"MVIMG_20190704_123456", nil, Unknown},
		{"PXL_20230809_203449253.MP", nil, Unknown},
		{"clip", ftyp("3gp4", "isom", "3gp4"), Video},
		{"clip", ftyp("M4V ", "M4V ", "M4A "), Video},
		{"clip", ftyp("zzzz", "zzzz"), Video},
		{"pic", ftyp("zzzz", "mif1", "miaf"), Photo},
		{"clip", ftyp("zzzz", "mif1", "isom"), Video},
		{"old.mov", join(b32(8), []byte("wide"), b32(100), []byte("mdat")), Video},
		{"old", join(b32(100), []byte("moov")), Video},
		{"clip", join([]byte("RIFF"), b32(100), []byte("AVI LIST")), Video},
		{"clip", []byte{0x1A, 0x45, 0xDF, 0xA3, 0x9F}, Video},
		{"clip", append(append([]byte(nil), asfGUID...), 0, 0), Video},
		{"clip", []byte{0, 0, 1, 0xBA, 0x44}, Video},
		{"clip", ts, Video},
		{"clip", m2ts, Video},
		// Extensions, when the bytes say nothing.
		{"a.jpeg", nil, Photo},
		{"A.JPG", []byte("not really"), Photo},
		{"a.heif", nil, Photo},
		{"a.tif", nil, Photo},
		{"a.tiff", nil, Photo},
		{"a.dng", nil, Photo},
		{"a.cr2", nil, Photo},
		{"a.arw", nil, Photo},
		{"a.bmp", []byte("BMxx"), Photo},
		{"a.webp", nil, Photo},
		{"a.m4v", nil, Video},
		{"a.3gp", nil, Video},
		{"a.avi", nil, Video},
		{"a.mkv", nil, Video},
		{"a.webm", nil, Video},
		{"a.mts", nil, Video},
		{"a.m2ts", nil, Video},
		{"a.wmv", nil, Video},
		{"a.mpg", nil, Video},
		{"a.MPEG", nil, Video},
		{"Takeout/Google Photos/2019/a.mp4", nil, Video},
		// Not media.
		{"IMG_0001.JPG.json", []byte("{\n  \"title\": \"IMG_0001.JPG\""), Unknown},
		{"notes.txt", []byte("hello"), Unknown},
		{"archive.zip", []byte("PK\x03\x04"), Unknown},
		{"BM.txt", []byte("BMP files are bitmaps"), Unknown},
		{"", nil, Unknown},
	}
	for _, tt := range tests {
		if got := Detect(tt.name, tt.head); got != tt.want {
			t.Errorf("Detect(%q, % x…) = %v, want %v", tt.name, tt.head[:min(len(tt.head), 12)], got, tt.want)
		}
	}
}

func TestFromName(t *testing.T) {
	ms := func(t time.Time, n int) time.Time { return t.Add(time.Duration(n) * time.Millisecond) }
	tests := []struct {
		name     string
		want     time.Time
		dateOnly bool
		ok       bool
	}{
		{"IMG_20190704_123456.jpg", when, false, true},
		{"IMG_20190704_123456~2.jpg", when, false, true},
		{"IMG_20190704_123456_HDR.jpg", when, false, true},
		{"IMG_20190704_123456(1).jpg", when, false, true},
		{"VID_20190704_123456.mp4", when, false, true},
		{"PANO_20190704_123456.jpg", when, false, true},
		{"PXL_20230809_203449253.jpg", ms(utc(2023, 8, 9, 20, 34, 49), 253), false, true},
		{"PXL_20230809_203449253.MP.jpg", ms(utc(2023, 8, 9, 20, 34, 49), 253), false, true},
		{"PXL_20230809_203449253.MP", ms(utc(2023, 8, 9, 20, 34, 49), 253), false, true},
		{"PXL_20230809_203449253.MP~2", ms(utc(2023, 8, 9, 20, 34, 49), 253), false, true},
		{"MVIMG_20190704_123456", when, false, true},
		{"Screenshot_20220207-102421.png", utc(2022, 2, 7, 10, 24, 21), false, true},
		{"Screenshot_20220207-102421_Chrome.jpg", utc(2022, 2, 7, 10, 24, 21), false, true},
		{"Screenshot_2022-02-07-10-24-21.png", utc(2022, 2, 7, 10, 24, 21), false, true},
		{"Screenshot_2022-02-07-10-24-21-123_com.android.chrome.jpg", utc(2022, 2, 7, 10, 24, 21), false, true},
		{"WhatsApp Image 2019-07-04 at 12.34.56.jpeg", when, false, true},
		{"WhatsApp Image 2019-07-04 at 12.34.56 (1).jpeg", when, false, true},
		{"WhatsApp Video 2019-07-04 at 12.34.56.mp4", when, false, true},
		{"WhatsApp Image 2020-03-21 at 5.07.26 PM.jpeg", utc(2020, 3, 21, 17, 7, 26), false, true},
		{"WhatsApp Image 2020-03-21 at 12.07.26 AM.jpeg", utc(2020, 3, 21, 0, 7, 26), false, true},
		{"WhatsApp Image 2020-03-21 at 12.07.26 PM.jpeg", utc(2020, 3, 21, 12, 7, 26), false, true},
		{"WhatsApp Image 2020-03-21 at 5.07.26.jpeg", time.Time{}, false, false},
		{"WhatsApp Image 2020-03-21 at 13.07.26 PM.jpeg", time.Time{}, false, false},
		{"20190704_123456.jpg", when, false, true},
		{"20190704-123456.jpg", when, false, true},
		{"20190704T123456.jpg", when, false, true},
		{"2019-07-04-12-34-56.jpg", when, false, true},
		{"2019-07-04-12-34-56-1234.jpg", when, false, true},
		{"2019-07-04 12.34.56.jpg", when, false, true},
		{"2019-07-04_12-34-56.jpg", when, false, true},
		{"2019_07_04_12_34_56.jpg", when, false, true},
		{"2019-07-04-123456.jpg", when, false, true},
		{"20190704123456.jpg", when, false, true},
		{"IMG20190704123456.jpg", when, false, true},
		{"20190704123456789.jpg", ms(when, 789), false, true},
		{"IMG-20190704-WA0001.jpg", utc(2019, 7, 4, 0, 0, 0), true, true},
		{"VID-20190704-WA0012.mp4", utc(2019, 7, 4, 0, 0, 0), true, true},
		{"Takeout/Google Photos/Photos from 2019/IMG_20190704_123456.jpg", when, false, true},
		{`C:\Pictures\IMG_20190704_123456.jpg`, when, false, true},
		{"1990-01-01-00-00-00.jpg", utc(1990, 1, 1, 0, 0, 0), false, true},
		{"IMG_20991231_235959.jpg", utc(2099, 12, 31, 23, 59, 59), false, true},
		{"IMG_20200229_120000.jpg", utc(2020, 2, 29, 12, 0, 0), false, true},
		// A later date when the first digits are not one.
		{"trip 2 IMG_20190704_123456.jpg", when, false, true},
		// Negatives.
		{"IMG_1234.JPG", time.Time{}, false, false},
		{"DSC_0001.NEF", time.Time{}, false, false},
		{"20231399_123456.jpg", time.Time{}, false, false},
		{"20230231_123456.jpg", time.Time{}, false, false},
		{"20190229_120000.jpg", time.Time{}, false, false},
		{"20190704_246000.jpg", time.Time{}, false, false},
		{"20190704_126000.jpg", time.Time{}, false, false},
		{"20190704_123460.jpg", time.Time{}, false, false},
		{"IMG_19890704_123456.jpg", time.Time{}, false, false},
		{"IMG_21000101_000000.jpg", time.Time{}, false, false},
		{"20190704.jpg", time.Time{}, false, false},
		{"2019-07-04.jpg", time.Time{}, false, false},
		{"120190704_123456.jpg", time.Time{}, false, false},
		{"20190704_1234567.jpg", time.Time{}, false, false},
		{"201907041234567.jpg", time.Time{}, false, false},
		{"1562236496123.jpg", time.Time{}, false, false},
		{"2019-07-04-12-34.jpg", time.Time{}, false, false},
		{"2019-07_04-12-34-56.jpg", time.Time{}, false, false},
		{"2019-07-04-12-34_56.jpg", time.Time{}, false, false},
		{"IMG-20190704-WA.jpg", time.Time{}, false, false},
		{"IMG-20191304-WA0001.jpg", time.Time{}, false, false},
		{"", time.Time{}, false, false},
	}
	for _, tt := range tests {
		c, ok := FromName(tt.name)
		if ok != tt.ok {
			t.Errorf("FromName(%q) ok = %v, want %v (%+v)", tt.name, ok, tt.ok, c)
			continue
		}
		if !ok {
			if c != (Clock{}) {
				t.Errorf("FromName(%q) = %+v with ok false, want the zero Clock", tt.name, c)
			}
			continue
		}
		if !c.Time.Equal(tt.want) || c.Time.Location() != time.UTC || c.Zoned || c.DateOnly != tt.dateOnly {
			t.Errorf("FromName(%q) = %+v, want %v (DateOnly %v), zoneless", tt.name, c, tt.want, tt.dateOnly)
		}
	}
}

package media

import (
	"testing"

	"github.com/takeback/takeback/fixtures"
)

func BenchmarkEXIFJPEG(b *testing.B) {
	head := fixtures.JPEG(0, when, "+02:00")
	b.SetBytes(int64(len(head)))
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := EXIF(head); !ok {
			b.Fatal("no date")
		}
	}
}

func BenchmarkEXIFHEIC(b *testing.B) {
	head := fixtures.HEIC(0, when, "+02:00")
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := EXIF(head); !ok {
			b.Fatal("no date")
		}
	}
}

// BenchmarkEXIFRaw reads a raw file's full head: only the TIFF structure
// is copied for goexif.
func BenchmarkEXIFRaw(b *testing.B) {
	head := append(fixtures.TIFF(0, when, "+02:00"), make([]byte, HeadSize)...)[:HeadSize]
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := EXIF(head); !ok {
			b.Fatal("no date")
		}
	}
}

func BenchmarkVideoTime(b *testing.B) {
	for _, bb := range []struct {
		name string
		head []byte
	}{
		{"mvhd", fixtures.MP4(0, when, "")},
		{"apple", fixtures.MP4(0, when, "2019-07-04T12:34:56+0200")},
	} {
		b.Run(bb.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, ok := VideoTime(bb.head); !ok {
					b.Fatal("no date")
				}
			}
		})
	}
}

func BenchmarkFromName(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := FromName("WhatsApp Image 2019-07-04 at 12.34.56 (1).jpeg"); !ok {
			b.Fatal("no date")
		}
	}
}

package media

import (
	"testing"
	"time"

	"github.com/takeback/takeback/fixtures"
)

// jpegHeads returns n distinct JPEG heads, as a preview reads them: seeds
// alternate the TIFF byte order, dates move by a minute, and one head in
// two has an OffsetTimeOriginal.
func jpegHeads(n int) [][]byte {
	heads := make([][]byte, n)
	for i := range heads {
		offset := ""
		if i%2 == 0 {
			offset = "+02:00"
		}
		heads[i] = fixtures.JPEG(i, when.Add(time.Duration(i)*time.Minute), offset)
	}
	return heads
}

// benchmarkEXIFHeads reads the date of n JPEG heads per iteration; ns/head
// should stay flat from 1k to 10k heads (issue 7: near-linear).
func benchmarkEXIFHeads(b *testing.B, n int) {
	heads := jpegHeads(n)
	var size int64
	for _, h := range heads {
		size += int64(len(h))
	}
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		for _, h := range heads {
			if _, ok := EXIF(h); !ok {
				b.Fatal("no date")
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/head")
}

func BenchmarkEXIFHeads1k(b *testing.B)  { benchmarkEXIFHeads(b, 1_000) }
func BenchmarkEXIFHeads10k(b *testing.B) { benchmarkEXIFHeads(b, 10_000) }

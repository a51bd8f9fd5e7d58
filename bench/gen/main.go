// Command gen writes a realistic synthetic Google Photos Takeout of a chosen
// size, for takeback's benchmarks (see bench/README.md and
// fixtures.BenchTakeout):
//
//	go run ./bench/gen -out DIR -photos N [-videos M] [-albums K] [-part-size 2GB]
//	    [-format zip|tgz] [-photo-size 3MB] [-video-size 20MB] [-store-media] [-seed 1] [-extract DIR2]
//
// It writes the parts DIR/takeout-20241002T101010Z-001.zip (-002.zip …, or
// .tgz) and prints their paths, one per line. With -extract it also writes
// the same photos and videos, byte for byte, as an extracted year folder
// holds them (DIR2/Takeout/Google Photos/Photos from YYYY/…; no sidecars,
// no album copies): what an import uploads, for comparing with a plain
// copy. -extract without -out writes only that.
//
// Sizes take the suffixes KB, MB and GB (powers of 1024, as Takeout's
// "2 GB" parts) or none (bytes). The output depends only on the flags, not
// on the machine: the same flags give the same bytes.
//
// A summary goes to standard error, as key=value pairs on one line starting
// with "gen:": media (unique photos and videos: the items an import
// uploads), photos, edited, videos, noexif, sidecars, albums, album_copies,
// members, media_bytes, parts, bytes.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/takeback/takeback/fixtures"
)

// size is a byte count flag with KB, MB or GB suffixes.
type size int64

func (s *size) String() string { return strconv.FormatInt(int64(*s), 10) }

func (s *size) Set(v string) error {
	n, err := parseSize(v)
	if err != nil {
		return err
	}
	*s = size(n)
	return nil
}

func parseSize(v string) (int64, error) {
	u := strings.ToUpper(strings.TrimSpace(v))
	mult := int64(1)
	for _, suf := range []struct {
		s string
		m int64
	}{{"GIB", 1 << 30}, {"MIB", 1 << 20}, {"KIB", 1 << 10}, {"GB", 1 << 30}, {"MB", 1 << 20}, {"KB", 1 << 10}, {"G", 1 << 30}, {"M", 1 << 20}, {"K", 1 << 10}, {"B", 1}} {
		if strings.HasSuffix(u, suf.s) {
			u, mult = strings.TrimSpace(strings.TrimSuffix(u, suf.s)), suf.m
			break
		}
	}
	f, err := strconv.ParseFloat(u, 64)
	if err != nil || f < 0 {
		return 0, fmt.Errorf("%q is not a size (e.g. 3MB, 2GB, 500KB)", v)
	}
	return int64(f * float64(mult)), nil
}

func main() {
	out := flag.String("out", "", "write the archive parts into this directory")
	extract := flag.String("extract", "", "also write the unique photos and videos, extracted, into this directory")
	b := fixtures.BenchTakeout{PhotoSize: fixtures.BenchPhotoSize, VideoSize: fixtures.BenchVideoSize, PartSize: fixtures.BenchPartSize}
	flag.IntVar(&b.Photos, "photos", 100, "photos in the year folders (edited copies come on top)")
	flag.IntVar(&b.Videos, "videos", 2, "MP4 videos")
	flag.IntVar(&b.Albums, "albums", 3, "album folders (about one photo in five gets a copy in one)")
	flag.Var((*size)(&b.PartSize), "part-size", "start a new part before this size")
	flag.Var((*size)(&b.PhotoSize), "photo-size", "mean photo size (spread over ±50%)")
	flag.Var((*size)(&b.VideoSize), "video-size", "mean video size (spread over ±50%)")
	flag.StringVar(&b.Format, "format", "zip", "zip or tgz")
	flag.BoolVar(&b.StoreMedia, "store-media", false, "zip: store photos and videos instead of deflating them (JSON is still deflated)")
	flag.Uint64Var(&b.Seed, "seed", 1, "another seed gives other names, dates, sizes and bytes")
	flag.IntVar(&b.Workers, "workers", 0, "goroutines compressing zip members (default: one per CPU; the output does not depend on it)")
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: gen -out DIR -photos N [-videos M] [-albums K] [-part-size 2GB] [-format zip|tgz] [-photo-size 3MB] [-extract DIR2]")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(b, *out, *extract); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(b fixtures.BenchTakeout, out, extract string) error {
	if out == "" && extract == "" {
		return errors.New("missing -out DIR (or -extract DIR2)")
	}
	start := time.Now()
	var st fixtures.BenchStats
	var err error
	if out != "" {
		if st, err = b.Write(out); err != nil {
			return err
		}
		for _, p := range st.Paths {
			fmt.Println(p)
		}
	}
	if extract != "" {
		var xs fixtures.BenchStats
		if xs, err = b.Extract(extract); err != nil {
			return err
		}
		if out == "" {
			st = xs
		}
		fmt.Fprintf(os.Stderr, "gen: extracted %d files, %d bytes, into %s\n", xs.Media, xs.Bytes, xs.Paths[0])
	}
	parts := 0
	if out != "" {
		parts = len(st.Paths)
	}
	fmt.Fprintf(os.Stderr, "gen: media=%d photos=%d edited=%d videos=%d noexif=%d sidecars=%d albums=%d album_copies=%d members=%d media_bytes=%d parts=%d bytes=%d seconds=%.1f\n",
		st.Media, st.Photos, st.Edited, st.Videos, st.NoEXIF, st.Sidecars, st.Albums, st.AlbumCopies, st.Members,
		st.MediaBytes, parts, st.Bytes, time.Since(start).Seconds())
	return nil
}

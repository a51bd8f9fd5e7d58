// Package media reads what takeback needs to know about a photo or a video
// from the first bytes of the file: its kind (Detect) and its capture date
// (EXIF, VideoTime, FromName).
//
// Every reader takes head, the first bytes of the file (at most HeadSize),
// never a whole file, so that a preview of a 100 GB archive stays fast. The
// readers are bounded and do not panic on hostile bytes: every length field
// is checked against the slice; ISO boxes are looked up along fixed paths
// (moov/udta/meta/ilst/…/data at the deepest, six levels), never by
// recursion; nothing is allocated in proportion to a length field beyond
// the size of head; and the TIFF structures given to goexif are first
// defused (see defuse), its calls wrapped in recover.
//
// The package is a leaf: it imports no other takeback package.
package media

import (
	"bytes"
	"path"
	"strings"
)

// HeadSize is how many bytes from the start of a file the readers need.
const HeadSize = 512 << 10

// Type is the kind of a media file.
type Type int

// The kinds Detect tells apart.
const (
	Unknown Type = iota
	Photo
	Video
)

func (t Type) String() string {
	switch t {
	case Photo:
		return "photo"
	case Video:
		return "video"
	}
	return "unknown"
}

// photoExt and videoExt are the extensions Detect falls back on when the
// first bytes are not recognised.
var (
	photoExt = map[string]bool{
		".jpg": true, ".jpeg": true, ".png": true, ".gif": true, ".webp": true,
		".heic": true, ".heif": true, ".avif": true, ".tif": true, ".tiff": true,
		".dng": true, ".cr2": true, ".nef": true, ".arw": true, ".bmp": true,
	}
	videoExt = map[string]bool{
		".mp4": true, ".mov": true, ".m4v": true, ".3gp": true, ".avi": true,
		".mkv": true, ".webm": true, ".mts": true, ".m2ts": true, ".wmv": true,
		".mpg": true, ".mpeg": true,
	}
)

// Detect tells a photo or video from other files, by magic bytes first, then
// by extension (case-insensitive): jpg, jpeg, png, gif, webp, heic, heif,
// avif, tif, tiff, dng, cr2, nef, arw and bmp are photos; mp4, mov, m4v, 3gp,
// avi, mkv, webm, mts, m2ts, wmv, mpg and mpeg are videos. The magic bytes
// win over the name, so Pixel's `.MP` and `.MP~2` files and the
// extension-less `MVIMG_…` files of older Android phones, which are MP4, are
// videos, and a PNG named `.jpg` is still a photo. name may be a path.
func Detect(name string, head []byte) Type {
	if t := magic(head); t != Unknown {
		return t
	}
	ext := strings.ToLower(path.Ext(name))
	switch {
	case photoExt[ext]:
		return Photo
	case videoExt[ext]:
		return Video
	}
	return Unknown
}

// asfGUID starts every ASF file (wmv, wma); a wma has the same header, but
// takeback only sees it among photos and videos.
var asfGUID = []byte{0x30, 0x26, 0xB2, 0x75, 0x8E, 0x66, 0xCF, 0x11, 0xA6, 0xD9, 0x00, 0xAA, 0x00, 0x62, 0xCE, 0x6C}

// magic recognises a photo or video by its first bytes.
func magic(h []byte) Type {
	switch {
	case len(h) < 4:
		return Unknown
	case h[0] == 0xFF && h[1] == 0xD8 && h[2] == 0xFF:
		return Photo // JPEG
	case bytes.HasPrefix(h, pngSig):
		return Photo
	case bytes.HasPrefix(h, []byte("GIF87a")), bytes.HasPrefix(h, []byte("GIF89a")):
		return Photo
	case isTIFF(h):
		return Photo // TIFF and the TIFF-based raw formats: DNG, CR2, NEF, ARW
	case len(h) >= 12 && string(h[:4]) == "RIFF" && string(h[8:12]) == "WEBP":
		return Photo
	case len(h) >= 12 && string(h[:4]) == "RIFF" && string(h[8:12]) == "AVI ":
		return Video
	case isBMP(h):
		return Photo
	case bytes.HasPrefix(h, []byte{0x1A, 0x45, 0xDF, 0xA3}):
		return Video // Matroska and WebM
	case bytes.HasPrefix(h, asfGUID):
		return Video // WMV
	case bytes.HasPrefix(h, []byte{0, 0, 1, 0xBA}), bytes.HasPrefix(h, []byte{0, 0, 1, 0xB3}):
		return Video // MPEG program stream, MPEG video
	case isTS(h, 0, 188), isTS(h, 4, 192):
		return Video // MPEG transport stream (mts, m2ts)
	}
	if len(h) >= 8 && string(h[4:8]) == "ftyp" {
		return ftypType(h)
	}
	if len(h) >= 8 {
		switch string(h[4:8]) {
		case "moov", "mdat", "wide", "pnot":
			// QuickTime files older than the ftyp box.
			return Video
		}
	}
	return Unknown
}

var pngSig = []byte{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}

func isTIFF(h []byte) bool {
	return len(h) >= 4 && (string(h[:4]) == "II*\x00" || string(h[:4]) == "MM\x00*")
}

// isBMP checks the two-byte "BM" signature against the rest of the file
// header, since two bytes alone are too weak: the reserved words are zero
// and the DIB header has one of the known sizes.
func isBMP(h []byte) bool {
	if len(h) < 18 || h[0] != 'B' || h[1] != 'M' {
		return false
	}
	if h[6]|h[7]|h[8]|h[9] != 0 {
		return false
	}
	switch le32(h[14:]) {
	case 12, 16, 40, 52, 56, 64, 108, 124:
		return true
	}
	return false
}

// isTS reports whether h holds at least three MPEG-TS packets of the given
// size, whose sync byte 0x47 is at first within each packet.
func isTS(h []byte, first, size int) bool {
	const packets = 3
	if len(h) < first+size*(packets-1)+1 {
		return false
	}
	for i := 0; i < packets; i++ {
		if h[first+i*size] != 0x47 {
			return false
		}
	}
	return true
}

// Brands of the ISO base media file format (ftyp) that are still images.
var imageBrands = map[string]bool{
	"heic": true, "heix": true, "heim": true, "heis": true, "hevc": true, "hevx": true,
	"mif1": true, "mif2": true, "msf1": true, "avif": true, "avis": true, "avci": true,
	"jpgs": true, "crx ": true,
}

// Brands that are videos: MP4, QuickTime, 3GPP and their relatives.
var videoBrands = map[string]bool{
	"isom": true, "iso2": true, "iso3": true, "iso4": true, "iso5": true, "iso6": true,
	"mp41": true, "mp42": true, "avc1": true, "qt  ": true, "M4V ": true, "M4VH": true,
	"M4VP": true, "3gp4": true, "3gp5": true, "3gp6": true, "3gp7": true, "3gg6": true,
	"3g2a": true, "3g2b": true, "3g2c": true, "mmp4": true, "MSNV": true, "dash": true,
	"XAVC": true, "f4v ": true, "kddi": true, "NDAS": true,
}

// ftypType reads the brands of an ftyp box: the major brand decides when it
// is known, then the compatible brands. An unknown ISO file is a video:
// HEIF, AVIF and CR3 all name their brand.
func ftypType(h []byte) Type {
	size := int(be32(h))
	if size < 16 || size > len(h) {
		size = min(len(h), 64)
	}
	major := string(h[8:min(12, len(h))])
	switch {
	case imageBrands[major]:
		return Photo
	case videoBrands[major]:
		return Video
	}
	image := false
	for i := 16; i+4 <= size; i += 4 {
		b := string(h[i : i+4])
		if videoBrands[b] {
			return Video
		}
		image = image || imageBrands[b]
	}
	if image {
		return Photo
	}
	return Video
}

package media

import (
	"bytes"
	"encoding/binary"
	"strings"
	"time"

	"github.com/rwcarlsen/goexif/exif"
	"github.com/rwcarlsen/goexif/tiff"
)

// Clock is a capture time. When Zoned is false, Time holds a wall-clock
// reading with no zone (from EXIF without OffsetTimeOriginal, or from a file
// name), stored in time.UTC as a placeholder: the caller decides the zone.
// When Zoned is true, Time is an instant whose location is the fixed offset
// the camera recorded, so Time also reads as the camera's wall clock.
type Clock struct {
	Time  time.Time
	Zoned bool
	// DateOnly is true when only the day is known (FromName on a WhatsApp
	// name such as IMG-20190704-WA0001): Time is then midnight.
	DateOnly bool
}

// EXIF tags goexif has no name for.
const (
	tagOffsetTimeOriginal  = 0x9011
	tagOffsetTimeDigitized = 0x9012
)

// EXIF reads the capture date of a photo from its EXIF: DateTimeOriginal,
// else DateTimeDigitized (never DateTime, which is the time of the last
// edit), with OffsetTimeOriginal (or OffsetTimeDigitized) when present and
// SubSecTimeOriginal (or SubSecTimeDigitized). It reads JPEG (APP1),
// TIFF-based raw files (DNG, CR2, NEF, ARW), the Exif item of HEIC, HEIF
// and AVIF files whose meta box and Exif item lie within head, the eXIf
// chunk of PNG and the EXIF chunk of WebP. ok is false when there is no
// date, or only a zero, unreadable or pre-1900 one.
func EXIF(head []byte) (Clock, bool) {
	t := exifTIFF(head)
	if t == nil {
		return Clock{}, false
	}
	return tiffClock(t)
}

// exifTIFF finds the TIFF structure holding the EXIF of a file: it starts
// with "II*\0" or "MM\0*". It returns nil when there is none within head.
func exifTIFF(h []byte) []byte {
	switch {
	case len(h) >= 3 && h[0] == 0xFF && h[1] == 0xD8 && h[2] == 0xFF:
		return jpegEXIF(h)
	case isTIFF(h):
		return h
	case bytes.HasPrefix(h, pngSig):
		return pngEXIF(h)
	case len(h) >= 12 && string(h[:4]) == "RIFF" && string(h[8:12]) == "WEBP":
		return webpEXIF(h)
	case len(h) >= 8 && string(h[4:8]) == "ftyp":
		return heifEXIF(h)
	}
	return nil
}

// exifPayload returns the TIFF structure in an Exif payload that may start
// with the "Exif\0\0" header of the JPEG APP1 segment.
func exifPayload(p []byte) []byte {
	if len(p) >= 6 && string(p[:4]) == "Exif" {
		p = p[6:]
	}
	if isTIFF(p) {
		return p
	}
	return nil
}

// jpegEXIF returns the TIFF structure of the first APP1 segment holding
// Exif, going through the markers up to the start of the image data. Unlike
// goexif's own JPEG scan it skips an XMP APP1 that comes first.
func jpegEXIF(h []byte) []byte {
	i := 2
	for i < len(h) {
		if h[i] != 0xFF {
			return nil
		}
		for i < len(h) && h[i] == 0xFF { // fill bytes
			i++
		}
		if i >= len(h) {
			return nil
		}
		m := h[i]
		i++
		switch {
		case m == 0xD8 || m == 0x01 || (m >= 0xD0 && m <= 0xD7):
			continue // markers without a length
		case m == 0xDA || m == 0xD9:
			return nil // start of scan, end of image: no Exif before
		}
		if len(h)-i < 2 {
			return nil
		}
		size := int(be16(h[i:]))
		if size < 2 {
			return nil
		}
		seg := h[i+2 : min(i+size, len(h))]
		if m == 0xE1 && len(seg) >= 6 && string(seg[:4]) == "Exif" {
			if t := exifPayload(seg); t != nil {
				return t
			}
		}
		i += size
	}
	return nil
}

// pngEXIF returns the content of the eXIf chunk (PNG 1.5), wherever it is
// within head: the specification wants it before IDAT, but some writers put
// it after.
func pngEXIF(h []byte) []byte {
	for i := len(pngSig); len(h)-i >= 8; {
		size := uint64(be32(h[i:]))
		typ := string(h[i+4 : i+8])
		data := h[i+8:]
		if size <= uint64(len(data)) {
			data = data[:size]
		}
		switch typ {
		case "eXIf":
			return exifPayload(data)
		case "IEND":
			return nil
		}
		if size+12 > uint64(len(h)-i) {
			return nil
		}
		i += int(size) + 12
	}
	return nil
}

// webpEXIF returns the content of the EXIF chunk of an extended WebP.
func webpEXIF(h []byte) []byte {
	for i := 12; len(h)-i >= 8; {
		size := uint64(binary.LittleEndian.Uint32(h[i+4:]))
		data := h[i+8:]
		if size <= uint64(len(data)) {
			data = data[:size]
		}
		if string(h[i:i+4]) == "EXIF" {
			return exifPayload(data)
		}
		step := 8 + size + size&1 // chunks are padded to an even size
		if step > uint64(len(h)-i) {
			return nil
		}
		i += int(step)
	}
	return nil
}

// tiffClock reads the capture date from a TIFF structure with goexif.
func tiffClock(t []byte) (c Clock, ok bool) {
	safe, exifIFD, ok := defuse(t)
	if !ok {
		return Clock{}, false
	}
	// defuse removes every panic we know of; this catches the others.
	defer func() {
		if recover() != nil {
			c, ok = Clock{}, false
		}
	}()
	// A sub-IFD that fails to decode gives an error together with x,
	// whose IFD0 is still good; with no x, goexif could not read IFD0.
	x, _ := exif.Decode(bytes.NewReader(safe))
	if x == nil {
		return Clock{}, false
	}
	// The offsets belong in the Exif IFD; TIFF/EP raw files may put the
	// dates, and so their offsets, in IFD0.
	offsets := map[uint16]string{}
	if len(x.Tiff.Dirs) > 0 {
		offsetTags(offsets, x.Tiff.Dirs[0])
	}
	if exifIFD != 0 {
		r := bytes.NewReader(safe)
		if _, err := r.Seek(int64(exifIFD), 0); err == nil {
			if dir, _, err := tiff.DecodeDir(r, x.Tiff.Order); err == nil {
				offsetTags(offsets, dir)
			}
		}
	}
	for _, f := range []struct {
		date   exif.FieldName
		subsec exif.FieldName
		offset uint16
	}{
		{exif.DateTimeOriginal, exif.SubSecTimeOriginal, tagOffsetTimeOriginal},
		{exif.DateTimeDigitized, exif.SubSecTimeDigitized, tagOffsetTimeDigitized},
	} {
		s, ok := stringTag(x, f.date)
		if !ok {
			continue
		}
		wall, ok := parseEXIFTime(s)
		if !ok {
			continue
		}
		if sub, ok := stringTag(x, f.subsec); ok {
			wall = wall.Add(subsec(sub))
		}
		if off, ok := parseOffset(offsets[f.offset]); ok {
			return Clock{Time: inZone(wall, off), Zoned: true}, true
		}
		return Clock{Time: wall}, true
	}
	return Clock{}, false
}

func stringTag(x *exif.Exif, name exif.FieldName) (string, bool) {
	tag, err := x.Get(name)
	if err != nil || tag.Format() != tiff.StringVal {
		return "", false
	}
	s, err := tag.StringVal()
	return s, err == nil
}

// offsetTags copies the offset tags of EXIF 2.31, which goexif has no name
// for, from dir into m, by id.
func offsetTags(m map[uint16]string, dir *tiff.Dir) {
	for _, tag := range dir.Tags {
		if tag.Id != tagOffsetTimeOriginal && tag.Id != tagOffsetTimeDigitized {
			continue
		}
		if s, err := tag.StringVal(); err == nil {
			m[tag.Id] = s
		}
	}
}

// parseEXIFTime reads "YYYY:MM:DD HH:MM:SS", the EXIF date format. It also
// takes '-' between the date fields and 'T' before the time, as some
// writers do, and ignores what follows the seconds. A wall clock is
// returned in UTC.
func parseEXIFTime(s string) (time.Time, bool) {
	s = strings.Trim(s, " \x00")
	if len(s) < 19 {
		return time.Time{}, false
	}
	ds, ts := s[4], s[7]
	if ds != ts || (ds != ':' && ds != '-') || (s[10] != ' ' && s[10] != 'T') || s[13] != ':' || s[16] != ':' {
		return time.Time{}, false
	}
	y, ok1 := digits(s[0:4])
	mo, ok2 := digits(s[5:7])
	d, ok3 := digits(s[8:10])
	h, ok4 := digits(s[11:13])
	mi, ok5 := digits(s[14:16])
	se, ok6 := digits(s[17:19])
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || y < 1900 {
		return time.Time{}, false
	}
	return wallClock(y, mo, d, h, mi, se)
}

// wallClock builds a validated wall-clock time in UTC.
func wallClock(y, mo, d, h, mi, s int) (time.Time, bool) {
	if mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(mo), d, h, mi, s, 0, time.UTC)
	if t.Day() != d { // 31 April, 29 February of a common year
		return time.Time{}, false
	}
	return t, true
}

// digits reads a run of ASCII digits.
func digits(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// subsec reads SubSecTime digits as a fraction of a second ("5" is half a
// second); anything else is zero.
func subsec(s string) time.Duration {
	s = strings.TrimRight(strings.Trim(s, " \x00"), " ")
	if len(s) > 9 {
		s = s[:9]
	}
	n, ok := digits(s)
	if !ok {
		return 0
	}
	for i := len(s); i < 9; i++ {
		n *= 10
	}
	return time.Duration(n)
}

// maxOffset is the widest UTC offset in use (Kiribati, +14:00).
const maxOffset = 14 * 3600

// parseOffset reads an EXIF offset "+HH:MM" or "-HH:MM" into seconds east
// of UTC. Blanks ("   :  ") and anything else give false.
func parseOffset(s string) (int, bool) {
	s = strings.Trim(s, " \x00")
	if len(s) != 6 || (s[0] != '+' && s[0] != '-') || s[3] != ':' {
		return 0, false
	}
	h, ok1 := digits(s[1:3])
	m, ok2 := digits(s[4:6])
	if !ok1 || !ok2 || m > 59 {
		return 0, false
	}
	off := h*3600 + m*60
	if off > maxOffset {
		return 0, false
	}
	if s[0] == '-' {
		off = -off
	}
	return off, true
}

// inZone reads the wall clock t (in UTC) at a fixed offset from UTC.
func inZone(t time.Time, off int) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.FixedZone("", off))
}

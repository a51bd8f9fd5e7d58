package media

import "encoding/binary"

// goexif (rwcarlsen/goexif, last released 2019) decodes every tag of every
// IFD it reaches and trusts the structure it is given:
//
//   - it follows the chain of IFDs (IFD0 → IFD1 → …) and only notices a
//     loop of length one, so a two-IFD loop makes it append forever;
//   - it computes a tag's byte length as a uint32 product of type size and
//     count, which wraps, and then allocates count elements: a hostile count
//     asks for gigabytes;
//   - one bad tag (unknown type, zero count, value beyond the data) fails
//     the whole IFD, and a failing IFD1 fails the whole decode, so a raw
//     file whose thumbnail IFD or XMP lies beyond head loses its date;
//   - it decodes the GPS and Interoperability sub-IFDs with no such check;
//   - it copies every tag's value and expands numbers to int64 (a BYTE
//     takes 9 bytes), so many tags pointing at one large value make
//     gigabytes out of a small file.
//
// defuse therefore hands goexif a patched copy of the TIFF structure that
// holds only IFD0 and the Exif sub-IFD, each of at most maxTags tags, in
// which every tag but the Exif IFD pointer and the date tags EXIF reads is
// neutral, and those are sound: goexif's work and memory are then bounded
// by the size of the copy, which is small.

// neutralID is the id of a defused entry: an id goexif has no name for
// (so it is ignored), of type UNDEFINED with its 4 bytes inline.
const neutralID = 0xFFFF

// tagExifIFD is the tag of IFD0 that points to the Exif IFD.
const tagExifIFD = 0x8769

// dateTag tells the tags EXIF reads, the only ones defuse leaves to goexif
// besides the Exif IFD pointer.
func dateTag(id uint16) bool {
	switch id {
	case 0x9003, 0x9004, // DateTimeOriginal, DateTimeDigitized
		tagOffsetTimeOriginal, tagOffsetTimeDigitized,
		0x9291, 0x9292: // SubSecTimeOriginal, SubSecTimeDigitized
		return true
	}
	return false
}

// maxIFDTags is the largest tag count goexif reads: it reads the count as
// an int16, so larger counts read as negative and give no tags at all.
const maxIFDTags = 0x7FFF

// maxTags is how many tags of an IFD goexif is given; the others are cut.
// Real IFDs hold a few dozen, DNG's IFD0 up to a few hundred.
const maxTags = 1000

// typeSize is the byte size of each TIFF field type goexif knows; other
// types read as size 0, which goexif rejects.
func typeSize(t uint16) uint64 {
	switch t {
	case 1, 2, 6, 7: // BYTE, ASCII, SBYTE, UNDEFINED
		return 1
	case 3, 8: // SHORT, SSHORT
		return 2
	case 4, 9, 11: // LONG, SLONG, FLOAT
		return 4
	case 5, 10, 12: // RATIONAL, SRATIONAL, DOUBLE
		return 8
	}
	return 0
}

func tiffOrder(t []byte) binary.ByteOrder {
	if t[0] == 'M' {
		return binary.BigEndian
	}
	return binary.LittleEndian
}

// defuse returns a copy of the TIFF structure t that goexif decodes without
// looping or allocating beyond the copy's size, and the offset of its Exif
// IFD (0 when there is none). IFD0 is cut off from the rest of the chain;
// every tag but the Exif IFD pointer and sound date tags becomes neutral,
// the GPS and Interoperability pointers among them. ok is false when t is
// not a TIFF structure or IFD0 is not within it.
func defuse(t []byte) (safe []byte, exifIFD uint32, ok bool) {
	if len(t) < 8 || !isTIFF(t) {
		return nil, 0, false
	}
	o := tiffOrder(t)
	ifd0 := o.Uint32(t[4:])
	// Measure what the patched structure will refer to, so the copy can
	// stop there (a raw file's head is mostly image data).
	m := ifdWalk{b: t, o: o}
	if m.run(ifd0); !m.ok {
		return nil, 0, false
	}
	c := make([]byte, m.end+4) // 4 zero bytes: room for a last next-IFD offset
	copy(c, t[:min(m.end, len(t))])
	f := ifdWalk{b: c, o: o, fix: true}
	exifIFD = f.run(ifd0)
	// Check the result as goexif will read it: patches to an Exif IFD that
	// overlaps IFD0 could have spoilt an entry of IFD0.
	v := ifdWalk{b: c, o: o}
	if v.run(ifd0); !f.ok || !v.ok || v.dirty {
		return nil, 0, false
	}
	return c, exifIFD, true
}

// ifdWalk walks IFD0 and the Exif IFD of a TIFF structure b. With fix set it
// patches b; otherwise it records in dirty whether a patch would be needed.
// end is how far into b the sound structure reaches.
type ifdWalk struct {
	b     []byte
	o     binary.ByteOrder
	fix   bool
	ok    bool
	dirty bool
	end   int
}

func (w *ifdWalk) mark(end uint64) {
	if end > uint64(w.end) {
		w.end = int(min(end, uint64(len(w.b))+4))
	}
}

// run walks IFD0 at off, then the Exif IFD it points to, whose offset it
// returns.
func (w *ifdWalk) run(off uint32) uint32 {
	n, ok := w.count(off)
	if !ok {
		return 0
	}
	w.ok = true
	w.mark(8) // the header
	var exif uint32
	for k := 0; k < n; k++ {
		e := int(off) + 2 + 12*k
		id := w.o.Uint16(w.b[e:])
		switch {
		case id == tagExifIFD:
			typ, cnt, val := w.o.Uint16(w.b[e+2:]), w.o.Uint32(w.b[e+4:]), w.o.Uint32(w.b[e+8:])
			if (typ != 4 && typ != 13) || cnt != 1 || uint64(val)+2 > uint64(len(w.b)) {
				w.neutralize(e)
				continue
			}
			if typ == 13 { // type IFD, which goexif does not know: make it LONG
				w.patch(e+2, 2, func(p []byte) { w.o.PutUint16(p, 4) })
			}
			exif = val
		case !dateTag(id) || !w.sound(e):
			w.neutralize(e)
		}
	}
	// Cut the chain after IFD0.
	next := int(off) + 2 + 12*n
	w.mark(uint64(next) + 4)
	if next+4 > len(w.b) || w.o.Uint32(w.b[next:]) != 0 {
		w.patch(next, 4, func(p []byte) { w.o.PutUint32(p, 0) })
	}
	if exif == 0 {
		return 0
	}
	n, ok = w.count(exif)
	if !ok {
		return 0
	}
	for k := 0; k < n; k++ {
		e := int(exif) + 2 + 12*k
		id := w.o.Uint16(w.b[e:])
		if !dateTag(id) || !w.sound(e) {
			w.neutralize(e)
		}
	}
	// goexif reads the next-IFD offset after the entries, and ignores it.
	w.mark(uint64(exif) + 2 + 12*uint64(n) + 4)
	return exif
}

// count reads the tag count of the IFD at off, trimmed to the entries that
// lie within b and to maxTags, and patches it when trimmed. A count goexif
// reads as negative stays: it gives no tags.
func (w *ifdWalk) count(off uint32) (int, bool) {
	if uint64(off)+2 > uint64(len(w.b)) {
		return 0, false
	}
	raw := int(w.o.Uint16(w.b[off:]))
	n := min(raw, (len(w.b)-int(off)-2)/12, maxTags)
	if raw > maxIFDTags {
		n = 0 // goexif reads no tag at all
	}
	if n != raw && raw <= maxIFDTags {
		w.patch(int(off), 2, func(p []byte) { w.o.PutUint16(p, uint16(n)) })
	}
	w.mark(uint64(off) + 2 + 12*uint64(n))
	return n, true
}

// sound reports whether goexif can decode the entry at e: a known type, a
// count that is not zero, and a value that lies within b.
func (w *ifdWalk) sound(e int) bool {
	size := typeSize(w.o.Uint16(w.b[e+2:]))
	cnt := uint64(w.o.Uint32(w.b[e+4:]))
	total := size * cnt
	if total == 0 {
		return false
	}
	if total <= 4 {
		return true
	}
	end := uint64(w.o.Uint32(w.b[e+8:])) + total
	if end > uint64(len(w.b)) {
		return false
	}
	w.mark(end)
	return true
}

// neutralize turns the entry at e into a tag goexif ignores.
func (w *ifdWalk) neutralize(e int) {
	if w.o.Uint16(w.b[e:]) == neutralID && w.o.Uint16(w.b[e+2:]) == 7 && w.o.Uint32(w.b[e+4:]) == 4 {
		return
	}
	w.patch(e, 8, func(p []byte) {
		w.o.PutUint16(p, neutralID)
		w.o.PutUint16(p[2:], 7)
		w.o.PutUint32(p[4:], 4)
	})
}

// patch records that size bytes at at need changing, and with fix set
// changes them with f (when they lie within b: callers make sure they do).
func (w *ifdWalk) patch(at, size int, f func([]byte)) {
	w.dirty = true
	if w.fix && at >= 0 && at+size <= len(w.b) {
		f(w.b[at : at+size])
	}
}

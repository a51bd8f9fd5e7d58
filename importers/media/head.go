package media

import (
	"bytes"
	"encoding/binary"
	"io"
)

// firstRead is what ReadHead reads before looking at the format: enough for
// Detect (its longest signature, MPEG-TS, takes 389 bytes) and for the
// EXIF of most JPEGs from phones and of the ones the benchmarks generate.
const firstRead = 4 << 10

// jpegHeadSize is what the head of a JPEG was before ReadHead: its EXIF
// sits in the first segments. ReadHead reads no further into a JPEG, so that
// EXIF gives what it gave.
const jpegHeadSize = 64 << 10

// minStep is the least a read adds once more is needed, so that a walk
// over tiny boxes, chunks or fill bytes does not read a few bytes at a
// time.
const minStep = 512

// ReadHead reads the head of a media file from r: the first bytes, then
// only as many more as Detect, EXIF and VideoTime look at, step by step,
// each step as far as the last structure read says. The readers give on it
// what they give on the first HeadSize bytes of the file (the first 64 KiB
// for a JPEG, as before ReadHead), but for the exceptions below, where a
// date may be missing (never another date).
//
//   - JPEG: the segments from SOI up to the complete APP1 Exif segment, or
//     up to the start of scan when there is none, within the first 64 KiB.
//     A camera's JPEG costs the first read (4 KiB), or the size of its Exif
//     when it holds a large thumbnail. Exception: a COM segment that goes
//     beyond the bytes read ends the walk, so an Exif segment after more
//     than 4 KiB of comments is not found.
//   - PNG: the chunks up to the complete eXIf chunk, or up to the first
//     IDAT. Exception: an eXIf after the image data, which the
//     specification does not allow, is found only within the bytes read.
//   - WebP: the chunks up to the complete EXIF chunk, through the image data
//     only when VP8X says there is an EXIF chunk. Exception: an EXIF chunk
//     VP8X does not announce is found only within the bytes read.
//   - ISO base media (MP4, MOV, 3GP, HEIC, HEIF, AVIF): the top-level boxes
//     up to the first moov and, for a file with ftyp, the first meta, each
//     read whole; then the extents of the Exif item of meta/iloc, when they
//     lie within HeadSize. A box in between is read through only when it
//     ends within HeadSize, as a small mdat would: a large mdat before moov
//     ends the head, and the date comes from elsewhere, as it did when moov
//     lay beyond HeadSize.
//   - TIFF-based raw files: HeadSize, since their IFDs may be anywhere.
//   - Anything else: the first read, as no reader looks further, unless it
//     starts like a QuickTime file without ftyp: its boxes, as above.
//
// A read error other than the end of the file is returned with the bytes
// read before it.
func ReadHead(r io.Reader) ([]byte, error) {
	h := &headReader{r: r, buf: make([]byte, 0, firstRead), limit: HeadSize}
	h.fill(firstRead)
	if bytes.HasPrefix(h.buf, []byte{0xFF, 0xD8}) {
		h.limit = jpegHeadSize
	}
	h.format()
	return h.buf, h.err
}

// headReader holds the bytes read so far from the start of a file.
type headReader struct {
	r   io.Reader
	buf []byte
	// limit is the size of the old head: HeadSize, or jpegHeadSize for a
	// JPEG. fill reads no further, and the walks treat it as the end of
	// the file, as the readers did.
	limit int
	// done is set once r has said it has no more (EOF) or failed (err).
	done bool
	err  error
}

// fill reads until buf holds the first n bytes of the file, or limit
// bytes, or the whole file. Since the old head held limit bytes or the
// whole file, a reader that compares an offset up to n with len(buf) after
// fill(n) gets the answer it got on the old head.
func (h *headReader) fill(n int) {
	if n <= len(h.buf) || len(h.buf) >= h.limit || h.done {
		return
	}
	n = min(max(n, len(h.buf)+minStep), h.limit)
	if n > cap(h.buf) {
		buf := make([]byte, len(h.buf), min(max(n, 2*cap(h.buf)), h.limit))
		copy(buf, h.buf)
		h.buf = buf
	}
	got, err := io.ReadFull(h.r, h.buf[len(h.buf):n])
	h.buf = h.buf[:len(h.buf)+got]
	if err != nil {
		h.done = true
		if err != io.EOF && err != io.ErrUnexpectedEOF {
			h.err = err
		}
	}
}

// fill64 is fill for an offset computed from a 64-bit field.
func (h *headReader) fill64(n uint64) {
	h.fill(int(min(n, uint64(h.limit))))
}

// format reads what the readers need beyond the first read, choosing as
// they do.
func (h *headReader) format() {
	b := h.buf
	// EXIF, by the format exifTIFF sees.
	heif := false
	switch {
	case len(b) >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF:
		h.jpeg()
	case isTIFF(b):
		h.fill(h.limit)
		return
	case bytes.HasPrefix(b, pngSig):
		h.png()
	case len(b) >= 12 && string(b[:4]) == "RIFF" && string(b[8:12]) == "WEBP":
		h.webp()
	case len(b) >= 8 && string(b[4:8]) == "ftyp":
		heif = true
	}
	// VideoTime walks the top-level boxes of any head, and so does EXIF
	// for a file starting with ftyp, whose box Detect reads whole: the walk
	// reads it. The first bytes of a JPEG, PNG or text file make a box too
	// large for the head, which ends the walk at once.
	h.boxes(heif)
}

// jpeg reads the segments jpegEXIF goes through.
func (h *headReader) jpeg() {
	for i := 2; ; {
		h.fill(i + 1)
		if i >= len(h.buf) || h.buf[i] != 0xFF {
			return
		}
		for {
			h.fill(i + 1)
			if i >= len(h.buf) || h.buf[i] != 0xFF {
				break
			}
			i++
		}
		if i >= len(h.buf) {
			return
		}
		m := h.buf[i]
		i++
		switch {
		case m == 0xD8 || m == 0x01 || (m >= 0xD0 && m <= 0xD7):
			continue
		case m == 0xDA || m == 0xD9:
			return
		}
		h.fill(i + 2)
		if len(h.buf)-i < 2 {
			return
		}
		size := int(be16(h.buf[i:]))
		if size < 2 {
			return
		}
		if m == 0xFE && i+size+4 > len(h.buf) {
			// A comment going on beyond the bytes read ends the walk
			// (an exception): cameras and editors write their Exif
			// before any long comment, and the benchmarks pad their
			// JPEGs with comments.
			return
		}
		// The segment, and the marker and length of the next one.
		h.fill(i + size + 4)
		if m == 0xE1 {
			seg := h.buf[i+2 : min(i+size, len(h.buf))]
			if len(seg) >= 6 && string(seg[:4]) == "Exif" && exifPayload(seg) != nil {
				return
			}
		}
		i += size
	}
}

// png reads the chunks pngEXIF goes through, up to the first IDAT; past
// it, only those within the bytes read, and a whole eXIf chunk whose
// header is among them.
func (h *headReader) png() {
	image := false
	for i := len(pngSig); ; {
		if !image {
			h.fill(i + 8)
		}
		if len(h.buf)-i < 8 {
			return
		}
		size := uint64(be32(h.buf[i:]))
		switch string(h.buf[i+4 : i+8]) {
		case "eXIf":
			h.fill64(uint64(i) + 8 + size)
			return
		case "IEND":
			return
		case "IDAT":
			image = true
		}
		if !image {
			h.fill64(uint64(i) + 12 + size + 8) // the chunk and the next header
		}
		if size+12 > uint64(len(h.buf)-i) {
			return
		}
		i += int(size) + 12
	}
}

// webp reads the chunks webpEXIF goes through: beyond the bytes read only
// when an extended WebP (VP8X) says it has an EXIF chunk, which comes after
// the image data; and a whole EXIF chunk whose header was read.
func (h *headReader) webp() {
	b := h.buf
	more := len(b) >= 21 && string(b[12:16]) == "VP8X" && b[20]&0x08 != 0
	for i := 12; ; {
		if more {
			h.fill(i + 8)
		}
		if len(h.buf)-i < 8 {
			return
		}
		size := uint64(binary.LittleEndian.Uint32(h.buf[i+4:]))
		if string(h.buf[i:i+4]) == "EXIF" {
			h.fill64(uint64(i) + 8 + size)
			return
		}
		step := 8 + size + size&1
		if more {
			h.fill64(uint64(i) + step + 8) // the chunk and the next header
		}
		if step > uint64(len(h.buf)-i) {
			return
		}
		i += int(step)
	}
}

// boxes walks the top-level boxes as eachBox does over the old head, up to
// the first moov (VideoTime) and, when heif is set, the first meta
// (heifEXIF), reading each whole, and reads the Exif item meta points to.
// A box is read through when it ends within HeadSize; one that goes
// beyond ends the walk, as it ends eachBox on the old head.
func (h *headReader) boxes(heif bool) {
	moov, meta := true, heif
	for i := 0; moov || meta; {
		h.fill(i + 8)
		if len(h.buf)-i < 8 {
			return
		}
		size, hdr := uint64(be32(h.buf[i:])), 8
		last := false
		switch size {
		case 1:
			h.fill(i + 16)
			if len(h.buf)-i < 16 {
				return
			}
			size, hdr = be64(h.buf[i+8:]), 16
		case 0:
			// To the end of the file, or of the old head: the last box.
			size, last = uint64(h.limit), true
		}
		if size < uint64(hdr) {
			return
		}
		typ := string(h.buf[i+4 : i+8])
		end := uint64(i) + min(size, uint64(h.limit)+1) // past limit: cut in either head
		switch {
		case typ == "moov" && moov:
			moov = false
			h.fill64(end)
		case typ == "meta" && meta:
			meta = false
			h.fill64(end)
			h.exifItem(h.buf[i+hdr : min(end, uint64(len(h.buf)))])
		case last:
			return
		case end <= uint64(h.limit):
			h.fill64(end) // read through, as the old head held it
		}
		if last || end > uint64(len(h.buf)) {
			return // eachBox stops at a box that goes on beyond the head
		}
		i = int(end)
	}
}

// exifItem reads the file's bytes the Exif item of meta lies in, when
// itemData would take them from the old head.
func (h *headReader) exifItem(meta []byte) {
	if len(meta) < 4 {
		return
	}
	meta = meta[4:]
	id, ok := exifItemID(meta)
	if !ok {
		return
	}
	if end := itemEnd(meta, id, h.limit); end > 0 {
		h.fill64(end)
	}
}

// itemEnd returns where the last byte of item id lies in the file, as
// meta/iloc says, when itemData would read them from the file (method 0)
// and all of them lie within limit; else 0, when no more bytes of the
// file change what itemData returns.
func itemEnd(meta []byte, id uint32, limit int) uint64 {
	method, extents, ok := itemLocation(meta, id)
	if !ok || method != 0 {
		return 0 // in meta/idat, read already, or not followed
	}
	var end, total uint64
	for _, e := range extents {
		if e.n == 0 || e.n > uint64(limit) || e.start > uint64(limit)-e.n || total+e.n > HeadSize {
			return 0 // itemData gives nil whatever the head
		}
		total += e.n
		end = max(end, e.start+e.n)
	}
	return end
}

package media

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"time"
)

// Builders for inputs the fixtures generators do not make: variants of
// the containers and hostile TIFF structures.

func mkbox(typ string, parts ...[]byte) []byte {
	n := 8
	for _, p := range parts {
		n += len(p)
	}
	b := binary.BigEndian.AppendUint32(nil, uint32(n))
	b = append(b, typ...)
	for _, p := range parts {
		b = append(b, p...)
	}
	return b
}

func fullbox(typ string, version byte, parts ...[]byte) []byte {
	return mkbox(typ, append([][]byte{{version, 0, 0, 0}}, parts...)...)
}

func b16(v uint16) []byte { return binary.BigEndian.AppendUint16(nil, v) }
func b32(v uint32) []byte { return binary.BigEndian.AppendUint32(nil, v) }
func b64(v uint64) []byte { return binary.BigEndian.AppendUint64(nil, v) }

func join(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

// pngWithEXIf inserts an eXIf chunk holding payload after IHDR (or after
// IDAT when late is set) into a PNG.
func pngWithEXIf(p, payload []byte, late bool) []byte {
	chunk := binary.BigEndian.AppendUint32(nil, uint32(len(payload)))
	chunk = append(chunk, "eXIf"...)
	chunk = append(chunk, payload...)
	chunk = binary.BigEndian.AppendUint32(chunk, crc32.ChecksumIEEE(chunk[4:]))
	// Chunks: walk to the one to insert after.
	after := "IHDR"
	if late {
		after = "IDAT"
	}
	for i := 8; i+8 <= len(p); {
		n := int(binary.BigEndian.Uint32(p[i:]))
		end := i + 12 + n
		if string(p[i+4:i+8]) == after {
			return join(p[:end], chunk, p[end:])
		}
		i = end
	}
	panic("no " + after)
}

// webpWithEXIF builds an extended WebP (VP8X) with an EXIF chunk; the
// image data is a stand-in.
func webpWithEXIF(payload []byte) []byte {
	chunk := func(typ string, data []byte) []byte {
		b := append([]byte(typ), binary.LittleEndian.AppendUint32(nil, uint32(len(data)))...)
		b = append(b, data...)
		if len(data)%2 != 0 {
			b = append(b, 0)
		}
		return b
	}
	body := join([]byte("WEBP"),
		chunk("VP8X", []byte{0x08, 0, 0, 0, 15, 0, 0, 15, 0, 0}),
		chunk("VP8L", []byte{0x2F, 1, 2, 3, 4}), // odd size: padded
		chunk("EXIF", payload))
	return join([]byte("RIFF"), binary.LittleEndian.AppendUint32(nil, uint32(len(body))), body)
}

// jpegWith builds a JPEG-like stream: SOI, the given segments (marker,
// data), then a start of scan and EOI.
func jpegWith(segs ...any) []byte {
	b := []byte{0xFF, 0xD8}
	for i := 0; i+1 < len(segs); i += 2 {
		m := segs[i].(int)
		d := segs[i+1].([]byte)
		b = append(b, 0xFF, byte(m), byte((len(d)+2)>>8), byte(len(d)+2))
		b = append(b, d...)
	}
	return append(b, 0xFF, 0xDA, 0, 2, 0xFF, 0xD9)
}

// Pointers to the sub-IFDs EXIF does not read.
const (
	tagGPSIFD     = 0x8825
	tagInteropIFD = 0xA005
)

// ent is a raw IFD entry.
type ent struct {
	tag, typ uint16
	count    uint32
	val      uint32 // the value (when it fits) or its offset
}

// tb builds a TIFF structure byte by byte at chosen offsets.
type tb struct {
	o binary.ByteOrder
	b []byte
}

// newTB starts a TIFF structure whose IFD0 is at ifd0.
func newTB(o binary.ByteOrder, ifd0 uint32) *tb {
	t := &tb{o: o, b: make([]byte, 8)}
	if o == binary.BigEndian {
		copy(t.b, "MM\x00*")
	} else {
		copy(t.b, "II*\x00")
	}
	o.PutUint32(t.b[4:], ifd0)
	return t
}

func (t *tb) at(off int, p []byte) *tb {
	if len(t.b) < off+len(p) {
		t.b = append(t.b, make([]byte, off+len(p)-len(t.b))...)
	}
	copy(t.b[off:], p)
	return t
}

// dir writes an IFD at off with the given count field (-1: len(es)).
func (t *tb) dir(off int, count int, next uint32, es ...ent) *tb {
	if count < 0 {
		count = len(es)
	}
	var b []byte
	b = t.o.(binary.AppendByteOrder).AppendUint16(b, uint16(count))
	for _, e := range es {
		b = t.o.(binary.AppendByteOrder).AppendUint16(b, e.tag)
		b = t.o.(binary.AppendByteOrder).AppendUint16(b, e.typ)
		b = t.o.(binary.AppendByteOrder).AppendUint32(b, e.count)
		if e.typ == 3 && e.count == 1 {
			// A SHORT value sits in the first two bytes.
			b = t.o.(binary.AppendByteOrder).AppendUint16(b, uint16(e.val))
			b = append(b, 0, 0)
		} else {
			b = t.o.(binary.AppendByteOrder).AppendUint32(b, e.val)
		}
	}
	b = t.o.(binary.AppendByteOrder).AppendUint32(b, next)
	return t.at(off, b)
}

// str writes a NUL-terminated string at off and returns the ASCII entry
// pointing to it (strings of up to 3 characters would be inline: avoid).
func (t *tb) str(tag uint16, off int, s string) ent {
	t.at(off, append([]byte(s), 0))
	return ent{tag: tag, typ: 2, count: uint32(len(s) + 1), val: uint32(off)}
}

// inline is an ASCII entry of up to 3 characters held in the entry.
func (t *tb) inline(tag uint16, s string) ent {
	var v [4]byte
	copy(v[:], s)
	return ent{tag: tag, typ: 2, count: uint32(len(s) + 1), val: t.o.Uint32(v[:])}
}

// buildTIFF is a TIFF structure with IFD0 at 8 (the extra entries, then the
// Exif pointer) and the Exif IFD at 200 holding es; strings go from 400.
// str hands out string offsets.
func buildTIFF(o binary.ByteOrder, ifd0 []ent, build func(t *tb, str func(tag uint16, s string) ent) []ent) []byte {
	t := newTB(o, 8)
	next := 400
	str := func(tag uint16, s string) ent {
		e := t.str(tag, next, s)
		next += len(s) + 2
		return e
	}
	es := build(t, str)
	t.dir(200, -1, 0, es...)
	t.dir(8, -1, 0, append(ifd0, ent{tag: tagExifIFD, typ: 4, count: 1, val: 200})...)
	return t.b
}

func utc(y int, mo time.Month, d, h, mi, s int) time.Time {
	return time.Date(y, mo, d, h, mi, s, 0, time.UTC)
}

func zoned(y int, mo time.Month, d, h, mi, s int, off string) time.Time {
	secs, ok := parseOffset(off)
	if !ok {
		panic(off)
	}
	return time.Date(y, mo, d, h, mi, s, 0, time.FixedZone("", secs))
}

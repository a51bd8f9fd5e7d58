package media

import "encoding/binary"

func be16(b []byte) uint16 { return binary.BigEndian.Uint16(b) }
func be32(b []byte) uint32 { return binary.BigEndian.Uint32(b) }
func be64(b []byte) uint64 { return binary.BigEndian.Uint64(b) }
func le32(b []byte) uint32 { return binary.LittleEndian.Uint32(b) }

// box is one box of the ISO base media file format (MP4, MOV, HEIF).
type box struct {
	typ string
	// at is the offset of the box's body in the slice given to eachBox.
	at   int
	body []byte
	// cut is true when the box goes on beyond the slice: body holds only
	// the part within it.
	cut bool
}

// eachBox calls fn for the boxes laid end to end in b, in order, until fn
// returns false, a header is malformed, or a box goes on beyond b (that box
// is still given to fn, with cut set). A size of 0 means "to the end of the
// file", which here is the end of b.
func eachBox(b []byte, fn func(box) bool) {
	for i := 0; len(b)-i >= 8; {
		size := uint64(be32(b[i:]))
		hdr := 8
		switch size {
		case 1:
			if len(b)-i < 16 {
				return
			}
			size, hdr = be64(b[i+8:]), 16
		case 0:
			size = uint64(len(b) - i)
		}
		if size < uint64(hdr) {
			return
		}
		bx := box{typ: string(b[i+4 : i+8]), at: i + hdr}
		if size > uint64(len(b)-i) {
			bx.body, bx.cut = b[i+hdr:], true
			fn(bx)
			return
		}
		end := i + int(size)
		bx.body = b[i+hdr : end]
		if !fn(bx) {
			return
		}
		i = end
	}
}

// child returns the body of the first box of type typ among the boxes in b.
func child(b []byte, typ string) ([]byte, bool) {
	var body []byte
	found := false
	eachBox(b, func(bx box) bool {
		if bx.typ == typ {
			body, found = bx.body, true
			return false
		}
		return true
	})
	return body, found
}

// reader reads big-endian fields from a slice; a read past the end sets
// bad and yields zero, so a parser checks bad once after a group of reads.
type reader struct {
	b   []byte
	i   int
	bad bool
}

func (r *reader) skip(n int) {
	if n < 0 || len(r.b)-r.i < n {
		r.bad, r.i = true, len(r.b)
		return
	}
	r.i += n
}

func (r *reader) bytes(n int) []byte {
	if n < 0 || len(r.b)-r.i < n {
		r.bad, r.i = true, len(r.b)
		return nil
	}
	s := r.b[r.i : r.i+n]
	r.i += n
	return s
}

func (r *reader) u8() uint8 {
	if s := r.bytes(1); s != nil {
		return s[0]
	}
	return 0
}

func (r *reader) u16() uint16 {
	if s := r.bytes(2); s != nil {
		return be16(s)
	}
	return 0
}

func (r *reader) u32() uint32 {
	if s := r.bytes(4); s != nil {
		return be32(s)
	}
	return 0
}

func (r *reader) u64() uint64 {
	if s := r.bytes(8); s != nil {
		return be64(s)
	}
	return 0
}

// uint reads an unsigned field of n bytes (0, 4 or 8; iloc also allows 2
// for indexes in some writers).
func (r *reader) uint(n int) uint64 {
	switch n {
	case 0:
		return 0
	case 2:
		return uint64(r.u16())
	case 4:
		return uint64(r.u32())
	case 8:
		return r.u64()
	}
	r.bad = true
	return 0
}

package media

// heifEXIF returns the TIFF structure of the Exif item of a HEIF file
// (HEIC, HEIF, AVIF: the ISO base media file format with a meta box):
// meta/iinf names the item of type 'Exif', meta/iloc says where its bytes
// are, in the file (construction method 0) or in meta/idat (method 1). The
// item starts with a 4-byte offset to the TIFF header, after which
// "Exif\0\0" usually comes; files that leave out the offset, or put a JPEG
// APP1 header there, are read too. nil when the meta box or the item is not
// within head.
func heifEXIF(h []byte) []byte {
	meta, ok := child(h, "meta")
	if !ok || len(meta) < 4 {
		return nil
	}
	meta = meta[4:] // version and flags: meta is a full box in HEIF
	id, ok := exifItemID(meta)
	if !ok {
		return nil
	}
	item := itemData(meta, h, id)
	if item == nil {
		return nil
	}
	return exifItemTIFF(item)
}

// exifItemID returns the id of the first item of type 'Exif' in meta/iinf.
func exifItemID(meta []byte) (uint32, bool) {
	iinf, ok := child(meta, "iinf")
	if !ok {
		return 0, false
	}
	r := reader{b: iinf}
	if r.u8() == 0 {
		r.skip(3 + 2) // flags, 16-bit entry count
	} else {
		r.skip(3 + 4) // flags, 32-bit entry count
	}
	if r.bad {
		return 0, false
	}
	// The entries are infe boxes; their count is not needed to walk them.
	var id uint32
	found := false
	eachBox(iinf[r.i:], func(bx box) bool {
		if bx.typ != "infe" || bx.cut {
			return true
		}
		e := reader{b: bx.body}
		v := e.u8()
		e.skip(3)
		if v < 2 { // versions 0 and 1 have no item type
			return true
		}
		var itemID uint32
		if v == 2 {
			itemID = uint32(e.u16())
		} else {
			itemID = e.u32()
		}
		e.skip(2) // protection index
		typ := e.bytes(4)
		if !e.bad && string(typ) == "Exif" {
			id, found = itemID, true
			return false
		}
		return true
	})
	return id, found
}

// itemData returns the bytes of item id, as located by meta/iloc: joined
// extents in the file (which must lie within h) or in meta/idat. nil when
// they are not all within reach.
func itemData(meta, h []byte, id uint32) []byte {
	method, extents, ok := itemLocation(meta, id)
	if !ok {
		return nil
	}
	var src []byte
	switch method {
	case 0:
		src = h
	case 1:
		idat, ok := child(meta, "idat")
		if !ok {
			return nil
		}
		src = idat
	default:
		return nil // method 2 (data from another item) is not followed
	}
	var out []byte
	for _, e := range extents {
		start, n := e.start, e.n
		if start > uint64(len(src)) {
			return nil
		}
		if n == 0 { // "to the end": of idat; of the file is unknown
			if method != 1 {
				return nil
			}
			n = uint64(len(src)) - start
		}
		if n > uint64(len(src))-start || uint64(len(out))+n > HeadSize {
			return nil
		}
		out = append(out, src[start:start+n]...)
	}
	return out
}

// extent is a run of an item's bytes: from start (base offset included),
// n bytes; 0 means to the end.
type extent struct{ start, n uint64 }

// itemLocation reads meta/iloc for item id: its construction method (0:
// in the file, 1: in meta/idat, 2: from another item) and its extents.
func itemLocation(meta []byte, id uint32) (method int, extents []extent, ok bool) {
	iloc, ok := child(meta, "iloc")
	if !ok {
		return 0, nil, false
	}
	r := reader{b: iloc}
	v := r.u8()
	r.skip(3)
	sizes := r.u16()
	offSize := int(sizes >> 12)
	lenSize := int(sizes >> 8 & 0xF)
	baseSize := int(sizes >> 4 & 0xF)
	idxSize := 0
	if v == 1 || v == 2 {
		idxSize = int(sizes & 0xF)
	}
	if v > 2 || !fieldSize(offSize) || !fieldSize(lenSize) || !fieldSize(baseSize) || !fieldSize(idxSize) {
		return 0, nil, false
	}
	var count uint32
	if v < 2 {
		count = uint32(r.u16())
	} else {
		count = r.u32()
	}
	extentSize := idxSize + offSize + lenSize
	// Every item takes at least 6 bytes, so the loop ends with the box.
	for k := uint32(0); k < count && !r.bad; k++ {
		var itemID uint32
		if v < 2 {
			itemID = uint32(r.u16())
		} else {
			itemID = r.u32()
		}
		method = 0
		if v == 1 || v == 2 {
			method = int(r.u16() & 0xF)
		}
		r.skip(2) // data reference index
		base := r.uint(baseSize)
		count := int(r.u16())
		if r.bad {
			return 0, nil, false
		}
		if itemID != id {
			r.skip(count * extentSize)
			continue
		}
		for e := 0; e < count; e++ {
			r.skip(idxSize)
			off := r.uint(offSize)
			n := r.uint(lenSize)
			start := base + off
			if r.bad || start < base {
				return 0, nil, false
			}
			extents = append(extents, extent{start, n})
		}
		return method, extents, true
	}
	return 0, nil, false
}

func fieldSize(n int) bool { return n == 0 || n == 4 || n == 8 }

// exifItemTIFF finds the TIFF header in an Exif item: after the 4-byte
// offset, at the offset it gives, and otherwise within the first bytes,
// where a JPEG APP1 header or "Exif\0\0" may stand (or the offset itself
// may be missing).
func exifItemTIFF(item []byte) []byte {
	if len(item) >= 4 {
		at := uint64(be32(item)) + 4
		if at < uint64(len(item)) && isTIFF(item[at:]) {
			return item[at:]
		}
	}
	for i := 0; i < min(len(item), 16); i++ {
		if isTIFF(item[i:]) {
			return item[i:]
		}
	}
	return nil
}

package media

import (
	"strings"
	"time"
)

// epoch1904 is the origin of MP4 and QuickTime times, in Unix seconds.
const epoch1904 = -2082844800

// Plausible video dates: 0 and the epochs (1904, 1970) mean "unset"; the
// upper bound keeps garbage 64-bit values out.
var (
	minVideo = time.Date(1971, 1, 1, 0, 0, 0, 0, time.UTC)
	maxVideo = time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)
)

// appleCreationDate is the QuickTime metadata key iPhones write.
const appleCreationDate = "com.apple.quicktime.creationdate"

// VideoTime reads the creation time of an MP4, MOV or 3GP video from its
// moov box: Apple's com.apple.quicktime.creationdate from moov/meta
// (keys+ilst), an ISO 8601 time with the offset of the place it was shot,
// returned in that offset; else moov/mvhd creation_time (seconds since
// 1904-01-01 UTC; version 0 is 32-bit, version 1 64-bit), returned in UTC.
// Times before 1971 (0 and the 1904 and 1970 epochs mean "unset") or from
// 2100 on are ignored.
//
// ok is false when moov does not start within head, as in files written
// with moov at the end; a moov that starts within head is read as far as
// head goes (mvhd comes first). head may also start at a moov box the
// caller found elsewhere. Some cameras write local time into mvhd, which
// cannot be told from UTC.
func VideoTime(head []byte) (time.Time, bool) {
	var moov []byte
	found := false
	eachBox(head, func(bx box) bool {
		if bx.typ == "moov" {
			// A cut moov is still read: mvhd comes first in it.
			moov, found = bx.body, true
			return false
		}
		return true
	})
	if !found {
		return time.Time{}, false
	}
	if t, ok := appleDate(moov); ok {
		return t, true
	}
	return mvhdTime(moov)
}

// mvhdTime reads creation_time from moov/mvhd.
func mvhdTime(moov []byte) (time.Time, bool) {
	mvhd, ok := child(moov, "mvhd")
	if !ok {
		return time.Time{}, false
	}
	r := reader{b: mvhd}
	v := r.u8()
	r.skip(3)
	var secs uint64
	switch v {
	case 0:
		secs = uint64(r.u32())
	case 1:
		secs = r.u64()
	default:
		return time.Time{}, false
	}
	if r.bad || secs == 0 || secs > uint64(maxVideo.Unix()-epoch1904) {
		return time.Time{}, false
	}
	t := time.Unix(int64(secs)+epoch1904, 0).UTC()
	if !plausible(t) {
		return time.Time{}, false
	}
	return t, true
}

func plausible(t time.Time) bool {
	return !t.Before(minVideo) && t.Before(maxVideo)
}

// appleDate reads com.apple.quicktime.creationdate from the QuickTime
// metadata in moov/meta, or in moov/udta/meta.
func appleDate(moov []byte) (time.Time, bool) {
	if meta, ok := child(moov, "meta"); ok {
		if t, ok := metaDate(meta); ok {
			return t, true
		}
	}
	if udta, ok := child(moov, "udta"); ok {
		if meta, ok := child(udta, "meta"); ok {
			return metaDate(meta)
		}
	}
	return time.Time{}, false
}

// metaDate reads the creation date from a meta box holding keys and ilst.
// QuickTime's meta box has no version and flags, ISO's has: both are read.
func metaDate(meta []byte) (time.Time, bool) {
	if len(meta) >= 12 && !knownMetaChild(string(meta[4:8])) && knownMetaChild(string(meta[8:12])) {
		meta = meta[4:]
	}
	keys, ok := child(meta, "keys")
	if !ok {
		return time.Time{}, false
	}
	index, ok := keyIndex(keys, appleCreationDate)
	if !ok {
		return time.Time{}, false
	}
	ilst, ok := child(meta, "ilst")
	if !ok {
		return time.Time{}, false
	}
	var val string
	found := false
	eachBox(ilst, func(bx box) bool {
		// An ilst item's type is the 1-based index of its key.
		if len(bx.typ) != 4 || be32([]byte(bx.typ)) != index {
			return true
		}
		data, ok := child(bx.body, "data")
		if !ok || len(data) < 8 {
			return false
		}
		// Type indicator: 1 is UTF-8, the only one used for this key.
		if be32(data) != 1 {
			return false
		}
		val, found = string(data[8:]), true
		return false
	})
	if !found {
		return time.Time{}, false
	}
	t, ok := parseISO8601(val)
	if !ok || !plausible(t) {
		return time.Time{}, false
	}
	return t, true
}

func knownMetaChild(typ string) bool {
	switch typ {
	case "hdlr", "keys", "ilst", "free", "mhdr", "ctry", "lang":
		return true
	}
	return false
}

// keyIndex returns the 1-based index of the mdta key name in a keys box.
func keyIndex(keys []byte, name string) (uint32, bool) {
	r := reader{b: keys}
	r.skip(4) // version and flags
	count := r.u32()
	// Every key takes at least 8 bytes, so the loop ends with the box.
	for i := uint32(1); i <= count && !r.bad; i++ {
		size := int(r.u32())
		ns := r.bytes(4)
		if r.bad || size < 8 {
			return 0, false
		}
		key := r.bytes(size - 8)
		if r.bad {
			return 0, false
		}
		if string(ns) == "mdta" && string(key) == name {
			return i, true
		}
	}
	return 0, false
}

// parseISO8601 reads the time iPhones write, "2019-07-04T12:34:56+0200",
// and its relatives: a colon in the offset, "Z", fractional seconds. A time
// without an offset is not an instant and gives false.
func parseISO8601(s string) (time.Time, bool) {
	s = strings.Trim(s, " \x00")
	for _, layout := range []string{
		"2006-01-02T15:04:05Z0700",
		"2006-01-02T15:04:05Z07:00",
		"2006-01-02T15:04:05.999999999Z0700",
		"2006-01-02T15:04:05.999999999Z07:00",
	} {
		if t, err := time.Parse(layout, s); err == nil {
			_, off := t.Zone()
			return t, off >= -maxOffset && off <= maxOffset
		}
	}
	return time.Time{}, false
}

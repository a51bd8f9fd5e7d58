package media

import (
	"bytes"
	"encoding/binary"
	"testing"
	"time"

	"github.com/rwcarlsen/goexif/exif"

	"github.com/takeback/takeback/fixtures"
)

var (
	le = binary.LittleEndian
	be = binary.BigEndian
)

var when = utc(2019, 7, 4, 12, 34, 56)

func TestEXIF(t *testing.T) {
	heicAsAVIF := fixtures.HEIC(0, when, "+09:00")
	copy(heicAsAVIF[8:12], "avif")
	copy(heicAsAVIF[16:20], "avif")
	jpegHead := fixtures.JPEG(0, when, "+02:00")

	tests := []struct {
		name  string
		head  []byte
		want  time.Time
		zoned bool
		ok    bool
	}{
		{"JPEG II with offset", fixtures.JPEG(0, when, "+02:00"), zoned(2019, 7, 4, 12, 34, 56, "+02:00"), true, true},
		{"JPEG MM with offset", fixtures.JPEG(1, when, "-05:30"), zoned(2019, 7, 4, 12, 34, 56, "-05:30"), true, true},
		{"JPEG UTC offset", fixtures.JPEG(2, when, "+00:00"), zoned(2019, 7, 4, 12, 34, 56, "+00:00"), true, true},
		{"JPEG without offset", fixtures.JPEG(3, when, ""), when, false, true},
		{"JPEG wall clock of taken's location", fixtures.JPEG(4, when.In(time.FixedZone("", 3600)), ""), utc(2019, 7, 4, 13, 34, 56), false, true},
		{"JPEG without EXIF", fixtures.JPEG(5, time.Time{}, ""), time.Time{}, false, false},
		{"JPEG head cut inside APP1", jpegHead[:60], time.Time{}, false, false},
		{"TIFF raw II", fixtures.TIFF(0, when, "+01:00"), zoned(2019, 7, 4, 12, 34, 56, "+01:00"), true, true},
		{"TIFF raw MM", fixtures.TIFF(1, when, ""), when, false, true},
		{"TIFF without dates", fixtures.TIFF(1, time.Time{}, ""), time.Time{}, false, false},
		{"HEIC with offset", fixtures.HEIC(0, when, "+09:00"), zoned(2019, 7, 4, 12, 34, 56, "+09:00"), true, true},
		{"HEIC MM without offset", fixtures.HEIC(1, when, ""), when, false, true},
		{"HEIC without Exif item", fixtures.HEIC(2, time.Time{}, ""), time.Time{}, false, false},
		{"AVIF", heicAsAVIF, zoned(2019, 7, 4, 12, 34, 56, "+09:00"), true, true},
		{"PNG without date", fixtures.PNG(0), time.Time{}, false, false},
		{"PNG eXIf", pngWithEXIf(fixtures.PNG(1), fixtures.TIFF(0, when, ""), false), when, false, true},
		{"PNG eXIf after IDAT", pngWithEXIf(fixtures.PNG(1), fixtures.TIFF(1, when, "+03:00"), true), zoned(2019, 7, 4, 12, 34, 56, "+03:00"), true, true},
		{"PNG eXIf with Exif header", pngWithEXIf(fixtures.PNG(1), append([]byte("Exif\x00\x00"), fixtures.TIFF(0, when, "")...), false), when, false, true},
		{"WebP EXIF", webpWithEXIF(fixtures.TIFF(1, when, "")), when, false, true},
		{"WebP EXIF with Exif header", webpWithEXIF(append([]byte("Exif\x00\x00"), fixtures.TIFF(0, when, "")...)), when, false, true},
		{"MP4", fixtures.MP4(0, when, ""), time.Time{}, false, false},
		{"empty", nil, time.Time{}, false, false},
		{"XMP APP1 before Exif APP1", jpegWith(0xE0, []byte("JFIF\x00\x01\x01"), 0xE1, []byte("http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta/>"), 0xE1, append([]byte("Exif\x00\x00"), fixtures.TIFF(0, when, "")...)), when, false, true},
		{"Exif after start of scan is not read", append(jpegWith(), append([]byte{0xFF, 0xE1, 0, 100}, []byte("Exif\x00\x00")...)...), time.Time{}, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, ok := EXIF(tt.head)
			if ok != tt.ok {
				t.Fatalf("EXIF ok = %v, want %v (%+v)", ok, tt.ok, c)
			}
			if !ok {
				if c != (Clock{}) {
					t.Errorf("EXIF = %+v with ok false, want the zero Clock", c)
				}
				return
			}
			checkClock(t, c, tt.want, tt.zoned)
		})
	}
}

// checkClock checks the instant, the wall clock and Zoned.
func checkClock(t *testing.T, c Clock, want time.Time, zoned bool) {
	t.Helper()
	if c.Zoned != zoned {
		t.Errorf("Zoned = %v, want %v", c.Zoned, zoned)
	}
	if !c.Time.Equal(want) {
		t.Errorf("Time = %v, want %v", c.Time, want)
	}
	if got, w := c.Time.Format("2006-01-02 15:04:05.000 -07:00"), want.Format("2006-01-02 15:04:05.000 -07:00"); got != w {
		t.Errorf("wall clock = %s, want %s", got, w)
	}
	if !zoned && c.Time.Location() != time.UTC {
		t.Errorf("zoneless Time in %v, want the UTC placeholder", c.Time.Location())
	}
}

// TestEXIFTags checks which tags give the date, through hand-made TIFF
// structures in both byte orders.
func TestEXIFTags(t *testing.T) {
	type mk = func(t *tb, str func(uint16, string) ent) []ent
	tests := []struct {
		name  string
		ifd0  func(t *tb) []ent
		exif  mk
		want  time.Time
		zoned bool
		ok    bool
	}{
		{
			name: "DateTimeOriginal wins over DateTimeDigitized",
			exif: func(t *tb, str func(uint16, string) ent) []ent {
				return []ent{str(0x9003, "2019:07:04 12:34:56"), str(0x9004, "2020:01:01 00:00:00")}
			},
			want: when, ok: true,
		},
		{
			name: "DateTimeDigitized alone",
			exif: func(t *tb, str func(uint16, string) ent) []ent {
				return []ent{str(0x9004, "2019:07:04 12:34:56")}
			},
			want: when, ok: true,
		},
		{
			name: "DateTimeDigitized with OffsetTimeDigitized",
			exif: func(t *tb, str func(uint16, string) ent) []ent {
				return []ent{str(0x9004, "2019:07:04 12:34:56"), str(0x9011, "+01:00"), str(0x9012, "-03:00")}
			},
			want: zoned(2019, 7, 4, 12, 34, 56, "-03:00"), zoned: true, ok: true,
		},
		{
			name: "zero DateTimeOriginal falls back on DateTimeDigitized",
			exif: func(t *tb, str func(uint16, string) ent) []ent {
				return []ent{str(0x9003, "0000:00:00 00:00:00"), str(0x9004, "2019:07:04 12:34:56")}
			},
			want: when, ok: true,
		},
		{
			name: "zero dates",
			exif: func(t *tb, str func(uint16, string) ent) []ent {
				return []ent{str(0x9003, "0000:00:00 00:00:00"), str(0x9004, "0000:00:00 00:00:00")}
			},
		},
		{
			name: "blank date",
			exif: func(t *tb, str func(uint16, string) ent) []ent {
				return []ent{str(0x9003, "    :  :     :  :  ")}
			},
		},
		{
			name: "before 1900",
			exif: func(t *tb, str func(uint16, string) ent) []ent {
				return []ent{str(0x9003, "1899:12:31 23:59:59")}
			},
		},
		{
			name: "1900 is fine",
			exif: func(t *tb, str func(uint16, string) ent) []ent {
				return []ent{str(0x9003, "1900:01:01 00:00:00")}
			},
			want: utc(1900, 1, 1, 0, 0, 0), ok: true,
		},
		{
			name: "29 February of a common year",
			exif: func(t *tb, str func(uint16, string) ent) []ent {
				return []ent{str(0x9003, "2019:02:29 12:00:00")}
			},
		},
		{
			name: "hour 24",
			exif: func(t *tb, str func(uint16, string) ent) []ent {
				return []ent{str(0x9003, "2019:07:04 24:00:00")}
			},
		},
		{
			name: "garbage",
			exif: func(t *tb, str func(uint16, string) ent) []ent {
				return []ent{str(0x9003, "yesterday at noon!!")}
			},
		},
		{
			name: "dashes, T and trailing text",
			exif: func(t *tb, str func(uint16, string) ent) []ent {
				return []ent{str(0x9003, "2019-07-04T12:34:56 local")}
			},
			want: when, ok: true,
		},
		{
			name: "DateTime alone is the edit time: no date",
			ifd0: func(t *tb) []ent { return []ent{t.str(0x0132, 360, "2019:07:04 12:34:56")} },
			exif: func(t *tb, str func(uint16, string) ent) []ent {
				return []ent{{tag: 0x9000, typ: 7, count: 4, val: 0x31333230}}
			},
		},
		{
			name: "DateTimeOriginal as a number is ignored",
			exif: func(t *tb, str func(uint16, string) ent) []ent {
				return []ent{{tag: 0x9003, typ: 4, count: 1, val: 12345}, str(0x9004, "2019:07:04 12:34:56")}
			},
			want: when, ok: true,
		},
		{
			name: "SubSecTimeOriginal",
			exif: func(t *tb, str func(uint16, string) ent) []ent {
				return []ent{str(0x9003, "2019:07:04 12:34:56"), str(0x9011, "+02:00"), str(0x9291, "4270")}
			},
			want: zoned(2019, 7, 4, 12, 34, 56, "+02:00").Add(427 * time.Millisecond), zoned: true, ok: true,
		},
		{
			name: "half-hour offset",
			exif: func(t *tb, str func(uint16, string) ent) []ent {
				return []ent{str(0x9003, "2019:07:04 12:34:56"), str(0x9011, "+05:30")}
			},
			want: zoned(2019, 7, 4, 12, 34, 56, "+05:30"), zoned: true, ok: true,
		},
		{
			name: "offset +14:00",
			exif: func(t *tb, str func(uint16, string) ent) []ent {
				return []ent{str(0x9003, "2019:07:04 12:34:56"), str(0x9011, "+14:00")}
			},
			want: zoned(2019, 7, 4, 12, 34, 56, "+14:00"), zoned: true, ok: true,
		},
		{
			name: "offset out of range is ignored",
			exif: func(t *tb, str func(uint16, string) ent) []ent {
				return []ent{str(0x9003, "2019:07:04 12:34:56"), str(0x9011, "+15:00")}
			},
			want: when, ok: true,
		},
		{
			name: "blank offset is ignored",
			exif: func(t *tb, str func(uint16, string) ent) []ent {
				return []ent{str(0x9003, "2019:07:04 12:34:56"), str(0x9011, "   :  ")}
			},
			want: when, ok: true,
		},
		{
			name: "offset without colon is ignored",
			exif: func(t *tb, str func(uint16, string) ent) []ent {
				return []ent{str(0x9003, "2019:07:04 12:34:56"), str(0x9011, "+0200")}
			},
			want: when, ok: true,
		},
		{
			name: "dates and offset in IFD0, as TIFF/EP raw files may have them",
			ifd0: func(t *tb) []ent {
				return []ent{t.str(0x9003, 330, "2019:07:04 12:34:56"), t.str(0x9011, 360, "+02:00")}
			},
			exif: func(t *tb, str func(uint16, string) ent) []ent {
				return []ent{{tag: 0x9000, typ: 7, count: 4, val: 0x31333230}}
			},
			want: zoned(2019, 7, 4, 12, 34, 56, "+02:00"), zoned: true, ok: true,
		},
		{
			name: "the Exif IFD's offset wins over IFD0's",
			ifd0: func(t *tb) []ent { return []ent{t.str(0x9011, 360, "+02:00")} },
			exif: func(t *tb, str func(uint16, string) ent) []ent {
				return []ent{str(0x9003, "2019:07:04 12:34:56"), str(0x9011, "-04:00")}
			},
			want: zoned(2019, 7, 4, 12, 34, 56, "-04:00"), zoned: true, ok: true,
		},
	}
	for _, tt := range tests {
		for _, o := range []binary.ByteOrder{le, be} {
			t.Run(tt.name+"/"+o.String(), func(t *testing.T) {
				b := buildTIFF(o, nil, func(x *tb, str func(uint16, string) ent) []ent {
					return tt.exif(x, str)
				})
				if tt.ifd0 != nil {
					x := &tb{o: o, b: b}
					es := append(tt.ifd0(x), ent{tag: tagExifIFD, typ: 4, count: 1, val: 200})
					x.dir(8, -1, 0, es...)
					b = x.b
				}
				for _, head := range [][]byte{b, jpegWith(0xE1, append([]byte("Exif\x00\x00"), b...))} {
					c, ok := EXIF(head)
					if ok != tt.ok {
						t.Fatalf("EXIF ok = %v, want %v (%+v)", ok, tt.ok, c)
					}
					if ok {
						checkClock(t, c, tt.want, tt.zoned)
					}
				}
			})
		}
	}
}

// TestEXIFHostile feeds TIFF structures that make goexif loop, allocate
// gigabytes or give up, and checks that the date is still read when it is
// there.
func TestEXIFHostile(t *testing.T) {
	date := func(x *tb, str func(uint16, string) ent) []ent {
		return []ent{str(0x9003, "2019:07:04 12:34:56"), str(0x9011, "+02:00")}
	}
	good := zoned(2019, 7, 4, 12, 34, 56, "+02:00")
	withIFD0 := func(o binary.ByteOrder, extra ...ent) []byte { return buildTIFF(o, extra, date) }
	tests := []struct {
		name string
		make func(o binary.ByteOrder) []byte
		ok   bool
		// plain tells what goexif alone does with it: "fails" (checked), or
		// "hangs"/"allocates" (not run).
		plain string
	}{
		{
			name: "IFD loop IFD0 → IFD1 → IFD0",
			make: func(o binary.ByteOrder) []byte {
				b := withIFD0(o)
				x := &tb{o: o, b: b}
				x.dir(8, -1, 120, ent{tag: tagExifIFD, typ: 4, count: 1, val: 200}) // next: IFD1
				x.dir(120, -1, 8)                                                   // IFD1 → IFD0
				return x.b
			},
			ok: true, plain: "hangs",
		},
		{
			name: "count that wraps the byte length",
			make: func(o binary.ByteOrder) []byte {
				return withIFD0(o, ent{tag: 0x0100, typ: 3, count: 0x80000002, val: 0})
			},
			ok: true, plain: "allocates",
		},
		{
			name: "rational count that wraps",
			make: func(o binary.ByteOrder) []byte {
				return withIFD0(o, ent{tag: 0x011A, typ: 5, count: 0x20000001, val: 16})
			},
			ok: true, plain: "allocates",
		},
		{
			name: "count MaxUint32",
			make: func(o binary.ByteOrder) []byte {
				return withIFD0(o, ent{tag: 0x0100, typ: 4, count: 0xFFFFFFFF, val: 16})
			},
			ok: true, plain: "fails",
		},
		{
			name: "value beyond the data",
			make: func(o binary.ByteOrder) []byte {
				return withIFD0(o, ent{tag: 0x010F, typ: 2, count: 100, val: 0xFFFF0})
			},
			ok: true, plain: "fails",
		},
		{
			name: "unknown type",
			make: func(o binary.ByteOrder) []byte {
				return withIFD0(o, ent{tag: 0x0131, typ: 16, count: 1, val: 0})
			},
			ok: true, plain: "fails",
		},
		{
			name: "zero count",
			make: func(o binary.ByteOrder) []byte {
				return withIFD0(o, ent{tag: 0x0131, typ: 2, count: 0, val: 0})
			},
			ok: true, plain: "fails",
		},
		{
			name: "IFD1 beyond the data",
			make: func(o binary.ByteOrder) []byte {
				x := &tb{o: o, b: withIFD0(o)}
				x.dir(8, -1, 0x7FFFFFF0, ent{tag: tagExifIFD, typ: 4, count: 1, val: 200})
				return x.b
			},
			ok: true, plain: "fails",
		},
		{
			name: "hostile GPS IFD",
			make: func(o binary.ByteOrder) []byte {
				x := &tb{o: o, b: withIFD0(o, ent{tag: tagGPSIFD, typ: 4, count: 1, val: 300})}
				x.dir(300, -1, 0, ent{tag: 0x0002, typ: 5, count: 0x20000001, val: 16})
				return x.b
			},
			ok: true, plain: "allocates",
		},
		{
			name: "Interoperability pointer in IFD0",
			make: func(o binary.ByteOrder) []byte {
				x := &tb{o: o, b: withIFD0(o, ent{tag: tagInteropIFD, typ: 4, count: 1, val: 300})}
				x.dir(300, -1, 0, ent{tag: 0x0001, typ: 8, count: 0x80000002, val: 0})
				return x.b
			},
			ok: true, plain: "allocates",
		},
		{
			name: "many tags sharing one large value",
			make: func(o binary.ByteOrder) []byte {
				x := newTB(o, 8)
				e := x.str(0x9003, 40, "2019:07:04 12:34:56")
				f := x.str(0x9011, 64, "+02:00")
				x.dir(8, -1, 0, ent{tag: tagExifIFD, typ: 4, count: 1, val: 80})
				x.dir(80, -1, 0, e, f)
				// IFD1 would not be read: put the bomb in the Exif IFD
				// after the dates, 900 BYTE tags of 256 KiB each (goexif
				// is given 1000 tags at most).
				const n, size = 900, 256 << 10
				es := []ent{e, f}
				for range n {
					es = append(es, ent{tag: 0x927C, typ: 1, count: size, val: 0})
				}
				x.dir(80, -1, 0, es...)
				return x.at(80+2+12*len(es)+4+size, []byte{0}).b
			},
			ok: true, plain: "allocates",
		},
		{
			name: "Exif IFD of type IFD (13)",
			make: func(o binary.ByteOrder) []byte {
				x := &tb{o: o, b: withIFD0(o)}
				x.dir(8, -1, 0, ent{tag: tagExifIFD, typ: 13, count: 1, val: 200})
				return x.b
			},
			ok: true,
		},
		{
			name: "Exif IFD count larger than the data",
			make: func(o binary.ByteOrder) []byte {
				x := newTB(o, 8)
				e := x.str(0x9003, 40, "2019:07:04 12:34:56")
				f := x.str(0x9011, 64, "+02:00")
				x.dir(8, -1, 0, ent{tag: tagExifIFD, typ: 4, count: 1, val: 80})
				x.dir(80, 500, 0, e, f)
				return x.b[:80+2+24] // no room for the next-IFD offset either
			},
			ok: true, plain: "fails",
		},
		{
			name: "Exif pointer beyond the data",
			make: func(o binary.ByteOrder) []byte {
				x := &tb{o: o, b: withIFD0(o)}
				x.dir(8, -1, 0, ent{tag: tagExifIFD, typ: 4, count: 1, val: 1 << 20})
				return x.b
			},
		},
		{
			name: "Exif IFD is IFD0",
			make: func(o binary.ByteOrder) []byte {
				x := newTB(o, 8)
				e := x.str(0x9003, 80, "2019:07:04 12:34:56")
				f := x.str(0x9011, 100, "+02:00")
				x.dir(8, -1, 0, ent{tag: tagExifIFD, typ: 4, count: 1, val: 8}, e, f)
				return x.b
			},
			ok: true,
		},
		{
			name: "Exif IFD overlapping IFD0",
			make: func(o binary.ByteOrder) []byte {
				x := newTB(o, 8)
				x.dir(8, -1, 0, ent{tag: tagExifIFD, typ: 4, count: 1, val: 14}, ent{tag: 0x0100, typ: 4, count: 0x4000, val: 0})
				return x.at(120, make([]byte, 8)).b
			},
		},
		{
			name: "IFD0 with a negative count for goexif",
			make: func(o binary.ByteOrder) []byte {
				x := &tb{o: o, b: withIFD0(o)}
				x.at(8, []byte{0x90, 0x90})
				return x.b
			},
		},
		{
			name: "IFD0 beyond the data",
			make: func(o binary.ByteOrder) []byte {
				x := newTB(o, 1000)
				return x.at(20, []byte{1}).b
			},
		},
	}
	for _, tt := range tests {
		for _, o := range []binary.ByteOrder{le, be} {
			t.Run(tt.name+"/"+o.String(), func(t *testing.T) {
				b := tt.make(o)
				c, ok := EXIF(b)
				if ok != tt.ok {
					t.Fatalf("EXIF ok = %v, want %v (%+v)", ok, tt.ok, c)
				}
				if ok {
					checkClock(t, c, good, true)
				}
				if tt.plain == "fails" {
					x, err := exif.Decode(bytes.NewReader(b))
					if err == nil {
						if _, err := x.Get(exif.DateTimeOriginal); err == nil {
							t.Errorf("goexif alone reads the date: the quirk is gone")
						}
					}
				}
			})
		}
	}
}

// TestDefuseKeepsCopySmall checks that a raw file's head is not copied
// whole: only the structure IFD0 and the Exif IFD refer to.
func TestDefuseKeepsCopySmall(t *testing.T) {
	raw := append(fixtures.TIFF(0, when, ""), make([]byte, HeadSize)...)
	safe, _, ok := defuse(raw)
	if !ok {
		t.Fatal("defuse failed")
	}
	if len(safe) > 1024 {
		t.Errorf("copy of %d bytes, want the structure only", len(safe))
	}
	if c, ok := EXIF(raw); !ok || !c.Time.Equal(when) {
		t.Errorf("EXIF = %+v, %v", c, ok)
	}
}

// TestHEIFVariants covers the iloc and iinf versions, idat, and Exif items
// written without the offset or with a JPEG APP1 header.
func TestHEIFVariants(t *testing.T) {
	tiffMM := fixtures.TIFF(1, when, "+02:00")
	want := zoned(2019, 7, 4, 12, 34, 56, "+02:00")
	ftyp := mkbox("ftyp", []byte("heic"), b32(0), []byte("mif1heic"))
	hdlr := fullbox("hdlr", 0, b32(0), []byte("pict"), make([]byte, 13))
	infe2 := func(id uint16, typ string) []byte { return fullbox("infe", 2, b16(id), b16(0), []byte(typ), []byte{0}) }
	infe3 := func(id uint32, typ string) []byte { return fullbox("infe", 3, b32(id), b16(0), []byte(typ), []byte{0}) }
	item := join(b32(6), []byte("Exif\x00\x00"), tiffMM)

	// iloc v1, construction method 1: the item is in idat.
	idatHEIF := join(ftyp, fullbox("meta", 0, hdlr,
		fullbox("iinf", 0, b16(2), infe2(1, "hvc1"), infe2(2, "Exif")),
		fullbox("iloc", 1, b16(0x4400), b16(2),
			b16(1), b16(0), b16(0), b16(1), b32(0), b32(10), // hvc1 in the file, method 0
			b16(2), b16(1), b16(0), b16(1), b32(0), b32(uint32(len(item)))),
		mkbox("idat", item)))

	// iloc v1, construction method 1 with length 0: to the end of idat.
	idatToEnd := join(ftyp, fullbox("meta", 0, hdlr,
		fullbox("iinf", 0, b16(1), infe2(7, "Exif")),
		fullbox("iloc", 1, b16(0x4400), b16(1),
			b16(7), b16(1), b16(0), b16(1), b32(0), b32(0)),
		mkbox("idat", item)))

	// iloc v2 (32-bit ids), 8-byte offsets and lengths, 4-byte base
	// offset, 4-byte extent index; iinf v1, infe v3; the Exif item in two
	// extents in mdat, after an hvc1 item of three extents.
	v2 := func(dataAt uint32) []byte {
		half := uint64(len(item) / 2)
		return join(ftyp, fullbox("meta", 0, hdlr,
			fullbox("iinf", 1, b32(2), infe3(0x10001, "hvc1"), infe3(0x10002, "Exif")),
			fullbox("iloc", 2, b16(0x8844), b32(2),
				b32(0x10001), b16(0), b16(0), b32(dataAt), b16(3),
				b32(0), b64(0), b64(1), b32(0), b64(1), b64(1), b32(0), b64(2), b64(1),
				b32(0x10002), b16(0), b16(0), b32(dataAt+3), b16(2),
				b32(0), b64(0), b64(half), b32(0), b64(half), b64(uint64(len(item))-half)),
		))
	}
	dataAt := uint32(len(v2(0)) + 8)
	v2HEIF := join(v2(dataAt), mkbox("mdat", []byte{1, 2, 3}, item))

	// Items without the offset, or with a JPEG APP1 header after it.
	bare := func(it []byte) []byte {
		meta := func(at uint32) []byte {
			return join(ftyp, fullbox("meta", 0, hdlr,
				fullbox("iinf", 0, b16(1), infe2(1, "Exif")),
				fullbox("iloc", 0, b16(0x4400), b16(1), b16(1), b16(0), b16(1), b32(at), b32(uint32(len(it))))))
		}
		at := uint32(len(meta(0)) + 8)
		return join(meta(at), mkbox("mdat", it))
	}

	// mdat first, meta beyond head.
	big := make([]byte, HeadSize)
	mdatFirst := join(ftyp, mkbox("mdat", big), fullbox("meta", 0, hdlr))[:HeadSize]

	full := fixtures.HEIC(1, when, "+02:00")
	tests := []struct {
		name string
		head []byte
		ok   bool
	}{
		{"iloc v1 idat", idatHEIF, true},
		{"iloc v1 idat length 0", idatToEnd, true},
		{"iloc v2 extents", v2HEIF, true},
		{"no offset prefix", bare(tiffMM), true},
		{"offset 0 then Exif header", bare(join(b32(0), []byte("Exif\x00\x00"), tiffMM)), true},
		{"APP1 header", bare(join(b32(0), []byte{0xFF, 0xE1, 0x01, 0x00}, []byte("Exif\x00\x00"), tiffMM)), true},
		{"meta after a big mdat", mdatFirst, false},
		{"Exif item cut by head", full[:len(full)-10], false},
		{"whole", full, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, ok := EXIF(tt.head)
			if ok != tt.ok {
				t.Fatalf("EXIF ok = %v, want %v (%+v)", ok, tt.ok, c)
			}
			if ok {
				checkClock(t, c, want, true)
			}
		})
	}
}

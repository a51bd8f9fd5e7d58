package media

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"testing"
	"testing/iotest"
	"time"

	"github.com/takeback/takeback/fixtures"
)

// oldHead is the head google/photos.go read before ReadHead: the first
// 64 KiB of a file starting with FF D8, the first HeadSize bytes of others.
func oldHead(file []byte) []byte {
	n := HeadSize
	if bytes.HasPrefix(file, []byte{0xFF, 0xD8}) {
		n = jpegHeadSize
	}
	return file[:min(len(file), n)]
}

// countingReader counts the bytes its reader gave.
type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

// readHead is ReadHead on file, with the bytes read from it.
func readHead(t testing.TB, file []byte) (head []byte, read int) {
	t.Helper()
	c := &countingReader{r: bytes.NewReader(file)}
	head, err := ReadHead(c)
	if err != nil {
		t.Fatalf("ReadHead: %v", err)
	}
	return head, c.n
}

// results are what the readers say of a head, as a comparable string.
type results struct {
	detect Type
	exif   string
	video  string
}

func readAll(name string, head []byte) results {
	r := results{detect: Detect(name, head), exif: "none", video: "none"}
	if c, ok := EXIF(head); ok {
		r.exif = c.Time.Format(time.RFC3339Nano)
		if c.Zoned {
			r.exif += " zoned"
		}
		if c.DateOnly {
			r.exif += " date only"
		}
	}
	if v, ok := VideoTime(head); ok {
		r.video = v.Format(time.RFC3339Nano)
	}
	return r
}

// checkHead reads file with ReadHead and checks the head against the old
// one: a prefix of the file, at most HeadSize, all that was read, and the
// same results, but for the EXIF date when exifLost. It returns how many
// bytes were read.
func checkHead(t *testing.T, name string, file []byte, exifLost bool) int {
	t.Helper()
	head, read := readHead(t, file)
	if len(head) > HeadSize || !bytes.HasPrefix(file, head) {
		t.Fatalf("head of %d bytes is not a prefix of the file of at most HeadSize", len(head))
	}
	if read != len(head) {
		t.Errorf("read %d bytes, returned %d", read, len(head))
	}
	got, want := readAll(name, head), readAll(name, oldHead(file))
	if exifLost {
		if got.exif != "none" || want.exif == "none" {
			t.Errorf("EXIF %s on the head, %s on the old one; want none and a date", got.exif, want.exif)
		}
		got.exif = want.exif
	}
	if got != want {
		t.Errorf("on the %d-byte head: %+v; on the old %d-byte head: %+v", len(head), got, len(oldHead(file)), want)
	}
	// Short reads do not change the head.
	for _, r := range []io.Reader{iotest.OneByteReader(bytes.NewReader(file)), iotest.HalfReader(bytes.NewReader(file))} {
		h, err := ReadHead(r)
		if err != nil || !bytes.Equal(h, head) {
			t.Errorf("with short reads: %d bytes, %v; want %d bytes", len(h), err, len(head))
		}
	}
	return read
}

// pad returns n pseudo-random bytes (xorshift), which deflate does not
// shrink, standing in for image data.
func pad(seed uint64, n int) []byte {
	b := make([]byte, n)
	x := seed*0x9E3779B97F4A7C15 | 1
	for i := range b {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		b[i] = byte(x >> 32)
	}
	return b
}

// jpegPadded is a JPEG of about size bytes, as the benchmarks make them:
// SOI, the APP1 Exif segment when there is one, COM segments of
// pseudo-random bytes, then the rest of the JPEG.
func jpegPadded(img []byte, size int) []byte {
	at := 2
	if img[2] == 0xFF && img[3] == 0xE1 {
		at += 2 + int(be16(img[4:]))
	}
	out := append([]byte(nil), img[:at]...)
	for n := size - len(img); n > 4; {
		d := min(n-4, 0xFFFF-2)
		out = append(out, 0xFF, 0xFE, byte((d+2)>>8), byte(d+2))
		out = append(out, pad(uint64(n), d)...)
		n -= 4 + d
	}
	return append(out, img[at:]...)
}

// cameraJPEG is a JPEG as cameras and phones write it: APP0 JFIF, an XMP
// APP1, the APP1 Exif with a thumbnail of thumb bytes after the TIFF
// structure, an APP2 ICC profile, then the image, size bytes in all.
func cameraJPEG(thumb, size int) []byte {
	exif := join([]byte("Exif\x00\x00"), fixtures.TIFF(0, when, "+02:00"), pad(1, thumb))
	j := jpegWith(0xE0, []byte("JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"),
		0xE1, []byte("http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta/>"),
		0xE1, exif,
		0xE2, join([]byte("ICC_PROFILE\x00\x01\x01"), pad(2, 3000)),
		0xDB, pad(3, 130))
	// jpegWith ends with SOS and EOI: the image data goes between them.
	return join(j[:len(j)-2], pad(4, size-len(j)), j[len(j)-2:])
}

// heic is a HEIC whose mdat holds the Exif item of fixtures.TIFF and a
// picture item of picture bytes, the Exif item first when exifFirst.
func heic(exifFirst bool, picture int) []byte {
	ftyp := mkbox("ftyp", []byte("heic"), b32(0), []byte("mif1heic"))
	items := [][]byte{pad(5, picture), join(b32(6), []byte("Exif\x00\x00"), fixtures.TIFF(1, when, "+09:00"))}
	order := []int{0, 1}
	if exifFirst {
		order = []int{1, 0}
	}
	meta := func(dataAt int) []byte {
		at := map[int]int{}
		for _, k := range order {
			at[k] = dataAt
			dataAt += len(items[k])
		}
		var iloc [][]byte
		for k := range items {
			iloc = append(iloc, b16(uint16(k+1)), b16(0), b16(1), b32(uint32(at[k])), b32(uint32(len(items[k]))))
		}
		return fullbox("meta", 0,
			fullbox("hdlr", 0, b32(0), []byte("pict"), make([]byte, 13)),
			fullbox("pitm", 0, b16(1)),
			fullbox("iinf", 0, b16(2),
				fullbox("infe", 2, b16(1), b16(0), []byte("hvc1"), []byte{0}),
				fullbox("infe", 2, b16(2), b16(0), []byte("Exif"), []byte{0})),
			fullbox("iloc", 0, append([][]byte{b16(0x4400), b16(2)}, iloc...)...))
	}
	dataAt := len(ftyp) + len(meta(0)) + 8
	return join(ftyp, meta(dataAt), mkbox("mdat", items[order[0]], items[order[1]]))
}

// mp4 is fixtures.MP4 with an mdat of mdat bytes, before moov when
// mdatFirst.
func mp4(seed int, apple string, mdat int, mdatFirst bool) []byte {
	parts := map[string][]byte{}
	b := fixtures.MP4(seed, when, apple)
	for i := 0; i < len(b); {
		n := int(be32(b[i:]))
		parts[string(b[i+4:i+8])] = b[i : i+n]
		i += n
	}
	big := mkbox("mdat", pad(6, mdat))
	if mdatFirst {
		return join(parts["ftyp"], big, parts["moov"])
	}
	return join(parts["ftyp"], parts["moov"], big)
}

// pngChunk is a PNG chunk (the CRC is not checked by the readers).
func pngChunk(typ string, data []byte) []byte {
	return join(b32(uint32(len(data))), []byte(typ), data, b32(0))
}

// bigPNG is a PNG with its eXIf (when exif is set) before a large IDAT.
func bigPNG(exif bool, idat int) []byte {
	p := join(pngSig, pngChunk("IHDR", make([]byte, 13)))
	if exif {
		p = join(p, pngChunk("eXIf", fixtures.TIFF(0, when, "+01:00")))
	}
	return join(p, pngChunk("IDAT", pad(7, idat)), pngChunk("IEND", nil))
}

// riffChunk is a WebP chunk, padded to an even size.
func riffChunk(typ string, data []byte) []byte {
	b := join([]byte(typ), binary.LittleEndian.AppendUint32(nil, uint32(len(data))), data)
	if len(data)%2 != 0 {
		b = append(b, 0)
	}
	return b
}

// bigWebP is an extended WebP with a large image and an EXIF chunk after
// it, as the specification orders them; flag is the VP8X flags byte.
func bigWebP(flag byte, image int) []byte {
	body := join([]byte("WEBP"),
		riffChunk("VP8X", []byte{flag, 0, 0, 0, 15, 0, 0, 15, 0, 0}),
		riffChunk("VP8L", pad(8, image)),
		riffChunk("EXIF", fixtures.TIFF(1, when, "")))
	return join([]byte("RIFF"), binary.LittleEndian.AppendUint32(nil, uint32(len(body))), body)
}

// TestReadHead compares ReadHead's heads with the old ones on generated
// media of real sizes, and bounds what they cost.
func TestReadHead(t *testing.T) {
	const mb = 1 << 20
	// A moov larger than the first read: mvhd, a large trak, then the
	// QuickTime meta.
	mov := fixtures.MP4(0, when, "2019-07-04T12:34:56+0200")
	moov := boxesOf(mov)["moov"]
	mvhd := boxesOf(moov[8:])["mvhd"]
	largeMoov := join(boxesOf(mov)["ftyp"],
		mkbox("moov", mvhd, mkbox("trak", pad(11, 200<<10)), moov[8+len(mvhd):]),
		mkbox("mdat", pad(12, 3*mb)))
	tests := []struct {
		name    string
		file    []byte
		maxRead int // what reading the head may cost
	}{
		// The benchmarks' photos: the Exif segment, then padding.
		{"bench.jpg", jpegPadded(fixtures.JPEG(1, when, "+02:00"), 3*mb), firstRead},
		{"bench-no-offset.jpg", jpegPadded(fixtures.JPEG(2, when, ""), 3*mb), firstRead},
		// Without Exif, a long comment ends the walk.
		{"bench-no-exif.jpg", jpegPadded(fixtures.JPEG(3, time.Time{}, ""), 3*mb), firstRead},
		{"Exif after 5 KiB of comments", jpegWith(0xFE, pad(13, 5000), 0xE1, append([]byte("Exif\x00\x00"), fixtures.TIFF(0, when, "")...)), firstRead},
		{"Exif after 3 KiB of comments", jpegWith(0xFE, pad(13, 3000), 0xE1, append([]byte("Exif\x00\x00"), fixtures.TIFF(0, when, "")...)), firstRead},
		{"camera.jpg", cameraJPEG(500, 4*mb), firstRead},
		{"camera-thumbnail.jpg", cameraJPEG(20000, 4*mb), 21 << 10},
		{"camera-no-exif.jpg", jpegWith(0xE0, []byte("JFIF\x00"), 0xDB, pad(3, 130), 0xC0, pad(4, 15)), firstRead},
		{"small.jpg", fixtures.JPEG(0, when, ""), firstRead},
		{"MP4 moov first", mp4(0, "", 5*mb, false), firstRead},
		{"MOV moov first", mp4(1, "2019-07-04T12:34:56+0200", 5*mb, false), firstRead},
		{"MP4 moov at the end", mp4(0, "", 5*mb, true), firstRead},
		{"MP4 moov after a small mdat", mp4(0, "", 100<<10, true), 110 << 10},
		{"MP4 moov after an mdat ending at HeadSize", mp4(0, "", HeadSize-8-32, true), HeadSize},
		{"MP4 moov cut at HeadSize", mp4(0, "", HeadSize-8-32-24, true), HeadSize},
		{"MOV large moov", largeMoov, 210 << 10},
		{"HEIC Exif first", heic(true, 2*mb), firstRead},
		{"HEIC Exif after the picture", heic(false, 2*mb), firstRead},
		{"HEIC Exif after a small picture", heic(false, 100<<10), 110 << 10},
		{"PNG", bigPNG(false, 2*mb), firstRead},
		{"PNG eXIf", bigPNG(true, 2*mb), firstRead},
		{"WebP with EXIF after the image", bigWebP(0x08, 300<<10), 310 << 10},
		{"WebP without EXIF flag", bigWebP(0x00, 300<<10), firstRead},
		{"PNG eXIf after a large IDAT", pngWithEXIf(bigPNG(false, 300<<10), fixtures.TIFF(0, when, ""), true), firstRead},
		{"raw.dng", append(fixtures.TIFF(0, when, "+01:00"), pad(9, 2*mb)...), HeadSize},
		{"anim.gif", append([]byte("GIF89a\x01\x00\x01\x00"), pad(10, mb)...), firstRead},
		{"notes.txt", bytes.Repeat([]byte("hello\n"), 200000), firstRead},
		{"empty", nil, 0},
	}
	// The exception: a date the old head held and this one does not.
	exifLost := map[string]bool{"WebP without EXIF flag": true, "PNG eXIf after a large IDAT": true, "Exif after 5 KiB of comments": true}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			read := checkHead(t, tt.name, tt.file, exifLost[tt.name])
			if read > tt.maxRead {
				t.Errorf("read %d bytes, more than %d", read, tt.maxRead)
			}
			t.Logf("%d bytes read of %d", read, len(tt.file))
		})
	}
}

// boxesOf splits b into its boxes, by type.
func boxesOf(b []byte) map[string][]byte {
	m := map[string][]byte{}
	eachBox(b, func(bx box) bool {
		m[bx.typ] = b[bx.at-8 : bx.at+len(bx.body)]
		return true
	})
	return m
}

// TestReadHeadCost pins the cost of the usual heads: a few KB, not the
// 64 KiB and 512 KiB read before.
func TestReadHeadCost(t *testing.T) {
	for _, tt := range []struct {
		name string
		file []byte
		want int
	}{
		{"JPEG", jpegPadded(fixtures.JPEG(1, when, "+02:00"), 3<<20), firstRead},
		{"MP4", mp4(0, "", 5<<20, false), firstRead},
		{"HEIC", heic(true, 2<<20), firstRead},
	} {
		if _, read := readHead(t, tt.file); read != tt.want {
			t.Errorf("%s: read %d bytes, want %d", tt.name, read, tt.want)
		}
	}
}

// TestReadHeadSameResults compares ReadHead's heads with the old ones on
// the inputs of the readers' tests and fuzz seeds.
func TestReadHeadSameResults(t *testing.T) {
	var inputs [][]byte
	inputs = append(inputs, seedHeads()...)
	for seed := 0; seed < 4; seed++ {
		inputs = append(inputs,
			fixtures.JPEG(seed, when, "-05:30"),
			fixtures.JPEG(seed, time.Time{}, ""),
			fixtures.HEIC(seed, when, "+09:00"),
			fixtures.HEIC(seed, time.Time{}, ""),
			fixtures.MP4(seed, when, ""),
			fixtures.MP4(seed, time.Time{}, "2019-07-04T12:34:56Z"),
			fixtures.PNG(seed),
			fixtures.TIFF(seed, when, "+01:00"),
		)
	}
	full := fixtures.HEIC(1, when, "+02:00")
	mov := fixtures.MP4(0, when, "")
	parts := boxesOf(mov)
	ftyp := mkbox("ftyp", []byte("heic"), b32(0), []byte("mif1heic"))
	hdlr := fullbox("hdlr", 0, b32(0), []byte("pict"), make([]byte, 13))
	item := join(b32(6), []byte("Exif\x00\x00"), fixtures.TIFF(1, when, "+02:00"))
	inputs = append(inputs,
		fixtures.JPEG(0, when, "+02:00")[:60], // cut inside APP1
		append(jpegWith(), append([]byte{0xFF, 0xE1, 0, 100}, []byte("Exif\x00\x00")...)...),
		jpegWith(0xE0, []byte("JFIF\x00\x01\x01"), 0xE1, []byte("http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta/>"), 0xE1, append([]byte("Exif\x00\x00"), fixtures.TIFF(0, when, "")...)),
		pngWithEXIf(fixtures.PNG(1), fixtures.TIFF(1, when, "+03:00"), true),
		webpWithEXIF(append([]byte("Exif\x00\x00"), fixtures.TIFF(0, when, "")...)),
		full[:len(full)-10],
		join(ftyp, mkbox("mdat", make([]byte, HeadSize)), fullbox("meta", 0, hdlr)),
		join(ftyp, fullbox("meta", 0, hdlr,
			fullbox("iinf", 0, b16(1), fullbox("infe", 2, b16(7), b16(0), []byte("Exif"), []byte{0})),
			fullbox("iloc", 1, b16(0x4400), b16(1), b16(7), b16(1), b16(0), b16(1), b32(0), b32(0)),
			mkbox("idat", item))),
		join(parts["ftyp"], parts["mdat"], parts["moov"]),
		join(parts["ftyp"], b32(1), []byte("mdat"), b64(16+100), make([]byte, 100), parts["moov"]),
		join(parts["ftyp"], mkbox("mdat", make([]byte, HeadSize)), parts["moov"]),
		join(parts["ftyp"], mkbox("free", nil), b32(0), []byte("moov"), parts["moov"][8:]), // moov to the end
		parts["moov"],
		join(mkbox("skip", make([]byte, 40)), parts["moov"]),
		mov[:len(parts["ftyp"])+8+16],
		mov[:len(parts["ftyp"])+8+14],
		[]byte("GIF89a\x01\x00\x01\x00"),
		nil,
	)
	for i, file := range inputs {
		for _, name := range []string{"x.jpg", "x.mp4", "x.txt"} {
			head, _ := readHead(t, file)
			if got, want := readAll(name, head), readAll(name, oldHead(file)); got != want {
				t.Errorf("input %d (% x…) as %s: %+v on the %d-byte head, %+v on the old one", i, file[:min(len(file), 16)], name, got, len(head), want)
			}
		}
	}
}

// TestReadHeadError returns what a failing reader gave and its error.
func TestReadHeadError(t *testing.T) {
	boom := errors.New("boom")
	file := mp4(0, "", 1<<20, true)
	head, err := ReadHead(io.MultiReader(bytes.NewReader(file[:100]), iotest.ErrReader(boom)))
	if !errors.Is(err, boom) || !bytes.Equal(head, file[:100]) {
		t.Errorf("ReadHead = %d bytes, %v", len(head), err)
	}
}

// FuzzHead: ReadHead never panics, never reads past HeadSize, returns a
// prefix of the file and all it read, and the readers say of it what they
// said of the old head; only the date of a JPEG, PNG or WebP may be
// missing (the exceptions of ReadHead). tail lengthens the file with
// zeros, so that the walks meet the end of the head.
func FuzzHead(f *testing.F) {
	for i, h := range seedHeads() {
		f.Add(h, uint32(i%3)*HeadSize/2)
	}
	f.Add(jpegWith(0xFE, []byte{}), uint32(HeadSize))
	f.Add(join(b32(0), []byte("moov")), uint32(0))
	f.Fuzz(func(t *testing.T, data []byte, tail uint32) {
		file := append(data[:len(data):len(data)], make([]byte, tail%(HeadSize+HeadSize/4))...)
		c := &countingReader{r: bytes.NewReader(file)}
		head, err := ReadHead(c)
		if err != nil {
			t.Fatal(err)
		}
		if c.n > HeadSize || c.n != len(head) || !bytes.HasPrefix(file, head) {
			t.Fatalf("read %d bytes, returned %d, prefix %v", c.n, len(head), bytes.HasPrefix(file, head))
		}
		got, want := readAll("", head), readAll("", oldHead(file))
		if got.exif == "none" && want.exif != "none" && (bytes.HasPrefix(file, []byte{0xFF, 0xD8, 0xFF}) || bytes.HasPrefix(file, pngSig) ||
			len(file) >= 12 && string(file[:4]) == "RIFF" && string(file[8:12]) == "WEBP") {
			got.exif = want.exif // the exception
		}
		if got != want {
			t.Fatalf("on the %d-byte head: %+v; on the old one: %+v", len(head), got, want)
		}
	})
}

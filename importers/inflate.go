package importers

import (
	"bufio"
	"io"
	"os"
	"sync"

	kflate "github.com/klauspost/compress/flate"
)

// inflate reads a zip's deflated members with klauspost's inflate, which
// runs at more than twice the speed of compress/flate under archive/zip
// on photos (bench/README.md): inflating is most of an import's CPU.
// Like archive/zip's own, the readers are pooled, since preview opens
// every member of the archive and a reader holds about 50 KB of tables
// and window.
func inflate(r io.Reader) io.ReadCloser {
	f, _ := inflaters.Get().(*inflater)
	if f == nil {
		f = &inflater{buf: bufio.NewReaderSize(r, 32<<10)}
		f.fr = kflate.NewReaderDict(f.buf, headDict[:])
	} else {
		f.buf.Reset(r)
		f.fr.(kflate.Resetter).Reset(f.buf, headDict[:])
	}
	return &inflating{f: f}
}

// headDict is a preset dictionary of zeros that fills all but 4 KiB of
// the 32 KiB window. An inflater hands out what it decoded only when its
// window is full (or a block ends), so without it the first Read of a
// member decodes 32 KiB, when preview wants the first 4 KiB of a photo
// (media.ReadHead). A well-formed deflate stream never refers to bytes
// before its start, so the zeros are never seen; a damaged one that does
// reads zeros instead of failing at once, and the member's CRC-32 still
// fails it when it is read to the end (every upload is).
var headDict [28 << 10]byte

var inflaters sync.Pool

// inflater is a pooled inflate with its read buffer: given a
// *bufio.Reader, klauspost's inflate takes its fastest path.
type inflater struct {
	buf *bufio.Reader
	fr  io.ReadCloser
}

// inflating is one member's reader; closing it returns the inflater to
// the pool, once.
type inflating struct{ f *inflater }

func (r *inflating) Read(p []byte) (int, error) {
	if r.f == nil {
		return 0, os.ErrClosed
	}
	return r.f.fr.Read(p)
}

func (r *inflating) Close() error {
	if r.f == nil {
		return nil
	}
	err := r.f.fr.Close()
	r.f.buf.Reset(nil)
	inflaters.Put(r.f)
	r.f = nil
	return err
}

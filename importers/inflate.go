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
		f.fr = kflate.NewReader(f.buf)
	} else {
		f.buf.Reset(r)
		f.fr.(kflate.Resetter).Reset(f.buf, nil)
	}
	return &inflating{f: f}
}

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

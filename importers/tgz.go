package importers

import (
	"archive/tar"
	"bufio"
	"errors"
	"io"
	"os"
	"sync"

	"github.com/klauspost/compress/gzip"

	"github.com/takeback/takeback/internal/lang"
)

// tarInput reads a tgz (or a plain tar) as a stream, decompressing as it
// goes: each Walk is one pass from the start of the file, and Open goes on
// from where the last Open stopped.
type tarInput struct {
	name    string
	f       *os.File
	size    int64
	gzipped bool

	mu  sync.Mutex // held while a reader from Open is open
	cur *tarStream // where the last Open stopped; nil at the start
}

func openTar(f *os.File, size int64, name string, gzipped bool) (Input, error) {
	t := &tarInput{name: name, f: f, size: size, gzipped: gzipped}
	// Read the first header now, so that a gzip file holding something
	// else is refused up front.
	s, err := t.stream()
	if err == nil {
		_, err = s.next()
		s.Close()
	}
	switch {
	case err == nil, err == io.EOF:
		return t, nil
	case gzipped && errors.Is(err, tar.ErrHeader):
		return nil, lang.New("a gzip file, but with no tar archive inside: not a tgz (a Takeout comes as .zip or .tgz files)")
	}
	return nil, t.damaged(err)
}

func (t *tarInput) Name() string { return t.name }

// Walk calls fn for each regular file in one pass. The opener is valid only
// during the call.
func (t *tarInput) Walk(fn WalkFunc) error {
	s, err := t.stream()
	if err != nil {
		return t.damaged(err)
	}
	defer s.Close()
	var skipped skippedMembers
	var replay []byte
	for {
		hdr, err := s.next()
		if err == io.EOF {
			return skipped.err(t.kind())
		}
		if err != nil {
			return t.damaged(err)
		}
		if hdr.Typeflag != tar.TypeReg {
			continue
		}
		if reason := memberNameProblem(hdr.Name); !reason.IsZero() {
			skipped.add(reason)
			continue
		}
		path, note := displayName(hdr.Name, false)
		e := &tarEntry{path: path, r: s.tr, head: replay[:0]}
		m := Member{Input: t.name, Path: path, Size: hdr.Size, ModTime: hdr.ModTime, nameNote: note}
		err = fn(m, e.open)
		e.done = true
		replay = e.head
		if err != nil {
			return err
		}
	}
}

// Open finds a member by reading on from where the last Open stopped, and
// from the start only when the member lies behind: opening members in
// archive order costs one pass in all, while a random order costs up to a
// pass per member. Readers are handed out one at a time: Open waits until
// the previous reader is closed.
func (t *tarInput) Open(path string) (io.ReadCloser, error) {
	t.mu.Lock()
	for restarted := t.cur == nil; ; restarted = true {
		if t.cur == nil {
			s, err := t.stream()
			if err != nil {
				t.mu.Unlock()
				return nil, t.damaged(err)
			}
			t.cur = s
		}
		for {
			hdr, err := t.cur.next()
			if err != nil {
				t.cur.Close()
				t.cur = nil
				if err != io.EOF {
					t.mu.Unlock()
					return nil, t.damaged(err)
				}
				break
			}
			if hdr.Typeflag == tar.TypeReg && memberNameProblem(hdr.Name).IsZero() && tarPath(hdr.Name) == path {
				return &cursorReader{t: t, r: t.cur.tr}, nil
			}
		}
		if restarted {
			t.mu.Unlock()
			return nil, memberNotFound(path)
		}
	}
}

// tarPath is a member's display path (see displayName).
func tarPath(stored string) string {
	path, _ := displayName(stored, false)
	return path
}

// cursorReader is a member handed out by Open; closing it lets the next
// Open go on from there.
type cursorReader struct {
	t      *tarInput
	r      io.Reader
	closed bool
}

func (c *cursorReader) Read(p []byte) (int, error) {
	if c.closed {
		return 0, os.ErrClosed
	}
	return c.r.Read(p)
}

func (c *cursorReader) Close() error {
	if !c.closed {
		c.closed = true
		c.t.mu.Unlock()
	}
	return nil
}

func (t *tarInput) Close() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.cur != nil {
		t.cur.Close()
		t.cur = nil
	}
	return t.f.Close()
}

func (t *tarInput) kind() string {
	if t.gzipped {
		return "tgz"
	}
	return "tar"
}

func (t *tarInput) damaged(err error) error {
	return lang.Errorf("the %s archive ends early or is damaged: %w", t.kind(), err)
}

// tarStream is one pass over the archive. It reads the file through
// ReadAt, so passes do not disturb each other.
type tarStream struct {
	tr   *tar.Reader
	gz   *gzip.Reader
	tail *zeroTail
}

func (t *tarInput) stream() (*tarStream, error) {
	var r io.Reader = bufio.NewReaderSize(io.NewSectionReader(t.f, 0, t.size), 64<<10)
	s := &tarStream{}
	if t.gzipped {
		gz, err := gzip.NewReader(r)
		if err != nil {
			return nil, err
		}
		s.gz, r = gz, gz
	} else {
		// A tgz has its gzip trailer to show it is whole; a plain tar has
		// only its end-of-archive blocks.
		s.tail = &zeroTail{r: r}
		r = s.tail
	}
	s.tr = tar.NewReader(r)
	return s, nil
}

func (s *tarStream) next() (*tar.Header, error) {
	hdr, err := s.tr.Next()
	if errors.Is(err, tar.ErrInsecurePath) {
		err = nil // names such as "../x" are harmless here: nothing is extracted
	}
	if err == io.EOF && s.tail != nil && !s.tail.ended() {
		err = io.ErrUnexpectedEOF
	}
	return hdr, err
}

func (s *tarStream) Close() error {
	if s.gz != nil {
		return s.gz.Close()
	}
	return nil
}

// zeroTail notes where the last non-zero byte read was. The archive/tar
// reader takes a plain tar cut between two members for a complete one; a
// complete one ends with at least one zero block.
type zeroTail struct {
	r       io.Reader
	n, data int64
}

func (z *zeroTail) Read(p []byte) (int, error) {
	n, err := z.r.Read(p)
	for i := n - 1; i >= 0; i-- {
		if p[i] != 0 {
			z.data = z.n + int64(i) + 1
			break
		}
	}
	z.n += int64(n)
	return n, err
}

func (z *zeroTail) ended() bool { return z.n-z.data >= 512 }

// tgzReplayMax is how much of a streamed member is kept so that it can be
// opened again during the same WalkFunc call.
const tgzReplayMax = 1 << 20

// tarEntry lets a streamed member be opened several times during its
// WalkFunc call (a source sniffs it, another reads it), as if each opener
// had the member from its start: the first tgzReplayMax bytes read are kept.
// A reader that needs bytes that were read past them, or reads after the
// call, gets an error rather than the wrong bytes.
type tarEntry struct {
	path string
	r    io.Reader
	head []byte // the first bytes read from r, up to tgzReplayMax
	n    int64  // bytes read from r
	done bool
}

func (e *tarEntry) open() (io.ReadCloser, error) {
	if e.done {
		return nil, lang.Errorf("%s: a tgz member can be opened only while it is walked", e.path)
	}
	return &tarEntryReader{e: e}, nil
}

type tarEntryReader struct {
	e      *tarEntry
	off    int64
	closed bool
}

func (r *tarEntryReader) Read(p []byte) (int, error) {
	e := r.e
	switch {
	case r.closed:
		return 0, os.ErrClosed
	case e.done:
		return 0, lang.Errorf("%s: a tgz member can be read only while it is walked", e.path)
	case r.off < int64(len(e.head)):
		n := copy(p, e.head[r.off:])
		r.off += int64(n)
		return n, nil
	case r.off != e.n:
		return 0, lang.Errorf("%s: a tgz member can be read again only up to %v", e.path, lang.Size(tgzReplayMax))
	}
	n, err := e.r.Read(p)
	if keep := min(n, tgzReplayMax-len(e.head)); keep > 0 {
		e.head = append(e.head, p[:keep]...)
	}
	e.n += int64(n)
	r.off += int64(n)
	return n, err
}

func (r *tarEntryReader) Close() error {
	r.closed = true
	return nil
}

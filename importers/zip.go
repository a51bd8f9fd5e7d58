package importers

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"sync"

	kflate "github.com/klauspost/compress/flate"

	"github.com/takeback/takeback/internal/lang"
)

// zipInput reads a zip in place through its central directory: members are
// opened at their offsets, never extracted.
type zipInput struct {
	name    string
	f       *os.File
	members []zipMember // the regular files, in archive order

	indexOnce sync.Once
	index     map[string]*zipMember
}

// zipMember is one regular file of the zip, with its display name.
type zipMember struct {
	f        *zip.File
	path     string    // display path (see displayName)
	note     string    // why path differs from f.Name
	problem  lang.Text // why the member cannot be listed at all (its name), or nothing
	locked   bool      // encrypted
	declared int64     // the uncompressed size the central directory gives
}

// Flags of a zip member's general-purpose bit field (APPNOTE 4.4.4).
const (
	zipEncrypted = 0x1   // bit 0: encrypted (traditional PKWARE, strong or AES encryption)
	zipUTF8      = 0x800 // bit 11: the name and comment are UTF-8
)

// errEncrypted is why a password-protected member cannot be read.
var errEncrypted = lang.New("it is password-protected (encrypted), and takeback cannot read encrypted archives: " +
	"extract the archive with its password, then give takeback the extracted folder")

func openZip(f *os.File, size int64, name string) (Input, error) {
	r, err := zip.NewReader(f, size)
	// Names such as "../x" are harmless here: nothing is extracted.
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, zipDamaged(f, size, err)
	}
	r.RegisterDecompressor(zip.Deflate, inflate)
	z := &zipInput{name: name, f: f}
	locked := 0
	for _, zf := range r.File {
		// Unused, and its buffer holds a second copy of the name: 10 MB
		// at 50,000 photos (issue 7).
		zf.Extra = nil
		if !zf.Mode().IsRegular() {
			continue
		}
		// A zip written on Windows may separate folders with backslashes,
		// against the format (APPNOTE 4.4.17.1).
		path, note := displayName(strings.ReplaceAll(zf.Name, `\`, "/"), zf.Flags&zipUTF8 == 0)
		m := zipMember{f: zf, path: path, note: note, problem: zipMemberProblem(zf),
			locked: zf.Flags&zipEncrypted != 0, declared: int64(min(zf.UncompressedSize64, math.MaxInt64))}
		if m.locked {
			locked++
		}
		z.members = append(z.members, m)
	}
	if locked > 0 && locked == len(z.members) {
		return nil, lang.New("the zip archive is password-protected (encrypted), and takeback cannot read encrypted archives: " +
			"extract it with its password, then give takeback the extracted folder")
	}
	return z, nil
}

// zipDamaged says why the central directory cannot be read: the end of
// the file is missing (a download cut short), or the directory that the
// end-of-central-directory record points at is not one.
func zipDamaged(f *os.File, size int64, err error) error {
	tail := make([]byte, min(size, 22+math.MaxUint16)) // the record and the longest comment
	if n, _ := f.ReadAt(tail, size-int64(len(tail))); bytes.Contains(tail[:n], []byte("PK\x05\x06")) {
		return lang.Errorf("the zip archive is damaged: its table of contents (the central directory) cannot be read: %w", err)
	}
	return lang.Errorf("the zip archive is incomplete or damaged (was the download interrupted?): %w", err)
}

func (z *zipInput) Name() string { return z.name }

func (z *zipInput) Walk(fn WalkFunc) error {
	var skipped skippedMembers
	var locked []error
	for i := range z.members {
		zm := &z.members[i]
		switch {
		case !zm.problem.IsZero():
			skipped.add(zm.problem)
			continue
		case zm.locked:
			locked = append(locked, &MemberError{Path: zm.path, Err: errEncrypted})
			continue
		}
		open := z.opener(zm)
		m := Member{Input: z.name, Path: zm.path, Size: zm.declared, ModTime: zm.f.Modified, reopen: open, nameNote: zm.note}
		if err := fn(m, open); err != nil {
			return err
		}
	}
	err := skipped.err("zip")
	if len(locked) == 0 {
		return err
	}
	return errors.Join(append([]error{err}, locked...)...)
}

// Open finds a member by its display path; with duplicate paths, the first
// one stored.
func (z *zipInput) Open(path string) (io.ReadCloser, error) {
	z.indexOnce.Do(func() {
		z.index = make(map[string]*zipMember, len(z.members))
		for i := range z.members {
			zm := &z.members[i]
			if _, dup := z.index[zm.path]; !dup && zm.problem.IsZero() && !zm.locked {
				z.index[zm.path] = zm
			}
		}
	})
	zm, ok := z.index[path]
	if !ok {
		return nil, memberNotFound(path)
	}
	return z.opener(zm)()
}

func (z *zipInput) Close() error { return z.f.Close() }

// opener opens the member, with errors that say what is wrong. archive/zip
// stops a member at the size its central directory declares (ErrFormat
// past it), so a lying header cannot make a read longer than declared;
// the readers' own caps (ReadAll) bound the declared size.
func (z *zipInput) opener(zm *zipMember) Opener {
	return func() (io.ReadCloser, error) {
		if zm.locked {
			return nil, errEncrypted
		}
		rc, err := zm.f.Open()
		if err != nil {
			return nil, zipOpenError(zm, err)
		}
		return &zipReader{rc: rc, zm: zm}, nil
	}
}

type zipReader struct {
	rc io.ReadCloser
	zm *zipMember
}

func (r *zipReader) Read(p []byte) (int, error) {
	n, err := r.rc.Read(p)
	if err != nil && err != io.EOF {
		err = zipReadError(r.zm, err)
	}
	return n, err
}

func (r *zipReader) Close() error { return r.rc.Close() }

// zipError keeps archive/zip's error for errors.Is, with a message for
// people.
type zipError struct {
	text lang.Text
	err  error
}

func (e *zipError) Error() string { return e.text.String() }
func (e *zipError) Unwrap() error { return e.err }

// Text is the error's message, to print in the reader's language.
func (e *zipError) Text() lang.Text { return e.text }

func zipOpenError(zm *zipMember, err error) error {
	switch {
	case errors.Is(err, zip.ErrAlgorithm):
		return &zipError{lang.T("it is compressed with a method takeback cannot read (zip method %s)", strconv.Itoa(int(zm.f.Method))), err}
	case errors.Is(err, zip.ErrFormat):
		return &zipError{lang.T("its header in the archive is damaged: the archive is damaged"), err}
	}
	return err
}

func zipReadError(zm *zipMember, err error) error {
	var corrupt flate.CorruptInputError
	var kcorrupt kflate.CorruptInputError
	switch {
	case errors.Is(err, zip.ErrFormat):
		// archive/zip's only ErrFormat while reading: more bytes than declared.
		return &zipError{lang.T("it holds more than the %v the archive's table of contents gives it: "+
			"the archive is damaged, or made to deceive", lang.Size(zm.declared)), err}
	case errors.Is(err, zip.ErrChecksum):
		return &zipError{lang.T("its content does not match its checksum: the archive is damaged"), err}
	case errors.Is(err, io.ErrUnexpectedEOF):
		return &zipError{lang.T("it ends before the %v the archive's table of contents gives it: the archive is damaged",
			lang.Size(zm.declared)), err}
	case errors.As(err, &corrupt), errors.As(err, &kcorrupt):
		return &zipError{lang.T("its compressed data is damaged: the archive is damaged"), err}
	}
	return err
}

func zipMemberProblem(f *zip.File) lang.Text {
	if reason := memberNameProblem(f.Name); !reason.IsZero() {
		return reason
	}
	if f.UncompressedSize64 > math.MaxInt64 {
		return lang.T("its size (%d bytes) is impossible", f.UncompressedSize64)
	}
	return lang.Text{}
}

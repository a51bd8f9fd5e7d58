package importers

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/takeback/takeback/internal/lang"
)

// maxMemberName bounds member paths. Takeout paths are far shorter; a longer
// name means a damaged or hostile archive.
const maxMemberName = 4096

// OpenInput opens one input, recognised by its content rather than its
// name: a folder (an extracted Takeout), a zip, a gzip-compressed tar (.tgz,
// .tar.gz) or a plain tar. Nothing is extracted. Errors are *InputError.
func OpenInput(path string) (Input, error) {
	name := inputName(path)
	fail := func(err error) (Input, error) { return nil, &InputError{Input: name, Err: err} }

	fi, err := os.Stat(path)
	if err != nil {
		return fail(openFailure(err))
	}
	if fi.IsDir() {
		in, err := openDir(path, name)
		if err != nil {
			return fail(err)
		}
		return in, nil
	}
	if !fi.Mode().IsRegular() {
		return fail(lang.New("not a file or folder"))
	}
	f, err := os.Open(path)
	if err != nil {
		return fail(openFailure(err))
	}
	in, err := openArchive(f, name)
	if err != nil {
		f.Close()
		return fail(err)
	}
	return in, nil
}

// openArchive recognises the archive by its first bytes. On success the
// input owns f.
func openArchive(f *os.File, name string) (Input, error) {
	fi, err := f.Stat()
	if err != nil {
		return nil, lang.Errorf("cannot read: %w", err)
	}
	head := make([]byte, 512)
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return nil, lang.Errorf("cannot read: %w", err)
	}
	head = head[:n]
	switch {
	case n == 0:
		return nil, lang.New("the file is empty (was the download interrupted?)")
	case bytes.HasPrefix(head, []byte("PK\x03\x04")), bytes.HasPrefix(head, []byte("PK\x05\x06")):
		return openZip(f, fi.Size(), name)
	case bytes.HasPrefix(head, []byte{0x1f, 0x8b}):
		return openTar(f, fi.Size(), name, true)
	case len(head) >= 262 && string(head[257:262]) == "ustar":
		return openTar(f, fi.Size(), name, false)
	}
	return nil, lang.New("not a zip, tgz or folder (a Takeout comes as .zip or .tgz files)")
}

// inputName is the base name users know the input by, also for "." or a
// path ending in a separator, as text (see displayName).
func inputName(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	name, _ := displayName(filepath.Base(path), false)
	return name
}

// openFailure drops the full path from err: InputError already names the
// input.
func openFailure(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return lang.Errorf("cannot open: %w", err)
}

// MemberError is one member of an input that cannot be read at all, such
// as a password-protected member of a zip. An input's Walk returns it
// (joined with errors.Join when there are several) after the members it
// could list; the plan reports it as a failure of input!path.
type MemberError struct {
	Path string // the member's display path
	Err  error
}

func (e *MemberError) Error() string { return e.Path + ": " + e.Err.Error() }
func (e *MemberError) Unwrap() error { return e.Err }

// Text is the error's message, to print in the reader's language.
func (e *MemberError) Text() lang.Text { return lang.T("%s: %v", e.Path, e.Err) }

func memberNotFound(path string) error {
	return &fs.PathError{Op: "open", Path: path, Err: fs.ErrNotExist}
}

// memberNameProblem says why a member name cannot be used, or nothing.
func memberNameProblem(name string) lang.Text {
	switch {
	case name == "":
		return lang.T("its name is empty")
	case len(name) > maxMemberName:
		return lang.T("its name is %d bytes long (the limit is %d)", len(name), maxMemberName)
	}
	return lang.Text{}
}

// skippedMembers collects the members a walk leaves out, so that the walk
// can list the good ones and then end with one error about the rest.
type skippedMembers struct {
	n     int
	first lang.Text
}

func (s *skippedMembers) add(reason lang.Text) {
	if s.n == 0 {
		s.first = reason
	}
	s.n++
}

// err says what was left out of an archive of a format ("zip", "tgz").
func (s *skippedMembers) err(format string) error {
	switch s.n {
	case 0:
		return nil
	case 1:
		return lang.Errorf("the %s archive is damaged: 1 member was left out because %v", format, s.first)
	}
	return lang.Errorf("the %s archive is damaged: %d members were left out, the first because %v", format, s.n, s.first)
}

package importers

import (
	"fmt"
	"io"
	"time"

	"github.com/takeback/takeback/internal/lang"
)

// Member is one file inside an input.
type Member struct {
	// Input is the base name of the input file or folder.
	Input string
	// Path is the slash-separated path inside the input, as text: the
	// stored name, made valid UTF-8 without control characters when it is
	// not (see displayName), with a zip's backslashes read as slashes.
	Path string
	// Size is the size the input declares. An archive header can lie:
	// readers cap what they read whatever it says (see ReadAll).
	Size    int64
	ModTime time.Time

	in       Input  // set by Tree.Walk, for Reopen
	reopen   Opener // set by inputs that can open this very member again (zip, folder)
	nameNote string // why Path differs from the stored name (nameCP437, nameUnreadable), or ""
}

// Reopen returns an opener that stays valid after the walk, for content
// that is read at import time. On a tgz it reads on through the stream, so
// members are best opened in archive order (see tarInput.Open).
func (m Member) Reopen() Opener {
	if m.reopen != nil {
		return m.reopen
	}
	in, p := m.in, m.Path
	return func() (io.ReadCloser, error) {
		if in == nil {
			return nil, lang.Errorf("%s: the member was not found through a tree", p)
		}
		return in.Open(p)
	}
}

// Source names the member for users: "takeout-001.zip!Takeout/Calendar/Work.ics".
func (m Member) Source() string { return m.Input + "!" + m.Path }

// Opener opens a member's content for streaming.
type Opener func() (io.ReadCloser, error)

// WalkFunc is called once per member. open is valid only during the call
// for streamed inputs (tgz); a zip or folder member can be opened later too.
type WalkFunc func(m Member, open Opener) error

// Input is one archive or folder.
type Input interface {
	Name() string
	// Walk calls fn for each regular file, in the input's own order.
	Walk(fn WalkFunc) error
	// Open opens one member by path. On a tgz it reads the stream from the
	// start, so callers prefer Walk.
	Open(path string) (io.ReadCloser, error)
	Close() error
}

// InputError is a problem with one input as a whole; the others go on.
type InputError struct {
	Input string
	Err   error
}

func (e *InputError) Error() string { return fmt.Sprintf("%s: %v", e.Input, e.Err) }
func (e *InputError) Unwrap() error { return e.Err }

// Text is the error's message, to print in the reader's language.
func (e *InputError) Text() lang.Text { return lang.T("%s: %v", e.Input, e.Err) }

// Tree reads several inputs as one: the parts of a multi-part Takeout, a tgz,
// an extracted folder, a Facebook export, side by side.
type Tree struct {
	Inputs []Input
}

// OpenTree opens every path. Inputs that cannot be read are returned as
// InputErrors and left out of the tree, so the rest can still be imported.
func OpenTree(paths []string) (*Tree, []error) {
	t := &Tree{}
	var errs []error
	for _, p := range paths {
		in, err := OpenInput(p)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		t.Inputs = append(t.Inputs, in)
	}
	return t, errs
}

// Walk walks every input in turn. An input that breaks part-way (a
// truncated zip or tgz) yields an InputError after the members read so far;
// the walk goes on with the next input. A non-nil error from fn stops it.
func (t *Tree) Walk(fn WalkFunc) (inputErrs []error, err error) {
	for _, in := range t.Inputs {
		var stop error
		werr := in.Walk(func(m Member, open Opener) error {
			m.in = in
			if e := fn(m, open); e != nil {
				stop = e
				return e
			}
			return nil
		})
		if stop != nil {
			return inputErrs, stop
		}
		if werr != nil {
			inputErrs = append(inputErrs, &InputError{Input: in.Name(), Err: werr})
		}
	}
	return inputErrs, nil
}

// Close closes every input.
func (t *Tree) Close() error {
	var first error
	for _, in := range t.Inputs {
		if err := in.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

package importers

import (
	"bytes"
	"io"

	"github.com/takeback/takeback/internal/lang"
)

// TooLargeError is a member that holds more than a reader takes of its
// kind.
type TooLargeError struct {
	Limit int64
}

func (e *TooLargeError) Error() string { return e.Text().String() }

// Text is the error's message, to print in the reader's language.
func (e *TooLargeError) Text() lang.Text {
	return lang.T("it holds more than the %v takeback reads", lang.Size(e.Limit))
}

// ReadAll reads a whole member, but never more than limit+1 bytes: a
// member that holds more than limit, whatever size its archive header
// declares, gives a *TooLargeError. size is the size the archive declares,
// used only to size the buffer.
func ReadAll(open Opener, size, limit int64) ([]byte, error) {
	r, err := open()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	var buf bytes.Buffer
	if size >= 0 {
		buf.Grow(int(min(size, limit) + 1))
	}
	if _, err := buf.ReadFrom(io.LimitReader(r, limit+1)); err != nil {
		return nil, err
	}
	if int64(buf.Len()) > limit {
		return nil, &TooLargeError{Limit: limit}
	}
	return buf.Bytes(), nil
}

package lang

import (
	"errors"
	"strings"
)

// Error is one of takeback's errors: a Text, plus the errors it wraps
// (%w, as with fmt.Errorf).
type Error struct {
	text    Text
	wrapped []error
}

// Errorf makes an error as fmt.Errorf does, keeping its format and
// arguments so that it can be printed in the reader's language.
func Errorf(format string, args ...any) error {
	e := &Error{text: T(format, args...)}
	if strings.Contains(format, "%w") {
		for _, a := range args {
			if err, ok := a.(error); ok {
				e.wrapped = append(e.wrapped, err)
			}
		}
	}
	return e
}

// New makes an error with no arguments, such as a sentinel.
func New(message string) error {
	return &Error{text: T(message)}
}

// Error is the message in English.
func (e *Error) Error() string { return e.text.String() }

// Unwrap returns the error given with %w, for errors.Is and errors.As,
// nil when there are none or several. Like fmt.Errorf's, the error does not
// look like errors.Join's (Unwrap() []error), which code may split apart.
func (e *Error) Unwrap() error {
	if len(e.wrapped) == 1 {
		return e.wrapped[0]
	}
	return nil
}

// Is looks for target among several errors given with %w.
func (e *Error) Is(target error) bool {
	if len(e.wrapped) < 2 {
		return false
	}
	for _, w := range e.wrapped {
		if errors.Is(w, target) {
			return true
		}
	}
	return false
}

// As looks for target among several errors given with %w.
func (e *Error) As(target any) bool {
	if len(e.wrapped) < 2 {
		return false
	}
	for _, w := range e.wrapped {
		if errors.As(w, target) {
			return true
		}
	}
	return false
}

// Text is the error's message.
func (e *Error) Text() Text { return e.text }

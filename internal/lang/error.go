package lang

import "strings"

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

// Unwrap returns the wrapped errors, for errors.Is and errors.As.
func (e *Error) Unwrap() []error { return e.wrapped }

// Text is the error's message.
func (e *Error) Text() Text { return e.text }

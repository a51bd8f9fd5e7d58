// Package lang holds every message takeback shows to people, in English
// and French. A message is written in English where it is made, as a format
// with its arguments (a Text, or an error from Errorf); it is put into the
// reader's language only when it is printed, by a Printer. The French
// formats sit in the catalogue files (catalogue_*.go); a test fails when a
// message has none.
package lang

// Text is a message kept as its English format and its arguments, so that
// it can be printed later in any language. The zero Text is no message.
type Text struct {
	format string
	args   []any
	// raw is a text that came from outside (a report read back): it is the
	// same in every language.
	raw string
}

// T makes a Text. The format is the catalogue's key: it must be a
// constant, and its arguments may be Texts or errors, which are put into
// the reader's language too.
func T(format string, args ...any) Text {
	return Text{format: format, args: args}
}

// Raw makes a Text that is printed as it is in every language.
func Raw(s string) Text {
	return Text{raw: s}
}

// FromError makes a Text of an error, printed in the reader's language when
// the error is takeback's own.
func FromError(err error) Text {
	if err == nil {
		return Text{}
	}
	return Text{format: "%v", args: []any{err}}
}

// IsZero reports whether t holds no message.
func (t Text) IsZero() bool {
	return t.format == "" && t.raw == ""
}

// String is the text in English.
func (t Text) String() string {
	return English.Text(t)
}

// MarshalText writes the text in English: reports stay in one language
// for the programs that read them.
func (t Text) MarshalText() ([]byte, error) {
	return []byte(t.String()), nil
}

// UnmarshalText reads a text back from a report, as it was written.
func (t *Text) UnmarshalText(b []byte) error {
	*t = Raw(string(b))
	return nil
}

// Join puts two texts one after the other, "a; b", leaving out a zero one.
func Join(a, b Text) Text {
	switch {
	case a.IsZero():
		return b
	case b.IsZero():
		return a
	}
	return T("%v; %v", a, b)
}

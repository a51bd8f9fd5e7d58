package batch

import (
	"strconv"

	"github.com/takeback/takeback/internal/lang"
)

// ManifestError lists every problem found in a manifest, each with its
// line: the whole manifest is validated before anything is done.
type ManifestError struct {
	Path     string
	Problems []Problem
}

// Problem is one problem of a manifest. Line is 0 for the file as a whole,
// Column "" for a whole row. Reason never holds a password.
type Problem struct {
	Line   int
	Column string
	Reason lang.Text
}

// Text is the problem with its line and column, to print in the reader's
// language.
func (p Problem) Text() lang.Text {
	// A line number is not a count: "line 1234", never "line 1,234".
	line := strconv.Itoa(p.Line)
	switch {
	case p.Line == 0:
		return p.Reason
	case p.Column == "":
		return lang.T("line %s: %v", line, p.Reason)
	}
	return lang.T("line %s, %s: %v", line, p.Column, p.Reason)
}

// String is the problem in English.
func (p Problem) String() string { return p.Text().String() }

// maxShownProblems keeps the message readable; Problems holds them all.
const maxShownProblems = 50

// Text is the whole message, a line per problem, to print in the reader's
// language.
func (e *ManifestError) Text() lang.Text {
	n := len(e.Problems)
	t := lang.T("the manifest %s has %d problems:", e.Path, n)
	for i, p := range e.Problems {
		if i == maxShownProblems {
			return lang.T("%v\n  %v", t, lang.T("… and %d more", n-i))
		}
		t = lang.T("%v\n  %v", t, p.Text())
	}
	return t
}

// Error is the message in English.
func (e *ManifestError) Error() string { return e.Text().String() }

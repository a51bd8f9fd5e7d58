package batch

import (
	"fmt"
	"strings"
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
	Reason string
}

func (p Problem) String() string {
	switch {
	case p.Line == 0:
		return p.Reason
	case p.Column == "":
		return fmt.Sprintf("line %d: %s", p.Line, p.Reason)
	}
	return fmt.Sprintf("line %d, %s: %s", p.Line, p.Column, p.Reason)
}

// maxShownProblems keeps Error readable; Problems holds them all.
const maxShownProblems = 50

func (e *ManifestError) Error() string {
	var b strings.Builder
	n := len(e.Problems)
	fmt.Fprintf(&b, "the manifest %s has %d problem%s:", e.Path, n, plural(n))
	for i, p := range e.Problems {
		if i == maxShownProblems {
			fmt.Fprintf(&b, "\n  … and %d more", n-i)
			break
		}
		b.WriteString("\n  " + p.String())
	}
	return b.String()
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

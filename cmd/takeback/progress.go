package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"golang.org/x/term"

	"github.com/takeback/takeback/importers"
)

// progress shows how far the import is: a line rewritten in place on a
// terminal, and a plain line every few seconds elsewhere.
type progress struct {
	w     io.Writer
	tty   bool
	last  time.Time
	shown bool
}

func newProgress(w io.Writer) *progress {
	f, ok := w.(*os.File)
	return &progress{w: w, tty: ok && term.IsTerminal(int(f.Fd()))}
}

func (p *progress) update(done, total int, r importers.Result) {
	now := time.Now()
	if done != total && now.Sub(p.last) < p.every() {
		return
	}
	p.last = now
	if p.tty {
		fmt.Fprintf(p.w, "\rImporting: %d of %d items", done, total)
		p.shown = true
	} else {
		fmt.Fprintf(p.w, "Importing: %d of %d items\n", done, total)
	}
}

func (p *progress) every() time.Duration {
	if p.tty {
		return 100 * time.Millisecond
	}
	return 5 * time.Second
}

func (p *progress) finish() {
	if p.shown {
		fmt.Fprintln(p.w)
	}
}

package main

import (
	"io"
	"os"
	"sync"
	"time"

	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"
	"golang.org/x/term"

	"github.com/takeback/takeback/batch"
	"github.com/takeback/takeback/internal/lang"
)

// batchProgress shows how far a batch is. On a terminal: one bar for the
// people done, and one per person being imported (items done out of
// theirs), with the batch's messages printed above the bars. Elsewhere:
// plain lines, the messages as they come, each person's items every few
// seconds, and a line as each person ends.
type batchProgress struct {
	w     io.Writer // where plain lines, and messages on a terminal, go
	p     *lang.Printer
	bars  *mpb.Progress
	total *mpb.Bar

	mu     sync.Mutex
	people map[string]*personBar
}

type personBar struct {
	bar  *mpb.Bar // on a terminal
	last time.Time
}

func newBatchProgress(w io.Writer, p *lang.Printer, people int) *batchProgress {
	return newBatchProgressOn(w, p, people, isTerminal(w))
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

func newBatchProgressOn(w io.Writer, p *lang.Printer, people int, tty bool) *batchProgress {
	b := &batchProgress{w: w, p: p, people: map[string]*personBar{}}
	if tty {
		b.bars = mpb.New(mpb.WithOutput(w), mpb.WithWidth(30), mpb.WithRefreshRate(150*time.Millisecond), mpb.WithAutoRefresh())
		counters := decor.Any(func(s decor.Statistics) string { return p.Sprintf("%d of %d", s.Current, s.Total) })
		b.total = b.bars.AddBar(int64(people),
			mpb.PrependDecorators(decor.Name(p.Sprintf("People done"), decor.WCSyncSpaceR), counters),
			mpb.AppendDecorators(decor.Percentage(decor.WCSyncSpace)))
		b.w = b.bars
	}
	return b
}

// log prints the batch's messages, a line each (batch.Options.Log).
func (b *batchProgress) log(msg lang.Text) { b.p.Fprintf(b.w, "%v\n", msg) }

// items tells how far a person's import is.
func (b *batchProgress) items(userID string, done, total int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	pb := b.people[userID]
	if pb == nil {
		pb = &personBar{}
		b.people[userID] = pb
		if b.bars != nil {
			counters := decor.Any(func(s decor.Statistics) string { return b.p.Sprintf("%d of %d items", s.Current, s.Total) })
			pb.bar = b.bars.AddBar(int64(total), mpb.BarRemoveOnComplete(),
				mpb.PrependDecorators(decor.Name(userID, decor.WCSyncSpaceR), counters),
				mpb.AppendDecorators(decor.Percentage(decor.WCSyncSpace)))
		}
	}
	if pb.bar != nil {
		pb.bar.SetCurrent(int64(done))
		return
	}
	if now := time.Now(); done == total || now.Sub(pb.last) >= 5*time.Second {
		pb.last = now
		b.p.Fprintf(b.w, "%s: %d of %d items\n", userID, done, total)
	}
}

// done counts a person whose row is final (batch.Options.OnDone).
func (b *batchProgress) done(row batch.Row, done, total int) {
	b.mu.Lock()
	if pb := b.people[row.UserID]; pb != nil && pb.bar != nil {
		pb.bar.Abort(true) // an import that stopped short leaves no bar behind
	}
	b.mu.Unlock()
	if b.total != nil {
		b.total.SetCurrent(int64(done))
		return
	}
	if row.OK() {
		b.p.Fprintf(b.w, "%s: done (%d of %d people)\n", row.UserID, done, total)
	} else {
		b.p.Fprintf(b.w, "%s: failed (%d of %d people)\n", row.UserID, done, total)
	}
}

// finish ends the bars, before the summary is printed.
func (b *batchProgress) finish() {
	if b.bars == nil {
		return
	}
	if b.total != nil && !b.total.Completed() {
		b.total.Abort(false)
	}
	b.bars.Wait()
}

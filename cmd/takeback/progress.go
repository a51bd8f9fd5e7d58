package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"

	"github.com/takeback/takeback/importers"
	"github.com/takeback/takeback/internal/lang"
)

// Off a terminal, progress is a plain line every plainEvery, and one at
// the end.
const plainEvery = 5 * time.Second

// console is where messages go: stderr, or above the progress bars while
// they show, so that a message never breaks a bar.
type console struct {
	mu   sync.Mutex
	base io.Writer
	w    io.Writer
	tty  bool
}

func newConsole(w io.Writer) *console { return &console{base: w, w: w, tty: isTerminal(w)} }

func (c *console) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.w.Write(p)
}

// above sends the messages above bars, until restore.
func (c *console) above(bars io.Writer) {
	c.mu.Lock()
	c.w = bars
	c.mu.Unlock()
}

func (c *console) restore() {
	c.mu.Lock()
	c.w = c.base
	c.mu.Unlock()
}

// scanProgress shows the archives being read: the parts read out of the
// parts given and the files found so far. On a terminal a spinner line,
// elsewhere a plain line now and then and one at the end.
type scanProgress struct {
	msgs *console
	p    *lang.Printer
	off  bool
	now  func() time.Time

	mu   sync.Mutex // state is read by the bar's decorator
	st   importers.ScanProgress
	last time.Time

	bars *mpb.Progress
	bar  *mpb.Bar
}

func newScanProgress(msgs *console, p *lang.Printer, quiet bool) *scanProgress {
	s := &scanProgress{msgs: msgs, p: p, off: quiet, now: time.Now}
	s.last = s.now()
	return s
}

// update is importers.LoadOptions.OnScan.
func (s *scanProgress) update(st importers.ScanProgress) {
	if s.off {
		return
	}
	s.mu.Lock()
	s.st = st
	s.mu.Unlock()
	if !s.msgs.tty {
		if now := s.now(); now.Sub(s.last) >= plainEvery {
			s.last = now
			fmt.Fprintln(s.msgs, s.line())
		}
		return
	}
	if s.bars == nil {
		s.bars = mpb.New(mpb.WithOutput(s.msgs.base), mpb.WithRefreshRate(150*time.Millisecond), mpb.WithAutoRefresh())
		s.bar = s.bars.New(int64(st.Inputs), mpb.SpinnerStyle(), mpb.BarWidth(1), mpb.BarFillerClearOnComplete(),
			mpb.PrependDecorators(decor.Any(func(decor.Statistics) string { return s.line() })))
		s.msgs.above(s.bars)
	}
	s.bar.SetCurrent(int64(st.InputsDone))
}

func (s *scanProgress) line() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.p.Sprintf("Reading the archives: %s of %v, %v", s.p.Sprintf("%d", s.st.InputsDone),
		lang.T("%d parts read", s.st.Inputs), lang.T("%d files found", s.st.Members))
}

// finish ends the line: the last count stays on screen.
func (s *scanProgress) finish() {
	switch {
	case s.off:
	case s.bars != nil:
		s.msgs.restore()
		if !s.bar.Completed() {
			s.bar.Abort(false)
		}
		s.bars.Wait()
	case !s.msgs.tty && s.st.Inputs > 0:
		fmt.Fprintln(s.msgs, s.line())
	}
}

// progress shows how far the import is: items done out of the plan's,
// bytes done out of its total, the speed and the time left. On a
// terminal a bar, elsewhere a plain line every plainEvery and one at the
// end.
//
// The bytes move per item: an item's size counts once it has ended, not
// as it uploads. The speed is then what went through between two items
// ending, averaged.
type progress struct {
	msgs *console
	p    *lang.Printer
	off  bool
	now  func() time.Time

	sizes       map[string][]int64 // by resultKey, for the items that are sent
	items       int
	bytes       int64
	doneItems   atomic.Int64
	doneBytes   atomic.Int64
	start, last time.Time
	lastBytes   int64 // at the last plain line

	bars *mpb.Progress
	bar  *mpb.Bar // items, and the time left
	data *mpb.Bar // bytes and speed; nil when the plan sends no bytes
}

func newProgress(msgs *console, p *lang.Printer, plan *importers.Plan, quiet bool) *progress {
	return newProgressAt(msgs, p, plan, quiet, time.Now)
}

// newProgressAt is newProgress on a clock of its own, for tests.
func newProgressAt(msgs *console, p *lang.Printer, plan *importers.Plan, quiet bool, now func() time.Time) *progress {
	pr := &progress{msgs: msgs, p: p, off: quiet, now: now, sizes: map[string][]int64{}, items: len(plan.Items)}
	for _, it := range plan.Items {
		if !it.Skip.IsZero() || !it.Fail.IsZero() {
			continue
		}
		size := it.Bytes()
		k := resultKey(it.Source, it.Target())
		pr.sizes[k] = append(pr.sizes[k], size)
		pr.bytes += size
	}
	pr.start = pr.now()
	pr.last = pr.start
	if !pr.off && msgs.tty {
		pr.startBar()
	}
	return pr
}

func resultKey(source, target string) string { return source + "\x00" + target }

// startBar shows the bar: the items and the time left, and below it the
// bytes and the speed, so that each line fits in 80 columns. Its unit is
// the byte, or the item when the plan sends no bytes. Totals are set
// without completing the bars, so that they end only in finish, with the
// last items counted. An EWMA age of 30 is ewma's SimpleEWMA: the speed
// and the time left show from the first item on (no warm-up), averaged
// over about 30 items.
func (p *progress) startBar() {
	p.bars = mpb.New(mpb.WithOutput(p.msgs.base), mpb.WithRefreshRate(150*time.Millisecond), mpb.WithAutoRefresh())
	items := decor.Any(func(decor.Statistics) string { return p.itemsText() })
	eta := func(s string) string { return etaText(p.p, s) }
	p.bar = p.bars.AddBar(0, mpb.BarWidth(40), mpb.PrependDecorators(items),
		mpb.AppendDecorators(reword(decor.EwmaETA(decor.ET_STYLE_GO, 30), eta)))
	p.bar.SetTotal(p.unitTotal(), false)
	if p.bytes > 0 {
		data := decor.Any(func(decor.Statistics) string {
			return "  " + p.p.Sprintf("%v of %v", lang.Size(p.doneBytes.Load()), lang.Size(p.bytes))
		})
		speed := func(s string) string { return speedText(p.p, s) }
		p.data = p.bars.New(0, mpb.NopStyle(), mpb.PrependDecorators(data, reword(decor.EwmaSpeed(0, "%.0f", 30), dotted(speed))))
		p.data.SetTotal(p.bytes, false)
	}
	p.msgs.above(p.bars)
}

func (p *progress) unitTotal() int64 {
	if p.bytes > 0 {
		return p.bytes
	}
	return int64(p.items)
}

// update is importers.ApplyOptions.OnResult.
func (p *progress) update(done, total int, r importers.Result) {
	var size int64
	k := resultKey(r.Source, r.Target)
	if s := p.sizes[k]; len(s) > 0 {
		size, p.sizes[k] = s[0], s[1:]
	}
	p.doneItems.Store(int64(done))
	p.doneBytes.Add(size)
	if p.off {
		return
	}
	now := p.now()
	if p.bar != nil {
		step := size
		if p.bytes == 0 {
			step = 1
		}
		for _, b := range p.shown() {
			b.EwmaIncrInt64(step, now.Sub(p.last))
		}
		p.last = now
		return
	}
	if done == total || now.Sub(p.last) >= plainEvery {
		fmt.Fprintln(p.msgs, p.line(now))
		p.last, p.lastBytes = now, p.doneBytes.Load()
	}
}

// itemsText is "Importing: 120 of 1,234 items".
func (p *progress) itemsText() string {
	return p.p.Sprintf("Importing: %s of %v", p.p.Sprintf("%d", p.doneItems.Load()), lang.T("%d items", p.items))
}

// line is the plain progress line: "Importing: 120 of 1,234 items, 350 MB
// of 2.1 GB, 1.2 MB/s, about 25 min left".
func (p *progress) line(now time.Time) string {
	done := p.doneItems.Load()
	parts := []string{p.itemsText()}
	doneUnits, totalUnits := done, int64(p.items)
	if p.bytes > 0 {
		b := p.doneBytes.Load()
		parts = append(parts, p.p.Sprintf("%v of %v", lang.Size(b), lang.Size(p.bytes)))
		if d := now.Sub(p.last); d > 0 && b > p.lastBytes {
			parts = append(parts, p.p.Sprintf("%v/s", lang.Size(int64(float64(b-p.lastBytes)/d.Seconds()))))
		}
		doneUnits, totalUnits = b, p.bytes
	}
	if elapsed := now.Sub(p.start); doneUnits > 0 && doneUnits < totalUnits && elapsed > 0 {
		left := time.Duration(float64(elapsed) * float64(totalUnits-doneUnits) / float64(doneUnits))
		if s := leftText(p.p, left); s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, ", ")
}

// finish ends the bar, before the summary is printed.
func (p *progress) finish() {
	if p.bars == nil {
		return
	}
	p.msgs.restore()
	for _, b := range p.shown() {
		if int(p.doneItems.Load()) == p.items {
			b.SetTotal(-1, true)
		} else {
			b.Abort(false) // interrupted: the bar stays as it was
		}
	}
	p.bars.Wait()
}

// shown lists the bars on screen.
func (p *progress) shown() []*mpb.Bar {
	if p.data == nil {
		return []*mpb.Bar{p.bar}
	}
	return []*mpb.Bar{p.bar, p.data}
}

// reword changes what a decorator shows. It stays a decor.Wrapper, so the
// bar's EWMA updates still reach the decorator inside.
func reword(d decor.Decorator, fn func(string) string) decor.Decorator {
	return rewordDecorator{d, fn}
}

type rewordDecorator struct {
	decor.Decorator
	fn func(string) string
}

func (r rewordDecorator) Decor(s decor.Statistics) (string, int) {
	str, _ := r.Decorator.Decor(s)
	str = r.fn(str)
	return str, utf8.RuneCountInString(str)
}

func (r rewordDecorator) Unwrap() decor.Decorator { return r.Decorator }

// dotted puts " · " before a text that is not empty, for the bar.
func dotted(fn func(string) string) func(string) string {
	return func(s string) string {
		if s = fn(s); s != "" {
			return " · " + s
		}
		return ""
	}
}

// speedText turns a speed in bytes per second, as digits, into "1.2
// MB/s"; "" while it is not known.
func speedText(p *lang.Printer, s string) string {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || v < 1 {
		return ""
	}
	return p.Sprintf("%v/s", lang.Size(int64(v)))
}

// etaText is leftText for a duration as Go writes it ("25m10s").
func etaText(p *lang.Printer, s string) string {
	d, err := time.ParseDuration(strings.TrimSpace(s))
	if err != nil {
		return ""
	}
	return leftText(p, d)
}

// leftText says the time left: "about 25 min left"; "" while it is not
// known.
func leftText(p *lang.Printer, d time.Duration) string {
	switch {
	case d <= 0:
		return ""
	case d < time.Minute:
		return p.Sprintf("less than a minute left")
	case d < time.Hour:
		return p.Sprintf("about %d min left", int(d.Round(time.Minute)/time.Minute))
	}
	d = d.Round(time.Minute)
	return p.Sprintf("about %d h %d min left", int(d/time.Hour), int(d%time.Hour/time.Minute))
}

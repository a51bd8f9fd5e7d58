package importers

import (
	"github.com/takeback/takeback/internal/lang"

	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Outcome is how an item ended.
type Outcome string

const (
	Imported Outcome = "imported"
	Present  Outcome = "present"
	Skipped  Outcome = "skipped"
	Failed   Outcome = "failed"
)

// Outcomes lists the outcomes in the order summaries show them.
var Outcomes = []Outcome{Imported, Present, Skipped, Failed}

// Result is the outcome of one item. Its JSON form is the report contract.
type Result struct {
	Type    string    `json:"type"` // always "result"
	Kind    Kind      `json:"kind"`
	Source  string    `json:"source"`
	Target  string    `json:"target"`
	Title   string    `json:"title,omitempty"`
	Outcome Outcome   `json:"outcome"`
	Reason  lang.Text `json:"reason,omitzero"`
	Note    lang.Text `json:"note,omitzero"`
	// Albums lists a photo's albums, so they are known even on a server
	// without albums.
	Albums []string `json:"albums,omitempty"`
}

// Report holds one result per item of the plan, in plan order.
type Report struct {
	Results []Result
	// Stopped is set when a fatal error ended the import early.
	Stopped error
}

// Count counts results by kind and outcome.
func (r *Report) Count() map[Kind]map[Outcome]int {
	n := map[Kind]map[Outcome]int{}
	for _, res := range r.Results {
		if n[res.Kind] == nil {
			n[res.Kind] = map[Outcome]int{}
		}
		n[res.Kind][res.Outcome]++
	}
	return n
}

// Failed counts the failed items.
func (r *Report) Failed() int {
	f := 0
	for _, res := range r.Results {
		if res.Outcome == Failed {
			f++
		}
	}
	return f
}

// WriteJSON writes one JSON line per result.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, res := range r.Results {
		if err := enc.Encode(res); err != nil {
			return err
		}
	}
	return nil
}

// SummaryOptions tunes WriteSummaryWith.
type SummaryOptions struct {
	// Quiet leaves out the lines of the skipped items; those of the failed
	// ones are always there.
	Quiet bool
	// Report says a full report was written: the counts of skipped and
	// failed items point to it.
	Report bool
}

// WriteSummary writes the human summary in p's language: the skipped and
// failed items with their reasons, then one sentence per kind, such as
// "1,234 photos imported, 12 already there, 3 skipped."
func (r *Report) WriteSummary(w io.Writer, p *lang.Printer) error {
	return r.WriteSummaryWith(w, p, SummaryOptions{})
}

// WriteSummaryWith is WriteSummary, tuned by opt.
func (r *Report) WriteSummaryWith(w io.Writer, p *lang.Printer, opt SummaryOptions) error {
	var b strings.Builder
	for _, o := range []Outcome{Skipped, Failed} {
		if o == Skipped && opt.Quiet {
			continue
		}
		for _, res := range r.Results {
			if res.Outcome == o {
				b.WriteString(res.Line(p) + "\n")
			}
		}
	}
	counts := r.Count()
	for _, k := range summaryOrder(counts) {
		b.WriteString(sentence(p, k, counts[k], opt.Report) + "\n")
	}
	if r.onlySkipped() {
		b.WriteString(p.Sprintf("Nothing to import.") + "\n")
	}
	if r.Stopped != nil {
		b.WriteString(printable(p.Sprintf("The import stopped early: %v", r.Stopped)) + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// Line tells how one item ended, for a terminal, in p's language:
// `imported photo "IMG_1.jpg" (takeout.zip!Takeout/…)`, then the reason
// when there is one.
func (res Result) Line(p *lang.Printer) string {
	words := wordsFor(res.Kind)
	line, ok := words.line[res.Outcome]
	if !ok {
		// Not one of Outcomes: said as it is.
		s := string(res.Outcome) + " " + describe(res)
		if !res.Reason.IsZero() {
			s = p.Sprintf("%s: %v", s, res.Reason)
		}
		return printable(s)
	}
	if res.Reason.IsZero() {
		return printable(p.Text(line(describe(res))))
	}
	return printable(p.Text(words.lineWhy[res.Outcome](describe(res), res.Reason)))
}

// sentence sums up one kind: "1,234 photos imported, 12 already there, 3
// skipped (see the report)." Outcomes with no item are left out.
func sentence(p *lang.Printer, k Kind, c map[Outcome]int, seeReport bool) string {
	words := wordsFor(k)
	var parts []string
	for _, o := range Outcomes {
		n := c[o]
		if n == 0 {
			continue
		}
		part := words.more[o](n)
		if len(parts) == 0 {
			part = words.counted[o](n)
		}
		if seeReport && (o == Skipped || o == Failed) {
			part = lang.T("%v (see the report)", part)
		}
		parts = append(parts, p.Text(part))
	}
	return strings.Join(parts, ", ") + "."
}

// kindOrder is the order of the summary's sentences; kinds not in it
// come after, by name.
var kindOrder = []Kind{Event, Task, Contact, Photo, Video, File, Note, Archive}

func summaryOrder(counts map[Kind]map[Outcome]int) []Kind {
	var out, rest []Kind
	for _, k := range kindOrder {
		if counts[k] != nil {
			out = append(out, k)
		}
	}
	for k := range counts {
		if !slices.Contains(kindOrder, k) {
			rest = append(rest, k)
		}
	}
	slices.Sort(rest)
	return append(out, rest...)
}

// onlySkipped reports whether no result was imported, present or failed:
// there was nothing to import, at most things listed as skipped (Takeout's
// own index page, a trashed photo).
func (r *Report) onlySkipped() bool {
	for _, res := range r.Results {
		if res.Outcome != Skipped {
			return false
		}
	}
	return true
}

func describe(res Result) string {
	if res.Title != "" {
		return fmt.Sprintf("%q (%s)", res.Title, printable(res.Source))
	}
	return printable(res.Source)
}

// lineBuilder builds text for a terminal: whatever is written into it goes
// through printable, line by line, so a title from an archive cannot move
// the cursor or clear the screen.
type lineBuilder struct{ strings.Builder }

func (b *lineBuilder) Write(p []byte) (int, error) {
	for i, line := range strings.Split(string(p), "\n") {
		if i > 0 {
			b.Builder.WriteByte('\n')
		}
		b.Builder.WriteString(printable(line))
	}
	return len(p), nil
}

func (b *lineBuilder) WriteString(s string) (int, error) { return b.Write([]byte(s)) }

// printable makes text from an archive fit for a terminal: valid UTF-8,
// and no control characters, which could move the cursor or clear the
// screen.
func printable(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if !strings.ContainsFunc(s, isControl) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isControl(r) {
			return '\uFFFD'
		}
		return r
	}, s)
}

package importers

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
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
	Type    string  `json:"type"` // always "result"
	Kind    Kind    `json:"kind"`
	Source  string  `json:"source"`
	Target  string  `json:"target"`
	Title   string  `json:"title,omitempty"`
	Outcome Outcome `json:"outcome"`
	Reason  string  `json:"reason,omitempty"`
	Note    string  `json:"note,omitempty"`
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

// WriteSummary writes the human summary: skipped and failed items with
// their reasons, then the counts per kind.
func (r *Report) WriteSummary(w io.Writer) error {
	var b strings.Builder
	for _, o := range []Outcome{Skipped, Failed} {
		for _, res := range r.Results {
			if res.Outcome == o {
				fmt.Fprintf(&b, "%s %s %s: %s\n", o, res.Kind, describe(res), printable(res.Reason))
			}
		}
	}
	counts := r.Count()
	kinds := make([]string, 0, len(counts))
	for k := range counts {
		kinds = append(kinds, string(k))
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		c := counts[Kind(k)]
		var parts []string
		for _, o := range Outcomes {
			parts = append(parts, fmt.Sprintf("%d %s", c[o], o))
		}
		fmt.Fprintf(&b, "%s: %s\n", plural(Kind(k)), strings.Join(parts, ", "))
	}
	if r.onlySkipped() {
		b.WriteString("Nothing to import.\n")
	}
	if r.Stopped != nil {
		fmt.Fprintf(&b, "Stopped early: %v\n", r.Stopped)
	}
	_, err := io.WriteString(w, b.String())
	return err
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

func plural(k Kind) string {
	return strings.ToUpper(string(k[:1])) + string(k[1:]) + "s"
}

package importers

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/takeback/takeback/internal/lang"
)

// previewItem is one line of `preview --json`; the field names are a
// contract other tools rely on (issue 2).
type previewItem struct {
	Type       string    `json:"type"`
	Kind       Kind      `json:"kind"`
	Source     string    `json:"source"`
	Collection string    `json:"collection"`
	Target     string    `json:"target"`
	UID        string    `json:"uid,omitempty"`
	Title      string    `json:"title"`
	Date       string    `json:"date,omitempty"`
	Status     string    `json:"status"`
	Reason     lang.Text `json:"reason,omitzero"`
	Note       lang.Text `json:"note,omitzero"`
	// Media only (issue 3).
	DateSource string    `json:"date_source,omitempty"`
	Albums     *[]string `json:"albums,omitempty"` // a pointer, so media show [] too
	Size       int64     `json:"size,omitempty"`
}

type previewWarning struct {
	Type string `json:"type"`
	Warning
}

type previewSummary struct {
	Type     string       `json:"type"`
	Counts   map[Kind]int `json:"counts"`
	Skipped  int          `json:"skipped"`
	Failed   int          `json:"failed"`
	Warnings int          `json:"warnings"`
}

// WriteJSON writes the plan as JSON Lines: one "item" per item, one
// "warning" per warning, and a closing "summary".
func (p *Plan) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	skipped, failed := 0, 0
	for _, it := range p.Items {
		line := previewItem{Type: "item", Kind: it.Kind, Source: it.Source, Target: it.Target(),
			UID: it.UID, Title: it.Title, Status: string(p.statusOf(it)), Note: it.Note}
		if it.Collection != nil {
			line.Collection = it.Collection.Name
		}
		if !it.Date.IsZero() {
			line.Date = it.Date.Format(time.RFC3339)
		}
		if it.Kind == Photo || it.Kind == Video {
			albums := append([]string{}, it.Albums...)
			line.Albums = &albums
		}
		if it.Collection != nil && it.Collection.Kind == Folder {
			line.DateSource, line.Size = it.DateSource, it.Size
		}
		switch {
		case !it.Fail.IsZero():
			line.Status, line.Reason = "failed", it.Fail
			failed++
		case !it.Skip.IsZero():
			line.Status, line.Reason = "skipped", it.Skip
			skipped++
		}
		if err := enc.Encode(line); err != nil {
			return err
		}
	}
	for _, wr := range p.Warnings {
		if err := enc.Encode(previewWarning{"warning", wr}); err != nil {
			return err
		}
	}
	return enc.Encode(previewSummary{Type: "summary", Counts: p.Counts(), Skipped: skipped, Failed: failed, Warnings: len(p.Warnings)})
}

// WriteText writes the plan for a person, in pr's language: each
// collection with its count, date range and destination, then every
// skipped item and warning. With list set, every item is listed under its
// collection.
func (p *Plan) WriteText(w io.Writer, pr *lang.Printer, list bool) error {
	var b lineBuilder
	if len(p.Items) == 0 {
		b.WriteString(pr.Sprintf("Nothing to import was found.") + "\n")
	}
	for _, c := range p.Collections() {
		var items []*Item
		for _, it := range p.Items {
			if it.Collection == c && it.Skip.IsZero() && it.Fail.IsZero() {
				items = append(items, it)
			}
		}
		if len(items) == 0 {
			continue // everything in it is skipped or unreadable, and listed below
		}
		b.WriteString(pr.Text(collectionLine(c)) + "\n")
		fmt.Fprintf(&b, "  %s%s%s\n", countWord(pr, items), dateRange(pr, items), p.onServer(pr, items))
		if list {
			for _, it := range items {
				fmt.Fprintf(&b, "    %s%s\n", itemLine(it), p.statusWord(pr, it))
			}
		}
	}
	var skipped []*Item
	for _, it := range p.Items {
		if !it.Skip.IsZero() {
			skipped = append(skipped, it)
		}
	}
	var broken []*Item
	for _, it := range p.Items {
		if !it.Fail.IsZero() {
			broken = append(broken, it)
		}
	}
	if len(broken) > 0 {
		b.WriteString("\n" + pr.Sprintf("Cannot be read (%d):", len(broken)) + "\n")
		for _, it := range broken {
			pr.Fprintf(&b, "  %s: %v\n", it.Source, it.Fail)
		}
	}
	if len(skipped) > 0 {
		b.WriteString("\n" + pr.Sprintf("Will be skipped (%d):", len(skipped)) + "\n")
		for _, it := range skipped {
			pr.Fprintf(&b, "  %v %q (%s): %v\n", wordsFor(it.Kind).name, it.Title, it.Source, it.Skip)
		}
	}
	var noted []*Item
	for _, it := range p.Items {
		if !it.Note.IsZero() && it.Skip.IsZero() && it.Fail.IsZero() {
			noted = append(noted, it)
		}
	}
	if len(noted) > 0 {
		b.WriteString("\n" + pr.Sprintf("Changed on the way (%d):", len(noted)) + "\n")
		for _, it := range noted {
			pr.Fprintf(&b, "  %v %q: %v\n", wordsFor(it.Kind).name, it.Title, it.Note)
		}
	}
	if len(p.Warnings) > 0 {
		b.WriteString("\n" + pr.Sprintf("Warnings (%d):", len(p.Warnings)) + "\n")
		for _, wr := range p.Warnings {
			pr.Fprintf(&b, "  %s: %v\n", wr.Source, wr.Message)
		}
	}
	b.WriteString("\n" + pr.Sprintf("In all: %s to import, %s, %s, %s.", totals(pr, p),
		pr.Sprintf("%d skipped", len(skipped)), pr.Sprintf("%d unreadable", len(broken)), pr.Sprintf("%d warnings", len(p.Warnings))) + "\n")
	if p.Status != nil {
		b.WriteString(p.serverSummary(pr))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// collectionLine says where a collection goes: `Calendar "Work" →
// calendars/Work`.
func collectionLine(c *Collection) lang.Text {
	to := c.Kind.Dir() + "/" + c.Name
	switch c.Kind {
	case Calendar:
		return lang.T("Calendar %q → %s", c.Name, to)
	case AddressBook:
		return lang.T("Address book %q → %s", c.Name, to)
	}
	return lang.T("Folder %q → %s", c.Name, to)
}

// countWord counts items by kind: "12 photos, 3 videos".
func countWord(pr *lang.Printer, items []*Item) string {
	return countKinds(pr, items, func(*Item) bool { return true })
}

func countKinds(pr *lang.Printer, items []*Item, keep func(*Item) bool) string {
	n := map[Kind]int{}
	var kinds []string
	for _, it := range items {
		if !keep(it) {
			continue
		}
		if n[it.Kind] == 0 {
			kinds = append(kinds, string(it.Kind))
		}
		n[it.Kind]++
	}
	if len(kinds) == 0 {
		return pr.Sprintf("nothing")
	}
	sort.Strings(kinds)
	var parts []string
	for _, k := range kinds {
		parts = append(parts, pr.Text(wordsFor(Kind(k)).count(n[Kind(k)])))
	}
	return strings.Join(parts, ", ")
}

func dateRange(pr *lang.Printer, items []*Item) string {
	var first, last time.Time
	for _, it := range items {
		if it.Date.IsZero() {
			continue
		}
		if first.IsZero() || it.Date.Before(first) {
			first = it.Date
		}
		if it.Date.After(last) {
			last = it.Date
		}
	}
	if first.IsZero() {
		return ""
	}
	return pr.Sprintf(", %s to %s", first.Format(time.DateOnly), last.Format(time.DateOnly))
}

func itemLine(it *Item) string {
	if it.Date.IsZero() {
		return it.Title
	}
	if it.AllDay {
		return it.Date.Format("2006-01-02") + "  " + it.Title
	}
	return it.Date.Format("2006-01-02 15:04") + "  " + it.Title
}

func totals(pr *lang.Printer, p *Plan) string {
	return countKinds(pr, p.Items, func(it *Item) bool { return it.Skip.IsZero() && it.Fail.IsZero() })
}

// onServer sums up a collection's items against the server, when known.
func (p *Plan) onServer(pr *lang.Printer, items []*Item) string {
	if p.Status == nil {
		return ""
	}
	n := map[Status]int{}
	for _, it := range items {
		n[p.statusOf(it)]++
	}
	s := pr.Sprintf("; %d new, %d already there", n[New], n[Already])
	if n[Conflict] > 0 {
		s += pr.Sprintf(", %d with a name taken by another file", n[Conflict])
	}
	return s
}

func (p *Plan) statusWord(pr *lang.Printer, it *Item) string {
	switch p.Status[it] {
	case Already:
		return "  " + pr.Sprintf("(already there)")
	case Conflict:
		return "  " + pr.Sprintf("(a different file has this name: it will get another)")
	}
	return ""
}

// serverSummary says how much will be sent.
func (p *Plan) serverSummary(pr *lang.Printer) string {
	var send int64
	n := map[Status]int{}
	for _, it := range p.Items {
		if !it.Skip.IsZero() || !it.Fail.IsZero() {
			continue
		}
		st := p.statusOf(it)
		n[st]++
		if st != Already {
			send += it.Size
		}
	}
	return pr.Sprintf("On the server: %d already there; %d to upload (%v).", n[Already], n[New]+n[Conflict], lang.Size(send)) + "\n"
}

package importers

import (
	"github.com/takeback/takeback/internal/lang"

	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
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

// WriteText writes the plan for a person: each collection with its count,
// date range and destination, then every skipped item and warning. With
// list set, every item is listed under its collection.
func (p *Plan) WriteText(w io.Writer, list bool) error {
	var b lineBuilder
	if len(p.Items) == 0 {
		b.WriteString("Nothing to import was found.\n")
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
		fmt.Fprintf(&b, "%s %q → %s/%s\n", collectionWord(c.Kind), c.Name, c.Kind.Dir(), c.Name)
		fmt.Fprintf(&b, "  %s%s%s\n", countWord(items), dateRange(items), p.onServer(items))
		if list {
			for _, it := range items {
				fmt.Fprintf(&b, "    %s%s\n", itemLine(it), p.statusWord(it))
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
		fmt.Fprintf(&b, "\nCannot be read (%d):\n", len(broken))
		for _, it := range broken {
			fmt.Fprintf(&b, "  %s: %s\n", it.Source, it.Fail)
		}
	}
	if len(skipped) > 0 {
		fmt.Fprintf(&b, "\nWill be skipped (%d):\n", len(skipped))
		for _, it := range skipped {
			fmt.Fprintf(&b, "  %s %q (%s): %s\n", it.Kind, it.Title, it.Source, it.Skip)
		}
	}
	var noted []*Item
	for _, it := range p.Items {
		if !it.Note.IsZero() && it.Skip.IsZero() && it.Fail.IsZero() {
			noted = append(noted, it)
		}
	}
	if len(noted) > 0 {
		fmt.Fprintf(&b, "\nChanged on the way (%d):\n", len(noted))
		for _, it := range noted {
			fmt.Fprintf(&b, "  %s %q: %s\n", it.Kind, it.Title, it.Note)
		}
	}
	if len(p.Warnings) > 0 {
		fmt.Fprintf(&b, "\nWarnings (%d):\n", len(p.Warnings))
		for _, wr := range p.Warnings {
			fmt.Fprintf(&b, "  %s: %s\n", wr.Source, wr.Message)
		}
	}
	fmt.Fprintf(&b, "\nIn all: %s to import, %d skipped, %d unreadable, %d warnings.\n", totals(p), len(skipped), len(broken), len(p.Warnings))
	if p.Status != nil {
		b.WriteString(p.serverSummary())
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func collectionWord(k CollectionKind) string {
	switch k {
	case Calendar:
		return "Calendar"
	case AddressBook:
		return "Address book"
	default:
		return "Folder"
	}
}

// countWord counts items by kind: "12 photos, 3 videos".
func countWord(items []*Item) string {
	return countKinds(items, func(*Item) bool { return true })
}

func countKinds(items []*Item, keep func(*Item) bool) string {
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
		return "nothing"
	}
	sort.Strings(kinds)
	var parts []string
	for _, k := range kinds {
		if c := n[Kind(k)]; c == 1 {
			parts = append(parts, "1 "+k)
		} else {
			parts = append(parts, fmt.Sprintf("%d %ss", c, k))
		}
	}
	return strings.Join(parts, ", ")
}

func dateRange(items []*Item) string {
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
	return fmt.Sprintf(", %s to %s", first.Format("2006-01-02"), last.Format("2006-01-02"))
}

func itemLine(it *Item) string {
	if it.Date.IsZero() {
		return it.Title
	}
	return it.Date.Format("2006-01-02 15:04") + "  " + it.Title
}

func totals(p *Plan) string {
	return countKinds(p.Items, func(it *Item) bool { return it.Skip.IsZero() && it.Fail.IsZero() })
}

// onServer sums up a collection's items against the server, when known.
func (p *Plan) onServer(items []*Item) string {
	if p.Status == nil {
		return ""
	}
	n := map[Status]int{}
	for _, it := range items {
		n[p.statusOf(it)]++
	}
	s := fmt.Sprintf("; %d new, %d already there", n[New], n[Already])
	if n[Conflict] > 0 {
		s += fmt.Sprintf(", %d with a name taken by another file", n[Conflict])
	}
	return s
}

func (p *Plan) statusWord(it *Item) string {
	switch p.Status[it] {
	case Already:
		return "  (already there)"
	case Conflict:
		return "  (a different file has this name: it will get another)"
	}
	return ""
}

// serverSummary says how much will be sent.
func (p *Plan) serverSummary() string {
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
	return fmt.Sprintf("On the server: %d already there; %d to upload (%s).\n", n[Already], n[New]+n[Conflict], humanBytes(send))
}

// humanBytes writes a size the way people read it: "1.4 GB".
func humanBytes(n int64) string {
	const unit = 1000
	if n < unit {
		return fmt.Sprintf("%d bytes", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %cB", float64(n)/float64(div), "kMGTPE"[exp])
}

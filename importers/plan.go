package importers

import (
	"context"
	"log/slog"
	"path"
	"sort"
	"strings"

	"github.com/takeback/takeback/internal/lang"
)

// Warning is a problem with part of the input that does not stop the rest.
type Warning struct {
	Source  string    `json:"source"`
	Message lang.Text `json:"message"`
}

// Plan is everything a scan found: the items, in a stable order, and the
// warnings. The preview prints it; Apply carries it out.
type Plan struct {
	Items    []*Item
	Warnings []Warning
	// Status, when a preview was checked against a server, says for each
	// item whether it is new there, present, or in conflict with a
	// different file of the same name. Nil offline: everything is new.
	Status map[*Item]Status
}

// Status is what a server already has of an item.
type Status string

const (
	New      Status = "new"
	Already  Status = "present"
	Conflict Status = "conflict" // same name, other content: it will get another name
)

// Inspector is a Target that can tell what it already has, without
// changing anything, in a few requests per collection or folder.
type Inspector interface {
	Inspect(ctx context.Context, items []*Item) (map[*Item]Status, error)
}

// statusOf is the item's status on the server, New when unknown.
func (p *Plan) statusOf(it *Item) Status {
	if s, ok := p.Status[it]; ok {
		return s
	}
	return New
}

// Add appends items.
func (p *Plan) Add(items ...*Item) { p.Items = append(p.Items, items...) }

// Warn records a warning about source.
func (p *Plan) Warn(source string, message lang.Text) {
	p.Warnings = append(p.Warnings, Warning{Source: source, Message: message})
}

// Fail records something that could not be read at all, such as a damaged
// calendar file, so that it ends in the report as failed.
func (p *Plan) Fail(kind Kind, source string, reason lang.Text) {
	p.Add(&Item{Kind: kind, Source: source, Title: path.Base(afterBang(source)), Fail: reason})
}

func afterBang(source string) string {
	if i := strings.LastIndex(source, "!"); i >= 0 {
		return source[i+1:]
	}
	return source
}

// Collections lists the collections items go to, in order of first use.
func (p *Plan) Collections() []*Collection {
	seen := map[*Collection]bool{}
	var out []*Collection
	for _, it := range p.Items {
		if c := it.Collection; c != nil && !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	return out
}

// Counts counts the items of each kind.
func (p *Plan) Counts() map[Kind]int {
	n := map[Kind]int{}
	for _, it := range p.Items {
		n[it.Kind]++
	}
	return n
}

// Categories maps the words of --only to the kinds they select.
var Categories = map[string][]Kind{
	"calendars": {Event},
	"tasks":     {Task},
	"contacts":  {Contact},
	"photos":    {Photo, Video},
	"drive":     {File},
	"notes":     {Note},
}

// CategoryNames lists the words --only accepts.
func CategoryNames() []string {
	var names []string
	for n := range Categories {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Only keeps the items of the given kinds, and the items they own.
func (p *Plan) Only(kinds []Kind) {
	keep := map[Kind]bool{}
	for _, k := range kinds {
		keep[k] = true
	}
	items := p.Items[:0]
	for _, it := range p.Items {
		kind := it.Kind
		if it.Owner != nil {
			kind = it.Owner.Kind
		}
		if keep[kind] || it.Kind == Archive {
			items = append(items, it)
		}
	}
	p.Items = items
}

// ParseOnly turns "calendars,contacts" into kinds.
func ParseOnly(s string) ([]Kind, error) {
	var kinds []Kind
	for _, w := range strings.Split(s, ",") {
		w = strings.ToLower(strings.TrimSpace(w))
		if w == "" {
			continue
		}
		k, ok := Categories[w]
		if !ok {
			return nil, &UsageError{lang.T("--only: unknown kind %q; use %s", w, strings.Join(CategoryNames(), ", "))}
		}
		kinds = append(kinds, k...)
	}
	return kinds, nil
}

// UsageError is a mistake in what the user asked for.
type UsageError struct{ Msg lang.Text }

func (e *UsageError) Error() string { return e.Msg.String() }

// Text is the error's message, to print in the reader's language.
func (e *UsageError) Text() lang.Text { return e.Msg }

// LogPlanned logs how many items of each kind a source planned: the
// plan's items from from on.
func (p *Plan) LogPlanned(source string, from int) {
	n := map[Kind]int{}
	skipped, failed := 0, 0
	for _, it := range p.Items[from:] {
		n[it.Kind]++
		switch {
		case !it.Fail.IsZero():
			failed++
		case !it.Skip.IsZero():
			skipped++
		}
	}
	slog.Debug("planned", "source", source, "events", n[Event], "tasks", n[Task], "contacts", n[Contact],
		"photos", n[Photo], "videos", n[Video], "files", n[File], "notes", n[Note], "skipped", skipped, "failed", failed)
}

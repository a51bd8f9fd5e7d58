package importers

import (
	_ "embed"
	"html/template"
	"io"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/takeback/takeback/internal/lang"
)

//go:embed preview_html.tmpl
var previewHTML string

var previewPage = template.Must(template.New("preview").Parse(previewHTML))

// htmlView is what the HTML preview shows, worked out from the plan.
type htmlView struct {
	T                        pageText
	Empty                    bool
	Totals                   []htmlCount
	Skipped, Failed, Changed []htmlProblem
	Warnings                 []htmlWarning
	Server                   *htmlServer
	Calendars                []htmlCollection
	Books                    []htmlCollection
	Chart                    *htmlChart
	Albums                   []htmlAlbum
	Where                    []htmlCollection
	HasProblems, HasMedia    bool
}

// kindCounts lists counts in the page's order of kinds, those at zero too
// when zeros is set.
func kindCounts(n map[Kind]int, t pageText, zeros bool) []htmlCount {
	var out []htmlCount
	for _, k := range []struct {
		kind  Kind
		label string
	}{{Event, t.Events}, {Task, t.Tasks}, {Contact, t.Contacts}, {Photo, t.Photos}, {Video, t.Videos}, {File, t.Files}, {Note, t.Notes}} {
		if n[k.kind] > 0 || zeros {
			out = append(out, htmlCount{ID: string(k.kind), Label: k.label, N: n[k.kind], Text: t.kindCount(k.kind, n[k.kind])})
		}
	}
	return out
}

type htmlCount struct {
	ID, Label, Text string // Text is "12 photos"
	N               int
}

type htmlProblem struct {
	Kind, Title, Source, Reason string
}

type htmlWarning struct {
	Source, Message string
}

type htmlServer struct {
	New, Present, Conflict int
	Send                   int64
}

// htmlCollection is a calendar, address book or folder with what goes in.
// ToSend counts what is not on the server yet.
func (s *htmlServer) ToSend() int { return s.New + s.Conflict }

type htmlCollection struct {
	Kind, Name, App, Path string
	Kinds                 []htmlCount
	Merged                int
	First, Last           time.Time
	Folders               []htmlFolder
	Status                *htmlServer
}

type htmlFolder struct {
	Path string
	N    int
}

type htmlAlbum struct {
	Name           string
	Photos, Videos int
	Bytes          int64
}

// WriteHTML writes the plan as one web page that needs nothing else (no
// fonts, scripts or images from anywhere), for a person to read on any
// screen, in pr's language.
func (p *Plan) WriteHTML(w io.Writer, pr *lang.Printer) error {
	return previewPage.Execute(w, p.htmlView(pageTextFor(pr)))
}

func (p *Plan) htmlView(t pageText) *htmlView {
	v := &htmlView{T: t, Empty: len(p.Items) == 0}
	counts := map[Kind]int{}
	for _, it := range p.Items {
		prob := htmlProblem{Kind: t.kindName(it.Kind), Title: it.Title, Source: it.Source}
		switch {
		case !it.Fail.IsZero():
			prob.Reason = t.p.Text(it.Fail)
			v.Failed = append(v.Failed, prob)
		case !it.Skip.IsZero():
			prob.Reason = t.p.Text(it.Skip)
			v.Skipped = append(v.Skipped, prob)
		default:
			counts[it.Kind]++
			if !it.Note.IsZero() {
				prob.Reason = t.p.Text(it.Note)
				v.Changed = append(v.Changed, prob)
			}
		}
	}
	v.Totals = kindCounts(counts, t, true)
	for _, wr := range p.Warnings {
		v.Warnings = append(v.Warnings, htmlWarning{Source: wr.Source, Message: t.p.Text(wr.Message)})
	}
	v.HasProblems = len(v.Failed)+len(v.Skipped)+len(v.Changed)+len(v.Warnings) > 0
	if p.Status != nil {
		v.Server = p.serverCounts(p.Items)
	}
	for _, c := range p.htmlCollections(t) {
		v.Where = append(v.Where, c)
		switch c.Kind {
		case string(Calendar):
			v.Calendars = append(v.Calendars, c)
		case string(AddressBook):
			v.Books = append(v.Books, c)
		}
	}
	v.Chart = newChart(p.Items, t)
	v.Albums = albums(p.Items)
	v.HasMedia = v.Chart != nil || len(v.Albums) > 0
	return v
}

// htmlCollections sums up each collection that receives something, as the
// text preview does; what is all skipped is in the lists of problems.
func (p *Plan) htmlCollections(t pageText) []htmlCollection {
	var out []htmlCollection
	byColl := map[*Collection][]*Item{}
	for _, it := range p.Items {
		if it.Collection != nil && it.Skip.IsZero() && it.Fail.IsZero() {
			byColl[it.Collection] = append(byColl[it.Collection], it)
		}
	}
	for _, c := range p.Collections() {
		items := byColl[c]
		if len(items) == 0 {
			continue
		}
		hc := htmlCollection{Kind: string(c.Kind), Name: c.Name, Path: c.Kind.Dir() + "/" + c.Name}
		switch c.Kind {
		case Calendar:
			hc.App = t.CalendarApp
		case AddressBook:
			hc.App = t.ContactsApp
		default:
			hc.App = t.FilesApp
		}
		folders, kinds := map[string]int{}, map[Kind]int{}
		for _, it := range items {
			kinds[it.Kind]++
			if it.Merged > 0 {
				hc.Merged++
			}
			if d := it.Date; !d.IsZero() {
				if hc.First.IsZero() || d.Before(hc.First) {
					hc.First = d
				}
				if d.After(hc.Last) {
					hc.Last = d
				}
			}
			if c.Kind == Folder {
				folders[strings.TrimPrefix(path.Dir(it.Target()), Folder.Dir()+"/")+"/"]++
			}
		}
		hc.Kinds = kindCounts(kinds, t, false)
		for f, n := range folders {
			hc.Folders = append(hc.Folders, htmlFolder{Path: f, N: n})
		}
		sort.Slice(hc.Folders, func(i, j int) bool { return hc.Folders[i].Path < hc.Folders[j].Path })
		if p.Status != nil {
			hc.Status = p.serverCounts(items)
		}
		out = append(out, hc)
	}
	return out
}

// serverCounts says how many of items the server has, and how much is
// left to send; skipped and unreadable items are not counted.
func (p *Plan) serverCounts(items []*Item) *htmlServer {
	s := &htmlServer{}
	for _, it := range items {
		if !it.Skip.IsZero() || !it.Fail.IsZero() {
			continue
		}
		switch p.statusOf(it) {
		case Already:
			s.Present++
			continue
		case Conflict:
			s.Conflict++
		default:
			s.New++
		}
		s.Send += it.Size
	}
	return s
}

// albums counts the photos and videos of each album, by name.
func albums(items []*Item) []htmlAlbum {
	byName := map[string]*htmlAlbum{}
	var out []htmlAlbum
	for _, it := range items {
		if !it.Skip.IsZero() || !it.Fail.IsZero() {
			continue
		}
		for _, name := range it.Albums {
			a := byName[name]
			if a == nil {
				a = &htmlAlbum{Name: name}
				byName[name] = a
			}
			if it.Kind == Video {
				a.Videos++
			} else {
				a.Photos++
			}
			a.Bytes += it.Size
		}
	}
	for _, a := range byName {
		out = append(out, *a)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

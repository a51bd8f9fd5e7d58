package importers

import (
	"errors"
	"log/slog"
	"path"
	"strconv"
	"strings"

	"github.com/takeback/takeback/internal/lang"
)

// Source recognises the members it can read, by content, and turns them
// into items. Google and Facebook are sources.
type Source interface {
	// Visit is called for every member of the tree, in archive order. The
	// source opens the member only when it wants it; problems with one
	// member become warnings on the plan, never errors that stop the scan.
	Visit(m Member, open Opener, p *Plan)
	// Finish adds what needs the whole tree: grouping, deduplication.
	Finish(p *Plan)
}

// LoadOptions tunes Load. The zero value is what the function Load uses.
type LoadOptions struct {
	// OnScan, when set, is called as the scan goes: once per member read
	// and once per input finished, from the scanning goroutine.
	OnScan func(ScanProgress)
}

// ScanProgress is how far a scan is.
type ScanProgress struct {
	// Inputs is the number of inputs given; InputsDone of them are read
	// (or could not be opened).
	Inputs, InputsDone int
	// Members counts the files read so far, in all inputs.
	Members int
	// Input names the input being read, "" once all are.
	Input string
}

// Load opens the inputs and scans them. Inputs that cannot be read at all
// are in the plan as failed items; the others are still scanned. The
// caller closes the tree.
func Load(paths []string, sources ...Source) (*Plan, *Tree) {
	return LoadOptions{}.Load(paths, sources...)
}

// Load is Load, telling o.OnScan how far it is.
func (o LoadOptions) Load(paths []string, sources ...Source) (*Plan, *Tree) {
	t, errs := OpenTree(paths)
	for _, in := range t.Inputs {
		slog.Info("archive opened", "archive", in.Name())
	}
	for _, err := range errs {
		slog.Warn("archive not opened", "error", err.Error())
	}
	p := o.scan(t, len(errs), sources)
	for _, err := range errs {
		p.failInput(err)
	}
	for _, msg := range MissingParts(paths) {
		p.Warn("archives", msg)
	}
	return p, t
}

// Scan walks the tree once and lets every source build its part of the plan.
// An input that breaks part-way is a failed item; the scan goes on. When
// nothing at all was found to import, each input that gave nothing gets a
// warning saying so.
func Scan(t *Tree, sources ...Source) *Plan {
	return LoadOptions{}.scan(t, 0, sources)
}

// scan walks the inputs one by one, so that each one's end is known.
// unopened counts the inputs given that could not be opened: done before
// the scan starts.
func (o LoadOptions) scan(t *Tree, unopened int, sources []Source) *Plan {
	p := &Plan{}
	var seen inputsSeen
	prog := ScanProgress{Inputs: len(t.Inputs) + unopened, InputsDone: unopened}
	tell := func() {
		if o.OnScan != nil {
			o.OnScan(prog)
		}
	}
	for _, in := range t.Inputs {
		prog.Input = in.Name()
		inputErrs, _ := (&Tree{Inputs: []Input{in}}).Walk(func(m Member, open Opener) error {
			seen.add(m)
			for _, s := range sources {
				s.Visit(m, open, p)
			}
			prog.Members++
			tell()
			return nil
		})
		for _, err := range inputErrs {
			slog.Warn("archive broken part-way", "error", err.Error())
			p.failInput(err)
		}
		prog.InputsDone++
		if prog.InputsDone == prog.Inputs {
			prog.Input = ""
		}
		slog.Debug("archive read", "archive", in.Name(), "files so far", prog.Members)
		tell()
	}
	for _, s := range sources {
		s.Finish(p)
	}
	seen.warnNames(p)
	seen.warnNothing(t, p)
	return p
}

// failInput adds a failed item for an input that cannot be read, or that
// broke part-way, and one for each member it names as unreadable
// (MemberError).
func (p *Plan) failInput(err error) {
	source := ""
	if ie, ok := err.(*InputError); ok {
		source, err = ie.Input, ie.Err
	}
	errs := []error{err}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	}
	for _, err := range errs {
		var me *MemberError
		if errors.As(err, &me) {
			p.Add(&Item{Kind: Archive, Source: source + "!" + me.Path, Title: path.Base(me.Path), Fail: lang.FromError(me.Err)})
			continue
		}
		p.Add(&Item{Kind: Archive, Source: source, Title: source, Fail: lang.FromError(err)})
	}
}

// inputsSeen notes, per input, what the scan saw: its top folders and the
// member names that had to be changed to be shown.
type inputsSeen struct {
	folders map[string][]string // by input, in order of first sight
	notes   []*nameSeen
}

type nameSeen struct {
	input, note, first string
	n                  int
}

// maxFoldersNamed bounds the folders a "nothing found" warning lists.
const maxFoldersNamed = 6

func (s *inputsSeen) add(m Member) {
	if s.folders == nil {
		s.folders = map[string][]string{}
	}
	if dir := topFolder(m.Path); dir != "" {
		if fs := s.folders[m.Input]; len(fs) <= maxFoldersNamed && !containsString(fs, dir) {
			s.folders[m.Input] = append(fs, dir)
		}
	}
	if m.nameNote == "" {
		return
	}
	for _, ns := range s.notes {
		if ns.input == m.Input && ns.note == m.nameNote {
			ns.n++
			return
		}
	}
	s.notes = append(s.notes, &nameSeen{input: m.Input, note: m.nameNote, first: m.Source(), n: 1})
}

// topFolder is the first folder of a member's path, below Takeout/ in a
// Takeout; "" for a file at the top.
func topFolder(p string) string {
	p = strings.TrimLeft(p, "/")
	parts := strings.SplitN(p, "/", 3)
	switch {
	case parts[0] == "Takeout" && len(parts) == 3:
		return parts[1]
	case parts[0] == "Takeout" || len(parts) == 1:
		return "" // a file at the top, such as archive_browser.html
	}
	return parts[0]
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (s *inputsSeen) warnNames(p *Plan) {
	for _, ns := range s.notes {
		p.Warn(ns.first, nameWarning(ns.note, ns.n))
	}
}

// warnNothing tells, when the plan holds nothing to import (at most inputs
// that failed), which inputs gave nothing at all: an empty Takeout, one
// with only data takeback does not read, or an archive of something else.
// Inputs that failed are already reported; the warning is for those that
// were read whole and held nothing.
func (s *inputsSeen) warnNothing(t *Tree, p *Plan) {
	for _, it := range p.Items {
		if it.Kind != Archive && !exportsOwn(it) {
			return
		}
	}
	for _, in := range t.Inputs {
		name := in.Name()
		if p.mentions(name) {
			continue
		}
		fs := s.folders[name]
		if len(fs) == 0 {
			p.Warn(name, lang.T("Nothing to import was found in %s: it holds nothing takeback reads "+
				"(calendars, contacts, tasks, photos, videos, Drive files, Keep notes)", name))
			continue
		}
		quoted := make([]string, 0, len(fs))
		for i, f := range fs {
			if i == maxFoldersNamed {
				quoted = append(quoted, "…")
				break
			}
			quoted = append(quoted, strconv.Quote(f))
		}
		p.Warn(name, lang.T("Nothing to import was found in %s: it holds nothing takeback reads "+
			"(calendars, contacts, tasks, photos, videos, Drive files, Keep notes) (its folders: %s)", name, strings.Join(quoted, ", ")))
	}
}

// mentions reports whether an item comes from the input, other than a
// file the export adds of its own.
func (p *Plan) mentions(input string) bool {
	for _, it := range p.Items {
		if exportsOwn(it) {
			continue
		}
		if it.Source == input || strings.HasPrefix(it.Source, input+"!") {
			return true
		}
	}
	return false
}

// exportsOwn reports whether an item is a file an export adds of its own,
// such as Takeout's index page: a source lists it as skipped, with no place
// to go. It is not something found in the input.
func exportsOwn(it *Item) bool {
	return !it.Skip.IsZero() && it.Collection == nil && it.Name == ""
}

package importers

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

// Load opens the inputs and scans them. Inputs that cannot be read at all
// are in the plan as failed items; the others are still scanned. The
// caller closes the tree.
func Load(paths []string, sources ...Source) (*Plan, *Tree) {
	t, errs := OpenTree(paths)
	p := Scan(t, sources...)
	for _, err := range errs {
		p.failInput(err)
	}
	for _, msg := range MissingParts(paths) {
		p.Warn("archives", msg)
	}
	return p, t
}

// Scan walks the tree once and lets every source build its part of the plan.
// An input that breaks part-way is a failed item; the scan goes on.
func Scan(t *Tree, sources ...Source) *Plan {
	p := &Plan{}
	inputErrs, _ := t.Walk(func(m Member, open Opener) error {
		for _, s := range sources {
			s.Visit(m, open, p)
		}
		return nil
	})
	for _, err := range inputErrs {
		p.failInput(err)
	}
	for _, s := range sources {
		s.Finish(p)
	}
	return p
}

func (p *Plan) failInput(err error) {
	source := ""
	if ie, ok := err.(*InputError); ok {
		source, err = ie.Input, ie.Err
	}
	p.Add(&Item{Kind: Archive, Source: source, Title: source, Fail: err.Error()})
}

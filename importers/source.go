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

// Scan walks the tree once and lets every source build its part of the plan.
// Inputs that break part-way become warnings; the scan goes on.
func Scan(t *Tree, sources ...Source) *Plan {
	p := &Plan{}
	inputErrs, _ := t.Walk(func(m Member, open Opener) error {
		for _, s := range sources {
			s.Visit(m, open, p)
		}
		return nil
	})
	for _, err := range inputErrs {
		source := ""
		if ie, ok := err.(*InputError); ok {
			source = ie.Input
			err = ie.Err
		}
		p.Warn(source, err.Error())
	}
	for _, s := range sources {
		s.Finish(p)
	}
	return p
}

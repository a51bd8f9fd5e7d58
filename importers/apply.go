package importers

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"golang.org/x/sync/errgroup"
)

// ApplyOptions tunes Apply.
type ApplyOptions struct {
	// Jobs is the number of concurrent uploads; 0 means 4.
	Jobs int
	// OnResult, when set, is called once per item as it ends, never
	// concurrently.
	OnResult func(done, total int, r Result)
}

// Apply sends the plan to the target and returns one result per item.
// Collections are ensured first, then items go up on a bounded pool. A
// fatal error (a rejected password) stops the import; the items not tried
// are reported as failed with that reason. Re-running the same plan is safe:
// the target reports what is already there as present.
func Apply(ctx context.Context, p *Plan, t Target, opt ApplyOptions) *Report {
	jobs := opt.Jobs
	if jobs <= 0 {
		jobs = 4
	}
	rep := &Report{Results: make([]Result, len(p.Items))}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	var mu sync.Mutex
	done := 0
	record := func(i int, o Outcome, reason string) {
		it := p.Items[i]
		res := Result{Type: "result", Kind: it.Kind, Source: it.Source, Target: it.Target(),
			Title: it.Title, Outcome: o, Reason: reason, Note: it.Note, Albums: it.Albums}
		mu.Lock()
		defer mu.Unlock()
		rep.Results[i] = res
		done++
		if opt.OnResult != nil {
			opt.OnResult(done, len(p.Items), res)
		}
	}
	stop := func(err error) {
		mu.Lock()
		if rep.Stopped == nil {
			rep.Stopped = err
		}
		mu.Unlock()
		cancel()
	}
	stopped := func() error {
		mu.Lock()
		defer mu.Unlock()
		return rep.Stopped
	}

	broken := map[*Collection]error{}
	for _, c := range p.Collections() {
		if !hasWork(p, c) || stopped() != nil {
			continue
		}
		if err := t.Ensure(ctx, c); err != nil {
			broken[c] = fmt.Errorf("%s %q: %w", c.Kind, c.Name, err)
			if IsFatal(err) {
				stop(err)
			}
		}
	}

	var g errgroup.Group
	g.SetLimit(jobs)
	for i, it := range p.Items {
		if it.Fail != "" {
			record(i, Failed, it.Fail)
			continue
		}
		if it.Skip != "" {
			record(i, Skipped, it.Skip)
			continue
		}
		if err := broken[it.Collection]; err != nil {
			record(i, Failed, err.Error())
			continue
		}
		if err := stopped(); err != nil {
			record(i, Failed, "not tried: "+err.Error())
			continue
		}
		g.Go(func() error {
			if err := stopped(); err != nil {
				record(i, Failed, "not tried: "+err.Error())
				return nil
			}
			if ctx.Err() != nil {
				record(i, Failed, "not tried: the import was interrupted")
				return nil
			}
			o, note, err := t.Put(ctx, it)
			switch {
			case err != nil:
				if IsFatal(err) {
					stop(err)
				}
				record(i, Failed, err.Error())
			case len(it.Albums) > 0:
				o, note, err = addToAlbums(ctx, t, it, o, note)
				if IsFatal(err) {
					stop(err)
				}
				record(i, o, note)
			default:
				record(i, o, note)
			}
			return nil
		})
	}
	g.Wait()
	return rep
}

func hasWork(p *Plan, c *Collection) bool {
	for _, it := range p.Items {
		if it.Collection == c && it.Skip == "" && it.Fail == "" {
			return true
		}
	}
	return false
}

// addToAlbums puts an imported or present item into its albums, when the
// target keeps albums. A failure fails the item, so that the exit status
// tells and a re-run adds what is missing.
func addToAlbums(ctx context.Context, t Target, it *Item, o Outcome, note string) (Outcome, string, error) {
	at, ok := t.(AlbumTarget)
	if !ok {
		return o, note, nil
	}
	for _, album := range it.Albums {
		if err := at.AddToAlbum(ctx, album, it); err != nil {
			if errors.Is(err, ErrNoAlbums) {
				return o, note, nil
			}
			return Failed, fmt.Sprintf("stored, but not added to the album %q: %v", album, err), err
		}
	}
	return o, note, nil
}

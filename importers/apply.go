package importers

import (
	"context"
	"errors"
	"log/slog"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/takeback/takeback/internal/lang"
)

// ApplyOptions tunes Apply.
type ApplyOptions struct {
	// Jobs is the number of concurrent uploads; 0 means 4.
	Jobs int
	// OnResult, when set, is called once per item as it ends, never
	// concurrently.
	OnResult func(done, total int, r Result)
	// Stop, when closed, ends the import cleanly (a first Ctrl-C): no
	// collection is created and no item started any more, while the items
	// under way finish, albums included. The items not started are failed
	// as "not tried: the import was interrupted", so that the report is
	// whole and a re-run adds them. Cancelling ctx instead (a second
	// Ctrl-C) also aborts the items under way.
	Stop <-chan struct{}
}

// ReasonInterrupted is the reason of the items an interruption left
// untried.
var ReasonInterrupted = lang.T("the import was interrupted")

// Apply sends the plan to the target and returns one result per item.
// Collections are ensured first, then items go up on a bounded pool. A
// fatal error (a rejected password) stops the import; the items not tried
// are reported as failed with that reason. So does an interruption
// (opt.Stop, or ctx cancelled), with ReasonInterrupted. Re-running the same
// plan is safe: the target reports what is already there as present.
func Apply(ctx context.Context, p *Plan, t Target, opt ApplyOptions) *Report {
	jobs := opt.Jobs
	if jobs <= 0 {
		jobs = 4
	}
	rep := &Report{Results: make([]Result, len(p.Items))}
	slog.Info("import started", "items", len(p.Items), "jobs", jobs)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	var mu sync.Mutex
	done := 0
	record := func(i int, o Outcome, reason lang.Text) {
		it := p.Items[i]
		res := Result{Type: "result", Kind: it.Kind, Source: it.Source, Target: it.Target(),
			Title: it.Title, Outcome: o, Reason: reason, Note: it.Note, Albums: it.Albums}
		mu.Lock()
		defer mu.Unlock()
		rep.Results[i] = res
		done++
		slog.Debug("item ended", "outcome", o, "kind", it.Kind, "source", it.Source, "target", res.Target, "reason", reason)
		if opt.OnResult != nil {
			opt.OnResult(done, len(p.Items), res)
		}
	}
	stop := func(err error) {
		mu.Lock()
		if rep.Stopped == nil {
			rep.Stopped = err
			slog.Info("import stopping", "error", err.Error())
		}
		mu.Unlock()
		cancel()
	}
	stopped := func() error {
		mu.Lock()
		defer mu.Unlock()
		return rep.Stopped
	}
	// aborted: ctx was cancelled from outside (a second Ctrl-C), not by
	// a fatal error.
	aborted := func() bool { return ctx.Err() != nil && stopped() == nil }
	interrupted := func() bool {
		if aborted() {
			return true
		}
		select {
		case <-opt.Stop:
			return true
		default:
			return false
		}
	}

	broken := map[*Collection]error{}
	for _, c := range p.Collections() {
		if !hasWork(p, c) || stopped() != nil || interrupted() {
			continue
		}
		if err := t.Ensure(ctx, c); err != nil {
			broken[c] = collectionError(c, err)
			slog.Debug("collection not ready", "kind", c.Kind, "name", c.Name, "error", err.Error())
			if IsFatal(err) {
				stop(err)
			}
		}
	}

	var g errgroup.Group
	g.SetLimit(jobs)
	for i, it := range p.Items {
		if !it.Fail.IsZero() {
			record(i, Failed, it.Fail)
			continue
		}
		if !it.Skip.IsZero() {
			record(i, Skipped, it.Skip)
			continue
		}
		if err := broken[it.Collection]; err != nil {
			record(i, Failed, lang.FromError(err))
			continue
		}
		if err := stopped(); err != nil {
			record(i, Failed, lang.T("not tried: %v", err))
			continue
		}
		if interrupted() {
			record(i, Failed, lang.T("not tried: %v", ReasonInterrupted))
			continue
		}
		g.Go(func() error {
			if err := stopped(); err != nil {
				record(i, Failed, lang.T("not tried: %v", err))
				return nil
			}
			if interrupted() {
				record(i, Failed, lang.T("not tried: %v", ReasonInterrupted))
				return nil
			}
			o, note, err := t.Put(ctx, it)
			switch {
			case err != nil && aborted():
				record(i, Failed, lang.T("not finished: %v while it was being sent", ReasonInterrupted))
			case err != nil:
				if IsFatal(err) {
					stop(err)
				}
				record(i, Failed, lang.FromError(err))
			case len(it.Albums) > 0:
				o, note, err = addToAlbums(ctx, t, it, o, note)
				switch {
				case err != nil && aborted():
					note = lang.T("stored, but not added to its albums: %v", ReasonInterrupted)
				case IsFatal(err):
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
	slog.Info("import ended", "items", len(p.Items), "failed", rep.Failed())
	return rep
}

// collectionError says which collection could not be made ready.
func collectionError(c *Collection, err error) error {
	switch c.Kind {
	case Calendar:
		return lang.Errorf("calendar %q: %w", c.Name, err)
	case AddressBook:
		return lang.Errorf("address book %q: %w", c.Name, err)
	}
	return lang.Errorf("folder %q: %w", c.Name, err)
}

func hasWork(p *Plan, c *Collection) bool {
	for _, it := range p.Items {
		if it.Collection == c && it.Skip.IsZero() && it.Fail.IsZero() {
			return true
		}
	}
	return false
}

// addToAlbums puts an imported or present item into its albums, when the
// target keeps albums. A failure fails the item, so that the exit status
// tells and a re-run adds what is missing.
func addToAlbums(ctx context.Context, t Target, it *Item, o Outcome, note lang.Text) (Outcome, lang.Text, error) {
	at, ok := t.(AlbumTarget)
	if !ok {
		return o, note, nil
	}
	for _, album := range it.Albums {
		if err := at.AddToAlbum(ctx, album, it); err != nil {
			if errors.Is(err, ErrNoAlbums) {
				return o, note, nil
			}
			return Failed, lang.T("stored, but not added to the album %q: %v", album, err), err
		}
	}
	return o, note, nil
}

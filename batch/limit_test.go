package batch

import (
	"context"
	"errors"
	"fmt"
	"github.com/takeback/takeback/internal/lang"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/takeback/takeback/importers"
)

// countingTarget is a server whose uploads take a little while; it
// measures how many run at once, across all the wrappers around it.
type countingTarget struct {
	delay    time.Duration
	mu       sync.Mutex
	inflight int
	max      int
	puts     atomic.Int32
	ensures  atomic.Int32
	// block, when set, holds every Put until it is closed.
	block chan struct{}
}

func (c *countingTarget) enter() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.inflight++
	c.max = max(c.max, c.inflight)
}

func (c *countingTarget) leave() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.inflight--
}

func (c *countingTarget) maxAtOnce() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.max
}

func (c *countingTarget) Ensure(ctx context.Context, col *importers.Collection) error {
	c.ensures.Add(1)
	return nil
}

func (c *countingTarget) Put(ctx context.Context, it *importers.Item) (importers.Outcome, lang.Text, error) {
	c.enter()
	defer c.leave()
	c.puts.Add(1)
	if c.block != nil {
		select {
		case <-c.block:
		case <-ctx.Done():
			return importers.Failed, lang.Text{}, ctx.Err()
		}
	}
	time.Sleep(c.delay)
	return importers.Imported, lang.Text{}, nil
}

// countingAlbums is a countingTarget that keeps albums; adding to an album
// counts as an upload.
type countingAlbums struct {
	*countingTarget
	adds atomic.Int32
}

func (c *countingAlbums) AddToAlbum(ctx context.Context, album string, it *importers.Item) error {
	c.enter()
	defer c.leave()
	c.adds.Add(1)
	time.Sleep(c.delay)
	return nil
}

// filesPlan is one person's plan: n files in one folder, in albums.
func filesPlan(person string, n int, albums ...string) *importers.Plan {
	col := &importers.Collection{Kind: importers.Folder, ID: person, Name: person}
	p := &importers.Plan{}
	for i := range n {
		p.Add(&importers.Item{Kind: importers.Photo, Source: fmt.Sprintf("%s.zip!Takeout/Photos/%d.jpg", person, i),
			Collection: col, Name: fmt.Sprintf("%d.jpg", i), Body: []byte("jpeg"), Albums: albums})
	}
	return p
}

// applyAll runs one Apply per person at once, each through its own
// wrapper of the shared target, and returns their reports.
func applyAll(t *testing.T, u *Uploads, target importers.Target, people, items int, albums ...string) []*importers.Report {
	t.Helper()
	reports := make([]*importers.Report, people)
	var wg sync.WaitGroup
	for i := range people {
		wg.Go(func() {
			reports[i] = importers.Apply(context.Background(), filesPlan(fmt.Sprintf("user%d", i), items, albums...),
				u.Limit(target), importers.ApplyOptions{Jobs: 4})
		})
	}
	wg.Wait()
	return reports
}

func TestUploadsLimit(t *testing.T) {
	tests := []struct {
		cap, want int
	}{
		{2, 2},
		{1, 1},
		{3, 3},
		{0, 1}, // taken as 1
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.cap), func(t *testing.T) {
			target := &countingTarget{delay: 3 * time.Millisecond}
			const people, items = 4, 8
			reports := applyAll(t, NewUploads(tt.cap), target, people, items)
			if got := target.maxAtOnce(); got != tt.want {
				t.Errorf("at most %d uploads at once, want %d", got, tt.want)
			}
			for i, rep := range reports {
				if len(rep.Results) != items || rep.Failed() != 0 || rep.Stopped != nil {
					t.Errorf("person %d: %d results, %d failed, stopped %v; want %d imported", i, len(rep.Results), rep.Failed(), rep.Stopped, items)
				}
			}
			if got := target.puts.Load(); got != people*items {
				t.Errorf("%d uploads, want %d", got, people*items)
			}
			if got := target.ensures.Load(); got != people {
				t.Errorf("%d folders ensured, want %d", got, people)
			}
		})
	}
}

func TestUploadsLimitAlbums(t *testing.T) {
	u := NewUploads(2)
	if _, ok := u.Limit(&countingTarget{}).(importers.AlbumTarget); ok {
		t.Error("Limit of a target without albums is an AlbumTarget")
	}
	target := &countingAlbums{countingTarget: &countingTarget{delay: 2 * time.Millisecond}}
	if _, ok := u.Limit(target).(importers.AlbumTarget); !ok {
		t.Fatal("Limit of an AlbumTarget is no AlbumTarget any more: albums would be lost")
	}
	const people, items = 3, 6
	reports := applyAll(t, u, target, people, items, "Holidays", "Family")
	for i, rep := range reports {
		if rep.Failed() != 0 {
			t.Errorf("person %d: %d failed", i, rep.Failed())
		}
		for _, res := range rep.Results {
			if !slices.Equal(res.Albums, []string{"Holidays", "Family"}) {
				t.Errorf("result %+v lost its albums", res)
			}
		}
	}
	if got, want := target.adds.Load(), int32(people*items*2); got != want {
		t.Errorf("%d additions to albums, want %d", got, want)
	}
	if got := target.maxAtOnce(); got > 2 {
		t.Errorf("%d uploads and album additions at once, want at most 2", got)
	}
}

// A Put waiting for its turn gives up when its context ends.
func TestUploadsLimitCancelled(t *testing.T) {
	u := NewUploads(1)
	target := &countingTarget{block: make(chan struct{})}
	first := make(chan error, 1)
	go func() {
		_, _, err := u.Limit(target).Put(context.Background(), &importers.Item{Name: "a.jpg"})
		first <- err
	}()
	for target.puts.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	o, _, err := u.Limit(target).Put(ctx, &importers.Item{Name: "b.jpg"})
	if o != importers.Failed || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Put while the cap is taken and the context ends: %q, %v; want failed, deadline exceeded", o, err)
	}
	if got := target.puts.Load(); got != 1 {
		t.Errorf("%d uploads reached the server, want 1", got)
	}
	close(target.block)
	if err := <-first; err != nil {
		t.Errorf("the first Put: %v", err)
	}
	// The cap was given back: another Put goes through.
	if o, _, err := u.Limit(target).Put(context.Background(), &importers.Item{Name: "c.jpg"}); o != importers.Imported || err != nil {
		t.Errorf("Put after the others: %q, %v", o, err)
	}
}

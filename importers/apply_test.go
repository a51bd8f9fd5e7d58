package importers

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/takeback/takeback/internal/lang"
)

// fakeTarget answers Put from a table keyed by item name.
type fakeTarget struct {
	mu       sync.Mutex
	ensured  []string
	put      []string
	ensure   map[string]error
	answers  map[string]Outcome
	failures map[string]error
}

func (f *fakeTarget) Ensure(ctx context.Context, c *Collection) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.ensured = append(f.ensured, c.ID)
	return f.ensure[c.ID]
}

func (f *fakeTarget) Put(ctx context.Context, it *Item) (Outcome, lang.Text, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.put = append(f.put, it.Name)
	if err := f.failures[it.Name]; err != nil {
		return "", lang.Text{}, err
	}
	if o, ok := f.answers[it.Name]; ok {
		return o, lang.T("note"), nil
	}
	return Imported, lang.Text{}, nil
}

func TestApply(t *testing.T) {
	cal := &Collection{Kind: Calendar, ID: "cal", Name: "Cal"}
	book := &Collection{Kind: AddressBook, ID: "book", Name: "Book"}
	unused := &Collection{Kind: Calendar, ID: "unused", Name: "Only skipped"}
	items := func() []*Item {
		return []*Item{
			{Kind: Event, Name: "a", Collection: cal},
			{Kind: Event, Name: "b", Collection: cal},
			{Kind: Event, Name: "c", Collection: cal, Skip: lang.T("too big")},
			{Kind: Contact, Name: "d", Collection: book},
			{Kind: Event, Name: "e", Collection: unused, Skip: lang.T("birthday")},
			{Kind: Archive, Source: "x.zip", Fail: lang.T("truncated")},
		}
	}
	tests := []struct {
		name     string
		target   *fakeTarget
		want     map[string]Outcome
		stopped  bool
		putCount int
	}{
		{
			name:     "all imported, skipped and broken reported",
			target:   &fakeTarget{},
			want:     map[string]Outcome{"a": Imported, "b": Imported, "c": Skipped, "d": Imported, "e": Skipped, "": Failed},
			putCount: 3,
		},
		{
			name:     "present and failed items",
			target:   &fakeTarget{answers: map[string]Outcome{"a": Present}, failures: map[string]error{"b": errors.New("415")}},
			want:     map[string]Outcome{"a": Present, "b": Failed, "c": Skipped, "d": Imported, "e": Skipped, "": Failed},
			putCount: 3,
		},
		{
			name:     "a collection that cannot be created fails its items only",
			target:   &fakeTarget{ensure: map[string]error{"cal": errors.New("limit reached")}},
			want:     map[string]Outcome{"a": Failed, "b": Failed, "c": Skipped, "d": Imported, "e": Skipped, "": Failed},
			putCount: 1,
		},
		{
			name:     "a fatal error stops everything",
			target:   &fakeTarget{ensure: map[string]error{"cal": Fatal(errors.New("401"))}},
			want:     map[string]Outcome{"a": Failed, "b": Failed, "c": Skipped, "d": Failed, "e": Skipped, "": Failed},
			stopped:  true,
			putCount: 0,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &Plan{Items: items()}
			rep := Apply(context.Background(), p, tt.target, ApplyOptions{Jobs: 2})
			if len(rep.Results) != len(p.Items) {
				t.Fatalf("%d results for %d items", len(rep.Results), len(p.Items))
			}
			for i, r := range rep.Results {
				if want := tt.want[p.Items[i].Name]; r.Outcome != want {
					t.Errorf("item %q: outcome %q, want %q (reason %q)", p.Items[i].Name, r.Outcome, want, r.Reason)
				}
				if (r.Outcome == Failed || r.Outcome == Skipped) && r.Reason.IsZero() {
					t.Errorf("item %q: %s without a reason", p.Items[i].Name, r.Outcome)
				}
			}
			if (rep.Stopped != nil) != tt.stopped {
				t.Errorf("stopped = %v, want %v", rep.Stopped, tt.stopped)
			}
			if len(tt.target.put) != tt.putCount {
				t.Errorf("%d puts, want %d", len(tt.target.put), tt.putCount)
			}
			for _, id := range tt.target.ensured {
				if id == "unused" {
					t.Error("a collection with only skipped items was created")
				}
			}
		})
	}
}

func TestApplyFatalPutStopsTheRest(t *testing.T) {
	cal := &Collection{Kind: Calendar, ID: "cal"}
	p := &Plan{}
	for i := 0; i < 50; i++ {
		p.Add(&Item{Kind: Event, Name: fmt.Sprint(i), Collection: cal})
	}
	target := &fakeTarget{failures: map[string]error{"0": Fatal(errors.New("password refused"))}}
	rep := Apply(context.Background(), p, target, ApplyOptions{Jobs: 1})
	if rep.Stopped == nil {
		t.Fatal("not stopped")
	}
	if len(target.put) != 1 {
		t.Errorf("%d puts after a fatal error, want 1", len(target.put))
	}
	if got := rep.Failed(); got != 50 {
		t.Errorf("%d failed, want 50", got)
	}
}

func TestApplyInterrupted(t *testing.T) {
	cal := &Collection{Kind: Calendar, ID: "cal"}
	p := &Plan{}
	for i := 0; i < 5; i++ {
		p.Add(&Item{Kind: Event, Name: fmt.Sprint(i), Collection: cal})
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	target := &fakeTarget{}
	rep := Apply(ctx, p, target, ApplyOptions{Jobs: 1})
	if len(target.put) != 0 {
		t.Errorf("%d items sent after the interruption", len(target.put))
	}
	for _, r := range rep.Results {
		if r.Outcome != Failed || r.Reason.String() != "not tried: the import was interrupted" {
			t.Errorf("result %+v", r)
		}
	}
}

// albumTarget keeps albums, refusing one of them.
type albumTarget struct {
	fakeTarget
	added []string
	err   error
}

func (a *albumTarget) AddToAlbum(ctx context.Context, album string, it *Item) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.err != nil {
		return a.err
	}
	a.added = append(a.added, album+"/"+it.Name)
	return nil
}

func TestApplyAlbums(t *testing.T) {
	photos := &Collection{Kind: Folder, ID: "photos", Name: "Photos"}
	items := func() []*Item {
		return []*Item{
			{Kind: Photo, Name: "a.jpg", Collection: photos, Albums: []string{"Rome", "Best"}},
			{Kind: Photo, Name: "b.jpg", Collection: photos},
		}
	}
	tests := []struct {
		name   string
		target Target
		want   Outcome
		added  int
	}{
		{"albums are filled", &albumTarget{}, Imported, 2},
		{"a server without albums keeps them in the report", &albumTarget{err: ErrNoAlbums}, Imported, 0},
		{"a failed album fails the item", &albumTarget{err: errors.New("507")}, Failed, 0},
		{"a target that knows no albums", &fakeTarget{}, Imported, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := Apply(context.Background(), &Plan{Items: items()}, tt.target, ApplyOptions{})
			if got := rep.Results[0]; got.Outcome != tt.want || len(got.Albums) != 2 {
				t.Errorf("result %+v, want %s with 2 albums", got, tt.want)
			}
			if rep.Results[1].Outcome != Imported {
				t.Errorf("the photo without albums: %+v", rep.Results[1])
			}
			if at, ok := tt.target.(*albumTarget); ok && len(at.added) != tt.added {
				t.Errorf("added %v", at.added)
			}
		})
	}
}

// blockingTarget holds every Put until release is closed, and says when
// one has started.
type blockingTarget struct {
	albumTarget
	started chan string
	release chan struct{}
}

func (b *blockingTarget) Put(ctx context.Context, it *Item) (Outcome, lang.Text, error) {
	b.started <- it.Name
	select {
	case <-b.release:
	case <-ctx.Done():
		return Failed, lang.Text{}, ctx.Err()
	}
	return b.fakeTarget.Put(ctx, it)
}

func TestApplyStop(t *testing.T) {
	photos := &Collection{Kind: Folder, ID: "photos", Name: "Photos"}
	later := &Collection{Kind: Folder, ID: "later", Name: "Later"}
	plan := func() *Plan {
		p := &Plan{}
		for i := 0; i < 6; i++ {
			p.Add(&Item{Kind: Photo, Name: fmt.Sprint(i), Collection: photos, Albums: []string{"Trip"}})
		}
		p.Add(&Item{Kind: Photo, Name: "skipped", Collection: photos, Skip: lang.T("in the trash")})
		return p
	}
	for _, tt := range []struct {
		name   string
		cancel bool // a second Ctrl-C: the items under way are aborted
	}{
		{"the items under way finish", false},
		{"a second interruption aborts them", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := plan()
			p.Add(&Item{Kind: Photo, Name: "elsewhere", Collection: later})
			target := &blockingTarget{started: make(chan string, 10), release: make(chan struct{})}
			stop := make(chan struct{})
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			done := make(chan *Report)
			go func() { done <- Apply(ctx, p, target, ApplyOptions{Jobs: 2, Stop: stop}) }()
			// Two items under way, then the interruption.
			for i := 0; i < 2; i++ {
				select {
				case <-target.started:
				case <-time.After(5 * time.Second):
					t.Fatal("no upload started")
				}
			}
			close(stop)
			if tt.cancel {
				cancel()
			} else {
				close(target.release)
			}
			var rep *Report
			select {
			case rep = <-done:
			case <-time.After(5 * time.Second):
				t.Fatal("Apply did not return after the interruption")
			}
			n := map[string]int{}
			for _, r := range rep.Results {
				n[string(r.Outcome)+": "+r.Reason.String()]++
			}
			want := map[string]int{
				"imported: ": 2,
				"failed: not tried: the import was interrupted": 4 + 1, // and "elsewhere"
				"skipped: in the trash":                         1,
			}
			if tt.cancel {
				delete(want, "imported: ")
				want["failed: not finished: the import was interrupted while it was being sent"] = 2
			}
			if fmt.Sprint(n) != fmt.Sprint(want) {
				t.Errorf("outcomes %v, want %v", n, want)
			}
			stored := 2
			if tt.cancel {
				stored = 0
			}
			if len(target.put) != stored || len(target.added) != stored {
				t.Errorf("%d stored, %d added to albums; want %d of each", len(target.put), len(target.added), stored)
			}
			if rep.Stopped != nil {
				t.Errorf("an interruption is not a fatal error: %v", rep.Stopped)
			}
		})
	}
}

// Interrupted before it starts: nothing is made or sent.
func TestApplyStoppedBeforeStart(t *testing.T) {
	cal := &Collection{Kind: Calendar, ID: "cal"}
	p := &Plan{}
	for i := 0; i < 3; i++ {
		p.Add(&Item{Kind: Event, Name: fmt.Sprint(i), Collection: cal})
	}
	stop := make(chan struct{})
	close(stop)
	target := &fakeTarget{}
	rep := Apply(context.Background(), p, target, ApplyOptions{Stop: stop})
	if len(target.ensured) != 0 || len(target.put) != 0 {
		t.Errorf("ensured %v, put %v", target.ensured, target.put)
	}
	for _, r := range rep.Results {
		if r.Outcome != Failed || r.Reason.String() != "not tried: "+ReasonInterrupted.String() {
			t.Errorf("result %+v", r)
		}
	}
}

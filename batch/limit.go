package batch

import (
	"context"
	"github.com/takeback/takeback/internal/lang"

	"golang.org/x/sync/semaphore"

	"github.com/takeback/takeback/importers"
)

// Uploads is the cap on uploads running at once across all the people of
// a batch: each person's import has its own pool (--jobs), and the server
// sees no more than the cap in all.
type Uploads struct{ sem *semaphore.Weighted }

// NewUploads caps the batch's uploads at n at once.
func NewUploads(n int) *Uploads { return &Uploads{semaphore.NewWeighted(int64(max(n, 1)))} }

// Limit returns t with its uploads counted against the cap. Creating
// collections is not counted: it is one request per collection.
func (u *Uploads) Limit(t importers.Target) importers.Target {
	if at, ok := t.(importers.AlbumTarget); ok {
		return &limitedAlbums{limited{t, u}, at}
	}
	return &limited{t, u}
}

type limited struct {
	importers.Target
	u *Uploads
}

func (l *limited) Put(ctx context.Context, it *importers.Item) (importers.Outcome, lang.Text, error) {
	if err := l.u.sem.Acquire(ctx, 1); err != nil {
		return importers.Failed, lang.Text{}, err
	}
	defer l.u.sem.Release(1)
	return l.Target.Put(ctx, it)
}

type limitedAlbums struct {
	limited
	albums importers.AlbumTarget
}

func (l *limitedAlbums) AddToAlbum(ctx context.Context, album string, it *importers.Item) error {
	if err := l.u.sem.Acquire(ctx, 1); err != nil {
		return err
	}
	defer l.u.sem.Release(1)
	return l.albums.AddToAlbum(ctx, album, it)
}

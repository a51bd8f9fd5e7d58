package ui

import (
	"context"

	"github.com/takeback/takeback/importers"
	"github.com/takeback/takeback/internal/lang"
)

// watched tells when each item starts and ends going up: the page shows
// the item under way, and counts items and bytes across pauses (Apply's
// own count starts again at each resume, and it tells no sizes).
type watched struct {
	importers.Target
	start func(*importers.Item)
	end   func(*importers.Item)
}

func (w watched) Put(ctx context.Context, it *importers.Item) (importers.Outcome, lang.Text, error) {
	w.start(it)
	defer w.end(it)
	return w.Target.Put(ctx, it)
}

// watchedAlbums keeps the albums of a target that has them.
type watchedAlbums struct {
	watched
	albums importers.AlbumTarget
}

func (w watchedAlbums) AddToAlbum(ctx context.Context, album string, it *importers.Item) error {
	return w.albums.AddToAlbum(ctx, album, it)
}

func watch(t importers.Target, start, end func(*importers.Item)) importers.Target {
	w := watched{Target: t, start: start, end: end}
	if at, ok := t.(importers.AlbumTarget); ok {
		return watchedAlbums{watched: w, albums: at}
	}
	return w
}

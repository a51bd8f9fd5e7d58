package importers

import (
	"context"
	"errors"

	"github.com/takeback/takeback/internal/lang"
)

// Target is where a plan is applied: a Nextcloud, any CalDAV/CardDAV
// server, or a local folder. It is the one seam between what was read and
// where it goes.
type Target interface {
	// Ensure makes sure the collection exists, creating it when needed. It
	// is called once per collection, before that collection's items.
	Ensure(ctx context.Context, c *Collection) error
	// Put stores one item. It returns Present, with a note, when the item
	// is already there. An error fails this item only, unless it is Fatal.
	Put(ctx context.Context, it *Item) (Outcome, lang.Text, error)
}

// AlbumTarget is a Target that also keeps photo albums, such as Nextcloud
// Photos. Apply calls AddToAlbum for every album of an item once the item
// is imported or present; adding a member twice must be harmless.
type AlbumTarget interface {
	Target
	AddToAlbum(ctx context.Context, album string, it *Item) error
}

// ErrNoAlbums is what AddToAlbum returns on a server without albums; the
// album names then stay in the report only.
var ErrNoAlbums = lang.New("this server has no photo albums")

// fatalError marks an error that makes every further request pointless,
// such as a rejected password.
type fatalError struct{ err error }

func (e *fatalError) Error() string   { return e.err.Error() }
func (e *fatalError) Unwrap() error   { return e.err }
func (e *fatalError) Text() lang.Text { return lang.FromError(e.err) }

// Fatal marks err as stopping the whole import.
func Fatal(err error) error {
	if err == nil {
		return nil
	}
	return &fatalError{err}
}

// IsFatal reports whether err stops the whole import.
func IsFatal(err error) bool {
	var f *fatalError
	return errors.As(err, &f)
}

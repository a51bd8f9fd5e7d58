package importers

import (
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/takeback/takeback/internal/lang"
)

// dirInput reads an extracted Takeout folder. Going through an os.Root keeps
// every access inside the folder, symbolic links included.
type dirInput struct {
	name string
	root *os.Root
}

func openDir(path, name string) (Input, error) {
	root, err := os.OpenRoot(path)
	if err != nil {
		return nil, openFailure(err)
	}
	return &dirInput{name: name, root: root}, nil
}

func (d *dirInput) Name() string { return d.name }

// Walk lists regular files in lexical order, paths slash-separated and
// relative to the folder. Symbolic links are left out. Entries that cannot
// be read are reported at the end; the rest are still listed.
func (d *dirInput) Walk(fn WalkFunc) error {
	var stop error
	var unreadable []error
	err := fs.WalkDir(d.root.FS(), ".", func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			unreadable = append(unreadable, err)
			return nil
		}
		if !e.Type().IsRegular() {
			return nil
		}
		if reason := memberNameProblem(p); !reason.IsZero() {
			unreadable = append(unreadable, lang.Errorf("%.80s…: %v", p, reason))
			return nil
		}
		info, err := e.Info()
		if err != nil {
			unreadable = append(unreadable, err)
			return nil
		}
		// The stored path opens the file; the display path names it.
		open := func() (io.ReadCloser, error) { return d.openStored(p) }
		path, note := displayName(p, false)
		m := Member{Input: d.name, Path: path, Size: info.Size(), ModTime: info.ModTime(), reopen: open, nameNote: note}
		if err := fn(m, open); err != nil {
			// Returned as is, so that fs.SkipDir from fn means nothing special.
			stop = err
			return fs.SkipAll
		}
		return nil
	})
	switch {
	case stop != nil:
		return stop
	case err != nil:
		return err
	case len(unreadable) == 1:
		return lang.Errorf("part of the folder cannot be read: %w", unreadable[0])
	case len(unreadable) > 1:
		return lang.Errorf("part of the folder cannot be read (%d problems), the first: %w", len(unreadable), unreadable[0])
	}
	return nil
}

// Open opens a regular file by its slash-separated path in the folder.
func (d *dirInput) Open(path string) (io.ReadCloser, error) {
	if !fs.ValidPath(path) || path == "." {
		return nil, &fs.PathError{Op: "open", Path: path, Err: fs.ErrInvalid}
	}
	return d.openStored(path)
}

// openStored opens a regular file by the path the walk found it at, which
// may not be valid UTF-8 (fs.ValidPath refuses such paths). The os.Root
// still keeps it inside the folder.
func (d *dirInput) openStored(path string) (io.ReadCloser, error) {
	name := filepath.FromSlash(path)
	fi, err := d.root.Lstat(name)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, lang.Errorf("%s is not a regular file", path)
	}
	return d.root.Open(name)
}

func (d *dirInput) Close() error { return d.root.Close() }

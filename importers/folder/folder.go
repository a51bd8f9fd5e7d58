// Package folder is the local folder target: it lays a plan out as a
// Nextcloud-ready tree of .ics, .vcf and media files, with the same resource
// names, report and idempotence as a server.
package folder

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/takeback/takeback/importers"
)

// Target writes items under Dir.
type Target struct {
	Dir string
}

// New returns a target writing under dir, which is created if missing.
func New(dir string) (*Target, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create target folder: %w", err)
	}
	return &Target{Dir: dir}, nil
}

// Ensure creates the collection's folder.
func (t *Target) Ensure(ctx context.Context, c *importers.Collection) error {
	return os.MkdirAll(t.collectionDir(c), 0o755)
}

// Put writes the item unless a file is already at its place. Files are
// written to a temporary name and renamed, so a file that exists is whole
// even after a crash.
func (t *Target) Put(ctx context.Context, it *importers.Item) (importers.Outcome, string, error) {
	if err := ctx.Err(); err != nil {
		return "", "", err
	}
	dst := filepath.Join(t.collectionDir(it.Collection), safeName(it.Name))
	if _, err := os.Stat(dst); err == nil {
		if it.Body != nil && !sameContent(dst, it.Body) {
			return importers.Present, "a different version is already there and was kept", nil
		}
		return importers.Present, "", nil
	}
	src, err := it.Open()
	if err != nil {
		return "", "", fmt.Errorf("read %s: %w", it.Source, err)
	}
	defer src.Close()
	tmp, err := os.CreateTemp(filepath.Dir(dst), ".takeback-*")
	if err != nil {
		return "", "", err
	}
	_, err = io.Copy(tmp, src)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil && !it.Date.IsZero() && (it.Kind == importers.Photo || it.Kind == importers.Video || it.Kind == importers.File) {
		err = os.Chtimes(tmp.Name(), it.Date, it.Date)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), dst)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return "", "", fmt.Errorf("write %s: %w", dst, err)
	}
	return importers.Imported, "", nil
}

func (t *Target) collectionDir(c *importers.Collection) string {
	if c == nil {
		return t.Dir
	}
	return filepath.Join(t.Dir, c.Kind.Dir(), safeName(c.Name))
}

func sameContent(path string, want []byte) bool {
	got, err := os.ReadFile(path)
	return err == nil && bytes.Equal(got, want)
}

// safeName keeps a name inside its folder and valid on Windows and macOS.
func safeName(name string) string {
	name = strings.Map(func(r rune) rune {
		switch {
		case r < 0x20, strings.ContainsRune(`/\:*?"<>|`, r):
			return '_'
		}
		return r
	}, name)
	name = strings.TrimRight(name, " .")
	if name == "" || name == "." || name == ".." {
		name = "_"
	}
	return name
}

// Package folder is the local folder target: it lays a plan out as a
// Nextcloud-ready tree of .ics, .vcf and media files, with the same resource
// names, report and idempotence as a server.
package folder

import (
	"bytes"
	"context"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/takeback/takeback/importers"
	"github.com/takeback/takeback/internal/lang"
)

// Target writes items under Dir.
type Target struct {
	Dir string
}

// New returns a target writing under dir, which is created if missing.
func New(dir string) (*Target, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, lang.Errorf("cannot create the target folder: %w", err)
	}
	return &Target{Dir: dir}, nil
}

// Ensure creates the collection's folder.
func (t *Target) Ensure(ctx context.Context, c *importers.Collection) error {
	dir := t.collectionDir(c)
	if err := t.contains(dir); err != nil {
		return err
	}
	return os.MkdirAll(dir, 0o755)
}

// Put writes the item unless it is already at its place. Files are written
// to a temporary name and renamed, so a file that exists is whole even after
// a crash. A different file in the way of a photo or file is never
// overwritten: the item gets the next free name, "IMG_1 (2).jpg".
func (t *Target) Put(ctx context.Context, it *importers.Item) (importers.Outcome, lang.Text, error) {
	if err := ctx.Err(); err != nil {
		return "", lang.Text{}, err
	}
	rel := safePath(it.Name)
	want := filepath.Join(t.collectionDir(it.Collection), rel)
	if err := t.contains(want); err != nil {
		return "", lang.Text{}, err
	}
	dst := want
	if isFile(it) {
		var present bool
		dst, present = freeName(want, it.Size)
		if present {
			return importers.Present, lang.Text{}, nil
		}
	} else if _, err := os.Stat(dst); err == nil {
		if it.Body != nil && !sameContent(dst, it.Body) {
			return importers.Present, lang.T("a different version is already there and was kept"), nil
		}
		return importers.Present, lang.Text{}, nil
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return "", lang.Text{}, err
	}
	if err := write(dst, it); err != nil {
		return "", lang.Text{}, err
	}
	return importers.Imported, renamed(it.Name, rel, want, dst), nil
}

// renamed is Put's note when the item is not at its own name: the name
// cannot be a file name (on Windows, which forbids the most), or another
// file has it.
func renamed(name, rel, want, dst string) lang.Text {
	stored := filepath.ToSlash(rel)
	switch {
	case stored != name:
		stored = path.Join(path.Dir(stored), filepath.Base(dst))
		return lang.T("stored as %s: \"%s\" is not a valid file name on Windows", stored, name)
	case dst != want:
		return lang.T("stored as %s: another file has the name", filepath.Base(dst))
	}
	return lang.Text{}
}

// isFile says whether the item is a file among the user's files (a photo,
// a Drive file, a note), as opposed to a calendar or address-book object.
func isFile(it *importers.Item) bool {
	return it.Collection != nil && it.Collection.Kind == importers.Folder
}

// freeName finds where a file of this size goes: its own name, or the first
// "name (n).ext" that is free. present says a file of that size is already
// at one of those names.
func freeName(dst string, size int64) (string, bool) {
	dir, base := filepath.Split(dst)
	for n := 1; ; n++ {
		name := dir + importers.Numbered(base, n)
		fi, err := os.Stat(name)
		if err != nil {
			return name, false
		}
		if fi.Size() == size {
			return name, true
		}
	}
}

func write(dst string, it *importers.Item) error {
	src, err := it.Open()
	if err != nil {
		return lang.Errorf("cannot read %s: %w", it.Source, err)
	}
	defer src.Close()
	tmp, err := os.CreateTemp(filepath.Dir(dst), ".takeback-*")
	if err != nil {
		return err
	}
	_, err = io.Copy(tmp, src)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil && !it.Date.IsZero() && isFile(it) {
		err = os.Chtimes(tmp.Name(), it.Date, it.Date)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), dst)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return lang.Errorf("cannot write %s: %w", dst, err)
	}
	return nil
}

// collectionDir is where a collection's items go: a calendar or address
// book is one folder, whatever its name holds; a photos folder may be
// several (Photos/Google Photos).
func (t *Target) collectionDir(c *importers.Collection) string {
	if c == nil {
		return t.Dir
	}
	if c.Kind == importers.Calendar || c.Kind == importers.AddressBook {
		return filepath.Join(t.Dir, c.Kind.Dir(), safeName(c.Name))
	}
	return filepath.Join(t.Dir, c.Kind.Dir(), safePath(c.Name))
}

// contains checks that dst lies below the target folder. safeName already
// keeps every element inside; this is the last guard.
func (t *Target) contains(dst string) error {
	rel, err := filepath.Rel(t.Dir, dst)
	if err != nil || !filepath.IsLocal(rel) {
		return lang.Errorf("refused to write %s: it is outside %s", dst, t.Dir)
	}
	return nil
}

// safePath makes every element of a slash-separated path safe.
func safePath(p string) string {
	parts := strings.Split(p, "/")
	for i, part := range parts {
		parts[i] = safeName(part)
	}
	return filepath.Join(parts...)
}

func sameContent(path string, want []byte) bool {
	got, err := os.ReadFile(path)
	return err == nil && bytes.Equal(got, want)
}

// safeName keeps a name inside its folder and valid on Windows and macOS:
// characters Windows forbids become "_", trailing dots and spaces go, and
// a device name that Windows reserves, with or without an extension, gets
// "_" after it ("CON.txt" → "CON_.txt"), as Nextcloud does.
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
	// Windows ignores what follows the first dot, and spaces before it.
	base, _, _ := strings.Cut(name, ".")
	if base = strings.TrimRight(base, " "); windowsDevices[strings.ToUpper(base)] {
		name = base + "_" + name[len(base):]
	}
	return name
}

// windowsDevices are the names Windows reserves for devices, in any case
// (learn.microsoft.com, "Naming Files, Paths, and Namespaces").
var windowsDevices = map[string]bool{
	"CON": true, "PRN": true, "AUX": true, "NUL": true, "CONIN$": true, "CONOUT$": true,
	"COM0": true, "COM1": true, "COM2": true, "COM3": true, "COM4": true, "COM5": true, "COM6": true, "COM7": true, "COM8": true, "COM9": true,
	"COM¹": true, "COM²": true, "COM³": true,
	"LPT0": true, "LPT1": true, "LPT2": true, "LPT3": true, "LPT4": true, "LPT5": true, "LPT6": true, "LPT7": true, "LPT8": true, "LPT9": true,
	"LPT¹": true, "LPT²": true, "LPT³": true,
}

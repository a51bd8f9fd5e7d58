package importers

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"sync"
)

// zipInput reads a zip in place through its central directory: members are
// opened at their offsets, never extracted.
type zipInput struct {
	name string
	f    *os.File
	r    *zip.Reader

	indexOnce sync.Once
	index     map[string]*zip.File
}

func openZip(f *os.File, size int64, name string) (Input, error) {
	r, err := zip.NewReader(f, size)
	// Names such as "../x" are harmless here: nothing is extracted.
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, fmt.Errorf("the zip archive is incomplete or damaged (was the download interrupted?): %w", err)
	}
	return &zipInput{name: name, f: f, r: r}, nil
}

func (z *zipInput) Name() string { return z.name }

func (z *zipInput) Walk(fn WalkFunc) error {
	var skipped skippedMembers
	for _, f := range z.r.File {
		if !f.Mode().IsRegular() {
			continue
		}
		if reason := zipMemberProblem(f); reason != "" {
			skipped.add(reason)
			continue
		}
		m := Member{Input: z.name, Path: f.Name, Size: int64(f.UncompressedSize64), ModTime: f.Modified}
		if err := fn(m, f.Open); err != nil {
			return err
		}
	}
	return skipped.err("the zip archive")
}

// Open finds a member by path; with duplicate paths, the first one stored.
func (z *zipInput) Open(path string) (io.ReadCloser, error) {
	z.indexOnce.Do(func() {
		z.index = make(map[string]*zip.File, len(z.r.File))
		for _, f := range z.r.File {
			if _, dup := z.index[f.Name]; !dup && f.Mode().IsRegular() && zipMemberProblem(f) == "" {
				z.index[f.Name] = f
			}
		}
	})
	f, ok := z.index[path]
	if !ok {
		return nil, memberNotFound(path)
	}
	return f.Open()
}

func (z *zipInput) Close() error { return z.f.Close() }

func zipMemberProblem(f *zip.File) string {
	if reason := memberNameProblem(f.Name); reason != "" {
		return reason
	}
	if f.UncompressedSize64 > math.MaxInt64 {
		return fmt.Sprintf("its size (%d bytes) is impossible", f.UncompressedSize64)
	}
	return ""
}

package batch

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzReadManifest reads any bytes as a manifest: it must never panic,
// fail only with a *ManifestError or an I/O error, and return only
// people that passed the checks.
func FuzzReadManifest(f *testing.F) {
	if data, err := os.ReadFile(filepath.Join("..", "fixtures", "batch", "newcomers.csv")); err == nil {
		f.Add(data)
	}
	f.Add([]byte(manifestHeader + "ann,Ann,ann@example.org,a;b,10 GB,fr,a.zip;*.zip,pw\n"))
	f.Add([]byte("\uFEFFuserid,archives\n# comment\n\nbob,\"a.zip; b.zip\"\n"))
	f.Add([]byte("userid,mail,archives\nann,x,\n..,\"y\n"))
	f.Add([]byte("userid,archives\nAnn,a.zip\nann,[\n"))
	// One folder for all runs of a worker, which runs them one at a time.
	dir := f.TempDir()
	writeArchives(f, dir)
	f.Fuzz(func(t *testing.T, data []byte) {
		path := writeManifestOnly(t, dir, string(data))
		m, err := ReadManifest(path)
		if err != nil {
			var me *ManifestError
			var pe *fs.PathError
			if !errors.As(err, &me) && !errors.As(err, &pe) {
				t.Fatalf("error %v (%T), want a *ManifestError or an I/O error", err, err)
			}
			if me != nil && len(me.Problems) == 0 {
				t.Fatal("a *ManifestError without problems")
			}
			return
		}
		if len(m.People) == 0 {
			t.Fatal("a manifest without people was accepted")
		}
		seen := map[string]bool{}
		for _, p := range m.People {
			if !userIDProblem(p.UserID).IsZero() || seen[strings.ToLower(p.UserID)] {
				t.Errorf("line %d: userid %q accepted", p.Line, p.UserID)
			}
			seen[strings.ToLower(p.UserID)] = true
			if len(p.Archives) == 0 {
				t.Errorf("line %d: accepted without archives", p.Line)
			}
			for _, a := range p.Archives {
				if !filepath.IsAbs(a) {
					t.Errorf("line %d: archive %q is not absolute", p.Line, a)
				}
			}
		}
	})
}

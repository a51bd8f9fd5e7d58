package importers

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Pooled inflaters: members read at the same time, one after the other,
// and again after a reader went back to the pool, give their own bytes.
func TestInflatersArePooledSafely(t *testing.T) {
	path := filepath.Join(t.TempDir(), "takeout.zip")
	members := []testMember{
		{"Takeout/a.txt", strings.Repeat("alpha ", 20000)},
		{"Takeout/b.txt", strings.Repeat("beta ", 30000)},
		{"Takeout/c.txt", "gamma"},
	}
	writeZip(t, path, members)
	in, err := OpenInput(path)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	for round := range 3 {
		// Interleaved: a and b open together, read in turns.
		ra, err := in.Open(members[0].path)
		if err != nil {
			t.Fatal(err)
		}
		rb, err := in.Open(members[1].path)
		if err != nil {
			t.Fatal(err)
		}
		var a, b strings.Builder
		buf := make([]byte, 1000)
		for doneA, doneB := false, false; !doneA || !doneB; {
			if !doneA {
				n, err := ra.Read(buf)
				a.Write(buf[:n])
				doneA = err == io.EOF
			}
			if !doneB {
				n, err := rb.Read(buf)
				b.Write(buf[:n])
				doneB = err == io.EOF
			}
		}
		if a.String() != members[0].body || b.String() != members[1].body {
			t.Fatalf("round %d: interleaved reads gave %d and %d bytes", round, a.Len(), b.Len())
		}
		ra.Close()
		rb.Close()
		if err := rb.Close(); err != nil {
			t.Errorf("second Close: %v", err)
		}
		// A member opened after the others went back to the pool.
		rc, err := in.Open(members[2].path)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := io.ReadAll(rc); err != nil || string(got) != "gamma" {
			t.Fatalf("round %d: c.txt %q %v", round, got, err)
		}
		rc.Close()
	}
}

func TestInflatingReadAfterClose(t *testing.T) {
	r := inflate(strings.NewReader(""))
	r.Close()
	if _, err := r.Read(make([]byte, 1)); !errors.Is(err, os.ErrClosed) {
		t.Errorf("read after close: %v", err)
	}
}

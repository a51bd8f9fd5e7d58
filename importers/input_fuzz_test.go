package importers

import (
	"io"
	"os"
	"path/filepath"
	"testing"
)

// FuzzOpenInput feeds arbitrary files to OpenInput and reads every member:
// damaged archives must give errors, never panics or unbounded work.
func FuzzOpenInput(f *testing.F) {
	dir := f.TempDir()
	small := []testMember{{"Takeout/Agenda/Mes événements.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"}, {"Takeout/a.txt", "a"}}
	for _, write := range []func(testing.TB, string, []testMember){writeZip, writeTgz, writeTar} {
		p := filepath.Join(dir, "seed")
		write(f, p, small)
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("PK\x05\x06" + string(make([]byte, 18))))
	f.Add([]byte("\x1f\x8bgarbage"))
	f.Add([]byte("not an archive"))

	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "takeout.zip")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		in, err := OpenInput(path)
		if err != nil {
			return
		}
		defer in.Close()
		var paths []string
		_ = in.Walk(func(m Member, open Opener) error {
			paths = append(paths, m.Path)
			rc, err := open()
			if err != nil {
				return nil
			}
			defer rc.Close()
			_, _ = io.Copy(io.Discard, io.LimitReader(rc, 1<<20))
			return nil
		})
		for _, p := range paths[:min(len(paths), 3)] {
			if rc, err := in.Open(p); err == nil {
				_, _ = io.Copy(io.Discard, io.LimitReader(rc, 1<<20))
				rc.Close()
			}
		}
	})
}

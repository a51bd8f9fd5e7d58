package batch

import (
	"os"
	"path/filepath"

	"github.com/takeback/takeback/internal/lang"
)

// writeFileAtomic replaces path with data: a temporary file in the same
// folder, synced, then renamed over the old one, so that a reader or a
// crash sees the old file or the new one, never half of one.
func writeFileAtomic(path string, data []byte, perm os.FileMode) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+"-*.tmp") // mode 0600
	if err != nil {
		return lang.Errorf("writing %s: %w", path, err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if err := f.Chmod(perm); err != nil {
		return lang.Errorf("writing %s: %w", path, err)
	}
	if _, err := f.Write(data); err != nil {
		return lang.Errorf("writing %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		return lang.Errorf("writing %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return lang.Errorf("writing %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return lang.Errorf("writing %s: %w", path, err)
	}
	return nil
}

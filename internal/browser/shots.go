package browser

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
)

// Screenshots makes a folder for a test's screenshots, named after
// prefix, and logs where it is. It outlives the test on purpose: the
// screenshots are the test's artifacts.
func Screenshots(t testing.TB, prefix string) string {
	t.Helper()
	dir, err := os.MkdirTemp("", prefix)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots in %s", dir)
	return dir
}

// Shots saves the screenshots of one walk through a page, numbered in
// the order they are taken: Dir/01-name.png, Dir/02-….
type Shots struct {
	Dir string
	n   int
}

// Take saves a screenshot of the whole page in the tab ctx; a failure
// fails the test but lets it go on.
func (s *Shots) Take(t testing.TB, ctx context.Context, name string) {
	t.Helper()
	s.n++
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Errorf("screenshot %s: %v", name, err)
		return
	}
	if err := os.MkdirAll(s.Dir, 0o755); err != nil {
		t.Error(err)
		return
	}
	if err := os.WriteFile(filepath.Join(s.Dir, fmt.Sprintf("%02d-%s.png", s.n, name)), png, 0o644); err != nil {
		t.Error(err)
	}
}

// Quote is s as a JavaScript string literal.
func Quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

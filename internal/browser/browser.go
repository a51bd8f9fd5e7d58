// Package browser starts the headless Chromium that the web page's tests
// drive (github.com/chromedp/chromedp), and waits on the page as they
// need. Like internal/servers, it is for tests: a missing Chromium fails
// the test, never skips it.
package browser

import (
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Path is where Debian's chromium package puts the browser.
const Path = "/usr/bin/chromium"

// Start starts Chromium, headless, with an English profile, for the
// length of ctx; it is stopped when the test ends. Each tab is a
// chromedp.NewContext of the context it returns.
func Start(t testing.TB, ctx context.Context) context.Context {
	t.Helper()
	if _, err := os.Stat(Path); err != nil {
		t.Fatalf("%s is missing (%v): install it with `apt-get install -y chromium`", Path, err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(Path), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.WindowSize(1280, 900), chromedp.Flag("lang", "en-US"))
	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(cancelAlloc)
	b, cancel := chromedp.NewContext(alloc)
	t.Cleanup(cancel)
	if err := chromedp.Do(b); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	return b
}

// Until waits until the JavaScript expression cond is true in the tab,
// for at most timeout (0: as long as ctx lasts). A page that loads anew
// (another language) ends the wait on the old one with an error that
// depends on when it happened ("Cannot find context", "Not attached to an
// active page"): the wait goes on in the new page.
func Until(ctx context.Context, cond string, timeout time.Duration) error {
	poll := chromedp.Poll[chromedp.Void](cond, chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(timeout))
	_, err := chromedp.Run(ctx, poll)
	for tries := 0; err != nil && !errors.Is(err, chromedp.ErrPollingTimeout) && ctx.Err() == nil && tries < 20; tries++ {
		time.Sleep(100 * time.Millisecond)
		_, err = chromedp.Run(ctx, poll)
	}
	return err
}

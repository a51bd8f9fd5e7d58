package facebook

import (
	"io"
	"testing"

	"github.com/takeback/takeback/importers"
)

// endless is a JSON member that never ends, behind a header that says it
// is small: it counts what is read of it.
type endless struct{ read int64 }

func (e *endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ' '
	}
	if e.read == 0 {
		p[0] = '{'
	}
	e.read += int64(len(p))
	return len(p), nil
}

func (e *endless) Close() error { return nil }

// TestVisitCapsJSON: a JSON record that lies about its size is read up to
// the cap and no further, and is then left alone.
func TestVisitCapsJSON(t *testing.T) {
	src := &endless{}
	e := New(Options{})
	p := &importers.Plan{}
	m := importers.Member{Input: "facebook.zip", Path: "your_facebook_activity/events/your_events.json", Size: 100}
	e.Visit(m, func() (io.ReadCloser, error) { return src, nil }, p)
	e.Finish(p)
	if src.read > MaxJSON+1 {
		t.Errorf("read %d bytes, more than %d", src.read, MaxJSON+1)
	}
	if len(p.Items) != 0 || len(e.events) != 0 {
		t.Errorf("items %v from an endless record", p.Items)
	}
	want := "could not be read: " + (&importers.TooLargeError{Limit: MaxJSON}).Error()
	if len(p.Warnings) != 1 || p.Warnings[0].Source != "facebook.zip!"+m.Path || p.Warnings[0].Message.String() != want {
		t.Errorf("warnings %q, want %q", p.Warnings, want)
	}
}

// A record too large to read is named; another large JSON file is not.
func TestVisitTooLargeRecord(t *testing.T) {
	e := New(Options{})
	p := &importers.Plan{}
	for _, path := range []string{"your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.json", "Takeout/YouTube/history.json"} {
		m := importers.Member{Input: "facebook.zip", Path: path, Size: 1 << 30}
		e.Visit(m, func() (io.ReadCloser, error) { t.Fatal("opened"); return nil, nil }, p)
	}
	want := "not read: the file is 1.0 GB uncompressed, more than the 64 MB takeback reads of a Facebook record; what it lists is not imported"
	if len(p.Warnings) != 1 || p.Warnings[0].Source != "facebook.zip!your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.json" ||
		p.Warnings[0].Message.String() != want {
		t.Errorf("warnings %q", p.Warnings)
	}
}

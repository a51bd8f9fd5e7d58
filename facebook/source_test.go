package facebook

import (
	"io"
	"strings"
	"testing"

	"github.com/takeback/takeback/fixtures"
	"github.com/takeback/takeback/importers"
)

func scan(t *testing.T, fb fixtures.Facebook, opt Options) *importers.Plan {
	t.Helper()
	paths, err := fb.Write(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	p, tree := importers.Load(paths, New(opt))
	t.Cleanup(func() { tree.Close() })
	return p
}

func memberPath(source string) string { return source[strings.Index(source, "!")+1:] }

// Every layout since 2018, split in two parts or extracted, gives the
// expected events and photos.
func TestExportPlan(t *testing.T) {
	for _, layout := range fixtures.FacebookLayouts() {
		for _, shape := range []fixtures.Facebook{{Layout: layout}, {Layout: layout, Parts: 2}, {Layout: layout, Format: "dir"}} {
			t.Run(layout+"-"+shape.Format+"-"+string(rune('0'+shape.Parts)), func(t *testing.T) {
				p := scan(t, shape, Options{})
				checkEvents(t, p, shape.ExpectedEvents())
				checkMedia(t, p, shape.ExpectedMedia())
				for _, it := range p.Items {
					if !it.Fail.IsZero() {
						t.Errorf("%s failed: %s", it.Source, it.Fail)
					}
				}
			})
		}
	}
}

func checkEvents(t *testing.T, p *importers.Plan, want []fixtures.EventExpect) {
	t.Helper()
	byName := map[string]*importers.Item{}
	for _, it := range p.Items {
		if it.Kind == importers.Event {
			if byName[it.Title] != nil {
				t.Errorf("event %q twice", it.Title)
			}
			byName[it.Title] = it
		}
	}
	if len(byName) != len(want) {
		t.Errorf("%d events, want %d", len(byName), len(want))
	}
	for _, w := range want {
		it := byName[w.Name]
		if it == nil {
			t.Errorf("no event %q (names are repaired?)", w.Name)
			continue
		}
		if !it.Date.Equal(w.Start) || (it.Skip.IsZero()) != w.Imported || it.Collection.Name != "Facebook" {
			t.Errorf("%q: start %v skip %q in %q; want %v imported=%v", w.Name, it.Date, it.Skip, it.Collection.Name, w.Start, w.Imported)
		}
		body := string(it.Body)
		if !strings.Contains(body, "CATEGORIES:"+w.Response) {
			t.Errorf("%q: no CATEGORIES:%s in\n%s", w.Name, w.Response, body)
		}
		if w.End.IsZero() != strings.Contains(body, "2 hours assumed") {
			t.Errorf("%q: the missing end is not explained (end %v)", w.Name, w.End)
		}
	}
}

func checkMedia(t *testing.T, p *importers.Plan, want []fixtures.MediaExpect) {
	t.Helper()
	byMember := map[string]*importers.Item{}
	for _, it := range p.Items {
		if it.Kind == importers.Photo || it.Kind == importers.Video {
			byMember[strings.TrimPrefix(memberPath(it.Source), fixtures.FacebookDir+"/")] = it
		}
	}
	if len(byMember) != len(want) {
		t.Errorf("%d media items, want %d", len(byMember), len(want))
	}
	for _, w := range want {
		it := byMember[w.Member]
		if it == nil {
			t.Errorf("no item for %s", w.Member)
			continue
		}
		if it.Target() != "files/Photos/Facebook/"+w.Target || string(it.Kind) != w.Kind || it.DateSource != w.DateSource ||
			!it.Date.Equal(w.Date) || strings.Join(it.Albums, ",") != strings.Join(w.Albums, ",") {
			t.Errorf("%s: %s %s from %s (%v) albums %q; want %s %s from %s (%v) albums %q", w.Member,
				it.Kind, it.Target(), it.DateSource, it.Date, it.Albums, w.Kind, w.Target, w.DateSource, w.Date, w.Albums)
		}
	}
}

func TestAllEvents(t *testing.T) {
	p := scan(t, fixtures.Facebook{}, Options{AllEvents: true, Calendar: "Événements"})
	for _, it := range p.Items {
		if it.Kind == importers.Event && (!it.Skip.IsZero() || it.Collection.Name != "Événements") {
			t.Errorf("%q: skip %q in %q", it.Title, it.Skip, it.Collection.Name)
		}
	}
}

func TestHTMLExportIsRefused(t *testing.T) {
	p := scan(t, fixtures.Facebook{HTML: true}, Options{})
	var failed []string
	for _, it := range p.Items {
		if !it.Fail.IsZero() {
			failed = append(failed, it.Fail.String())
		} else {
			t.Errorf("an item from an HTML export: %s", it.Source)
		}
	}
	if len(failed) != 1 || !strings.Contains(failed[0], "JSON") {
		t.Errorf("failures %q, want one that says to ask for JSON", failed)
	}
}

func TestMissingMediaIsReported(t *testing.T) {
	fb := fixtures.Facebook{Parts: 2}
	paths, err := fb.Write(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	p, tree := importers.Load(paths[:1], New(Options{}))
	defer tree.Close()
	missing := 0
	for _, it := range p.Items {
		if !it.Fail.IsZero() && strings.Contains(it.Fail.String(), "part missing") {
			missing++
		}
	}
	if missing != len(fb.ExpectedMedia()) {
		t.Errorf("%d media reported missing, want %d", missing, len(fb.ExpectedMedia()))
	}
}

// A Google Takeout given on the same command line is not Facebook's to
// read or to keep (issue 7: its members cost memory).
func TestTakeoutMembersAreLeftAlone(t *testing.T) {
	e := New(Options{})
	p := &importers.Plan{}
	opened := 0
	open := func() (io.ReadCloser, error) {
		opened++
		return io.NopCloser(strings.NewReader(`{"your_events":[]}`)), nil
	}
	for _, path := range []string{"Takeout/Google Photos/2019/IMG_1.jpg", "Takeout/Google Photos/2019/IMG_1.jpg.json"} {
		e.Visit(importers.Member{Input: "takeout.zip", Path: path, Size: 20}, open, p)
	}
	e.Visit(importers.Member{Input: "facebook.zip", Path: "photos_and_videos/album/1.jpg", Size: 20}, open, p)
	if opened != 0 || len(e.members) != 1 {
		t.Errorf("opened %d files, kept %d members; want 0 and only Facebook's", opened, len(e.members))
	}
}

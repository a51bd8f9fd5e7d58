package google

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/takeback/takeback/fixtures"
	"github.com/takeback/takeback/importers"
	"github.com/takeback/takeback/importers/media"
)

func scanTakeout(t *testing.T, shape fixtures.Takeout, opt Options) *importers.Plan {
	t.Helper()
	paths, err := shape.Write(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	p, tree := importers.Load(paths, NewTakeout(opt))
	t.Cleanup(func() { tree.Close() })
	return p
}

func mediaItems(p *importers.Plan) []*importers.Item {
	var out []*importers.Item
	for _, it := range p.Items {
		if it.Kind == importers.Photo || it.Kind == importers.Video {
			out = append(out, it)
		}
	}
	return out
}

// Every shape of the Takeout gives the same photos, at the same places,
// dated from the same sources: the matcher and the dedup work across parts,
// localized folder names, tgz and folders.
func TestPhotosPlan(t *testing.T) {
	shapes := []fixtures.Takeout{
		{Photos: true},
		{Photos: true, Parts: 2},
		{Photos: true, Lang: "fr"},
		{Photos: true, Lang: "fr", Parts: 2, Format: "tgz"},
		{Photos: true, Format: "dir"},
	}
	for _, shape := range shapes {
		t.Run(shape.Lang+"-"+shape.Format+"-"+string(rune('0'+shape.Parts)), func(t *testing.T) {
			items := mediaItems(scanTakeout(t, shape, Options{}))
			want := shape.ExpectedPhotos()
			byMember := map[string]*importers.Item{}
			for _, it := range items {
				byMember[it.Source[strings.Index(it.Source, "!")+1:]] = it
			}
			if len(items) != len(want) {
				t.Errorf("%d media items, want %d", len(items), len(want))
			}
			for _, w := range want {
				if shape.Format == "dir" {
					w.Member = strings.TrimPrefix(w.Member, "Takeout/") // the folder itself is the input
				}
				it := byMember[w.Member]
				if it == nil {
					t.Errorf("%s: no item", w.Member)
					continue
				}
				if got := it.Target(); got != "files/Photos/Google Photos/"+w.Target {
					t.Errorf("%s: target %q, want %q", w.Member, got, w.Target)
				}
				if string(it.Kind) != w.Kind || it.DateSource != w.DateSource {
					t.Errorf("%s: %s dated from %s, want %s from %s", w.Member, it.Kind, it.DateSource, w.Kind, w.DateSource)
				}
				if strings.Join(it.Albums, ",") != strings.Join(w.Albums, ",") {
					t.Errorf("%s: albums %q, want %q", w.Member, it.Albums, w.Albums)
				}
				if w.Note != "" && !strings.Contains(it.Note.String(), w.Note) {
					t.Errorf("%s: note %q, want it to say %q", w.Member, it.Note, w.Note)
				}
				if (!it.Skip.IsZero()) != w.Trashed {
					t.Errorf("%s: skip %q", w.Member, it.Skip)
				}
				if it.Size == 0 || it.Content == nil {
					t.Errorf("%s: no content", w.Member)
				}
			}
		})
	}
}

func TestPhotosOptions(t *testing.T) {
	p := scanTakeout(t, fixtures.Takeout{Photos: true}, Options{Photos: PhotosOptions{Dir: "Pictures/From Google", UntitledAlbums: true, IncludeTrashed: true}})
	for _, it := range mediaItems(p) {
		if !strings.HasPrefix(it.Target(), "files/Pictures/From Google/") {
			t.Errorf("%s lands at %s", it.Source, it.Target())
		}
		if !it.Skip.IsZero() {
			t.Errorf("%s skipped with --include-trashed: %s", it.Source, it.Skip)
		}
		if strings.HasSuffix(it.Source, "Photos from 2019/IMG_0002.JPG") && strings.Join(it.Albums, ",") != "Untitled(1)" {
			t.Errorf("the untitled album is not kept under its folder name: %q", it.Albums)
		}
	}
}

// Media content opened at import time is the member's bytes, also on a
// streamed tgz when read in plan order.
func TestPhotosContent(t *testing.T) {
	shape := fixtures.Takeout{Photos: true, Format: "tgz", Parts: 2}
	files := map[string][]byte{}
	for _, f := range shape.Files() {
		files[f.Path] = f.Data
	}
	for _, it := range mediaItems(scanTakeout(t, shape, Options{})) {
		r, err := it.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(r)
		r.Close()
		member := it.Source[strings.Index(it.Source, "!")+1:]
		if err != nil || !bytes.Equal(b, files[member]) {
			t.Errorf("%s: %d bytes, %v; want %d", member, len(b), err, len(files[member]))
		}
	}
}

func TestCaptureDate(t *testing.T) {
	paris := time.FixedZone("", 2*3600)
	wall := func(y int, mo time.Month, d, h, mi int) media.Clock {
		return media.Clock{Time: time.Date(y, mo, d, h, mi, 0, 0, time.UTC)}
	}
	member := importers.Member{Path: "x/IMG_20190704_123456.jpg", ModTime: fixtures.Stamp}
	tests := []struct {
		name    string
		f       mediaFile
		taken   time.Time
		want    time.Time
		source  string
		warning bool
	}{
		{"EXIF with its offset wins", mediaFile{exif: media.Clock{Time: time.Date(2019, 7, 4, 12, 0, 0, 0, paris), Zoned: true}, hasEXIF: true},
			time.Date(2019, 7, 4, 10, 0, 0, 0, time.UTC), time.Date(2019, 7, 4, 12, 0, 0, 0, paris), "exif", false},
		{"EXIF clock read in the zone Google's instant implies", mediaFile{exif: wall(2019, 7, 4, 12, 0), hasEXIF: true},
			time.Date(2019, 7, 4, 10, 0, 0, 0, time.UTC), time.Date(2019, 7, 4, 12, 0, 0, 0, paris), "exif", false},
		{"EXIF and Google two days apart warn", mediaFile{exif: wall(2019, 7, 6, 12, 0), hasEXIF: true},
			time.Date(2019, 7, 4, 10, 0, 0, 0, time.UTC), time.Date(2019, 7, 6, 12, 0, 0, 0, time.Local), "exif", true},
		{"Google's date without EXIF", mediaFile{}, time.Date(2019, 7, 4, 10, 0, 0, 0, time.UTC), time.Date(2019, 7, 4, 10, 0, 0, 0, time.UTC), "sidecar", false},
		{"the video's own time", mediaFile{video: time.Date(2019, 7, 4, 10, 0, 0, 0, time.UTC)}, time.Time{}, time.Date(2019, 7, 4, 10, 0, 0, 0, time.UTC), "video", false},
		{"the file name", mediaFile{}, time.Time{}, time.Date(2019, 7, 4, 12, 34, 56, 0, time.Local), "filename", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var sc *Sidecar
			if !tt.taken.IsZero() {
				sc = &Sidecar{Taken: tt.taken}
			}
			c := captureDate(&tt.f, sc, member)
			if !c.time.Equal(tt.want) || c.source != tt.source || (!c.warning.IsZero()) != tt.warning {
				t.Errorf("got %v from %s (warning %q), want %v from %s", c.time, c.source, c.warning, tt.want, tt.source)
			}
			_, off := c.time.Zone()
			if _, wantOff := tt.want.Zone(); off != wantOff {
				t.Errorf("offset %d, want %d", off, wantOff)
			}
		})
	}
	noName := importers.Member{Path: "x/nodate.png", ModTime: fixtures.Stamp}
	if c := captureDate(&mediaFile{}, nil, noName); c.source != "archive" || !c.time.Equal(fixtures.Stamp) {
		t.Errorf("archive fallback: %v from %s", c.time, c.source)
	}
}

package bench

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/takeback/takeback/facebook"
	"github.com/takeback/takeback/fixtures"
	"github.com/takeback/takeback/google"
	"github.com/takeback/takeback/importers"
	"github.com/takeback/takeback/internal/lang"
	"github.com/takeback/takeback/internal/servers"
	"github.com/takeback/takeback/nextcloud"
)

// sources are the sources takeback import uses, with its defaults.
func sources() []importers.Source {
	return []importers.Source{
		google.NewTakeout(google.Options{Photos: google.PhotosOptions{Dir: google.DefaultPhotosDir}}),
		facebook.New(facebook.Options{Calendar: facebook.DefaultCalendar, PhotosDir: facebook.DefaultPhotosDir}),
	}
}

// loadPhotos reads the archives as takeback import --only photos does.
func loadPhotos(tb testing.TB, archives []string) (*importers.Plan, *importers.Tree) {
	tb.Helper()
	p, tree := importers.Load(archives, sources()...)
	kinds, err := importers.ParseOnly("photos")
	if err != nil {
		tb.Fatal(err)
	}
	p.Only(kinds)
	return p, tree
}

// TestSyntheticTakeoutImports checks that takeback reads a synthetic
// Takeout as the generator means it: every photo and video once (album
// copies merged), every sidecar found whatever its naming quirk, and so
// every date right, also across parts and in a tgz.
func TestSyntheticTakeoutImports(t *testing.T) {
	for _, format := range []string{"zip", "tgz"} {
		t.Run(format, func(t *testing.T) {
			b := fixtures.BenchTakeout{Photos: 600, Videos: 3, Albums: 4, PhotoSize: 3 << 10, VideoSize: 8 << 10,
				PartSize: 256 << 10, Format: format, Seed: 7}
			st, err := b.Write(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			if len(st.Paths) < 2 {
				t.Fatalf("%d parts, want several", len(st.Paths))
			}
			want, err := b.Media()
			if err != nil {
				t.Fatal(err)
			}
			// An item comes from the copy read first, in its year folder
			// or in an album: copies have the same name and size.
			byKey := map[string]fixtures.BenchMedia{}
			rules := map[string]int{}
			for _, m := range want {
				byKey[key(m.Path, m.Size)] = m
				rules[m.Rule]++
			}
			for _, r := range []string{"exact", "supplemental-metadata", "counter", "truncated title", "edited copy"} {
				if rules[r] == 0 {
					t.Errorf("no photo is named with the %q quirk: %v", r, rules)
				}
			}

			p, tree := loadPhotos(t, st.Paths)
			defer tree.Close()
			for _, w := range p.Warnings {
				t.Errorf("warning: %s: %s", w.Source, w.Message)
			}
			seen := map[string]bool{}
			for _, it := range p.Items {
				_, member, _ := strings.Cut(it.Source, "!")
				m, ok := byKey[key(member, it.Size)]
				switch {
				case !ok:
					t.Errorf("unexpected item %s (%s, %d bytes)", it.Source, it.Kind, it.Size)
					continue
				case seen[m.Path]:
					t.Errorf("%s imported twice", m.Path)
				case !it.Fail.IsZero() || !it.Skip.IsZero():
					t.Errorf("%s: fail %q, skip %q", member, it.Fail, it.Skip)
				}
				seen[m.Path] = true
				wantSource := "exif"
				if !m.EXIF {
					wantSource = "sidecar" // its own or, for an edited copy, its original's
				}
				if it.DateSource != wantSource || !it.Date.Equal(m.Taken) {
					t.Errorf("%s (%s): dated %s from %s, want %s from %s", member, m.Rule, it.Date, it.DateSource, m.Taken, wantSource)
				}
				var titled []string
				for _, a := range m.Albums {
					if a != "" {
						titled = append(titled, a)
					}
				}
				if !slices.Equal(it.Albums, titled) {
					t.Errorf("%s: albums %q, want %q", member, it.Albums, titled)
				}
			}
			if len(seen) != len(want) || len(want) != st.Media {
				t.Errorf("%d items, want %d (stats: %d)", len(seen), len(want), st.Media)
			}
		})
	}
}

func key(member string, size int64) string {
	return path.Base(member) + "\x00" + strconv.FormatInt(size, 10)
}

// BenchmarkImportWebDAV imports the photos and videos of a Takeout into a
// fresh folder of a local `rclone serve webdav` at each iteration, through
// the same packages as `takeback import --webdav URL --only photos --jobs
// 4`: importers.Load, then importers.Apply into nextcloud.New. Profile it
// with
//
//	BENCH_ARCHIVES='/tmp/up/*.zip' go test ./bench -run '^$' -bench ImportWebDAV \
//	    -benchtime 1x -cpuprofile cpu.pprof -o bench.test
//	go tool pprof -top bench.test cpu.pprof
//
// BENCH_ARCHIVES is a glob of the archives to import (bench/run.sh passes
// the Takeout it generated for its upload figure); without it a Takeout of
// 40 photos of 1 MiB is generated first. BENCH_JOBS sets the uploads at the
// same time (default 4).
func BenchmarkImportWebDAV(b *testing.B) {
	var archives []string
	if g := os.Getenv("BENCH_ARCHIVES"); g != "" {
		var err error
		if archives, err = filepath.Glob(g); err != nil || len(archives) == 0 {
			b.Fatalf("BENCH_ARCHIVES=%q names no file (%v)", g, err)
		}
		sort.Strings(archives)
	} else {
		st, err := fixtures.BenchTakeout{Photos: 40, Videos: 1, Albums: 2, PhotoSize: 1 << 20, VideoSize: 4 << 20, Seed: 1}.Write(b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		archives = st.Paths
	}
	jobs := 4
	if s := os.Getenv("BENCH_JOBS"); s != "" {
		var err error
		if jobs, err = strconv.Atoi(s); err != nil || jobs < 1 {
			b.Fatalf("BENCH_JOBS=%q is not a positive number", s)
		}
	}
	srv := servers.Rclone(b)
	client := &http.Client{}
	ctx := context.Background()

	// The bytes one import uploads, for MB/s.
	p, tree := loadPhotos(b, archives)
	var size int64
	for _, it := range p.Items {
		size += it.Size
	}
	tree.Close()
	b.SetBytes(size)
	b.ReportAllocs()

	run := 0
	for b.Loop() {
		run++
		folder := fmt.Sprintf("run-%d", run)
		root := srv.URL + "/" + folder + "/"
		req, err := http.NewRequestWithContext(ctx, "MKCOL", root, nil)
		if err != nil {
			b.Fatal(err)
		}
		req.SetBasicAuth(srv.User, srv.Password)
		resp, err := client.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusCreated {
			b.Fatalf("MKCOL %s: %s", root, resp.Status)
		}

		p, tree := loadPhotos(b, archives)
		dav, err := nextcloud.New(ctx, nextcloud.Options{WebDAV: root, User: srv.User, Password: srv.Password, Version: "bench"})
		if err != nil {
			b.Fatal(err)
		}
		rep := importers.Apply(ctx, p, dav, importers.ApplyOptions{Jobs: jobs})
		tree.Close()
		if n := rep.Failed(); n > 0 || rep.Stopped != nil {
			var sb strings.Builder
			rep.WriteSummary(&sb, lang.English)
			b.Fatalf("%d failed (%v):\n%s", n, rep.Stopped, sb.String())
		}
		// Nothing reads the folder again: free the disk at once.
		if err := os.RemoveAll(filepath.Join(srv.Root, folder)); err != nil {
			b.Fatal(err)
		}
	}
}

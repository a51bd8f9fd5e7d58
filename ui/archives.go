package ui

import (
	"net/http"
	"os"
	"path/filepath"
	"slices"

	"github.com/takeback/takeback/importers"
	"github.com/takeback/takeback/internal/lang"
)

// scanState is the reading of the chosen archives.
type scanState struct {
	gen     int // a new choice makes the reading of the old one moot
	running bool
	prog    importers.ScanProgress
	err     error
}

var (
	errImportUnderway = refused{lang.New("an import is under way: pause it and cancel it first")}
	errNoArchive      = lang.New("choose at least one archive or folder")
)

// choose takes the archives and folders of step 1, and starts reading
// them as the preview does.
func (s *Server) choose(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Paths []string `json:"paths"`
	}
	if !s.readJSON(w, r, &req) {
		return
	}
	paths, err := checkPaths(req.Paths)
	if err != nil {
		s.answer(w, r, err)
		return
	}
	var gen int
	s.sess.update(func() {
		ss := s.sess
		if ss.job != nil && !ss.job.over() {
			err = errImportUnderway
			return
		}
		if ss.tree != nil {
			ss.tree.Close()
		}
		ss.job, ss.plan, ss.tree = nil, nil, nil
		ss.paths = paths
		ss.scan = scanState{gen: ss.scan.gen + 1, running: true}
		ss.check = checkState{gen: ss.check.gen + 1}
		gen = ss.scan.gen
	})
	if err == nil {
		s.run(func() { s.read(gen, paths) })
	}
	s.answer(w, r, err)
}

// checkPaths keeps the paths that name an existing file or folder, each
// once.
func checkPaths(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		if !filepath.IsAbs(p) {
			return nil, lang.Errorf("%s is not a full path", p)
		}
		p = filepath.Clean(p)
		if _, err := os.Stat(p); err != nil {
			return nil, lang.Errorf("cannot open %s: %w", p, err)
		}
		if !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		return nil, errNoArchive
	}
	return out, nil
}

func (s *Server) read(gen int, paths []string) {
	onScan := func(pr importers.ScanProgress) {
		s.sess.update(func() {
			if s.sess.scan.gen == gen {
				s.sess.scan.prog = pr
			}
		})
	}
	p, tree, err := s.cfg.Backend.Plan(s.base, paths, onScan)
	s.sess.update(func() {
		ss := s.sess
		if ss.scan.gen != gen {
			if tree != nil {
				tree.Close()
			}
			return
		}
		ss.scan.running, ss.scan.err = false, err
		if err == nil {
			ss.plan, ss.tree = p, tree
			s.checkLocked()
		}
	})
}

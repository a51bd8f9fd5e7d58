package ui

import (
	"cmp"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/takeback/takeback/importers"
	"github.com/takeback/takeback/internal/lang"
)

// listing is a folder as step 1 shows it: its folders, and the archives
// takeback reads, the parts of a multi-part Takeout grouped.
type listing struct {
	Path   string `json:"path"`
	Parent string `json:"parent,omitempty"`
	Home   string `json:"home"`
	// Export tells that the folder looks like an extracted export, which
	// can be chosen as it is.
	Export  bool    `json:"export"`
	Entries []entry `json:"entries"`
}

// entry is a folder ("folder", or "export" when it looks like an extracted
// export), an archive ("archive"), or the parts of one Takeout ("set").
type entry struct {
	Type string `json:"type"`
	Name string `json:"name"`
	// Path is a folder's; Paths what choosing the entry adds.
	Path    string   `json:"path,omitempty"`
	Paths   []string `json:"paths,omitempty"`
	Size    string   `json:"size,omitempty"`
	Parts   string   `json:"parts,omitempty"`
	Missing []string `json:"missing,omitempty"`
}

// browse lists a folder, the home folder at first.
func (s *Server) browse(w http.ResponseWriter, r *http.Request) {
	dir := r.URL.Query().Get("path")
	if dir == "" {
		dir = s.cfg.Home
	}
	l, err := list(s.printer(r), dir)
	if err != nil {
		s.answer(w, r, err)
		return
	}
	l.Home = s.cfg.Home
	writeJSON(w, l)
}

func list(p *lang.Printer, dir string) (*listing, error) {
	if !filepath.IsAbs(dir) {
		return nil, lang.Errorf("%s is not a full path", dir)
	}
	dir = filepath.Clean(dir)
	des, err := os.ReadDir(dir)
	if err != nil {
		return nil, lang.Errorf("cannot open the folder %s: %w", dir, err)
	}
	l := &listing{Path: dir, Export: isExport(dir), Entries: []entry{}}
	if up := filepath.Dir(dir); up != dir {
		l.Parent = up
	}
	sets := map[string]*entry{}
	var archives []entry
	var sizes = map[string]int64{}
	for _, de := range des {
		name := de.Name()
		if strings.HasPrefix(name, ".") {
			continue
		}
		full := filepath.Join(dir, name)
		info, err := os.Stat(full) // follows links
		if err != nil {
			continue
		}
		switch {
		case info.IsDir():
			e := entry{Type: "folder", Name: name, Path: full}
			if isExport(full) {
				e.Type, e.Paths = "export", []string{full}
			}
			l.Entries = append(l.Entries, e)
		case isArchive(name):
			if export, _, ok := importers.PartOf(name); ok {
				set := sets[export]
				if set == nil {
					set = &entry{Type: "set", Name: export}
					sets[export] = set
				}
				set.Paths = append(set.Paths, full)
				sizes[export] += info.Size()
				continue
			}
			archives = append(archives, entry{Type: "archive", Name: name, Paths: []string{full}, Size: p.Text(lang.Size(info.Size()))})
		}
	}
	for stamp, set := range sets {
		if len(set.Paths) == 1 {
			archives = append(archives, entry{Type: "archive", Name: filepath.Base(set.Paths[0]), Paths: set.Paths, Size: p.Text(lang.Size(sizes[stamp]))})
			continue
		}
		slices.Sort(set.Paths)
		var nums []string
		for _, path := range set.Paths {
			_, part, _ := importers.PartOf(filepath.Base(path))
			nums = append(nums, part)
		}
		set.Parts = p.Sprintf("in %d parts: %s", len(set.Paths), strings.Join(nums, ", "))
		set.Size = p.Text(lang.Size(sizes[stamp]))
		for _, m := range importers.MissingParts(set.Paths) {
			set.Missing = append(set.Missing, p.Text(m))
		}
		archives = append(archives, *set)
	}
	byName := func(a, b entry) int { return cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)) }
	slices.SortFunc(l.Entries, byName)
	slices.SortFunc(archives, byName)
	l.Entries = append(l.Entries, archives...)
	return l, nil
}

func isArchive(name string) bool {
	n := strings.ToLower(name)
	return strings.HasSuffix(n, ".zip") || strings.HasSuffix(n, ".tgz") || strings.HasSuffix(n, ".tar.gz")
}

// exportMarks are names at the top of an extracted export: Takeout's
// folder and index page, Facebook's activity folders.
var exportMarks = []string{"takeout", "archive_browser.html", "your_facebook_activity", "your_activity_across_facebook"}

// isExport tells whether a folder looks like an extracted Google or
// Facebook export, from the names at its top.
func isExport(dir string) bool {
	if strings.EqualFold(filepath.Base(dir), "Takeout") {
		return true
	}
	des, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, de := range des {
		if slices.Contains(exportMarks, strings.ToLower(de.Name())) {
			return true
		}
	}
	return false
}

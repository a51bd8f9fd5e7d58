// Package batch holds the parts of "takeback batch" that need no server:
// the manifest that lists the people to bring over, their initial
// passwords, the resume state and the end report.
package batch

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/takeback/takeback/internal/lang"
)

// Limits on a manifest: it is written by hand or exported from a
// spreadsheet, so it is checked, not trusted.
const (
	MaxManifestBytes = 10 << 20 // 10 MiB
	MaxPeople        = 10000
	// maxProblems stops the listing of problems: past it, the admin has
	// the wrong file or the wrong format, and more lines would not help.
	maxProblems = 1000
	// maxArchivesPerPerson bounds the globbing one cell can cause.
	maxArchivesPerPerson = 1000
)

// Person is one row of the manifest.
type Person struct {
	// Line is the row's 1-based line in the file, as an editor numbers it:
	// the header is line 1 unless comments or blank lines come first.
	Line        int
	UserID      string
	DisplayName string
	Email       string
	Groups      []string // from "a;b", trimmed, empty parts and repeats dropped
	// Quota is "none", "default", or a size as Nextcloud takes it, written
	// "<number> <unit>" with unit B, KB, MB, GB, TB or PB ("10 GB", "1.5 GB").
	Quota string
	// Language is "fr", "en_GB", "zh_Hant", "sr@latin": a language code,
	// then an optional region or script after "_".
	Language string
	// Archives are absolute paths (files or extracted folders), globs
	// expanded, in the order given, each once.
	Archives []string
	Password string // "" when not given
}

// Manifest is a validated manifest.
type Manifest struct {
	Path   string // absolute
	People []Person
}

// ReadManifest reads and validates the manifest at path. Every problem in
// the file is reported at once, in a *ManifestError, so that the admin can
// fix them all before anything is done; any other error is an I/O error.
func ReadManifest(path string) (*Manifest, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, lang.Errorf("reading the manifest %s: %w", path, err)
	}
	data, err := readManifestFile(abs)
	if err != nil {
		return nil, lang.Errorf("reading the manifest: %w", err)
	}
	p := &manifestParser{dir: filepath.Dir(abs), seen: map[string]int{}}
	if len(data) > MaxManifestBytes {
		p.add(0, "", lang.T("the manifest is larger than %d MiB: split it into several manifests", MaxManifestBytes>>20))
	} else {
		p.parse(data)
	}
	if len(p.problems) > 0 {
		return nil, &ManifestError{Path: path, Problems: p.problems}
	}
	return &Manifest{Path: abs, People: p.people}, nil
}

// readManifestFile reads at most one byte more than MaxManifestBytes, so
// that an oversized file is noticed without reading all of it.
func readManifestFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxManifestBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return data, nil
}

// manifestParser collects the people and the problems of one manifest.
type manifestParser struct {
	dir        string // the manifest's folder, for relative archive paths
	headerLine int    // 0 until the header is read
	width      int    // number of header cells
	names      []string
	index      map[string]int // column name -> cell index
	rows       int
	people     []Person
	seen       map[string]int // lower-case userid -> line
	problems   []Problem
	full       bool // maxProblems reached
}

func (p *manifestParser) add(line int, column string, reason lang.Text) {
	if p.full {
		return
	}
	if len(p.problems) == maxProblems {
		p.problems = append(p.problems, Problem{Line: line, Reason: lang.T("too many problems: this does not look like a takeback manifest; fix the problems above first")})
		p.full = true
		return
	}
	p.problems = append(p.problems, Problem{Line: line, Column: column, Reason: reason})
}

func (p *manifestParser) parse(data []byte) {
	data = bytes.TrimPrefix(data, []byte("\uFEFF")) // spreadsheets save UTF-8 with a BOM
	r := csv.NewReader(bytes.NewReader(data))
	r.Comment = '#'
	r.FieldsPerRecord = -1 // checked here, to report the line and go on
	r.TrimLeadingSpace = true
	for !p.full {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				p.add(0, "", lang.FromError(err))
				return
			}
			p.add(pe.Line, "", csvProblem(pe.Err))
			if !p.countRow(pe.Line) {
				return
			}
			continue
		}
		line, _ := r.FieldPos(0)
		if blankRecord(rec) {
			continue
		}
		if p.headerLine == 0 {
			p.header(rec, line)
			continue
		}
		if !p.countRow(line) {
			return
		}
		p.row(rec, line)
	}
	switch {
	case p.full:
	case p.headerLine == 0:
		p.add(0, "", lang.T("the manifest is empty: it needs a header row (%s) and one row per person", strings.Join(columnNames, ",")))
	case p.rows == 0:
		p.add(p.headerLine, "", lang.T("the manifest lists nobody: add one row per person under the header"))
	}
}

// countRow counts a row, and reports false past MaxPeople.
func (p *manifestParser) countRow(line int) bool {
	p.rows++
	if p.rows > MaxPeople {
		p.add(line, "", lang.T("the manifest lists more than %d people: split it into several manifests", MaxPeople))
		return false
	}
	return true
}

func csvProblem(err error) lang.Text {
	switch {
	case errors.Is(err, csv.ErrBareQuote):
		return lang.T(`a quote (") inside a cell that does not start with one: put the whole cell in quotes and double the quotes inside it ("")`)
	case errors.Is(err, csv.ErrQuote):
		return lang.T(`a quoted cell is not closed, or has something after its closing quote`)
	}
	return lang.T("not CSV: %v", err)
}

func blankRecord(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func (p *manifestParser) header(rec []string, line int) {
	p.headerLine = line
	p.width = len(rec)
	p.names = make([]string, len(rec))
	p.index = map[string]int{}
	for i, cell := range rec {
		name := strings.TrimSpace(cell)
		lower := strings.ToLower(name)
		j, dup := p.index[lower]
		switch {
		case name == "":
			p.add(line, "", lang.T("column %d of the header has no name", i+1))
		case !knownColumn(lower):
			p.add(line, name, unknownColumn(name))
		case dup:
			p.add(line, lower, lang.T("the header has this column twice (columns %d and %d)", j+1, i+1))
		default:
			p.index[lower] = i
			p.names[i] = lower
		}
	}
	if _, ok := p.index[colUserID]; !ok {
		p.add(line, colUserID, lang.T("the header has no userid column: it is required"))
	}
	if _, ok := p.index[colArchives]; !ok {
		p.add(line, colArchives, lang.T("the header has no archives column: every person needs at least one archive to import"))
	}
}

func (p *manifestParser) row(rec []string, line int) {
	if len(rec) != p.width {
		p.add(line, "", lang.T("this row has %d cells, the header has %d", len(rec), p.width))
		return
	}
	cells := map[string]string{}
	for i, name := range p.names {
		if name == "" {
			continue
		}
		v := strings.TrimSpace(rec[i])
		if !utf8.ValidString(v) {
			p.add(line, name, lang.T("not valid UTF-8: save the manifest as UTF-8"))
			continue
		}
		cells[name] = v
	}
	person := Person{Line: line, Password: cells[colPassword]}
	if _, ok := p.index[colUserID]; ok {
		if v, ok := cells[colUserID]; ok {
			person.UserID = v
			p.checkUserID(line, v)
		}
	}
	if v := cells[colDisplayName]; v != "" {
		person.DisplayName = v
		p.check(line, colDisplayName, displayNameProblem(v))
	}
	if v := cells[colEmail]; v != "" {
		person.Email = v
		p.check(line, colEmail, emailProblem(v))
	}
	person.Groups = p.groups(line, cells[colGroups])
	if v := cells[colQuota]; v != "" {
		q, problem := normaliseQuota(v)
		person.Quota = q
		p.check(line, colQuota, problem)
	}
	if v := cells[colLanguage]; v != "" {
		l, problem := normaliseLanguage(v)
		person.Language = l
		p.check(line, colLanguage, problem)
	}
	if _, ok := p.index[colArchives]; ok {
		if v, ok := cells[colArchives]; ok {
			person.Archives = p.archives(line, v)
		}
	}
	if person.Password != "" {
		p.check(line, colPassword, passwordProblem(person.Password))
	}
	p.people = append(p.people, person)
}

func (p *manifestParser) check(line int, column string, problem lang.Text) {
	if !problem.IsZero() {
		p.add(line, column, problem)
	}
}

func (p *manifestParser) checkUserID(line int, id string) {
	if problem := userIDProblem(id); !problem.IsZero() {
		p.add(line, colUserID, problem)
		if id == "" {
			return
		}
	}
	key := strings.ToLower(id)
	if first, ok := p.seen[key]; ok {
		p.add(line, colUserID, lang.T("%q is already on line %s (userids are compared without regard to case)", id, strconv.Itoa(first)))
		return
	}
	p.seen[key] = line
}

func (p *manifestParser) groups(line int, cell string) []string {
	var groups []string
	for _, g := range splitList(cell) {
		if problem := groupProblem(g); !problem.IsZero() {
			p.add(line, colGroups, problem)
			continue
		}
		if !slices.Contains(groups, g) {
			groups = append(groups, g)
		}
	}
	return groups
}

// archives expands the patterns of an archives cell, relative ones from
// the manifest's folder.
func (p *manifestParser) archives(line int, cell string) []string {
	patterns := splitList(cell)
	if len(patterns) == 0 {
		p.add(line, colArchives, lang.T("nothing to import: list this person's Takeout or Facebook files"))
		return nil
	}
	if len(patterns) > maxArchivesPerPerson {
		p.add(line, colArchives, lang.T("more than %d paths for one person", maxArchivesPerPerson))
		return nil
	}
	var out []string
	seen := map[string]bool{}
	for _, pat := range patterns {
		full := pat
		if !filepath.IsAbs(full) {
			full = filepath.Join(p.dir, full)
		}
		matches, err := filepath.Glob(full)
		if err != nil {
			p.add(line, colArchives, lang.T("%q is not a valid pattern (%v)", pat, err))
			continue
		}
		if len(matches) == 0 {
			if strings.HasPrefix(pat, "~") {
				p.add(line, colArchives, lang.T("%q matches no file (~ is not expanded: write the whole path)", pat))
			} else {
				p.add(line, colArchives, lang.T("%q matches no file", pat))
			}
			continue
		}
		for _, m := range matches {
			if !seen[m] {
				seen[m] = true
				out = append(out, m)
			}
		}
	}
	return out
}

// splitList splits a "a;b" cell, dropping empty parts.
func splitList(cell string) []string {
	var out []string
	for part := range strings.SplitSeq(cell, ";") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

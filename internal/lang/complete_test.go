package lang

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// root is the module's root, from this package's folder.
const root = "../.."

// notForPeople are the folders whose code never speaks to the user: test
// servers, fixtures, benchmarks, the protocol double.
var notForPeople = []string{"fixtures", "bench", "scripts", "internal/servers", "internal/faults", "internal/browser", "nextcloud/double"}

// use is a message format found in the code.
type use struct {
	format string
	at     string // file:line
}

// scan reads every Go file of takeback that speaks to people and returns
// the formats given to the catalogue, the formats it could not read as
// constants, and the messages written around it (fmt.Errorf, errors.New,
// fmt's printing with words in the format).
func scan(t *testing.T) (keys []use, notConst, bypass []string) {
	t.Helper()
	fset := token.NewFileSet()
	pkgs := map[string][]*ast.File{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel != "." && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" || slices.Contains(notForPeople, rel)) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, parser.ParseComments)
		if err != nil {
			return err
		}
		pkgs[filepath.Dir(rel)] = append(pkgs[filepath.Dir(rel)], f)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, files := range pkgs {
		consts := constants(files)
		for _, f := range files {
			data := dataLines(fset, f)
			// The lang package itself says T("…"), and its printer passes
			// formats through.
			inLang := f.Name.Name == "lang"
			ast.Inspect(f, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				pos := fset.Position(call.Pos())
				at := strings.TrimPrefix(filepath.ToSlash(pos.Filename), root+"/") + ":" + strconv.Itoa(pos.Line)
				if id, ok := call.Fun.(*ast.Ident); ok && inLang && slices.Contains([]string{"T", "Errorf", "New"}, id.Name) {
					if s, ok := constant(call, consts, 0); ok {
						keys = append(keys, use{s, at})
					}
					return true
				}
				sel, ok := call.Fun.(*ast.SelectorExpr)
				if !ok || inLang && sel.Sel.Name != "Sprintf" && sel.Sel.Name != "Errorf" && sel.Sel.Name != "New" {
					return true
				}
				if inLang && (sel.Sel.Name == "Sprintf" || sel.Sel.Name == "Fprintf") && !isFmt(sel) {
					return true
				}
				x, _ := sel.X.(*ast.Ident)
				arg := -1
				switch {
				case x != nil && x.Name == "lang" && slices.Contains([]string{"T", "Errorf", "New"}, sel.Sel.Name):
					arg = 0
				case (x == nil || x.Name != "fmt") && sel.Sel.Name == "Sprintf":
					arg = 0
				case (x == nil || x.Name != "fmt") && sel.Sel.Name == "Fprintf":
					arg = 1
				case x != nil && (x.Name == "fmt" || x.Name == "errors") && !data[pos.Line]:
					if s, ok := constant(call, consts, fmtArg(x.Name, sel.Sel.Name)); ok && hasWords(s) {
						bypass = append(bypass, at+": "+x.Name+"."+sel.Sel.Name+" "+strconv.Quote(s))
					}
					return true
				}
				if arg < 0 || len(call.Args) <= arg {
					return true
				}
				s, ok := constant(call, consts, arg)
				if !ok {
					notConst = append(notConst, at)
					return true
				}
				keys = append(keys, use{s, at})
				return true
			})
		}
	}
	return keys, notConst, bypass
}

func isFmt(sel *ast.SelectorExpr) bool {
	x, ok := sel.X.(*ast.Ident)
	return ok && x.Name == "fmt"
}

// fmtArg is the position of the format (or message) in a call of fmt or
// errors, -1 for the functions that take none.
func fmtArg(pkg, fn string) int {
	switch {
	case pkg == "errors" && fn == "New":
		return 0
	case pkg == "fmt" && slices.Contains([]string{"Errorf", "Sprintf", "Printf", "Sprint", "Sprintln", "Print", "Println"}, fn):
		return 0
	case pkg == "fmt" && slices.Contains([]string{"Fprintf", "Fprint", "Fprintln"}, fn):
		return 1
	}
	return -1
}

// dataLines are the lines marked "//lang:data": the text they build is for
// programs (a URL, a file's contents), not for people.
func dataLines(fset *token.FileSet, f *ast.File) map[int]bool {
	lines := map[int]bool{}
	for _, g := range f.Comments {
		for _, c := range g.List {
			if strings.Contains(c.Text, "lang:data") {
				lines[fset.Position(c.Pos()).Line] = true
			}
		}
	}
	return lines
}

// constants are the package's string constants.
func constants(files []*ast.File) map[string]ast.Expr {
	out := map[string]ast.Expr{}
	for _, f := range files {
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.CONST {
				continue
			}
			for _, s := range g.Specs {
				vs := s.(*ast.ValueSpec)
				for i, name := range vs.Names {
					if i < len(vs.Values) {
						out[name.Name] = vs.Values[i]
					}
				}
			}
		}
	}
	return out
}

// constant is the call's argument i as a constant string.
func constant(call *ast.CallExpr, consts map[string]ast.Expr, i int) (string, bool) {
	if i < 0 || i >= len(call.Args) {
		return "", false
	}
	return eval(call.Args[i], consts, 0)
}

func eval(e ast.Expr, consts map[string]ast.Expr, depth int) (string, bool) {
	if depth > 10 {
		return "", false
	}
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(e.Value)
		return s, err == nil
	case *ast.Ident:
		if v, ok := consts[e.Name]; ok {
			return eval(v, consts, depth+1)
		}
	case *ast.BinaryExpr:
		if e.Op == token.ADD {
			a, ok1 := eval(e.X, consts, depth+1)
			b, ok2 := eval(e.Y, consts, depth+1)
			return a + b, ok1 && ok2
		}
	case *ast.ParenExpr:
		return eval(e.X, consts, depth+1)
	}
	return "", false
}

// hasWords reports whether a format says something in a language: two
// letters in a row outside its verbs.
func hasWords(format string) bool {
	run := 0
	for _, r := range verb.ReplaceAllString(format, " ") {
		if unicode.IsLetter(r) {
			run++
			if run >= 2 {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}

var verb = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*(\*|\d+)?(\.(\*|\d+))?(\[\d+\])?[a-zA-Z%]`)

// verbs lists a format's verbs without their argument indexes, sorted, %w
// counted as %v.
func verbs(format string) []string {
	var out []string
	for _, v := range verb.FindAllString(format, -1) {
		v = regexp.MustCompile(`\[\d+\]`).ReplaceAllString(v, "")
		if v == "%%" {
			continue
		}
		if strings.HasSuffix(v, "w") {
			v = v[:len(v)-1] + "v"
		}
		out = append(out, v)
	}
	sort.Strings(out)
	return out
}

func TestEveryMessageHasItsFrench(t *testing.T) {
	keys, notConst, bypass := scan(t)
	if len(keys) < 50 {
		t.Errorf("only %d messages found: the scan is broken", len(keys))
	}
	for _, at := range notConst {
		t.Errorf("%s: the format is not a constant, so its translation cannot be checked", at)
	}
	for _, b := range bypass {
		t.Errorf("%s: a message outside the catalogue (use lang, or mark data with //lang:data)", b)
	}
	used := map[string]bool{}
	for _, k := range keys {
		used[k.format] = true
		_, ok := french[k.format]
		_, okp := plurals[k.format]
		if !ok && !okp && hasWords(k.format) {
			t.Errorf("%s: no French for %q", k.at, k.format)
		}
	}
	for en := range french {
		if !used[en] {
			t.Errorf("the catalogue translates %q, which no code says any more", en)
		}
	}
	for en := range plurals {
		if !used[en] {
			t.Errorf("the catalogue translates %q, which no code says any more", en)
		}
	}
}

func TestTranslationsKeepTheirArguments(t *testing.T) {
	for en, fr := range french {
		if strings.TrimSpace(fr) == "" {
			t.Errorf("%q: the French is empty", en)
			continue
		}
		if !slices.Equal(verbs(en), verbs(fr)) {
			t.Errorf("%q → %q: the verbs differ (%v, %v)", en, fr, verbs(en), verbs(fr))
		}
	}
	for en, p := range plurals {
		want := verbs(en)
		for _, form := range [][2]string{p.En, p.Fr} {
			for _, s := range form {
				if strings.TrimSpace(s) == "" {
					t.Errorf("%q: a plural form is empty", en)
				}
				for _, v := range verbs(s) {
					if !slices.Contains(want, v) {
						t.Errorf("%q: the form %q has a verb %s the message does not", en, s, v)
					}
				}
			}
		}
	}
}

package google

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/takeback/takeback/fixtures"
	"github.com/takeback/takeback/importers"
)

// keepGolden is the Markdown of some fixture notes, by file name.
var keepGolden = map[string]string{
	"Pancakes.md": "# Pancakes\n\n2 eggs\n250 g flour\n500 ml milk\n\nMix, and let it rest *30 min*.\n",
	// An untitled note: its first line names it, and no heading is added.
	"Call the plumber.md": "Call the plumber\nabout the kitchen sink\n",
	"Groceries.md":        "# Groceries\n\n- [ ] Milk\n- [x] Bread\n- [ ] Eggs & butter\n",
	"Reading/Books 2024-2025.md": "# Books 2024/2025\n\nThe Left Hand of Darkness\nPiranesi\n\n" +
		"Labels: Reading, Ideas\n",
	"Travel/Holiday.md": "# Holiday\n\nThe view from the hotel\n\n" +
		"![1a2b3c4d5e6f7a80.9c0d1e2f3a4b5c6d.jpg](1a2b3c4d5e6f7a80.9c0d1e2f3a4b5c6d.jpg)\n\nLabels: Travel\n",
	"Receipt.md": "# Receipt\n\nWarranty until 2026\n\n" +
		"Attachment not found in the Takeout: 7f6e5d4c3b2a1908.0a1b2c3d4e5f6a7b.png\n",
	"Worth reading.md": "# Worth reading\n\nhttps://example.org/wiki/Pancake_(food)\n\n" +
		"- [Pancake (food)](https://example.org/wiki/Pancake_%28food%29)\n",
}

// keepMemberOf is the in-archive path of an item's source.
func keepMemberOf(it *importers.Item) string { return it.Source[strings.Index(it.Source, "!")+1:] }

// Every shape of the Takeout gives the same notes, at the same places, with
// the same Markdown: attachments are found before or after their note and
// in the other part, under a localized folder, in zip, tgz and folders.
func TestKeepPlan(t *testing.T) {
	shapes := []fixtures.Takeout{
		{Keep: true},
		{Keep: true, Parts: 2},
		{Keep: true, Format: "tgz"},
		{Keep: true, Format: "tgz", Parts: 2, Photos: true},
		{Keep: true, Format: "dir", Photos: true},
		{Keep: true, Lang: "de"},
		{Keep: true, Lang: "de", Parts: 2, Photos: true},
		{Keep: true, Lang: "de", Format: "tgz", Parts: 2},
		{Keep: true, Lang: "de", Format: "dir"},
	}
	for _, shape := range shapes {
		name := fmt.Sprintf("%s-%s-%d", keepOr(shape.Lang, "en"), keepOr(shape.Format, "zip"), max(shape.Parts, 1))
		if shape.Photos {
			name += "-photos"
		}
		t.Run(name, func(t *testing.T) {
			checkKeepPlan(t, shape, scanTakeout(t, shape, Options{}))
		})
	}
}

func checkKeepPlan(t *testing.T, shape fixtures.Takeout, p *importers.Plan) {
	t.Helper()
	data := map[string][]byte{}
	for _, f := range shape.Files() {
		data[f.Path] = f.Data
	}
	member := func(m string) string {
		if shape.Format == "dir" {
			return strings.TrimPrefix(m, "Takeout/") // the folder itself is the input
		}
		return m
	}
	bySource := map[string][]*importers.Item{}
	var notes int
	for _, it := range p.Items {
		bySource[keepMemberOf(it)] = append(bySource[keepMemberOf(it)], it)
		if it.Kind == importers.Note {
			notes++
		}
		m := keepMemberOf(it)
		if strings.HasSuffix(m, ".html") && strings.Contains(m, "Keep") || strings.HasSuffix(m, "Labels.txt") {
			t.Errorf("%s is planned: %s %q", m, it.Kind, it.Title)
		}
		if (it.Kind == importers.Photo || it.Kind == importers.Video) && strings.Contains(m, "/"+keepFolderOf(shape)+"/") {
			t.Errorf("the Keep file %s is imported as a %s", m, it.Kind)
		}
	}
	want := shape.ExpectedNotes()
	if notes != len(want) {
		t.Errorf("%d notes planned, want %d", notes, len(want))
	}
	for _, w := range want {
		var note *importers.Item
		for _, it := range bySource[member(w.Member)] {
			if it.Kind == importers.Note {
				if note != nil {
					t.Errorf("%s is planned twice", w.Member)
				}
				note = it
			}
		}
		if note == nil {
			t.Errorf("%s: no note planned", w.Member)
			continue
		}
		if got := note.Target(); got != "files/Notes/"+w.Name {
			t.Errorf("%s: target %q, want %q", w.Member, got, "files/Notes/"+w.Name)
		}
		if note.Title != w.Title {
			t.Errorf("%s: title %q, want %q", w.Member, note.Title, w.Title)
		}
		if !note.Date.Equal(w.Edited) || note.DateSource != "keep-edited" {
			t.Errorf("%s: dated %v from %q, want %v from keep-edited", w.Member, note.Date, note.DateSource, w.Edited)
		}
		if w.Trashed != (!note.Skip.IsZero()) || w.Trashed && !strings.Contains(note.Skip.String(), "trash") {
			t.Errorf("%s: skip %q, trashed %v", w.Member, note.Skip, w.Trashed)
		}
		if g, ok := keepGolden[w.Name]; ok && string(note.Body) != g {
			t.Errorf("%s: Markdown\n%s\nwant\n%s", w.Name, note.Body, g)
		}
		if note.Size != int64(len(note.Body)) || len(note.Body) == 0 {
			t.Errorf("%s: size %d for %d bytes", w.Name, note.Size, len(note.Body))
		}
		for _, a := range w.Attachments {
			var att *importers.Item
			for _, it := range bySource[member(a.Member)] {
				if it.Kind == importers.File && it.Owner == note {
					att = it
				}
			}
			if att == nil {
				t.Errorf("%s: attachment %s not planned", w.Member, a.Member)
				continue
			}
			if got := att.Target(); got != "files/Notes/"+a.Name || path.Dir(att.Name) != path.Dir(note.Name) {
				t.Errorf("%s: attachment at %q, want %q next to the note", w.Member, got, "files/Notes/"+a.Name)
			}
			if !att.Date.Equal(w.Edited) || !att.Skip.IsZero() || !att.Fail.IsZero() {
				t.Errorf("%s: attachment dated %v, skip %q, fail %q", w.Member, att.Date, att.Skip, att.Fail)
			}
			r, err := att.Open()
			if err != nil {
				t.Fatal(err)
			}
			b, err := io.ReadAll(r)
			r.Close()
			if err != nil || !bytes.Equal(b, data[a.Member]) || att.Size != int64(len(b)) {
				t.Errorf("%s: %d bytes (size %d), %v; want %d", a.Member, len(b), att.Size, err, len(data[a.Member]))
			}
			if !strings.Contains(string(note.Body), "]("+path.Base(a.Name)+")") {
				t.Errorf("%s does not link %s:\n%s", w.Name, a.Name, note.Body)
			}
		}
		for _, m := range w.Missing {
			if !strings.Contains(note.Note.String(), m) {
				t.Errorf("%s: note %q does not name the missing %s", w.Member, note.Note, m)
			}
			var failed bool
			for _, it := range bySource[member(w.Member)] {
				failed = failed || it.Kind == importers.File && it.Owner == note && it.Title == m && !it.Fail.IsZero()
			}
			if !failed {
				t.Errorf("%s: the missing %s is not a failed item", w.Member, m)
			}
		}
	}
}

func keepOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func keepFolderOf(shape fixtures.Takeout) string {
	if shape.Lang == "de" {
		return "Google Notizen"
	}
	return "Keep"
}

func TestKeepOptions(t *testing.T) {
	p := scanTakeout(t, fixtures.Takeout{Keep: true}, Options{Notes: NotesOptions{Dir: "Documents/Keep", IncludeTrashed: true}})
	var notes int
	for _, it := range p.Items {
		if it.Kind != importers.Note && it.Owner == nil {
			continue
		}
		notes++
		if it.Fail.IsZero() && !strings.HasPrefix(it.Target(), "files/Documents/Keep/") {
			t.Errorf("%s lands at %s", it.Source, it.Target())
		}
		if !it.Skip.IsZero() {
			t.Errorf("%s skipped with --include-trashed: %s", it.Source, it.Skip)
		}
	}
	if notes == 0 {
		t.Error("no notes")
	}
}

// keepTree writes files (path → content) into a folder and plans it.
func keepTree(t *testing.T, files map[string]string, opt Options) *importers.Plan {
	t.Helper()
	root := filepath.Join(t.TempDir(), "Takeout")
	for p, data := range files {
		f := filepath.Join(root, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(f, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p, tree := importers.Load([]string{root}, NewTakeout(opt))
	t.Cleanup(func() { tree.Close() })
	return p
}

func keepByTarget(p *importers.Plan) map[string]*importers.Item {
	out := map[string]*importers.Item{}
	for _, it := range p.Items {
		out[it.Target()] = it
	}
	return out
}

// Only files of a folder named like Keep's, or met after a note of their
// folder, are remembered: in a folder of another name, an attachment that
// comes first is not found (the documented limitation), one that comes
// after is.
func TestKeepAttachmentFolders(t *testing.T) {
	note := func(title, file string) string {
		return `{"title":"` + title + `","textContent":"x","attachments":[{"filePath":"` + file + `","mimetype":"image/png"}],"userEditedTimestampUsec":1700000000000000}`
	}
	p := keepTree(t, map[string]string{
		"Notas/a-before.png":    "before",
		"Notas/b.json":          note("B", "a-before.png"),
		"Notas/c.json":          note("C", "d-after.png"),
		"Notas/d-after.png":     "after",
		"Google Keep/a.png":     "keep",
		"Google Keep/b.json":    note("K", "a.png"),
		"Google Keep/b.html":    "<html></html>",
		"Google Keep/c.png":     "not attached to anything",
		"Elsewhere/e.png":       "unrelated",
		"Google Keep/e.png":     "e",
		"Google Keep/e.json":    note("E", "E.PNG"),
		"Google Keep/f.json":    `{"title":"F","listContent":[],"attachments":[{"filePath":"sub\\x.jpeg"},{"filePath":"x.txt","mimetype":"text/plain"}]}`,
		"Google Keep/x.jpg":     "x",
		"Google Keep/x.txt.jpg": "not it",
	}, Options{})
	got := keepByTarget(p)
	for target, content := range map[string]string{
		"files/Notes/d-after.png": "after",
		"files/Notes/a.png":       "keep",
		"files/Notes/x.jpg":       "x",
	} {
		it := got[target]
		if it == nil {
			t.Errorf("%s not planned", target)
			continue
		}
		r, err := it.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(r)
		r.Close()
		if string(b) != content || it.Owner == nil {
			t.Errorf("%s holds %q, owner %v", target, b, it.Owner)
		}
	}
	if got["files/Notes/a-before.png"] != nil || !strings.Contains(got["files/Notes/B.md"].Note.String(), "a-before.png is not in the archives given") {
		t.Errorf("the attachment before its note in an unknown folder: %v, note %q", got["files/Notes/a-before.png"], got["files/Notes/B.md"].Note)
	}
	if e := got["files/Notes/E.md"]; e == nil || strings.Contains(e.Note.String(), "not in the archives") {
		t.Errorf("E.PNG is not found as e.png: %+v", e)
	}
	f := got["files/Notes/F.md"]
	if f == nil || string(f.Body) != "# F\n\n![x.jpg](x.jpg)\n\nAttachment not found in the Takeout: x.txt\n" {
		t.Errorf("F: %q", f.Body)
	}
	for _, it := range p.Items {
		if strings.HasSuffix(it.Source, "/c.png") || strings.HasSuffix(it.Source, "Elsewhere/e.png") || strings.HasSuffix(it.Source, ".html") {
			t.Errorf("%s is planned", it.Source)
		}
	}
}

// The Keep folder itself may be the input: its name is the folder's.
func TestKeepFolderInput(t *testing.T) {
	root := filepath.Join(t.TempDir(), "Google Notizen")
	for name, data := range map[string]string{
		"1700000000000.abcdef.jpg": "photo",
		"Z.json":                   `{"title":"Z","textContent":"x","attachments":[{"filePath":"1700000000000.abcdef.jpeg"}]}`,
	} {
		if err := os.MkdirAll(root, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p, tree := importers.Load([]string{root}, NewTakeout(Options{}))
	defer tree.Close()
	got := keepByTarget(p)
	if it := got["files/Notes/1700000000000.abcdef.jpg"]; it == nil || it.Owner != got["files/Notes/Z.md"] {
		t.Errorf("the attachment before its note, at the top of the input: %+v", it)
	}
}

// A note that is recognised but damaged fails, and is not silently lost;
// an attachment of a trashed note is skipped with it, unless another note
// that is imported links it too.
func TestKeepDamagedAndTrashed(t *testing.T) {
	p := keepTree(t, map[string]string{
		"Keep/bad.json":    `{"title": 5, "textContent": "x"}`,
		"Keep/trash.json":  `{"title":"T","textContent":"x","isTrashed":true,"attachments":[{"filePath":"t.png"},{"filePath":"gone.png"}]}`,
		"Keep/trash2.json": `{"title":"U","textContent":"x","isTrashed":true,"attachments":[{"filePath":"s.png"}]}`,
		"Keep/kept.json":   `{"title":"K","textContent":"x","attachments":[{"filePath":"s.png"}]}`,
		"Keep/t.png":       "t",
		"Keep/s.png":       "s",
	}, Options{})
	got := keepByTarget(p)
	var bad bool
	for _, it := range p.Items {
		if strings.HasSuffix(it.Source, "bad.json") {
			bad = it.Kind == importers.Note && strings.Contains(it.Fail.String(), "could not be read")
		}
		if strings.Contains(it.Fail.String(), "gone.png") {
			t.Errorf("the missing attachment of a trashed note fails: %s", it.Fail)
		}
	}
	if !bad {
		t.Error("the damaged note is not failed")
	}
	if it := got["files/Notes/t.png"]; it == nil || !strings.Contains(it.Skip.String(), "trash") {
		t.Errorf("the trashed note's attachment: %+v", it)
	}
	if it := got["files/Notes/s.png"]; it == nil || !it.Skip.IsZero() || it.Owner != got["files/Notes/K.md"] {
		t.Errorf("the attachment shared with a kept note: %+v", it)
	}
}

func TestIsKeepNote(t *testing.T) {
	tests := []struct {
		data string
		want bool
	}{
		{`{"title":"a","textContent":"b"}`, true},
		{`{"listContent":[{"text":"a","isChecked":false}]}`, true},
		{`{"textContent":""}`, true},
		{` {"color":"DEFAULT","listContent":[]}`, true},
		{`{"textContent":null}`, false},
		{`{"title":"IMG_1.jpg","description":"my \"textContent\" note","photoTakenTime":{"timestamp":"1"}}`, false},
		{`[{"textContent":"a"}]`, false},
		{`{"textContent":"a"`, false},
		{`{"note":{"textContent":"a"}}`, false},
		{`{"kind":"tasks#taskLists","items":[]}`, false},
		{``, false},
	}
	for _, tt := range tests {
		if got := isKeepNote([]byte(tt.data)); got != tt.want {
			t.Errorf("isKeepNote(%s) = %v, want %v", tt.data, got, tt.want)
		}
	}
}

func TestKeepDate(t *testing.T) {
	edited := time.Date(2023, 3, 4, 5, 6, 7, 123456000, time.UTC)
	created := time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		json   string
		want   time.Time
		source string
	}{
		{"edited, a number", `{"userEditedTimestampUsec":1677906367123456,"createdTimestampUsec":1640995200000000}`, edited, "keep-edited"},
		{"edited, a string", `{"userEditedTimestampUsec":"1677906367123456"}`, edited, "keep-edited"},
		{"edited, a float", `{"userEditedTimestampUsec":1.677906367123456e15}`, edited, "keep-edited"},
		{"created when never edited", `{"userEditedTimestampUsec":0,"createdTimestampUsec":1640995200000000}`, created, "keep-created"},
		{"not a time", `{"userEditedTimestampUsec":"soon","createdTimestampUsec":true}`, fixtures.Stamp, "archive"},
		{"before Nextcloud's first day", `{"userEditedTimestampUsec":86400000000}`, fixtures.Stamp, "archive"},
		{"past year 9999", `{"userEditedTimestampUsec":9000000000000000000}`, fixtures.Stamp, "archive"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j, err := parseKeepNote([]byte(tt.json))
			if err != nil {
				t.Fatal(err)
			}
			got, source := keepDate(&keepNote{json: j, member: importers.Member{ModTime: fixtures.Stamp}})
			if !got.Equal(tt.want) || source != tt.source {
				t.Errorf("%v from %q, want %v from %q", got, source, tt.want, tt.source)
			}
		})
	}
	if got, source := keepDate(&keepNote{json: &keepJSON{}}); !got.IsZero() || source != "" {
		t.Errorf("no time at all: %v from %q", got, source)
	}
}

func TestKeepNames(t *testing.T) {
	long := strings.Repeat("ü", 150)
	tests := []struct {
		name string
		json string
		want string
	}{
		{"title", `{"title":"Pancakes","textContent":"x"}`, "Pancakes.md"},
		{"slashes", `{"title":"AC/DC \\ live","textContent":"x"}`, "AC-DC - live.md"},
		{"control characters and spaces", "{\"title\":\"  a\\tb\\u0007c\\u00a0 d \\n\",\"textContent\":\"x\"}", "a b c d.md"},
		{"leading dots", `{"title":"../.hidden","textContent":"x"}`, "-.hidden.md"},
		{"only dots", `{"title":"..","textContent":"x"}`, "Untitled note.md"},
		{"first line when untitled", `{"title":" ","textContent":"\n\n  # Call Bob  \nabout it"}`, "Call Bob.md"},
		{"first list item when untitled", `{"listContent":[{"text":""},{"text":"Milk"}]}`, "Milk.md"},
		{"nothing at all", `{"textContent":""}`, "Untitled note.md"},
		{"first label is the category", `{"title":"T","textContent":"x","labels":[{"name":" "},{"name":"Work/Home"},{"name":"B"}]}`, "Work-Home/T.md"},
		{"capped", `{"title":"` + long + `","textContent":"x"}`, strings.Repeat("ü", 100) + ".md"},
		{"NFD made NFC", "{\"title\":\"Cafe\u0301\",\"textContent\":\"x\"}", "Caf\u00e9.md"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j, err := parseKeepNote([]byte(tt.json))
			if err != nil {
				t.Fatal(err)
			}
			if got := keepNoteName(j); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
	for member, want := range map[string]string{
		"Takeout/Keep/1a2b.jpg":        "Cat/1a2b.jpg",
		"Takeout/Keep/.hidden.png":     "Cat/hidden.png",
		"Takeout/Keep/.png":            "Cat/attachment.png",
		"Takeout/Keep/voice note.3gp":  "Cat/voice note.3gp",
		"Takeout/Keep/odd.ext with sp": "Cat/odd.ext with sp",
	} {
		if got := keepAttachmentName("Cat", member); got != want {
			t.Errorf("keepAttachmentName(%q) = %q, want %q", member, got, want)
		}
	}
}

func TestKeepMarkdown(t *testing.T) {
	tests := []struct {
		name  string
		json  string
		files []keepLink
		want  string
	}{
		{"text as it is", `{"title":"T","textContent":"\r\n\n  *a*\r\n# b\n\n"}`, nil, "# T\n\n  *a*\n# b\n"},
		{"checklist", `{"title":"L","listContent":[{"text":"a","isChecked":false},{"text":"b\nc\n\nd","isChecked":true},{"text":"","isChecked":false}]}`, nil,
			"# L\n\n- [ ] a\n- [x] b\n  c\n\n  d\n- [ ]\n"},
		{"text and checklist", `{"textContent":"intro","listContent":[{"text":"a","isChecked":true}]}`, nil, "intro\n\n- [x] a\n"},
		{"labels", `{"title":"T","textContent":"x","labels":[{"name":"a"},{"name":""},{"name":"b c"}]}`, nil, "# T\n\nx\n\nLabels: a, b c\n"},
		{"links", `{"textContent":"x","annotations":[
			{"source":"WEBLINK","title":"A [b] <c>","url":"https://e.org/a b(c)"},
			{"source":"WEBLINK","url":"http://e.org/"},
			{"source":"WEBLINK","title":"js","url":"javascript:alert(1)"},
			{"source":"WEBLINK","title":"none"}]}`, nil,
			"x\n\n- [A \\[b\\] \\<c\\>](https://e.org/a%20b%28c%29)\n- [http://e.org/](http://e.org/)\n- js: javascript:alert(1)\n"},
		{"attachments", `{"title":"T","textContent":"x"}`, []keepLink{
			{name: "Cat/My photo (2).jpg", listed: "My photo.jpeg", image: true},
			{name: "Cat/rec_1.3gp", listed: "rec_1.3gp"},
			{listed: "lost*.png", image: true}},
			"# T\n\nx\n\n![My photo (2).jpg](My%20photo%20%282%29.jpg)\n\n[rec\\_1.3gp](rec_1.3gp)\n\nAttachment not found in the Takeout: lost\\*.png\n"},
		{"empty", `{"textContent":""}`, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j, err := parseKeepNote([]byte(tt.json))
			if err != nil {
				t.Fatal(err)
			}
			if got := string(keepMarkdown(j, tt.files)); got != tt.want {
				t.Errorf("got\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

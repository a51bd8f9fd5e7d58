package google

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// checkNoteName fails unless name is "<name>" or "<category>/<name>", each
// element one safe file name.
func checkNoteName(t *testing.T, name, ext string) {
	t.Helper()
	elems := strings.Split(name, "/")
	if len(elems) > 2 || !strings.HasSuffix(name, ext) {
		t.Fatalf("name %q: want <name>%s or <category>/<name>%s", name, ext, ext)
	}
	for _, e := range elems {
		switch {
		case e == "" || e == "." || e == ".." || strings.HasPrefix(e, "."):
			t.Fatalf("name %q: element %q", name, e)
		case !utf8.ValidString(e) || strings.ContainsAny(e, `\`) || strings.ContainsFunc(e, unicode.IsControl):
			t.Fatalf("name %q: element %q holds what a file name cannot", name, e)
		case e != strings.TrimSpace(e) || len(e) > keepMaxBytes+len(".md") && e == elems[0] || len(e) > 250:
			t.Fatalf("name %q: element %q is untrimmed or too long", name, e)
		}
	}
}

// FuzzKeepNote: reading a note, naming it and writing its Markdown never
// panic, and names are always one safe element, or a category and one.
func FuzzKeepNote(f *testing.F) {
	f.Add([]byte(`{"title":"Pancakes","textContent":"2 eggs","labels":[{"name":"Food"}],"userEditedTimestampUsec":1677906367123456}`))
	f.Add([]byte(`{"title":"","textContent":"\n # first\nline","createdTimestampUsec":"1"}`))
	f.Add([]byte(`{"title":"../a/b\\c\u0000","listContent":[{"text":"x\ny","isChecked":true},{"text":""}],"labels":[{"name":".."},{"name":"/"}]}`))
	f.Add([]byte(`{"textContent":"x","attachments":[{"filePath":"1a.jpeg","mimetype":"image/jpeg"},{"filePath":"..\\..\\x"},{"filePath":"/"}],` +
		`"annotations":[{"source":"WEBLINK","title":"a]b","url":"https://e.org/(x) y"},{"url":"javascript:x"}]}`))
	f.Add([]byte(`{"title":"` + strings.Repeat("日本", 200) + `","textContent":""}`))
	f.Add([]byte(`{"textContent":"\xff\xfe","title":"\u202e\u00a0.."}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		isKeepNote(data)
		j, err := parseKeepNote(data)
		if err != nil {
			return
		}
		title := keepTitle(j)
		if title == "" || strings.ContainsAny(title, "\r\n") {
			t.Fatalf("title %q", title)
		}
		category := keepCategory(j)
		checkNoteName(t, keepNoteName(j), ".md")
		var links []keepLink
		for i, a := range j.Attachments {
			name := ""
			if i%2 == 0 {
				name = keepAttachmentName(category, a.FilePath)
				checkNoteName(t, name, "")
			}
			links = append(links, keepLink{name: name, listed: a.FilePath, image: keepIsImage(a.Mimetype, a.FilePath)})
		}
		body := keepMarkdown(j, links)
		if !utf8.Valid(body) {
			t.Fatalf("the Markdown is not UTF-8: %q", body)
		}
		if len(body) > 0 && body[len(body)-1] != '\n' {
			t.Fatalf("the Markdown does not end a line: %q", body)
		}
		keepDate(&keepNote{json: j})
	})
}

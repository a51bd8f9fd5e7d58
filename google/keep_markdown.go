package google

import (
	"fmt"
	"net/url"
	"path"
	"strings"
)

// keepLink is an attachment as the note links it.
type keepLink struct {
	name   string // its file next to the note ("Travel/x.jpg"); "" when missing
	listed string // its name in the note's JSON
	image  bool
}

// keepMarkdown writes a note as Markdown, in blocks separated by a blank
// line: the title as a heading (the Notes app takes a note's first line
// for its title), the text as it is, the checklist, the attachments, the
// web links, and the labels.
func keepMarkdown(j *keepJSON, files []keepLink) []byte {
	var blocks []string
	if t := keepLine(j.Title); t != "" {
		blocks = append(blocks, "# "+t)
	}
	if text := keepTrimText(j.TextContent); text != "" {
		blocks = append(blocks, text)
	}
	if len(j.ListContent) > 0 {
		blocks = append(blocks, keepChecklist(j.ListContent))
	}
	for _, f := range files {
		blocks = append(blocks, keepAttachmentLink(f))
	}
	if links := keepWebLinks(j.Annotations); links != "" {
		blocks = append(blocks, links)
	}
	var labels []string
	for _, l := range j.Labels {
		if n := keepLine(l.Name); n != "" {
			labels = append(labels, n)
		}
	}
	if len(labels) > 0 {
		blocks = append(blocks, "Labels: "+strings.Join(labels, ", "))
	}
	if len(blocks) == 0 {
		return []byte{}
	}
	return []byte(strings.Join(blocks, "\n\n") + "\n")
}

// keepTrimText reads CRLF as LF and drops the blank lines and spaces
// around the text.
func keepTrimText(s string) string {
	s = strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\r\n", "\n")
	s = strings.TrimRight(s, " \t\r\n")
	for {
		l, rest, ok := strings.Cut(s, "\n")
		if !ok || strings.TrimSpace(l) != "" {
			return s
		}
		s = rest
	}
}

// checklist writes "- [ ] item" and "- [x] item" lines; an item's further
// lines are indented to stay in it.
func keepChecklist(items []keepListItem) string {
	var b strings.Builder
	for i, it := range items {
		if i > 0 {
			b.WriteByte('\n')
		}
		box := "[ ]"
		if it.IsChecked {
			box = "[x]"
		}
		lines := strings.Split(keepTrimText(it.Text), "\n")
		b.WriteString(strings.TrimRight("- "+box+" "+lines[0], " \t"))
		for _, l := range lines[1:] {
			if l = strings.TrimRight(l, " \t\r"); l != "" {
				l = "  " + l
			}
			b.WriteString("\n" + l)
		}
	}
	return b.String()
}

// keepAttachmentLink is an image, a link to a file beside the note, or a word
// that the file is missing.
func keepAttachmentLink(f keepLink) string {
	if f.name == "" {
		return "Attachment not found in the Takeout: " + keepMDText(path.Base(f.listed))
	}
	base := path.Base(f.name)
	link := fmt.Sprintf("[%s](%s)", keepMDText(base), url.PathEscape(base))
	if f.image {
		return "!" + link
	}
	return link
}

// keepWebLinks lists the note's web links.
func keepWebLinks(as []keepAnnotation) string {
	var lines []string
	for _, a := range as {
		u := keepLine(a.URL)
		if u == "" {
			continue
		}
		text := keepLine(a.Title)
		if text == "" {
			text = u
		}
		if keepWebScheme(u) {
			lines = append(lines, fmt.Sprintf("- [%s](%s)", keepMDText(text), keepMDURL(u)))
			continue
		}
		// Not a web address (javascript:, data:…): shown, not linked.
		if text == u {
			lines = append(lines, "- "+keepMDText(u))
		} else {
			lines = append(lines, "- "+keepMDText(text)+": "+keepMDText(u))
		}
	}
	return strings.Join(lines, "\n")
}

func keepWebScheme(u string) bool {
	l := strings.ToLower(u)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "mailto:")
}

// keepMDText escapes what Markdown would read as markup in a line of text.
func keepMDText(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune("\\`*_[]<>", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// keepMDURL percent-encodes what would end or break a link destination.
func keepMDURL(u string) string {
	var b strings.Builder
	for i := 0; i < len(u); i++ {
		c := u[i]
		if c <= ' ' || c == 0x7f || strings.IndexByte(`()<>\`+"`", c) >= 0 {
			fmt.Fprintf(&b, "%%%02X", c)
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

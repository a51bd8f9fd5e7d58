package importers_test

import (
	"bytes"
	"html/template"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/takeback/takeback/fixtures"
	"github.com/takeback/takeback/google"
	"github.com/takeback/takeback/importers"
	"github.com/takeback/takeback/internal/lang"
)

// takeoutPlan scans a generated Takeout with photos, Drive, Tasks and Keep
// (one Keep note fails: its attachment is missing).
func takeoutPlan(t *testing.T) *importers.Plan {
	t.Helper()
	paths, err := fixtures.Takeout{Photos: true, Drive: true, Tasks: true, Keep: true}.Write(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	p, tree := importers.Load(paths, google.NewTakeout(google.Options{}))
	t.Cleanup(func() { tree.Close() })
	return p
}

func TestWriteHTML(t *testing.T) {
	takeout := takeoutPlan(t)
	work := &importers.Collection{Kind: importers.Calendar, ID: "w", Name: "Work"}
	photos := &importers.Collection{Kind: importers.Folder, ID: "p", Name: "Photos/Google Photos"}
	present := &importers.Item{Kind: importers.Event, Collection: work, Name: "a.ics", Title: "Standup",
		Date: time.Date(2024, 1, 9, 13, 0, 0, 0, time.UTC)}
	clash := &importers.Item{Kind: importers.Photo, Collection: photos, Name: "2019/07/a.jpg", Title: "a.jpg",
		Date: time.Date(2019, 7, 4, 12, 0, 0, 0, time.UTC), Size: 2_500_000, Albums: []string{"Rome"}}
	server := &importers.Plan{Items: []*importers.Item{present, clash},
		Status: map[*importers.Item]importers.Status{present: importers.Already, clash: importers.Conflict}}
	hostile := &importers.Plan{}
	hostile.Add(&importers.Item{Kind: importers.File, Source: `x.zip!"><img src=https://evil.example/a.png>`,
		Title: "<script>alert(1)</script>", Skip: lang.Raw("<b>not bold</b>")})
	hostile.Warn("https://evil.example/", lang.Raw(`<link rel="stylesheet" href="https://evil.example/x.css">`))
	many := &importers.Plan{}
	for range 1234 {
		many.Add(&importers.Item{Kind: importers.Photo, Collection: photos, Name: "a.jpg", Title: "a.jpg",
			Date: time.Date(2019, 7, 4, 12, 0, 0, 0, time.UTC)})
	}
	many.Add(&importers.Item{Kind: importers.Video, Collection: photos, Name: "b.mp4", Title: "b.mp4",
		Skip: lang.T("not tried: %v", importers.ReasonInterrupted)})
	for _, msg := range importers.MissingParts([]string{"takeout-20240525T201456Z-001.zip", "takeout-20240525T201456Z-003.zip"}) {
		many.Warn("archives", msg)
	}

	for _, tc := range []struct {
		name, lang string
		plan       *importers.Plan
		want, not  []string
	}{
		{"takeout in English", "en", takeout, []string{
			`<html lang="en">`, "What takeback will import",
			`id="n-photo">12<`, `id="n-video">3<`, `id="n-event">8<`, `id="n-task">12<`, `id="n-contact">6<`,
			`id="n-note">10<`, `id="n-skipped">7<`, `id="n-failed">1<`,
			"<h3>Work</h3>", ">3 events<", "From 7\u00a0Oct\u00a02024 to 14\u00a0Oct\u00a02024",
			"Google Contacts", "Listed under several labels, imported once: 4",
			`<td>Rome 2019</td><td class="num">2</td>`, "1.5 KB",
			"the recurrence has no occurrences (every date is excluded)",
			`role="img" aria-labelledby="chart-title chart-desc"`, `<title id="chart-title">Photos and videos per month</title>`,
			"<title>Jul\u00a02019 — Photos: 3, Videos: 0</title>", `<text class="year"`, ">2020</text>", ">2024</text>",
			"<code>Photos/Google Photos/2019/07/</code>", "(<code>calendars/Work</code>)", "Calendar app › Work",
		}, []string{"Agendas", "Événements", `id="server"`}},
		{"takeout in French", "fr_FR.UTF-8", takeout, []string{
			`<html lang="fr">`, "Ce que takeback va importer", "Rien n’a encore été envoyé ni modifié.",
			`id="n-photo">12<`, `id="n-contact">6<`, `id="n-skipped">7<`,
			"<h3>Work</h3>", ">3 événements<", "Du 7\u00a0oct.\u00a02024 au 14\u00a0oct.\u00a02024",
			"Classés sous plusieurs libellés, importés une seule fois : 4",
			"Agendas", "Carnets d’adresses", "Photos et vidéos par mois", "Où tout va arriver",
			`<td>Rome 2019</td>`, "Ignorés (7)", "Illisibles (1)", "<title>juil.\u00a02019 — photos : 3, vidéos : 0</title>",
		}, []string{"What takeback will import", "events<", "Cannot be read"}},
		{"many, in French", "fr", many, []string{
			`id="n-photo">1` + "\u00a0" + `234<`, `id="n-video">0<`, `id="n-skipped">1<`, `id="n-warnings">1<`,
			"vidéo</span><br>pas essayé : l’import a été interrompu<",
			"takeout-20240525T201456Z-002.zip semble manquer : les parties 001 et 003 ont été données",
			">1" + "\u00a0" + "234 photos<", "→ Fichiers ›",
		}, []string{"the import was interrupted", "seems to be missing", "1,234"}},
		{"checked against a server", "en", server, []string{
			`id="server"`, `id="server-present">1<`, `id="server-send">1<`, `id="server-conflict">1<`,
			"2.4 MB", "Already there: 1 · To send: 0", "Name taken by another file (it will get another name): 1",
			"<td>Rome</td>",
		}, nil},
		{"names from the archive are text", "en", hostile, []string{
			"&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;b&gt;not bold&lt;/b&gt;", "&lt;link rel=",
		}, []string{"<script", "<b>not", "<img", "<link"}},
		{"nothing found, in French", "fr", &importers.Plan{}, []string{
			"Rien à importer n’a été trouvé.", "Rien n’est ignoré et il n’y a aucun avertissement.",
		}, []string{`id="photos"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			pr := lang.NewPrinter(tc.lang)
			if err := tc.plan.WriteHTML(&b, pr); err != nil {
				t.Fatal(err)
			}
			page := b.String()
			for _, w := range tc.want {
				if !strings.Contains(page, w) {
					t.Errorf("the page lacks %q", w)
				}
			}
			for _, w := range tc.not {
				if strings.Contains(page, w) {
					t.Errorf("the page has %q", w)
				}
			}
			everyProblemShown(t, tc.plan, pr, page)
			selfContained(t, page)
			wellFormed(t, page)
			phoneReady(t, page)
		})
	}
}

// everyProblemShown checks that each skipped or unreadable item and each
// warning is on the page with its reason, in the page's language.
func everyProblemShown(t *testing.T, p *importers.Plan, pr *lang.Printer, page string) {
	t.Helper()
	for _, it := range p.Items {
		for _, reason := range []lang.Text{it.Skip, it.Fail} {
			if !reason.IsZero() && !strings.Contains(page, template.HTMLEscapeString(pr.Text(reason))) {
				t.Errorf("%s %q: its reason %q is not on the page", it.Kind, it.Title, pr.Text(reason))
			}
		}
	}
	for _, w := range p.Warnings {
		if !strings.Contains(page, template.HTMLEscapeString(pr.Text(w.Message))) {
			t.Errorf("warning %q is not on the page", pr.Text(w.Message))
		}
	}
}

var (
	attrRE     = regexp.MustCompile(`(?is)\s([a-z:-]+)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)`)
	tagRE      = regexp.MustCompile(`(?s)<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*?)(/?)>`)
	forbidden  = regexp.MustCompile(`(?i)<(script|link|img|iframe|object|embed|audio|video|source|base|form)\b|@import|url\(`)
	voidTags   = map[string]bool{"meta": true, "br": true, "hr": true, "img": true, "input": true, "link": true, "wbr": true}
	styleBlock = regexp.MustCompile(`(?s)<style>.*?</style>`)
)

// selfContained checks that the page asks for nothing from anywhere: no
// scripts, style sheets, images or fonts, no address in any attribute,
// links only within the page.
func selfContained(t *testing.T, page string) {
	t.Helper()
	if m := forbidden.FindString(page); m != "" {
		t.Errorf("the page loads something: %q", m)
	}
	for _, tag := range tagRE.FindAllStringSubmatch(page, -1) {
		for _, a := range attrRE.FindAllStringSubmatch(tag[3], -1) {
			name, value := strings.ToLower(a[1]), strings.Trim(a[2], `"'`)
			switch {
			case strings.Contains(value, "://"):
				t.Errorf("<%s %s=%q>: an address in the page", tag[2], name, value)
			case name == "src" || name == "xlink:href" || name == "srcset":
				t.Errorf("<%s %s=%q>: the page loads something", tag[2], name, value)
			case name == "href" && !strings.HasPrefix(value, "#"):
				t.Errorf("<%s href=%q>: a link out of the page", tag[2], value)
			}
		}
	}
}

// wellFormed checks loosely that every element is closed, in order.
func wellFormed(t *testing.T, page string) {
	t.Helper()
	if !strings.HasPrefix(page, "<!DOCTYPE html>\n<html lang=") {
		t.Errorf("the page starts %.40q", page)
	}
	var open []string
	body := styleBlock.ReplaceAllString(page, "<style></style>")
	for _, m := range tagRE.FindAllStringSubmatch(body, -1) {
		closing, name, selfClosed := m[1] == "/", strings.ToLower(m[2]), m[4] == "/"
		switch {
		case voidTags[name] || selfClosed:
		case !closing:
			open = append(open, name)
		case len(open) == 0 || open[len(open)-1] != name:
			t.Fatalf("</%s> closes %v", name, open)
		default:
			open = open[:len(open)-1]
		}
	}
	if len(open) > 0 {
		t.Errorf("left open: %v", open)
	}
}

// phoneReady checks what lets a phone show the page at its own width.
func phoneReady(t *testing.T, page string) {
	t.Helper()
	for _, w := range []string{`<meta charset="utf-8">`, `<meta name="viewport" content="width=device-width, initial-scale=1">`,
		"max-width:", "overflow-wrap:anywhere", "svg{display:block;width:100%;height:auto}"} {
		if !strings.Contains(page, w) {
			t.Errorf("the page lacks %q", w)
		}
	}
	if regexp.MustCompile(`(?i)(min-)?width:\s*\d{3,}px`).MatchString(page) {
		t.Error("the page has a fixed width that is wider than a phone")
	}
}

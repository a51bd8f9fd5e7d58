package importers

import (
	"bufio"
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/takeback/takeback/internal/lang"
)

func samplePlan() *Plan {
	cal := &Collection{Kind: Calendar, ID: "google-work", Name: "Work"}
	book := &Collection{Kind: AddressBook, ID: "google-contacts", Name: "Google Contacts"}
	p := &Plan{}
	p.Add(
		&Item{Kind: Event, Source: "t-001.zip!Takeout/Calendar/Work.ics", Collection: cal, Name: "aa.ics",
			UID: "u1", Title: "Standup", Date: time.Date(2024, 1, 9, 13, 0, 0, 0, time.UTC)},
		&Item{Kind: Event, Source: "t-001.zip!Takeout/Calendar/Work.ics", Collection: cal, Name: "bb.ics",
			UID: "u2", Title: "Never", Skip: lang.T("the recurrence has no occurrences")},
		&Item{Kind: Contact, Source: "t-002.zip!Takeout/Contacts/All/All.vcf", Collection: book, Name: "cc.vcf",
			UID: "u3", Title: "Ada Lovelace", Note: lang.T("Google photo link dropped")},
	)
	p.Fail(Event, "t-001.zip!Takeout/Calendar/Broken.ics", ReasonInterrupted)
	p.Warn("t-002.zip!Takeout/Contacts/All/All.vcf", lang.T("card 3: no END:VCARD"))
	return p
}

func TestPlanWriteJSON(t *testing.T) {
	var buf bytes.Buffer
	if err := samplePlan().WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	var lines []map[string]any
	sc := bufio.NewScanner(&buf)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		lines = append(lines, m)
	}
	if len(lines) != 6 {
		t.Fatalf("%d lines, want 4 items, 1 warning, 1 summary", len(lines))
	}
	first := lines[0]
	want := map[string]any{"type": "item", "kind": "event", "source": "t-001.zip!Takeout/Calendar/Work.ics",
		"collection": "Work", "target": "calendars/Work/aa.ics", "uid": "u1", "title": "Standup",
		"date": "2024-01-09T13:00:00Z", "status": "new"}
	for k, v := range want {
		if first[k] != v {
			t.Errorf("item field %s = %v, want %v", k, first[k], v)
		}
	}
	if lines[1]["status"] != "skipped" || lines[1]["reason"] == "" {
		t.Errorf("skipped item: %v", lines[1])
	}
	if lines[3]["status"] != "failed" || lines[3]["kind"] != "event" || lines[3]["reason"] != "the import was interrupted" {
		t.Errorf("broken file: %v", lines[3])
	}
	if lines[4]["type"] != "warning" || lines[4]["message"] != "card 3: no END:VCARD" {
		t.Errorf("warning: %v", lines[4])
	}
	sum := lines[5]
	if sum["type"] != "summary" || sum["warnings"] != 1.0 {
		t.Errorf("summary: %v", sum)
	}
	counts := sum["counts"].(map[string]any)
	if counts["event"] != 3.0 || counts["contact"] != 1.0 {
		t.Errorf("counts: %v", counts)
	}
}

func TestPlanWriteText(t *testing.T) {
	for _, tc := range []struct {
		lang string
		want []string
	}{
		{"en", []string{
			`Calendar "Work" → calendars/Work`,
			"1 event, 2024-01-09 to 2024-01-09",
			"2024-01-09 13:00  Standup",
			`Address book "Google Contacts" → contacts/Google Contacts`,
			"Will be skipped (1):",
			`event "Never" (t-001.zip!Takeout/Calendar/Work.ics): the recurrence has no occurrences`,
			"Cannot be read (1):",
			"Broken.ics: the import was interrupted",
			"card 3: no END:VCARD",
			`Changed on the way (1):`,
			`contact "Ada Lovelace": Google photo link dropped`,
			"In all: 1 contact, 1 event to import, 1 skipped, 1 unreadable, 1 warning.",
		}},
		{"fr", []string{
			`Agenda "Work" → calendars/Work`,
			"1 événement, du 2024-01-09 au 2024-01-09",
			`Carnet d’adresses "Google Contacts" → contacts/Google Contacts`,
			"Seront ignorés (1) :",
			`événement "Never" (t-001.zip!Takeout/Calendar/Work.ics) : the recurrence has no occurrences`,
			"Illisibles (1) :",
			"Broken.ics : l’import a été interrompu",
			"Avertissements (1) :",
			"Modifiés en route (1) :",
			"En tout : 1 contact, 1 événement à importer, 1 ignoré, 1 illisible, 1 avertissement.",
		}},
	} {
		var buf bytes.Buffer
		if err := samplePlan().WriteText(&buf, lang.NewPrinter(tc.lang), true); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		for _, want := range tc.want {
			if !strings.Contains(out, want) {
				t.Errorf("%s: text preview lacks %q:\n%s", tc.lang, want, out)
			}
		}
	}
}

func TestParseOnly(t *testing.T) {
	tests := []struct {
		in      string
		want    []Kind
		wantErr bool
	}{
		{"calendars", []Kind{Event}, false},
		{"calendars, Contacts", []Kind{Event, Contact}, false},
		{"tasks,drive,notes", []Kind{Task, File, Note}, false},
		{"photos-of-cats", nil, true},
	}
	for _, tt := range tests {
		got, err := ParseOnly(tt.in)
		if (err != nil) != tt.wantErr {
			t.Errorf("ParseOnly(%q) error %v", tt.in, err)
			continue
		}
		if len(got) != len(tt.want) {
			t.Errorf("ParseOnly(%q) = %v, want %v", tt.in, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("ParseOnly(%q) = %v, want %v", tt.in, got, tt.want)
			}
		}
	}
}

func TestResourceNameIsStable(t *testing.T) {
	a, b := ResourceName("uid/with/slashes@google.com", ".ics"), ResourceName("uid/with/slashes@google.com", ".ics")
	if a != b || strings.ContainsRune(a, '/') || !strings.HasSuffix(a, ".ics") || len(a) != 36 {
		t.Errorf("ResourceName = %q, %q", a, b)
	}
	if ResourceName("a", ".ics") == ResourceName("b", ".ics") {
		t.Error("different UIDs share a name")
	}
}

func TestNamesUnique(t *testing.T) {
	var n Names
	for _, tt := range []struct{ in, want string }{
		{"2019/07/IMG_1.jpg", "2019/07/IMG_1.jpg"},
		{"2019/07/IMG_1.jpg", "2019/07/IMG_1 (2).jpg"},
		{"2019/07/img_1.JPG", "2019/07/img_1 (3).JPG"}, // "IMG_1 (2).jpg" is taken, whatever the case
		{"2019/07/IMG_1.jpg", "2019/07/IMG_1 (4).jpg"},
		{"2019/08/IMG_1.jpg", "2019/08/IMG_1.jpg"},
	} {
		if got := n.Unique(tt.in); got != tt.want {
			t.Errorf("Unique(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"alice@example.com": "alice-example-com",
		"Work & Play":       "work-play",
		"Fête":              "f-te",
		"日本":                ResourceName("日本", "")[:12],
	} {
		if got := Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPreviewAgainstServer(t *testing.T) {
	p := samplePlan()
	p.Items[0].Size = 1500
	p.Items[2].Size = 2_500_000
	p.Status = map[*Item]Status{p.Items[0]: Already, p.Items[2]: Conflict}
	var js, text bytes.Buffer
	if err := p.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	if err := p.WriteText(&text, lang.English, true); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(js.String(), "\n")
	for i, want := range []string{`"status":"present"`, `"status":"skipped"`, `"status":"conflict"`} {
		if !strings.Contains(lines[i], want) {
			t.Errorf("line %d %s lacks %s", i, lines[i], want)
		}
	}
	for _, want := range []string{
		"0 new, 1 already there",
		"Standup  (already there)",
		"Ada Lovelace  (a different file has this name: it will get another)",
		"On the server: 1 already there; 1 to upload (2.4 MB).",
	} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("text lacks %q:\n%s", want, text.String())
		}
	}
}

func TestPreviewTextIsPrintable(t *testing.T) {
	p := samplePlan()
	p.Items[0].Title = "Evil\x1b[2J title\r"
	p.Items[1].Source = "t.zip!bad\xffname.ics"
	var b bytes.Buffer
	if err := p.WriteText(&b, lang.English, true); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if strings.ContainsAny(out, "\x1b\r") || !utf8.ValidString(out) || !strings.Contains(out, "Evil\uFFFD[2J title\uFFFD") {
		t.Errorf("not printable: %q", out)
	}
}

// A day with no time of day (an all-day event, a task's due date) is listed
// without "00:00".
func TestPreviewListsDaysWithoutATime(t *testing.T) {
	cal := &Collection{Kind: Calendar, ID: "tasks", Name: "My Tasks"}
	p := &Plan{}
	p.Add(
		&Item{Kind: Task, Source: "t.zip!Takeout/Tasks/Tasks.json", Collection: cal, Name: "a.ics", Title: "Renew passport",
			Date: time.Date(2024, 9, 2, 0, 0, 0, 0, time.UTC), AllDay: true},
		&Item{Kind: Task, Source: "t.zip!Takeout/Tasks/Tasks.json", Collection: cal, Name: "b.ics", Title: "Plan the trip",
			Date: time.Date(2024, 9, 25, 12, 0, 0, 0, time.UTC)},
	)
	var b bytes.Buffer
	if err := p.WriteText(&b, lang.English, true); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"\n    2024-09-02  Renew passport\n", "\n    2024-09-25 12:00  Plan the trip\n"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("the list lacks %q:\n%s", want, b.String())
		}
	}
}

func TestItemBytes(t *testing.T) {
	for _, tc := range []struct {
		it   Item
		want int64
	}{
		{Item{Size: 2048, Body: []byte("abc")}, 2048},
		{Item{Body: []byte("BEGIN:VCALENDAR")}, 15},
		{Item{}, 0},
	} {
		if got := tc.it.Bytes(); got != tc.want {
			t.Errorf("Bytes() of Size %d, body of %d = %d, want %d", tc.it.Size, len(tc.it.Body), got, tc.want)
		}
	}
}

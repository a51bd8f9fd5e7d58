package google

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-ical"

	"github.com/takeback/takeback/fixtures"
	"github.com/takeback/takeback/importers"
)

func taskItems(p *importers.Plan) []*importers.Item {
	var out []*importers.Item
	for _, it := range p.Items {
		if it.Kind == importers.Task {
			out = append(out, it)
		}
	}
	return out
}

// checkTodo decodes a task's object and checks its frame: CRLF lines of at
// most 75 octets, a VCALENDAR 2.0 with takeback's PRODID and no METHOD,
// holding exactly one VTODO with exactly one UID, uid.
func checkTodo(t testing.TB, uid string, body []byte) *ical.Component {
	t.Helper()
	if !bytes.HasSuffix(body, []byte("\r\n")) {
		t.Fatalf("%s: the object does not end in CRLF:\n%s", uid, body)
	}
	for _, l := range strings.Split(strings.TrimSuffix(string(body), "\r\n"), "\r\n") {
		if len(l) > 75 || strings.ContainsAny(l, "\r\n") {
			t.Fatalf("%s: line of %d octets or with a bare line break: %q", uid, len(l), l)
		}
	}
	cal, err := ical.NewDecoder(bytes.NewReader(body)).Decode()
	if err != nil {
		t.Fatalf("%s: go-ical cannot read the object: %v\n%s", uid, err, body)
	}
	if v, _ := cal.Props.Text(ical.PropVersion); v != "2.0" {
		t.Errorf("%s: VERSION %q", uid, v)
	}
	if v, _ := cal.Props.Text(ical.PropProductID); v != taskProdID {
		t.Errorf("%s: PRODID %q", uid, v)
	}
	if cal.Props.Get(ical.PropMethod) != nil {
		t.Errorf("%s: METHOD present", uid)
	}
	if len(cal.Children) != 1 || cal.Children[0].Name != ical.CompToDo {
		t.Fatalf("%s: want one VTODO, got %d components:\n%s", uid, len(cal.Children), body)
	}
	todo := cal.Children[0]
	if uids := todo.Props[ical.PropUID]; len(uids) != 1 || uids[0].Value != uid {
		t.Fatalf("%s: UIDs %v", uid, uids)
	}
	return todo
}

// propText is a property's unescaped text, "" when absent.
func todoText(t testing.TB, c *ical.Component, name string) string {
	t.Helper()
	if c.Props.Get(name) == nil {
		return ""
	}
	s, err := c.Props.Text(name)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return s
}

// Every shape of the fixture gives the same calendars and the same VTODOs,
// byte for byte: UIDs are stable across scans, languages and formats.
func TestTasksPlan(t *testing.T) {
	shapes := []struct {
		name  string
		shape fixtures.Takeout
	}{
		{"en zip", fixtures.Takeout{Tasks: true}},
		{"fr zip", fixtures.Takeout{Tasks: true, Lang: "fr"}},
		{"de zip", fixtures.Takeout{Tasks: true, Lang: "de"}},
		{"de tgz", fixtures.Takeout{Tasks: true, Lang: "de", Format: "tgz"}},
		{"en dir", fixtures.Takeout{Tasks: true, Format: "dir"}},
		{"en two parts", fixtures.Takeout{Tasks: true, Parts: 2}},
		{"with photos", fixtures.Takeout{Tasks: true, Photos: true}}, // the Photos reader passes Tasks.json on
	}
	var first map[string][]byte
	for _, tt := range shapes {
		shape := tt.shape
		t.Run(tt.name, func(t *testing.T) {
			p := scanTakeout(t, shape, Options{})
			bodies := checkTasksPlan(t, shape, p)
			if first == nil {
				first = bodies
				return
			}
			for uid, b := range first {
				if !bytes.Equal(bodies[uid], b) {
					t.Errorf("%s differs from the first shape's:\n%s\nwant:\n%s", uid, bodies[uid], b)
				}
			}
		})
	}
}

// checkTasksPlan checks the plan against fixtures' ExpectedTasks and
// returns the bodies by UID.
func checkTasksPlan(t *testing.T, shape fixtures.Takeout, p *importers.Plan) map[string][]byte {
	t.Helper()
	want := shape.ExpectedTasks()
	items := taskItems(p)
	if len(items) != len(want) {
		t.Fatalf("%d task items, want %d", len(items), len(want))
	}
	byUID := map[string]*importers.Item{}
	for _, it := range items {
		if !it.Fail.IsZero() {
			t.Errorf("%s failed: %s", it.Title, it.Fail)
		}
		if byUID[it.UID] != nil {
			t.Errorf("UID %s twice", it.UID)
		}
		byUID[it.UID] = it
	}
	cals := map[string]*importers.Collection{}
	for _, c := range p.Collections() {
		if c.Kind == importers.Calendar && slices.Contains(c.Components, "VTODO") {
			cals[c.Name] = c
		}
	}
	if len(cals) != 2 {
		t.Fatalf("task calendars %v, want 2", cals)
	}
	for name, c := range cals {
		if !slices.Equal(c.Components, []string{"VTODO"}) {
			t.Errorf("calendar %q: components %v, want VTODO only", name, c.Components)
		}
	}
	if cals["My Tasks (Google Tasks)"] == nil || cals["Einkäufe & Geschenke (Google Tasks)"] == nil ||
		cals["My Tasks (Google Tasks)"].ID == cals["Einkäufe & Geschenke (Google Tasks)"].ID {
		t.Errorf("task calendars: %v", cals)
	}

	bodies := map[string][]byte{}
	for _, w := range want {
		uid := taskUID(w.ListID, w.ID)
		it := byUID[uid]
		if it == nil {
			t.Errorf("task %q: no item with UID %s", w.Summary, uid)
			continue
		}
		bodies[uid] = it.Body
		if it.Collection == nil || it.Collection.Name != w.List+" (Google Tasks)" {
			t.Errorf("task %q: in %v, want the list %q", w.Summary, it.Collection, w.List)
		}
		if !strings.HasSuffix(it.Source, strings.TrimPrefix(shape.TasksMember(), "Takeout/")) {
			t.Errorf("task %q: source %q", w.Summary, it.Source)
		}
		if it.Title != w.Summary || it.Name != importers.ResourceName(uid, ".ics") {
			t.Errorf("task %q: title %q, name %q", w.Summary, it.Title, it.Name)
		}
		if w.Deleted {
			if !strings.Contains(it.Skip.String(), "deleted") || it.Body != nil {
				t.Errorf("deleted task %q: skip %q, body %q", w.Summary, it.Skip, it.Body)
			}
			continue
		}
		if !it.Skip.IsZero() || !it.Note.IsZero() {
			t.Errorf("task %q: skip %q, note %q", w.Summary, it.Skip, it.Note)
		}
		checkExpectedTodo(t, w, it)
	}
	return bodies
}

func checkExpectedTodo(t *testing.T, w fixtures.TaskExpect, it *importers.Item) {
	t.Helper()
	todo := checkTodo(t, it.UID, it.Body)
	got := map[string]string{
		"SUMMARY":            todoText(t, todo, ical.PropSummary),
		"DESCRIPTION":        todoText(t, todo, ical.PropDescription),
		"DTSTAMP":            propValue(todo, ical.PropDateTimeStamp),
		"LAST-MODIFIED":      propValue(todo, ical.PropLastModified),
		"STATUS":             propValue(todo, ical.PropStatus),
		"COMPLETED":          propValue(todo, ical.PropCompleted),
		"DUE":                propValue(todo, ical.PropDue),
		"URL":                propValue(todo, ical.PropURL),
		"X-APPLE-SORT-ORDER": propValue(todo, "X-APPLE-SORT-ORDER"),
	}
	exp := map[string]string{
		"SUMMARY": w.Summary, "DESCRIPTION": w.Description, "DTSTAMP": w.Updated, "LAST-MODIFIED": w.Updated,
		"STATUS": w.Status, "COMPLETED": w.Completed, "DUE": w.Due, "URL": w.URL,
		"X-APPLE-SORT-ORDER": fmt.Sprint(w.SortOrder),
	}
	for k, v := range exp {
		if got[k] != v {
			t.Errorf("task %q: %s = %q, want %q", w.Summary, k, got[k], v)
		}
	}
	if w.Due != "" {
		due := todo.Props.Get(ical.PropDue)
		if due.ValueType() != ical.ValueDate {
			t.Errorf("task %q: DUE is a %s, want a DATE", w.Summary, due.ValueType())
		}
		if d, err := due.DateTime(time.UTC); err != nil || !it.Date.Equal(d) || it.DateSource != "due" || !it.AllDay {
			t.Errorf("task %q: DUE %v (%v), item date %v from %q (all day: %v)", w.Summary, d, err, it.Date, it.DateSource, it.AllDay)
		}
	} else if it.DateSource != "updated" || it.Date.UTC().Format(taskUTCFormat) != w.Updated || it.AllDay {
		t.Errorf("task %q: item date %v from %q (all day: %v), want the update time", w.Summary, it.Date, it.DateSource, it.AllDay)
	}
	if w.Status == "COMPLETED" && propValue(todo, ical.PropPercentComplete) != "100" {
		t.Errorf("task %q: completed without PERCENT-COMPLETE:100", w.Summary)
	}
	rel := todo.Props.Get(ical.PropRelatedTo)
	switch {
	case w.Parent == "" && rel != nil:
		t.Errorf("task %q: RELATED-TO %q on a top-level task", w.Summary, rel.Value)
	case w.Parent != "" && (rel == nil || rel.Value != taskUID(w.ListID, w.Parent) || rel.Params.Get("RELTYPE") != "PARENT"):
		t.Errorf("task %q: RELATED-TO %v, want the parent %s", w.Summary, rel, taskUID(w.ListID, w.Parent))
	}
}

// Two scans of one archive give the same items.
func TestTasksStableAcrossScans(t *testing.T) {
	paths, err := fixtures.Takeout{Tasks: true}.Write(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	scan := func() []*importers.Item {
		p, tree := importers.Load(paths, NewTakeout(Options{}))
		defer tree.Close()
		return taskItems(p)
	}
	a, b := scan(), scan()
	if len(a) == 0 || len(a) != len(b) {
		t.Fatalf("%d then %d items", len(a), len(b))
	}
	for i := range a {
		if a[i].UID != b[i].UID || a[i].Collection.ID != b[i].Collection.ID || !bytes.Equal(a[i].Body, b[i].Body) {
			t.Errorf("item %d differs: %s / %s", i, a[i].UID, b[i].UID)
		}
	}
}

// planTasks runs Tasks.json files through the Takeout source, as if each
// were in an archive of its own.
func scanTasksJSON(t testing.TB, files ...string) *importers.Plan {
	t.Helper()
	tk := NewTakeout(Options{})
	p := &importers.Plan{}
	for i, data := range files {
		m := importers.Member{Input: fmt.Sprintf("takeout-%d.zip", i+1), Path: "Takeout/Tasks/Tasks.json",
			Size: int64(len(data)), ModTime: fixtures.Stamp}
		if !isTasks([]byte(data)) {
			t.Fatalf("not recognised as Google Tasks: %s", data)
		}
		tk.visitTasks(m, []byte(data), p)
	}
	tk.finishTasks(p)
	return p
}

func tasksFileJSON(lists ...string) string {
	return `{"kind":"tasks#taskLists","items":[` + strings.Join(lists, ",") + `]}`
}

func jsonTaskList(id, title, updated string, tasks ...string) string {
	return fmt.Sprintf(`{"kind":"tasks#tasks","id":%q,"title":%q,"updated":%q,"items":[%s]}`, id, title, updated, strings.Join(tasks, ","))
}

func tasksByTitle(p *importers.Plan) map[string]*importers.Item {
	out := map[string]*importers.Item{}
	for _, it := range taskItems(p) {
		out[it.Title] = it
	}
	return out
}

// The choices for what Takeout does not always give, one case each.
func TestTasksEdgeCases(t *testing.T) {
	const up = "2024-01-02T03:04:05.000Z"
	tests := []struct {
		name  string
		files []string
		check func(t *testing.T, p *importers.Plan)
	}{
		{"an empty list makes no calendar", []string{tasksFileJSON(jsonTaskList("L1", "Empty", up))},
			func(t *testing.T, p *importers.Plan) {
				if len(p.Items) != 0 || len(p.Warnings) != 1 || !strings.Contains(p.Warnings[0].Message.String(), `"Empty" is empty`) {
					t.Errorf("items %v, warnings %v", p.Items, p.Warnings)
				}
			}},
		{"two lists with one title are two calendars", []string{tasksFileJSON(
			jsonTaskList("L1", "Home", up, `{"id":"a","title":"A","status":"needsAction","updated":"`+up+`"}`),
			jsonTaskList("L2", "Home", up, `{"id":"a","title":"B","status":"needsAction","updated":"`+up+`"}`))},
			func(t *testing.T, p *importers.Plan) {
				a, b := tasksByTitle(p)["A"], tasksByTitle(p)["B"]
				if a.Collection.Name != "Home (Google Tasks)" || b.Collection.Name != "Home (2) (Google Tasks)" ||
					a.Collection.ID == b.Collection.ID || a.UID == b.UID {
					t.Errorf("calendars %+v and %+v, UIDs %s %s", a.Collection, b.Collection, a.UID, b.UID)
				}
			}},
		{"the same list in two Takeouts is one calendar, the newer task kept", []string{
			tasksFileJSON(jsonTaskList("L1", "Old name", up, `{"id":"a","title":"Before","status":"needsAction","updated":"2024-01-01T00:00:00Z"}`)),
			tasksFileJSON(jsonTaskList("L1", "New name", "2024-02-01T00:00:00Z", `{"id":"a","title":"After","status":"completed","updated":"2024-02-01T00:00:00Z"}`,
				`{"id":"b","title":"Other","status":"needsAction","updated":"2024-02-01T00:00:00Z"}`))},
			func(t *testing.T, p *importers.Plan) {
				items := taskItems(p)
				if len(items) != 2 || items[0].Title != "After" || items[0].Collection != items[1].Collection ||
					items[0].Collection.Name != "New name (Google Tasks)" || items[0].Source != "takeout-2.zip!Takeout/Tasks/Tasks.json" {
					t.Errorf("items %v", items)
				}
			}},
		{"an untitled task without notes", []string{tasksFileJSON(jsonTaskList("L1", "L", up, `{"id":"a","title":"  ","status":"needsAction","updated":"`+up+`"}`))},
			func(t *testing.T, p *importers.Plan) {
				it := taskItems(p)[0]
				if got := todoText(t, checkTodo(t, it.UID, it.Body), ical.PropSummary); got != untitledTask || it.Title != untitledTask {
					t.Errorf("SUMMARY %q, title %q", got, it.Title)
				}
			}},
		{"a subtask whose parent is gone or deleted, or in a loop, is top-level", []string{tasksFileJSON(jsonTaskList("L1", "L", up,
			`{"id":"p","title":"Deleted parent","status":"needsAction","deleted":true,"updated":"`+up+`"}`,
			`{"id":"a","title":"Orphan","parent":"nowhere","status":"needsAction","updated":"`+up+`"}`,
			`{"id":"b","title":"Child of deleted","parent":"p","status":"needsAction","updated":"`+up+`"}`,
			`{"id":"c","title":"Loop 1","parent":"d","status":"needsAction","updated":"`+up+`"}`,
			`{"id":"d","title":"Loop 2","parent":"c","status":"needsAction","updated":"`+up+`"}`,
			`{"id":"e","title":"Self","parent":"e","status":"needsAction","updated":"`+up+`"}`,
			`{"id":"f","title":"Under the loop","parent":"c","status":"needsAction","updated":"`+up+`"}`))},
			func(t *testing.T, p *importers.Plan) {
				notes := map[string]string{"Orphan": parentMissing, "Child of deleted": parentDeleted,
					"Loop 1": parentLoop, "Loop 2": parentLoop, "Self": parentLoop, "Under the loop": ""}
				items := tasksByTitle(p)
				for title, note := range notes {
					it := items[title]
					rel := checkTodo(t, it.UID, it.Body).Props.Get(ical.PropRelatedTo)
					if it.Note.String() != note || (rel != nil) != (note == "") {
						t.Errorf("%s: note %q, RELATED-TO %v", title, it.Note, rel)
					}
				}
				if rel := checkTodo(t, items["Under the loop"].UID, items["Under the loop"].Body).Props.Get(ical.PropRelatedTo); rel == nil || rel.Value != items["Loop 1"].UID {
					t.Errorf("under the loop: RELATED-TO %v", rel)
				}
			}},
		{"odd times: a due date that is not one, a completed task without its time, no update time", []string{tasksFileJSON(jsonTaskList("L1", "L", "",
			`{"id":"a","title":"Bad due","due":"tomorrow","status":"needsAction","updated":"`+up+`"}`,
			`{"id":"b","title":"Done","status":"completed","updated":"`+up+`"}`,
			`{"id":"c","title":"Timeless","status":"needsAction"}`))},
			func(t *testing.T, p *importers.Plan) {
				items := tasksByTitle(p)
				bad := checkTodo(t, items["Bad due"].UID, items["Bad due"].Body)
				if bad.Props.Get(ical.PropDue) != nil || !strings.Contains(items["Bad due"].Note.String(), `"tomorrow"`) {
					t.Errorf("bad due: DUE kept, or note %q", items["Bad due"].Note)
				}
				done := checkTodo(t, items["Done"].UID, items["Done"].Body)
				if propValue(done, ical.PropCompleted) != "20240102T030405Z" {
					t.Errorf("done: COMPLETED %q, want the update time", propValue(done, ical.PropCompleted))
				}
				timeless := checkTodo(t, items["Timeless"].UID, items["Timeless"].Body)
				if propValue(timeless, ical.PropDateTimeStamp) != fixtures.Stamp.Format(taskUTCFormat) || timeless.Props.Get(ical.PropLastModified) != nil {
					t.Errorf("timeless: DTSTAMP %q, want the archive's time", propValue(timeless, ical.PropDateTimeStamp))
				}
			}},
		{"a link that is not a URL stays in DESCRIPTION only", []string{tasksFileJSON(jsonTaskList("L1", "L", up,
			`{"id":"a","title":"Links","status":"needsAction","updated":"`+up+`","links":[{"type":"email","description":"Mail","link":"not a url"}]}`))},
			func(t *testing.T, p *importers.Plan) {
				it := taskItems(p)[0]
				todo := checkTodo(t, it.UID, it.Body)
				if todo.Props.Get(ical.PropURL) != nil || todoText(t, todo, ical.PropDescription) != "Mail: not a url" {
					t.Errorf("URL %v, DESCRIPTION %q", todo.Props.Get(ical.PropURL), todoText(t, todo, ical.PropDescription))
				}
			}},
		{"a task that cannot be read fails alone", []string{tasksFileJSON(jsonTaskList("L1", "L", up,
			`{"id":"a","title":"Fine","status":"needsAction","updated":"`+up+`"}`, `{"id":"b","title":7}`), `"not a list"`)},
			func(t *testing.T, p *importers.Plan) {
				var failed []string
				for _, it := range p.Items {
					if !it.Fail.IsZero() {
						failed = append(failed, it.Title+": "+it.Fail.String())
					}
				}
				want := `L #2: task 2 of the list "L": the task cannot be read: json: cannot unmarshal number into Go struct field taskJSON.title of type string|` +
					`Tasks.json #2: task list 2: the task list cannot be read: json: cannot unmarshal string into Go value of type google.taskListJSON`
				if tasksByTitle(p)["Fine"] == nil || strings.Join(failed, "|") != want {
					t.Errorf("failed %q", failed)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.check(t, scanTasksJSON(t, tt.files...))
		})
	}
}

func TestIsTasks(t *testing.T) {
	tests := []struct {
		data string
		want bool
	}{
		{tasksFileJSON(), true},
		{"\ufeff{ \"items\": [], \"kind\" : \"tasks#taskLists\" }", true},
		{`{"kind":"tasks#taskLists","items":[{"id":`, true}, // damaged: reported, not passed over
		{`{"kind":"keep#note","textContent":"\"tasks#taskLists\""}`, false},
		{`[{"kind":"tasks#taskLists"}]`, false},
		{`{"kind":"calendar#settings"}`, false},
		{`{"title":"IMG_0001.jpg"}`, false},
	}
	for _, tt := range tests {
		if got := isTasks([]byte(tt.data)); got != tt.want {
			t.Errorf("isTasks(%q) = %v", tt.data, got)
		}
	}
	names := map[string]bool{"Tasks.json": true, "tasks.JSON": true, "Tasks.json.json": false, "Aufgaben.json": false, "Tasks.ics": false}
	for name, want := range names {
		if got := isTasksName(name); got != want {
			t.Errorf("isTasksName(%q) = %v", name, got)
		}
	}
}

// A damaged Tasks.json fails, naming the file and why; the rest of the
// Takeout is still imported.
func TestTasksMalformed(t *testing.T) {
	tests := []struct{ name, data, reason string }{
		{"truncated", `{"kind":"tasks#taskLists","items":[{"id":"L1","title":"x"` + "\n", "not valid JSON: line 2"},
		{"items not a list", `{"kind":"tasks#taskLists","items":{"id":"L1"}}`, "not shaped like Google Tasks' export"},
		{"garbage after the kind", `{"kind":"tasks#taskLists",,}`, "not valid JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			paths, err := fixtures.Takeout{Format: "dir"}.Write(dir)
			if err != nil {
				t.Fatal(err)
			}
			f := filepath.Join(paths[0], "Tasks", "Tasks.json")
			if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(f, []byte(tt.data), 0o644); err != nil {
				t.Fatal(err)
			}
			p, tree := importers.Load(paths, NewTakeout(Options{}))
			defer tree.Close()
			var failed []*importers.Item
			events := 0
			for _, it := range p.Items {
				if !it.Fail.IsZero() {
					failed = append(failed, it)
				}
				if it.Kind == importers.Event {
					events++
				}
			}
			if len(failed) != 1 || failed[0].Kind != importers.Task || failed[0].Title != "Tasks.json" ||
				!strings.HasSuffix(failed[0].Source, "Tasks/Tasks.json") || !strings.Contains(failed[0].Fail.String(), tt.reason) {
				for _, it := range failed {
					t.Logf("failed: %s %s %s: %s", it.Kind, it.Source, it.Title, it.Fail)
				}
				t.Fatalf("want one failed task item naming Tasks.json with %q", tt.reason)
			}
			if events == 0 {
				t.Error("the calendars were not imported")
			}
		})
	}
}

// A Tasks.json over the 4 MiB cap of Photos metadata is still read.
func TestTasksLarge(t *testing.T) {
	var tasks []string
	notes := strings.Repeat("A long note, with commas; and semicolons. ", 6)
	size := 0
	for i := 0; size <= maxJSON+(64<<10); i++ {
		s := fmt.Sprintf(`{"id":"t%06d","title":"Task %d","notes":%q,"status":"needsAction","updated":"2024-01-01T00:00:00.000Z","position":"%020d"}`, i, i, notes, i)
		tasks = append(tasks, s)
		size += len(s) + 1
	}
	data := tasksFileJSON(jsonTaskList("L1", "Big", "2024-01-01T00:00:00.000Z", tasks...))
	dir := t.TempDir()
	f := filepath.Join(dir, "Takeout", "Tasks", "Tasks.json")
	if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(f, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	if len(data) <= maxJSON {
		t.Fatalf("the file is only %d bytes", len(data))
	}
	p, tree := importers.Load([]string{filepath.Join(dir, "Takeout")}, NewTakeout(Options{}))
	defer tree.Close()
	items := taskItems(p)
	if len(items) != len(tasks) {
		t.Fatalf("%d tasks read, want %d; warnings %v", len(items), len(tasks), p.Warnings)
	}
	last := items[len(items)-1]
	if todo := checkTodo(t, last.UID, last.Body); propValue(todo, "X-APPLE-SORT-ORDER") != fmt.Sprint(len(tasks)) {
		t.Errorf("the last task's sort order is %q", propValue(todo, "X-APPLE-SORT-ORDER"))
	}
}

func TestComparePosition(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"00000000000000000001", "00000000000000000002", -1},
		{"00000000000000000010", "9", 1}, // as numbers, whatever the padding
		{"09999999998932473562", "00000000000000000000", 1},
		{"", "00000000000000000000", 1}, // no position: last
		{"abc", "abd", -1},
		{"7", "7", 0},
	}
	for _, tt := range tests {
		if got := comparePosition(tt.a, tt.b); got != tt.want {
			t.Errorf("comparePosition(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := comparePosition(tt.b, tt.a); got != -tt.want {
			t.Errorf("comparePosition(%q, %q) = %d, want %d", tt.b, tt.a, got, -tt.want)
		}
	}
}

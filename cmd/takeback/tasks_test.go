package main

import (
	"context"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/emersion/go-ical"
	"github.com/emersion/go-webdav/caldav"

	"github.com/takeback/takeback/fixtures"
	"github.com/takeback/takeback/internal/servers"
)

// taskCalendar is a calendar read back from the server.
type taskCalendar struct {
	components []string
	todos      map[string]*ical.Component // by UID
	relatedTo  map[string]string          // a subtask's UID → its parent's
}

// readTaskCalendars reads every calendar of the server with its supported
// component set (PROPFIND) and its VTODOs (REPORT), by display name.
func readTaskCalendars(t *testing.T, r *servers.RadicaleServer) map[string]*taskCalendar {
	t.Helper()
	ctx := context.Background()
	cc, cals := radicaleCalendars(t, r)
	out := map[string]*taskCalendar{}
	for _, cal := range cals {
		objs, err := cc.QueryCalendar(ctx, cal.Path, &caldav.CalendarQuery{
			CompRequest: caldav.CalendarCompRequest{Name: "VCALENDAR", AllProps: true, AllComps: true},
			CompFilter:  caldav.CompFilter{Name: "VCALENDAR"},
		})
		if err != nil {
			t.Fatalf("query %s: %v", cal.Path, err)
		}
		tc := &taskCalendar{components: cal.SupportedComponentSet, todos: map[string]*ical.Component{}, relatedTo: map[string]string{}}
		for _, o := range objs {
			if len(o.Data.Children) != 1 || o.Data.Children[0].Name != ical.CompToDo {
				t.Errorf("%s: %s is not one VTODO", cal.Name, o.Path)
				continue
			}
			todo := o.Data.Children[0]
			uid, _ := todo.Props.Text(ical.PropUID)
			if tc.todos[uid] != nil {
				t.Errorf("%s: UID %s twice", cal.Name, uid)
			}
			tc.todos[uid] = todo
			if rel := todo.Props.Get(ical.PropRelatedTo); rel != nil {
				tc.relatedTo[uid] = rel.Value
			}
		}
		out[cal.Name] = tc
	}
	return out
}

// Google Tasks into the real Radicale: each list is a calendar that takes
// VTODOs only, every task is there once, subtasks point at their parents,
// and a second run changes nothing.
func TestImportTasksIntoRadicale(t *testing.T) {
	r := servers.Radicale(t)
	dir := t.TempDir()
	shape := fixtures.Takeout{Lang: "de", Tasks: true}
	archives, err := shape.Write(dir)
	if err != nil {
		t.Fatal(err)
	}
	var wantUIDs []string
	code, out, errOut := takeback(t, append([]string{"preview", "--json", "--only", "tasks"}, archives...)...)
	if code != 0 {
		t.Fatalf("preview exited %d: %s", code, errOut)
	}
	for _, l := range jsonLines(t, out) {
		if l["type"] == "item" && l["kind"] == "task" && l["status"] == "new" {
			wantUIDs = append(wantUIDs, l["uid"].(string))
		}
	}
	sort.Strings(wantUIDs)
	deleted := 0
	for _, w := range shape.ExpectedTasks() {
		if w.Deleted {
			deleted++
		}
	}
	if len(wantUIDs) != len(shape.ExpectedTasks())-deleted {
		t.Fatalf("preview plans %d tasks, want %d", len(wantUIDs), len(shape.ExpectedTasks())-deleted)
	}

	t.Setenv("TAKEBACK_PASSWORD", r.Password)
	report := filepath.Join(dir, "report.jsonl")
	args := append([]string{"import", "--caldav", r.URL, "--carddav", r.URL, "--user", r.User,
		"--only", "tasks", "--report", report}, archives...)
	code, out, errOut = takeback(t, args...)
	if code != 0 {
		t.Fatalf("import exited %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	first := readReport(t, report)
	n := outcomes(first)
	if n["imported"] != len(wantUIDs) || n["skipped"] != deleted || n["failed"] != 0 || n["present"] != 0 {
		t.Errorf("first run outcomes %v, want %d imported and %d skipped", n, len(wantUIDs), deleted)
	}
	for _, res := range first {
		if res["kind"] != "task" {
			t.Errorf("--only tasks imported a %v: %v", res["kind"], res)
		}
		if res["outcome"] == "skipped" && !strings.Contains(res["reason"].(string), "deleted") {
			t.Errorf("skipped for another reason than deletion: %v", res)
		}
	}

	cals := readTaskCalendars(t, r)
	var names, got []string
	subtasks := 0
	for name, c := range cals {
		names = append(names, name)
		if !slices.Equal(c.components, []string{"VTODO"}) {
			t.Errorf("calendar %q: supported components %v, want VTODO only", name, c.components)
		}
		for uid := range c.todos {
			got = append(got, uid)
		}
		for uid, parent := range c.relatedTo {
			subtasks++
			if c.todos[parent] == nil {
				t.Errorf("calendar %q: %s's RELATED-TO names %s, which is not there", name, uid, parent)
			}
		}
	}
	sort.Strings(names)
	if strings.Join(names, "|") != "Einkäufe & Geschenke (Google Tasks)|My Tasks (Google Tasks)" {
		t.Errorf("calendars on the server: %q", names)
	}
	sort.Strings(got)
	if !slices.Equal(got, wantUIDs) {
		t.Errorf("tasks on the server:\n%v\nwant:\n%v", got, wantUIDs)
	}
	if subtasks != 3 {
		t.Errorf("%d subtasks on the server, want 3", subtasks)
	}

	code, out, errOut = takeback(t, args...)
	if code != 0 {
		t.Fatalf("re-import exited %d\n%s\n%s", code, out, errOut)
	}
	second := outcomes(readReport(t, report))
	if second["imported"] != 0 || second["present"] != n["imported"] || second["skipped"] != deleted || second["failed"] != 0 {
		t.Errorf("second run outcomes %v after first run %v: want everything present", second, n)
	}
	again := 0
	for _, c := range readTaskCalendars(t, r) {
		again += len(c.todos)
	}
	if again != len(wantUIDs) {
		t.Errorf("after the second run %d tasks on the server, want %d", again, len(wantUIDs))
	}
}

package google

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/emersion/go-ical"

	"github.com/takeback/takeback/fixtures"
	"github.com/takeback/takeback/importers"
)

// FuzzTasks runs outside data through the Tasks.json reader and the VTODO
// writer: never a panic, and every object written reads back with go-ical
// as one VTODO with exactly one UID, the item's, whose RELATED-TO names an
// object of the same calendar.
func FuzzTasks(f *testing.F) {
	for _, file := range (fixtures.Takeout{Tasks: true}).Files() {
		if strings.HasSuffix(file.Path, "Tasks.json") {
			f.Add(file.Data)
		}
	}
	const up = `"updated":"2024-01-02T03:04:05Z"`
	f.Add([]byte(tasksFileJSON(jsonTaskList("L", "a;b,c\\", "",
		`{"id":"a","title":"x\u0000y\r\nz","notes":"\\,;","status":"completed","due":"2024-02-29T00:00:00Z",`+up+`,"links":[{"link":"mailto:a@b"}]}`,
		`{"id":"b","parent":"a","position":"7",`+up+`}`, `{"id":"c","parent":"c","deleted":true}`, `{"title":""}`))))
	f.Add([]byte(`{"kind":"tasks#taskLists","items":[{"items":[{"id":"a","parent":"b"},{"id":"b","parent":"a","due":"0000-01-01T00:00:00Z"}]},null,1]}`))
	f.Add([]byte(`{"kind":"tasks#taskLists","items":[{"id":"L","items":[{"id":"a"},{"id":"a","updated":"2030-01-01T00:00:00+14:00"}]}]}`))
	f.Add([]byte("\ufeff{\"kind\":\"tasks#taskLists\",\"items\":[{\"id\":\"x\",\"title\":\"\xff\"}]"))

	f.Fuzz(func(t *testing.T, data []byte) {
		_ = isTasks(data)
		tk := NewTakeout(Options{})
		p := &importers.Plan{}
		m := importers.Member{Input: "fuzz.zip", Path: "Takeout/Tasks/Tasks.json", Size: int64(len(data)), ModTime: fixtures.Stamp}
		tk.visitTasks(m, data, p)
		tk.finishTasks(p)

		seen := map[*importers.Collection]map[string]bool{}
		imported := map[*importers.Collection]map[string]bool{} // UIDs with an object
		for _, it := range p.Items {
			if !it.Fail.IsZero() {
				continue
			}
			if it.Collection == nil || !slices.Equal(it.Collection.Components, []string{"VTODO"}) {
				t.Fatalf("%s: collection %+v", it.UID, it.Collection)
			}
			if seen[it.Collection] == nil {
				seen[it.Collection], imported[it.Collection] = map[string]bool{}, map[string]bool{}
			}
			if seen[it.Collection][it.UID] {
				t.Fatalf("UID %s twice in one calendar", it.UID)
			}
			seen[it.Collection][it.UID] = true
			imported[it.Collection][it.UID] = it.Body != nil
		}
		for _, it := range p.Items {
			switch {
			case !it.Fail.IsZero():
				continue
			case it.Body == nil:
				if it.Skip.IsZero() {
					t.Fatalf("%s: no object and no reason", it.UID)
				}
				continue
			}
			for _, l := range strings.Split(strings.TrimSuffix(string(it.Body), "\r\n"), "\r\n") {
				if len(l) > 75 {
					t.Fatalf("%s: a line of %d octets", it.UID, len(l))
				}
			}
			cal, err := ical.NewDecoder(bytes.NewReader(it.Body)).Decode()
			if err != nil {
				t.Fatalf("%s: go-ical cannot read the object: %v\n%s", it.UID, err, it.Body)
			}
			if len(cal.Children) != 1 || cal.Children[0].Name != ical.CompToDo {
				t.Fatalf("%s: not one VTODO:\n%s", it.UID, it.Body)
			}
			todo := cal.Children[0]
			if u := todo.Props[ical.PropUID]; len(u) != 1 || u[0].Value != it.UID {
				t.Fatalf("%s: UIDs %v", it.UID, u)
			}
			if _, err := todo.Props.Text(ical.PropSummary); err != nil {
				t.Fatalf("%s: SUMMARY: %v", it.UID, err)
			}
			if rel := todo.Props.Get(ical.PropRelatedTo); rel != nil && !imported[it.Collection][rel.Value] {
				t.Fatalf("%s: RELATED-TO %s is not imported into the calendar", it.UID, rel.Value)
			}
		}
	})
}

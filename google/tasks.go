package google

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"path"
	"strings"
	"time"

	"github.com/takeback/takeback/importers"
	"github.com/takeback/takeback/internal/lang"
)

// tasksState is what the walk found of Google Tasks: the task lists of
// every Tasks.json, the same list (by id) from several Takeouts as one.
type tasksState struct {
	lists []*foundTaskList // in order of first appearance
	byKey map[string]*foundTaskList
}

type foundTaskList struct {
	key     string // the list's id
	source  string // where it was first found
	title   string // of the most recently updated copy
	updated time.Time
	stamp   time.Time // DTSTAMP of a task without an update time
	tasks   []foundTask
	byTask  map[string]int // taskKey → index in tasks
}

type foundTask struct {
	source  string
	task    taskJSON
	updated time.Time
}

// tasksSuffix ends the name of every task list's calendar, so that users
// tell them from their event calendars.
const tasksSuffix = " (Google Tasks)"

// isTasksName says whether a file is named like Takeout's task lists. No
// localized name is known (google-takeout.md §1.2, §5.2): German Takeouts
// put Tasks.json in "Aufgaben".
func isTasksName(name string) bool {
	return strings.EqualFold(normName(name), "Tasks.json")
}

// visitTasks reads a Tasks.json. A file that cannot be read fails as a
// whole, a list or a task that cannot be read fails alone.
func (t *Takeout) visitTasks(m importers.Member, data []byte, p *importers.Plan) {
	lists, broken, err := parseTasks(data)
	if err != nil {
		fail(p, importers.Task, m.Source(), lang.T("the task lists cannot be read: %v", err))
		return
	}
	t.recognise(m, "tasks")
	for _, b := range broken {
		// Titled in no language: the reason names the list or task in
		// the reader's.
		title := path.Base(m.Path) + " #" + b.list
		if b.task != "" {
			title = b.listTitle + " #" + b.task
		}
		slog.Warn("Google task not read", "source", m.Source(), "list", b.list, "task", b.task)
		p.Add(&importers.Item{Kind: importers.Task, Source: m.Source(), Title: title, Fail: b.reason})
	}
	for _, l := range lists {
		t.tasks.add(m, l)
	}
}

// add merges a list into the lists found: a task found twice (two
// Takeouts of one account) is kept in its most recently updated form.
func (s *tasksState) add(m importers.Member, l taskList) {
	key := l.ID
	if key == "" {
		key = "\x00" + l.Title // Takeout always writes an id; this is a fallback
	}
	fl := s.byKey[key]
	if fl == nil {
		stamp := l.Updated
		if stamp.IsZero() {
			stamp = m.ModTime.UTC()
		}
		fl = &foundTaskList{key: key, source: m.Source(), title: l.Title, updated: l.Updated, stamp: stamp, byTask: map[string]int{}}
		if s.byKey == nil {
			s.byKey = map[string]*foundTaskList{}
		}
		s.byKey[key] = fl
		s.lists = append(s.lists, fl)
	} else if l.Updated.After(fl.updated) {
		fl.title, fl.updated, fl.stamp = l.Title, l.Updated, l.Updated
	}
	for _, tk := range l.Tasks {
		up, _ := taskTime(tk.Updated)
		f := foundTask{source: m.Source(), task: tk, updated: up}
		k := taskKey(tk)
		if i, ok := fl.byTask[k]; ok {
			if up.After(fl.tasks[i].updated) {
				fl.tasks[i] = f
			}
			continue
		}
		fl.byTask[k] = len(fl.tasks)
		fl.tasks = append(fl.tasks, f)
	}
}

// finishTasks plans the task lists: each becomes a calendar of its own,
// named "<list> (Google Tasks)", that holds VTODOs only (sabre refuses a
// VTODO in an events calendar, nextcloud-api.md §6.1). An empty list makes
// no calendar: there is nothing to put in it.
func (t *Takeout) finishTasks(p *importers.Plan) {
	taken := map[string]bool{}
	for _, fl := range t.tasks.lists {
		if len(fl.tasks) == 0 {
			warn(p, fl.source, lang.T("the task list %q is empty: no calendar is made for it", fl.title))
			continue
		}
		c := &importers.Collection{Kind: importers.Calendar, ID: tasksCollectionID(fl.key),
			Name: uniqueListName(fl.title, taken) + tasksSuffix, Components: []string{"VTODO"}}
		tasks := make([]taskJSON, len(fl.tasks))
		for i, f := range fl.tasks {
			tasks[i] = f.task
		}
		for i, td := range listTodos(fl.key, tasks, fl.stamp) {
			p.Add(&importers.Item{Kind: importers.Task, Source: fl.tasks[i].source, Collection: c,
				Name: importers.ResourceName(td.uid, ".ics"), UID: td.uid, Title: td.summary,
				Date: td.date, DateSource: td.dateSource, AllDay: td.dateSource == "due", Body: td.body, Size: int64(len(td.body)),
				Skip: td.skip, Note: td.note})
		}
	}
}

// tasksCollectionID comes from the list's id, not its title: two lists
// with one title are two calendars, and a renamed list is still found.
func tasksCollectionID(key string) string {
	sum := sha256.Sum256([]byte("google task list\x00" + key))
	return "google-tasks-" + hex.EncodeToString(sum[:8])
}

// uniqueListName is the list's title, "Untitled list" when it has none,
// with " (2)", " (3)"… after a title an earlier list has: the CalDAV
// target takes a calendar named like one it would create for the user's
// own (nextcloud/collections.go), so two lists must not share a name.
func uniqueListName(title string, taken map[string]bool) string {
	title = strings.TrimSpace(title)
	if title == "" {
		title = "Untitled list"
	}
	for n := 1; ; n++ {
		name := title
		if n > 1 {
			name = fmt.Sprintf("%s (%d)", title, n)
		}
		if k := strings.ToLower(normName(name)); !taken[k] {
			taken[k] = true
			return name
		}
	}
}

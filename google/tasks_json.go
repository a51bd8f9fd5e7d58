package google

import (
	"bytes"
	"encoding/json"
	"errors"
	"regexp"
	"strconv"
	"time"

	"github.com/takeback/takeback/internal/lang"
)

// tasksKind is the kind of Takeout's Tasks.json (google-takeout.md §1.3).
const tasksKind = "tasks#taskLists"

var tasksKindRE = regexp.MustCompile(`"kind"\s*:\s*"tasks#taskLists"`)

// taskListJSON is one list of Tasks.json (google-takeout.md §5.2). Its
// tasks are decoded one by one, so that one damaged task costs only itself.
type taskListJSON struct {
	ID      string            `json:"id"`
	Title   string            `json:"title"`
	Updated string            `json:"updated"`
	Items   []json.RawMessage `json:"items"`
}

// taskJSON is one task as Takeout writes it: times are RFC 3339 UTC, and
// due is midnight UTC standing for a date.
type taskJSON struct {
	ID        string     `json:"id"`
	Title     string     `json:"title"`
	Notes     string     `json:"notes"`
	Status    string     `json:"status"` // "needsAction" or "completed"
	Due       string     `json:"due"`
	Completed string     `json:"completed"`
	Updated   string     `json:"updated"`
	Parent    string     `json:"parent"`
	Position  string     `json:"position"`
	Links     []taskLink `json:"links"`
	Hidden    bool       `json:"hidden"`
	Deleted   bool       `json:"deleted"`
}

type taskLink struct {
	Type        string `json:"type"`
	Description string `json:"description"`
	Link        string `json:"link"`
}

// taskList is a list as read, with the parts that could not be read.
type taskList struct {
	ID, Title string
	Updated   time.Time // zero when absent or unreadable
	Tasks     []taskJSON
}

// brokenTask is a list or task of Tasks.json that could not be decoded:
// the list's number, from 1, and the task's in it, "" for a whole list.
type brokenTask struct {
	list, listTitle, task string
	reason                lang.Text
}

// isTasks says whether data is Google Tasks' export: a JSON object whose
// kind is tasks#taskLists. A damaged file that says so is one too, so that
// its damage is reported rather than the file silently passed over.
func isTasks(data []byte) bool {
	if !bytes.Contains(data, []byte(`"`+tasksKind+`"`)) {
		return false
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !json.Valid(data) {
		return tasksKindRE.Match(data)
	}
	var head struct {
		Kind string `json:"kind"`
	}
	return json.Unmarshal(data, &head) == nil && head.Kind == tasksKind
}

// parseTasks reads Tasks.json. err means the file as a whole cannot be
// read; broken lists the lists and tasks that could not be, the rest being
// returned.
func parseTasks(data []byte) (lists []taskList, broken []brokenTask, err error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	var file struct {
		Kind  string            `json:"kind"`
		Items []json.RawMessage `json:"items"`
	}
	if err := json.Unmarshal(data, &file); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, nil, lang.Errorf("not valid JSON: %w", jsonError(data, se))
		}
		return nil, nil, lang.Errorf("not shaped like Google Tasks' export: %w", err)
	}
	if file.Kind != tasksKind {
		return nil, nil, lang.Errorf("its kind is %q, not %q", file.Kind, tasksKind)
	}
	for i, raw := range file.Items {
		var lj taskListJSON
		if err := json.Unmarshal(raw, &lj); err != nil {
			n := strconv.Itoa(i + 1)
			broken = append(broken, brokenTask{list: n, reason: lang.T("task list %s: the task list cannot be read: %v", n, err)})
			continue
		}
		l := taskList{ID: lj.ID, Title: lj.Title}
		l.Updated, _ = taskTime(lj.Updated)
		for j, raw := range lj.Items {
			var tj taskJSON
			if err := json.Unmarshal(raw, &tj); err != nil {
				n := strconv.Itoa(j + 1)
				broken = append(broken, brokenTask{list: strconv.Itoa(i + 1), listTitle: lj.Title, task: n,
					reason: lang.T("task %s of the list %q: the task cannot be read: %v", n, lj.Title, err)})
				continue
			}
			l.Tasks = append(l.Tasks, tj)
		}
		lists = append(lists, l)
	}
	return lists, broken, nil
}

// jsonError adds the line of a syntax error, which encoding/json gives
// only as a byte offset.
func jsonError(data []byte, se *json.SyntaxError) error {
	if se.Offset > 0 && se.Offset <= int64(len(data)) {
		return lang.Errorf("line %s: %w", strconv.Itoa(bytes.Count(data[:se.Offset], []byte("\n"))+1), se)
	}
	return se
}

// taskTime reads an RFC 3339 time, in UTC. Years before 1 are refused:
// CalDAV servers written in Python cannot store them.
func taskTime(s string) (time.Time, bool) {
	if s == "" {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil || t.UTC().Year() < 1 {
		return time.Time{}, false
	}
	return t.UTC(), true
}

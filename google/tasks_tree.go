package google

import (
	"cmp"
	"slices"
	"strings"

	"github.com/takeback/takeback/internal/lang"
)

const (
	parentDeleted = "its parent task was deleted in Google Tasks: imported as a top-level task"
	parentMissing = "its parent task is not in the export: imported as a top-level task"
	parentLoop    = "its parent tasks form a loop: imported as a top-level task"
)

// taskParents finds each task's parent in its list: parents[i] is the
// index of the parent of tasks[i], or -1. A subtask keeps its parent only
// when the parent is imported too, so that every RELATED-TO names an
// object that exists; notes[i] says when a parent was dropped. Deleted
// tasks have none.
func taskParents(tasks []taskJSON) (parents []int, notes []lang.Text) {
	byID := map[string]int{}
	deleted := map[string]bool{}
	for i, t := range tasks {
		switch {
		case t.ID == "":
		case t.Deleted:
			deleted[t.ID] = true
		default:
			if _, ok := byID[t.ID]; !ok {
				byID[t.ID] = i
			}
		}
	}
	parents = make([]int, len(tasks))
	notes = make([]lang.Text, len(tasks))
	for i, t := range tasks {
		parents[i] = -1
		if t.Parent == "" || t.Deleted {
			continue
		}
		if j, ok := byID[t.Parent]; ok {
			parents[i] = j
			continue
		}
		if deleted[t.Parent] {
			notes[i] = lang.T(parentDeleted)
		} else {
			notes[i] = lang.T(parentMissing)
		}
	}
	breakLoops(parents, notes)
	return parents, notes
}

// breakLoops makes top-level every task on a loop of parents (Google
// nests one level only, but the file is outside data).
func breakLoops(parents []int, notes []lang.Text) {
	const (
		unseen = iota
		onPath
		done
	)
	state := make([]int, len(parents))
	var path []int
	for i := range parents {
		path = path[:0]
		cur := i
		for cur >= 0 && state[cur] == unseen {
			state[cur] = onPath
			path = append(path, cur)
			cur = parents[cur]
		}
		if cur >= 0 && state[cur] == onPath {
			for _, k := range path[slices.Index(path, cur):] {
				parents[k] = -1
				notes[k] = lang.T(parentLoop)
			}
		}
		for _, k := range path {
			state[k] = done
		}
	}
}

// sortOrder ranks each task among its imported siblings (1, 2, …) by
// Google's position, then id: the manual order the user gave them.
// Deleted tasks get 0.
func sortOrder(tasks []taskJSON, parents []int) []int {
	siblings := map[int][]int{}
	for i, t := range tasks {
		if !t.Deleted {
			siblings[parents[i]] = append(siblings[parents[i]], i)
		}
	}
	order := make([]int, len(tasks))
	for _, group := range siblings {
		slices.SortStableFunc(group, func(a, b int) int {
			return cmp.Or(comparePosition(tasks[a].Position, tasks[b].Position), strings.Compare(tasks[a].ID, tasks[b].ID))
		})
		for rank, i := range group {
			order[i] = rank + 1
		}
	}
	return order
}

// comparePosition orders Google's positions: zero-padded decimal strings
// ("00000000000000000001"), compared as numbers when both are digits.
// A task without one comes last.
func comparePosition(a, b string) int {
	switch {
	case a == b:
		return 0
	case a == "":
		return 1
	case b == "":
		return -1
	}
	if digits(a) && digits(b) {
		a, b = strings.TrimLeft(a, "0"), strings.TrimLeft(b, "0")
		return cmp.Or(cmp.Compare(len(a), len(b)), strings.Compare(a, b))
	}
	return strings.Compare(a, b)
}

func digits(s string) bool {
	return strings.Trim(s, "0123456789") == ""
}

package google

import "github.com/takeback/takeback/importers"

// tasksState is what the walk found of Google Tasks (STUB: issue 9).
type tasksState struct{}

// isTasksName says whether a file is named like Takeout's task lists.
func isTasksName(name string) bool { return false }

// isTasks says whether data is Google Tasks' export (STUB: issue 9).
func isTasks(data []byte) bool { return false }

// visitTasks reads a Tasks.json (STUB: issue 9).
func (t *Takeout) visitTasks(m importers.Member, data []byte, p *importers.Plan) {}

// finishTasks plans the task lists (STUB: issue 9).
func (t *Takeout) finishTasks(p *importers.Plan) {}

package ui

import (
	"context"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/takeback/takeback/importers"
	"github.com/takeback/takeback/internal/lang"
)

// jobState is where an import is.
type jobState string

const (
	starting   jobState = "starting" // the target is being opened and checked
	running    jobState = "running"
	pausing    jobState = "pausing" // the uploads under way finish, none start
	paused     jobState = "paused"
	cancelling jobState = "cancelling"
	finished   jobState = "done"
	failed     jobState = "failed" // the target could not be opened: nothing was sent
)

// job is the import of step 4, and its outcome for step 5. Its fields are
// guarded by the session's lock.
type job struct {
	plan    *importers.Plan
	account Account
	target  importers.Target
	ctx     context.Context
	cancel  context.CancelFunc

	state     jobState
	stop      chan struct{}
	cancelled bool
	err       error

	// The items to send and their bytes; those whose upload ended (in any
	// way), counted once across pauses; the item last started.
	total      int
	bytesTotal int64
	ended      map[*importers.Item]bool
	bytes      int64
	current    string
	// Where the current run started, for its speed.
	runStart           time.Time
	runBytes, runEnded int64
	report             *importers.Report
}

func (j *job) over() bool { return j.state == finished || j.state == failed }

var errNoKind = lang.New("choose at least one kind of thing to import")

// startImport imports the plan, with the categories ticked in step 3.
func (s *Server) startImport(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Only []string `json:"only"`
	}
	if !s.readJSON(w, r, &req) {
		return
	}
	kinds, err := importers.ParseOnly(strings.Join(req.Only, ","))
	if err == nil && len(kinds) == 0 {
		err = errNoKind
	}
	if err != nil {
		s.answer(w, r, err)
		return
	}
	s.sess.update(func() {
		ss := s.sess
		if err = ss.readyLocked(); err == nil && ss.job != nil && !ss.job.over() {
			err = errImportUnderway
		}
		if err != nil {
			return
		}
		j := newJob(filtered(ss.plan, kinds), *ss.account)
		j.ctx, j.cancel = context.WithCancel(s.base)
		ss.job = j
		s.run(func() { s.open(j) })
	})
	s.answer(w, r, err)
}

func newJob(p *importers.Plan, a Account) *job {
	j := &job{plan: p, account: a, state: starting, ended: map[*importers.Item]bool{}}
	for _, it := range p.Items {
		if it.Skip.IsZero() && it.Fail.IsZero() {
			j.total++
			j.bytesTotal += it.Bytes()
		}
	}
	return j
}

// open opens the target, as `takeback import` does before its first
// upload, then imports.
func (s *Server) open(j *job) {
	t, err := s.cfg.Backend.Target(j.ctx, j.account, j.plan)
	ok := false
	s.sess.update(func() {
		switch {
		case j.cancelled:
			if s.sess.job == j {
				s.sess.job = nil // back to the preview, as if never started
			}
		case err != nil:
			j.state, j.err = failed, err
		default:
			j.target = watch(t, func(it *importers.Item) { s.sess.update(func() { j.started(it) }) },
				func(it *importers.Item) { s.sess.update(func() { j.finish(it) }) })
			j.runLocked(s.now())
			ok = true
		}
	})
	if ok {
		s.apply(j)
	}
}

// runLocked marks the start of a run: first, or after a pause.
func (j *job) runLocked(now time.Time) {
	j.state, j.stop = running, make(chan struct{})
	j.runStart, j.runBytes, j.runEnded = now, j.bytes, int64(len(j.ended))
}

func (j *job) started(it *importers.Item) {
	j.current = it.Title
	if j.current == "" {
		j.current = path.Base(it.Target())
	}
}

func (j *job) finish(it *importers.Item) {
	if !j.ended[it] {
		j.ended[it] = true
		j.bytes += it.Bytes()
	}
}

// apply runs Apply once: first, or again after a pause, on the same plan,
// so that what is already there is "present" and nothing goes up twice.
func (s *Server) apply(j *job) {
	s.sess.mu.Lock()
	stop := j.stop
	s.sess.mu.Unlock()
	rep := importers.Apply(j.ctx, j.plan, j.target, importers.ApplyOptions{Jobs: s.cfg.Jobs, Stop: stop})
	s.sess.update(func() {
		j.report = merge(j.report, rep)
		j.current = ""
		if j.state == pausing && len(j.ended) < j.total && rep.Stopped == nil {
			j.state = paused
		} else {
			j.state = finished
			j.cancel()
		}
	})
}

// merge keeps, after a resume, the items the earlier runs imported as
// imported: the later run finds them present.
func merge(before, after *importers.Report) *importers.Report {
	if before == nil {
		return after
	}
	for i, r := range after.Results {
		if i < len(before.Results) && before.Results[i].Outcome == importers.Imported && r.Outcome == importers.Present {
			after.Results[i] = before.Results[i]
		}
	}
	return after
}

// pause stops starting uploads, as a first Ctrl-C does.
func (s *Server) pause(w http.ResponseWriter, r *http.Request) {
	s.control(w, r, func(j *job) error {
		if j.state != running {
			return refused{lang.New("the import is not running")}
		}
		close(j.stop)
		j.state = pausing
		return nil
	})
}

// resume imports what the pause left.
func (s *Server) resume(w http.ResponseWriter, r *http.Request) {
	s.control(w, r, func(j *job) error {
		if j.state != paused {
			return refused{lang.New("the import is not paused")}
		}
		j.runLocked(s.now())
		s.run(func() { s.apply(j) })
		return nil
	})
}

// cancelImport ends the import with what is done: the uploads under way
// finish, and step 5 tells what happened.
func (s *Server) cancelImport(w http.ResponseWriter, r *http.Request) {
	s.control(w, r, func(j *job) error {
		j.cancelled = true
		switch j.state {
		case starting:
			j.cancel()
		case running:
			close(j.stop)
			j.state = cancelling
		case pausing:
			j.state = cancelling
		case paused:
			j.state = finished
			j.cancel()
		default:
			return refused{lang.New("the import is over")}
		}
		return nil
	})
}

// control changes the import under way.
func (s *Server) control(w http.ResponseWriter, r *http.Request, f func(*job) error) {
	var err error
	s.sess.update(func() {
		if s.sess.job == nil {
			err = refused{lang.New("no import was started")}
			return
		}
		err = f(s.sess.job)
	})
	s.answer(w, r, err)
}

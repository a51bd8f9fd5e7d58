package ui

import (
	"net/http"

	"github.com/takeback/takeback/internal/lang"
)

// checkState is the asking of the server what it already has (step 3).
type checkState struct {
	gen           int
	running, done bool
	err           error
}

var (
	errNotRead      = refused{lang.New("the archives are not read yet")}
	errNotConnected = refused{lang.New("connect to your Nextcloud first")}
)

// checkLocked asks the server what it has of the plan, once both are
// known; s.sess.mu is held.
func (s *Server) checkLocked() {
	ss := s.sess
	if ss.plan == nil || ss.account == nil || ss.check.running || ss.check.done {
		return
	}
	ss.check = checkState{gen: ss.check.gen + 1, running: true}
	gen, plan, account := ss.check.gen, ss.plan, *ss.account
	s.run(func() {
		status, err := s.cfg.Backend.Inspect(s.base, account, plan)
		s.sess.update(func() {
			if ss.check.gen != gen {
				return
			}
			ss.check.running, ss.check.err, ss.check.done = false, err, err == nil
			if err == nil {
				plan.Status = status
			}
		})
	})
}

// check asks again, after a failure.
func (s *Server) check(w http.ResponseWriter, r *http.Request) {
	var err error
	s.sess.update(func() {
		ss := s.sess
		if err = ss.readyLocked(); err == nil && !ss.check.running {
			ss.check.done = false
			s.checkLocked()
		}
	})
	s.answer(w, r, err)
}

// readyLocked tells whether the archives are read and an account chosen,
// which asking the server needs; s.mu is held.
func (ss *session) readyLocked() error {
	switch {
	case ss.plan == nil:
		return errNotRead
	case ss.account == nil:
		return errNotConnected
	}
	return nil
}

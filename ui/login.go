package ui

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/takeback/takeback/internal/lang"
)

// loginState is a Login Flow v2 under way (step 2).
type loginState struct {
	gen     int
	waiting bool
	url     string
	err     error
	cancel  context.CancelFunc
}

var (
	errNoServer    = lang.New("type your Nextcloud’s address, for example https://cloud.example.org")
	errNoStored    = refused{lang.New("no login is stored")}
	errBadLoginURL = lang.New("the server gave a login address that is not a web address")
)

// startLogin starts the login at the server typed; the page opens the
// login address in a new tab, and the state tells when the login is done.
func (s *Server) startLogin(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Server string `json:"server"`
	}
	if !s.readJSON(w, r, &req) {
		return
	}
	server := strings.TrimSpace(req.Server)
	if server == "" {
		s.answer(w, r, errNoServer)
		return
	}
	if s.busy() {
		s.answer(w, r, errImportUnderway)
		return
	}
	ctx, cancel := context.WithCancel(s.base)
	loginURL, wait, err := s.cfg.Backend.StartLogin(ctx, server)
	if err == nil && !isWeb(loginURL) {
		err = errBadLoginURL
	}
	if err != nil {
		cancel()
		s.answer(w, r, err)
		return
	}
	var gen int
	s.sess.update(func() {
		l := &s.sess.login
		if l.cancel != nil {
			l.cancel()
		}
		gen = l.gen + 1
		*l = loginState{gen: gen, waiting: true, url: loginURL, cancel: cancel}
	})
	s.run(func() {
		a, err := wait(ctx)
		s.sess.update(func() {
			l := &s.sess.login
			if l.gen != gen {
				return
			}
			l.waiting, l.cancel = false, nil
			if err != nil {
				if ctx.Err() == nil {
					l.err = err
				}
				return
			}
			l.url = ""
			s.sess.stored = &a
			s.useLocked(a)
		})
		cancel()
	})
	s.answer(w, r, nil)
}

// useStored takes the login an earlier run kept.
func (s *Server) useStored(w http.ResponseWriter, r *http.Request) {
	var err error
	s.sess.update(func() {
		switch {
		case s.sess.stored == nil:
			err = errNoStored
		case s.sess.job != nil && !s.sess.job.over():
			err = errImportUnderway
		default:
			s.useLocked(*s.sess.stored)
		}
	})
	s.answer(w, r, err)
}

// cancelLogin gives up waiting for the login.
func (s *Server) cancelLogin(w http.ResponseWriter, r *http.Request) {
	s.sess.update(func() {
		l := &s.sess.login
		if l.cancel != nil {
			l.cancel()
		}
		*l = loginState{gen: l.gen + 1}
	})
	s.answer(w, r, nil)
}

// useLocked makes a the account the preview and import use; s.sess.mu is
// held.
func (s *Server) useLocked(a Account) {
	ss := s.sess
	ss.account = &a
	if ss.job != nil && ss.job.over() {
		ss.job = nil
	}
	ss.check = checkState{gen: ss.check.gen + 1}
	if ss.plan != nil {
		ss.plan.Status = nil
	}
	s.checkLocked()
}

// busy reports whether an import is under way.
func (s *Server) busy() bool {
	s.sess.mu.Lock()
	defer s.sess.mu.Unlock()
	return s.sess.job != nil && !s.sess.job.over()
}

// isWeb reports whether address is an http or https address, the only
// kind the page opens or links to.
func isWeb(address string) bool {
	u, err := url.Parse(address)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}

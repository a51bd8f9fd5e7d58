package ui

import (
	"io"
	"sync"
	"time"

	"github.com/takeback/takeback/importers"
)

// session is the one person's progress through the steps. The page keeps
// nothing the server does not know, so that a reload finds it where it was.
type session struct {
	mu sync.Mutex

	// Step 1: the chosen inputs, and reading them.
	paths []string
	scan  scanState
	plan  *importers.Plan
	tree  io.Closer

	// Step 2: the stored login, the account in use, and a login under way.
	stored  *Account
	account *Account
	login   loginState

	// Step 3: what the server already has.
	check checkState

	// Steps 4 and 5.
	job *job

	subs map[chan struct{}]struct{}
	// lastSeen is when a page last watched or an import last ran
	// (idle.go).
	lastSeen time.Time
	// version counts the changes: the page keeps the newest state it
	// gets, whether from an answer or from the events.
	version uint64
}

func newSession() *session {
	return &session{subs: map[chan struct{}]struct{}{}}
}

// subscribe returns a channel that receives a signal after changes; many
// changes in a row may give one signal.
func (s *session) subscribe() chan struct{} {
	ch := make(chan struct{}, 1)
	s.mu.Lock()
	s.subs[ch] = struct{}{}
	s.mu.Unlock()
	return ch
}

func (s *session) unsubscribe(ch chan struct{}) {
	s.mu.Lock()
	delete(s.subs, ch)
	s.mu.Unlock()
}

// changedLocked tells the subscribers; s.mu is held.
func (s *session) changedLocked() {
	s.version++
	for ch := range s.subs {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
}

// update runs f with the session locked, then tells the subscribers.
func (s *session) update(f func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f()
	s.changedLocked()
}

// release closes the archives.
func (s *session) release() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tree != nil {
		s.tree.Close()
		s.tree = nil
	}
}

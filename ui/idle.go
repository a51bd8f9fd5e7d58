package ui

import (
	"context"
	"time"
)

// untilIdle returns a context that ends with ctx, or once no page has
// watched the session (no event stream open) for idle and no import is
// under way: started from a file manager, takeback has no terminal to be
// stopped from, and closing the tab must not leave it running.
func (s *Server) untilIdle(ctx context.Context, idle time.Duration) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(ctx)
	if idle <= 0 {
		return ctx, cancel
	}
	every := min(idle/4, time.Second)
	go func() {
		tick := time.NewTicker(every)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
			if s.idleSince(s.now()) >= idle {
				cancel()
				return
			}
		}
	}()
	return ctx, cancel
}

// idleSince is how long no page has watched and nothing has run. A paused
// import counts as idle: nothing is being sent.
func (s *Server) idleSince(now time.Time) time.Duration {
	ss := s.sess
	ss.mu.Lock()
	defer ss.mu.Unlock()
	working := ss.job != nil && !ss.job.over() && ss.job.state != paused
	if len(ss.subs) > 0 || working || ss.lastSeen.IsZero() {
		ss.lastSeen = now
		return 0
	}
	return now.Sub(ss.lastSeen)
}

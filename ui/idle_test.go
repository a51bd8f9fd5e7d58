package ui

import (
	"context"
	"testing"
	"time"
)

func TestIdleSince(t *testing.T) {
	s := &Server{sess: newSession()}
	start := time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)
	if got := s.idleSince(start); got != 0 {
		t.Fatalf("at first: idle %v, want 0", got)
	}
	if got := s.idleSince(start.Add(time.Minute)); got != time.Minute {
		t.Errorf("no page for a minute: idle %v", got)
	}
	ch := s.sess.subscribe()
	if got := s.idleSince(start.Add(2 * time.Minute)); got != 0 {
		t.Errorf("a page open: idle %v, want 0", got)
	}
	s.sess.unsubscribe(ch)
	s.sess.job = &job{state: running}
	if got := s.idleSince(start.Add(5 * time.Minute)); got != 0 {
		t.Errorf("an import running without a page: idle %v, want 0", got)
	}
	s.sess.job.state = paused
	if got := s.idleSince(start.Add(7 * time.Minute)); got != 2*time.Minute {
		t.Errorf("a paused import without a page: idle %v, want 2m", got)
	}
}

func TestServeEndsWhenIdle(t *testing.T) {
	srv, err := New(Config{Backend: newFakeBackend("http://login.invalid/"), Home: t.TempDir(), IdleExit: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := srv.Serve(ctx); err != nil {
		t.Fatal(err)
	}
	if ctx.Err() != nil {
		t.Fatal("Serve ran until the test's deadline, not until idle")
	}
}

// Package faults is a reverse proxy for tests that sits between takeback
// and a real test server (Radicale, rclone, the Nextcloud double) and
// injects the faults real servers and networks produce: connection resets,
// 5xx answers with or without Retry-After, 429, slow answers, answers cut
// mid-body, and requests held until the test lets them go (to kill the
// client at an exact point).
package faults

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strconv"
	"sync"
	"testing"
	"time"
)

// Kind is what a fault does.
type Kind int

const (
	Reset     Kind = iota // close the connection before answering
	Status                // answer Code, with Retry-After when RetryAfter is set
	Slow                  // wait Delay, then pass the request on
	CutBody               // pass on, then close the connection after half the answer's body
	Hold                  // block until Release, then pass on
	CutUpload             // read half the request body, then close the connection
	// HoldMidUpload passes the request on with the first half of its body,
	// then holds the rest until Release (then passes it on and answers as
	// the server does) or until the client goes away (then cuts the
	// upload: the server gets a truncated body). The whole body is read
	// from the client first, so that its going away is noticed.
	HoldMidUpload
	// TruncateUpload passes the request on with the first half of its
	// body, then closes both connections: the server gets a truncated
	// body, the client no answer.
	TruncateUpload
	// HoldWhole reads the whole request, then holds it until Release (then
	// passes it on) or until the client goes away (then drops it: the
	// server never sees it). Unlike Hold, whose request is passed on at
	// Release even when its client was killed meanwhile (the body is
	// then read from what the connection had buffered), a killed client's
	// request never reaches the server.
	HoldWhole
)

// Fault is one injected fault.
type Fault struct {
	Kind       Kind
	Code       int
	RetryAfter string
	Delay      time.Duration
}

// Match selects the requests a fault applies to.
type Match func(*http.Request) bool

// Method matches requests of one method.
func Method(m string) Match { return func(r *http.Request) bool { return r.Method == m } }

// Any matches every request.
func Any(*http.Request) bool { return true }

type rule struct {
	match  Match
	faults []Fault
}

// Proxy is a running fault-injecting proxy.
type Proxy struct {
	URL string

	target *url.URL
	rp     *httputil.ReverseProxy

	mu       sync.Mutex
	rules    []*rule
	seen     int
	held     chan struct{} // closed by Release
	holding  chan struct{} // gets a value when a request is held
	injected int
	inflight int // requests being served
}

// New starts a proxy in front of target; it stops when the test ends.
func New(t testing.TB, target string) *Proxy {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	p := &Proxy{target: u, rp: httputil.NewSingleHostReverseProxy(u),
		held: make(chan struct{}), holding: make(chan struct{}, 64)}
	srv := httptest.NewServer(p)
	t.Cleanup(func() {
		p.Release()
		srv.Close()
	})
	p.URL = srv.URL
	return p
}

// Inject makes the next requests that match get these faults, one each, in
// order; later matching requests pass.
func (p *Proxy) Inject(m Match, faults ...Fault) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.rules = append(p.rules, &rule{match: m, faults: faults})
}

// Held waits until a request is being held, or the timeout passes.
func (p *Proxy) Held(timeout time.Duration) bool {
	select {
	case <-p.holding:
		return true
	case <-time.After(timeout):
		return false
	}
}

// Release lets every held request, and every later Hold, pass.
func (p *Proxy) Release() {
	p.mu.Lock()
	defer p.mu.Unlock()
	select {
	case <-p.held:
	default:
		close(p.held)
	}
}

// Requests counts the requests seen; Injected counts the faults applied.
func (p *Proxy) Requests() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.seen
}

func (p *Proxy) Injected() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.injected
}

func (p *Proxy) next(r *http.Request) (Fault, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.seen++
	for _, ru := range p.rules {
		if len(ru.faults) > 0 && ru.match(r) {
			f := ru.faults[0]
			ru.faults = ru.faults[1:]
			p.injected++
			return f, true
		}
	}
	return Fault{}, false
}

// Idle waits until no request is being served (a held one that was
// released, or whose client went away, has ended), or the timeout passes.
func (p *Proxy) Idle(timeout time.Duration) bool {
	deadline := time.Now().Add(timeout)
	for {
		p.mu.Lock()
		n := p.inflight
		p.mu.Unlock()
		if n == 0 {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	p.inflight++
	p.mu.Unlock()
	defer func() {
		p.mu.Lock()
		p.inflight--
		p.mu.Unlock()
	}()
	p.serve(w, r)
}

func (p *Proxy) serve(w http.ResponseWriter, r *http.Request) {
	f, ok := p.next(r)
	if !ok {
		p.rp.ServeHTTP(w, r)
		return
	}
	switch f.Kind {
	case Reset:
		io.Copy(io.Discard, io.LimitReader(r.Body, 1<<20))
		hangUp(w)
	case CutUpload:
		if r.ContentLength > 0 {
			io.CopyN(io.Discard, r.Body, r.ContentLength/2)
		}
		hangUp(w)
	case Status:
		io.Copy(io.Discard, io.LimitReader(r.Body, 64<<20))
		if f.RetryAfter != "" {
			w.Header().Set("Retry-After", f.RetryAfter)
		}
		http.Error(w, strconv.Itoa(f.Code)+" injected", f.Code)
	case Slow:
		select {
		case <-time.After(f.Delay):
		case <-r.Context().Done():
			return
		}
		p.rp.ServeHTTP(w, r)
	case Hold:
		p.holding <- struct{}{}
		select {
		case <-p.held:
		case <-r.Context().Done():
			return
		}
		p.rp.ServeHTTP(w, r)
	case HoldMidUpload:
		p.holdMidUpload(w, r)
	case TruncateUpload:
		p.truncateUpload(w, r)
	case HoldWhole:
		p.holdWhole(w, r)
	case CutBody:
		rec := httptest.NewRecorder()
		p.rp.ServeHTTP(rec, r)
		body := rec.Body.Bytes()
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(rec.Code)
		w.Write(body[:len(body)/2])
		if fl, ok := w.(http.Flusher); ok {
			fl.Flush()
		}
		hangUp(w)
	}
}

// hangUp closes the client's connection without an answer, as a crashed
// server or a broken network does; SO_LINGER 0 makes it a reset.
func hangUp(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		return
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		return
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		tc.SetLinger(0)
	}
	conn.Close()
}

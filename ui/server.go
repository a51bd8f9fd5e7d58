package ui

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"net"
	"net/http"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/takeback/takeback/internal/lang"
)

// Config sets up a Server.
type Config struct {
	Backend Backend
	// Lang is the page's language at first (English when nil); the page
	// can switch to the other one.
	Lang *lang.Printer
	// Home is the folder the file browser starts in: the user's home
	// folder when empty.
	Home string
	// Port is the port on 127.0.0.1; 0 takes a free one.
	Port int
	// Jobs is the number of uploads at the same time; 0 means 4, as for
	// `takeback import`.
	Jobs int
	// IdleExit, when set, stops Serve once no page has been open for that
	// long and no import is under way.
	IdleExit time.Duration
}

// Server serves the page and its API on the loopback interface.
type Server struct {
	cfg     Config
	ln      net.Listener
	port    string
	token   string
	handler http.Handler

	// base ends the work started for the page (reading, login, import)
	// when the server stops.
	base   context.Context
	cancel context.CancelFunc
	work   sync.WaitGroup
	// done is closed when the server stops, ending the event streams.
	done chan struct{}

	sess *session
	now  func() time.Time
}

// New opens the listening socket on 127.0.0.1 and makes the session's
// token; Serve then answers requests.
func New(cfg Config) (*Server, error) {
	if cfg.Backend == nil {
		return nil, lang.New("the web page needs a backend")
	}
	if cfg.Lang == nil {
		cfg.Lang = lang.English
	}
	if cfg.Home == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return nil, lang.Errorf("finding your home folder: %w", err)
		}
		cfg.Home = home
	}
	if cfg.Jobs <= 0 {
		cfg.Jobs = 4
	}
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(cfg.Port)))
	if err != nil {
		return nil, lang.Errorf("starting the web page: %w", err)
	}
	secret := make([]byte, 32)
	if _, err := rand.Read(secret); err != nil {
		ln.Close()
		return nil, err
	}
	s := &Server{
		cfg:   cfg,
		ln:    ln,
		port:  strconv.Itoa(ln.Addr().(*net.TCPAddr).Port),
		token: base64.RawURLEncoding.EncodeToString(secret),
		done:  make(chan struct{}),
		sess:  newSession(),
		now:   time.Now,
	}
	s.base, s.cancel = context.WithCancel(context.Background())
	if a, ok := cfg.Backend.StoredLogin(); ok {
		s.sess.stored = &a
	}
	s.handler = s.guard(s.routes())
	return s, nil
}

// URL is the page's address, token included: whoever has it drives the
// page, so it is shown only to the person who started takeback.
func (s *Server) URL() string {
	return "http://127.0.0.1:" + s.port + "/?token=" + s.token //lang:data
}

// Addr is the listening address.
func (s *Server) Addr() net.Addr { return s.ln.Addr() }

// Serve answers requests until ctx ends, then stops the work under way
// (an import is aborted, as by a second Ctrl-C) and releases the archives.
func (s *Server) Serve(ctx context.Context) error {
	ctx, stop := s.untilIdle(ctx, s.cfg.IdleExit)
	defer stop()
	srv := &http.Server{Handler: s.handler, ReadHeaderTimeout: 10 * time.Second}
	failed := make(chan error, 1)
	go func() { failed <- srv.Serve(s.ln) }()
	var err error
	select {
	case <-ctx.Done():
	case err = <-failed:
	}
	close(s.done)
	s.cancel()
	shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	srv.Shutdown(shut)
	s.work.Wait()
	s.sess.release()
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// run starts background work that Serve waits for.
func (s *Server) run(f func()) {
	s.work.Add(1)
	go func() {
		defer s.work.Done()
		f()
	}()
}

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.page)
	mux.HandleFunc("GET /app.js", s.asset("app.js", "text/javascript; charset=utf-8"))
	mux.HandleFunc("GET /style.css", s.asset("style.css", "text/css; charset=utf-8"))
	mux.HandleFunc("GET /icon.svg", s.asset("icon.svg", "image/svg+xml"))
	mux.HandleFunc("GET /api/state", s.state)
	mux.HandleFunc("GET /api/events", s.events)
	mux.HandleFunc("GET /api/browse", s.browse)
	mux.HandleFunc("POST /api/archives", s.choose)
	mux.HandleFunc("POST /api/login", s.startLogin)
	mux.HandleFunc("POST /api/login/stored", s.useStored)
	mux.HandleFunc("POST /api/login/cancel", s.cancelLogin)
	mux.HandleFunc("POST /api/check", s.check)
	mux.HandleFunc("GET /preview", s.preview)
	mux.HandleFunc("POST /api/import", s.startImport)
	mux.HandleFunc("POST /api/pause", s.pause)
	mux.HandleFunc("POST /api/resume", s.resume)
	mux.HandleFunc("POST /api/cancel", s.cancelImport)
	mux.HandleFunc("GET /report.jsonl", s.report)
	return mux
}

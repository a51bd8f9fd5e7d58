package ui

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"path"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/takeback/takeback/importers"
	"github.com/takeback/takeback/internal/lang"
)

// fakePassword is the fake backend's app password: no response of the
// page may ever hold it.
const fakePassword = "app-password-Zq8vK2nXw4"

// fakeBackend is a Backend on an in-memory target, with a Login Flow that
// completes when the test says so.
type fakeBackend struct {
	target   *memTarget
	loginURL string

	mu        sync.Mutex
	planned   [][]string
	closed    int
	stored    *Account
	password  string // kept here, as the real backend keeps it in the store
	loginDone chan struct{}
	started   []string // servers StartLogin was given
}

func newFakeBackend(loginURL string) *fakeBackend {
	return &fakeBackend{target: newMemTarget(), loginURL: loginURL, loginDone: make(chan struct{})}
}

func (b *fakeBackend) Plan(ctx context.Context, paths []string, onScan func(importers.ScanProgress)) (*importers.Plan, io.Closer, error) {
	b.mu.Lock()
	b.planned = append(b.planned, paths)
	b.mu.Unlock()
	for i := range paths {
		onScan(importers.ScanProgress{Inputs: len(paths), InputsDone: i + 1, Members: 10 * (i + 1)})
	}
	return samplePlan(path.Base(paths[0])), closer(func() { b.mu.Lock(); b.closed++; b.mu.Unlock() }), nil
}

type closer func()

func (c closer) Close() error { c(); return nil }

func (b *fakeBackend) StoredLogin() (Account, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.stored == nil {
		return Account{}, false
	}
	return *b.stored, true
}

func (b *fakeBackend) StartLogin(ctx context.Context, server string) (string, func(context.Context) (Account, error), error) {
	b.mu.Lock()
	b.started = append(b.started, server)
	b.mu.Unlock()
	if !strings.Contains(server, "://") {
		server = "https://" + server
	}
	wait := func(ctx context.Context) (Account, error) {
		select {
		case <-b.loginDone:
		case <-ctx.Done():
			return Account{}, ctx.Err()
		}
		a := Account{Server: server, User: "alice"}
		b.mu.Lock()
		b.stored, b.password = &a, fakePassword
		b.mu.Unlock()
		return a, nil
	}
	return b.loginURL, wait, nil
}

func (b *fakeBackend) login() { close(b.loginDone) }

func (b *fakeBackend) Inspect(ctx context.Context, a Account, p *importers.Plan) (map[*importers.Item]importers.Status, error) {
	if err := b.check(a); err != nil {
		return nil, err
	}
	status := map[*importers.Item]importers.Status{}
	for _, it := range p.Items {
		status[it] = importers.New
		if b.target.has(it.Target()) {
			status[it] = importers.Already
		}
	}
	return status, nil
}

func (b *fakeBackend) Target(ctx context.Context, a Account, p *importers.Plan) (importers.Target, error) {
	if err := b.check(a); err != nil {
		return nil, err
	}
	return b.target, nil
}

// check refuses an account that did not log in.
func (b *fakeBackend) check(a Account) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.stored == nil || *b.stored != a || b.password != fakePassword {
		return fmt.Errorf("not logged in as %v", a)
	}
	return nil
}

// memTarget is a server in memory. When gate is set, uploads wait until it
// is closed, and tell arrived when they start waiting.
type memTarget struct {
	mu          sync.Mutex
	gate        chan struct{}
	arrived     chan string
	collections map[string]bool
	writes      map[string]int // by target path
	albums      map[string][]string
}

func newMemTarget() *memTarget {
	return &memTarget{collections: map[string]bool{}, writes: map[string]int{}, albums: map[string][]string{}}
}

// hold makes the uploads wait until the returned gate is closed.
func (m *memTarget) hold() chan struct{} {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.gate, m.arrived = make(chan struct{}), make(chan string, 100)
	return m.gate
}

// waiting waits until n uploads wait at the gate.
func (m *memTarget) waiting(t *testing.T, n int) {
	t.Helper()
	for range n {
		select {
		case <-m.arrived:
		case <-time.After(time.Minute):
			t.Fatalf("fewer than %d uploads started", n)
		}
	}
}

func (m *memTarget) has(target string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.writes[target] > 0
}

func (m *memTarget) Ensure(ctx context.Context, c *importers.Collection) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.collections[c.ID] = true
	return nil
}

func (m *memTarget) Put(ctx context.Context, it *importers.Item) (importers.Outcome, lang.Text, error) {
	m.mu.Lock()
	gate, arrived := m.gate, m.arrived
	m.mu.Unlock()
	if gate != nil {
		arrived <- it.Target()
		select {
		case <-gate:
		case <-ctx.Done():
			return importers.Failed, lang.Text{}, ctx.Err()
		}
	}
	rc, err := it.Open()
	if err != nil {
		return importers.Failed, lang.Text{}, err
	}
	n, err := io.Copy(io.Discard, rc)
	rc.Close()
	if err != nil || n != it.Bytes() {
		return importers.Failed, lang.Text{}, fmt.Errorf("read %d bytes of %d: %v", n, it.Bytes(), err)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.writes[it.Target()] > 0 {
		return importers.Present, lang.Text{}, nil
	}
	m.writes[it.Target()]++
	return importers.Imported, lang.Text{}, nil
}

func (m *memTarget) AddToAlbum(ctx context.Context, album string, it *importers.Item) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, t := range m.albums[album] {
		if t == it.Target() {
			return nil
		}
	}
	m.albums[album] = append(m.albums[album], it.Target())
	return nil
}

// snapshot copies what the target holds.
func (m *memTarget) snapshot() (writes map[string]int, albums map[string][]string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	writes, albums = map[string]int{}, map[string][]string{}
	for k, v := range m.writes {
		writes[k] = v
	}
	for k, v := range m.albums {
		albums[k] = append([]string(nil), v...)
	}
	return writes, albums
}

// The sample plan: 3 events, 2 contacts, 7 photos (one of them already on
// the server, see present), a trashed photo that is skipped, a warning.
const (
	sampleEvents   = 3
	sampleContacts = 2
	samplePhotos   = 7
	photoSize      = 150_000
)

// presentPhoto is the photo the server already has.
const presentPhoto = "files/Photos/2019/07/IMG_0001.jpg"

func samplePlan(input string) *importers.Plan {
	work := &importers.Collection{Kind: importers.Calendar, ID: "google-work", Name: "Work"}
	book := &importers.Collection{Kind: importers.AddressBook, ID: "google-contacts", Name: "Google Contacts"}
	photos := &importers.Collection{Kind: importers.Folder, ID: "photos", Name: "Photos"}
	p := &importers.Plan{}
	day := time.Date(2019, 7, 1, 10, 0, 0, 0, time.UTC)
	for i := range sampleEvents {
		p.Add(&importers.Item{Kind: importers.Event, Source: input + "!Takeout/Calendar/Work.ics", Collection: work,
			Name: fmt.Sprintf("ev%d.ics", i), Title: fmt.Sprintf("Meeting %d", i), Date: day.AddDate(0, 0, i),
			Body: []byte("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")})
	}
	for i, name := range []string{"Ada Lovelace", "Alan Turing"}[:sampleContacts] {
		p.Add(&importers.Item{Kind: importers.Contact, Source: input + "!Takeout/Contacts/All Contacts/All Contacts.vcf", Collection: book,
			Name: fmt.Sprintf("c%d.vcf", i), Title: name, Body: []byte("BEGIN:VCARD\r\nEND:VCARD\r\n")})
	}
	for i := range samplePhotos {
		name := fmt.Sprintf("IMG_%04d.jpg", i+1)
		p.Add(&importers.Item{Kind: importers.Photo, Source: input + "!Takeout/Google Photos/Rome 2019/" + name, Collection: photos,
			Name: "2019/07/" + name, Title: name, Date: day.AddDate(0, 0, i), DateSource: "exif", Albums: []string{"Rome 2019"},
			Size: photoSize, Content: func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(make([]byte, photoSize))), nil }})
	}
	p.Add(&importers.Item{Kind: importers.Photo, Source: input + "!Takeout/Google Photos/Trash/IMG_9999.jpg", Collection: photos,
		Name: "2019/07/IMG_9999.jpg", Title: "IMG_9999.jpg", Skip: lang.T("it was in the trash"), Size: photoSize})
	p.Warn(input, lang.T("a part of this archive is damaged"))
	return p
}

// capture keeps every response's headers and body, to look for what must
// never be sent.
type capture struct {
	mu  sync.Mutex
	all bytes.Buffer
}

func (c *capture) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(&captured{ResponseWriter: w, c: c}, r)
	})
}

func (c *capture) String() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.all.String()
}

type captured struct {
	http.ResponseWriter
	c       *capture
	started bool
}

func (w *captured) WriteHeader(code int) {
	if !w.started {
		w.started = true
		w.c.mu.Lock()
		w.ResponseWriter.Header().Write(&w.c.all)
		w.c.mu.Unlock()
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *captured) Write(b []byte) (int, error) {
	if !w.started {
		w.WriteHeader(http.StatusOK)
	}
	w.c.mu.Lock()
	w.c.all.Write(b)
	w.c.mu.Unlock()
	return w.ResponseWriter.Write(b)
}

func (w *captured) Flush() { w.ResponseWriter.(http.Flusher).Flush() }

// serve starts a server on the backend, with every response captured,
// and stops it at the test's end.
func serve(t *testing.T, b Backend, cfg Config) (*Server, *capture) {
	t.Helper()
	cfg.Backend = b
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	c := &capture{}
	s.handler = c.wrap(s.handler)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	return s, c
}

// waitFor waits until the session's view satisfies ok, and returns it.
// The test's own deadline bounds the wait.
func waitFor(t *testing.T, s *Server, what string, ok func(view) bool) view {
	t.Helper()
	ch := s.sess.subscribe()
	defer s.sess.unsubscribe(ch)
	deadline := time.After(time.Minute)
	for {
		v := s.view(lang.English)
		if ok(v) {
			return v
		}
		select {
		case <-ch:
		case <-deadline:
			t.Fatalf("still waiting for %s; the state is %+v", what, v)
		}
	}
}

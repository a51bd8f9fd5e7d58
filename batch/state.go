package batch

import (
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/takeback/takeback/internal/lang"
)

// Stage is how far a person's batch went. Each stage implies the ones
// before it.
type Stage string

const (
	StageNone     Stage = ""
	StageCreated  Stage = "created"  // account created, or reused
	StageImported Stage = "imported" // import finished with no failed item
	StageWelcomed Stage = "welcomed" // welcome mail sent
)

var stageOrder = []Stage{StageNone, StageCreated, StageImported, StageWelcomed}

// Reached tells whether s is stage t or later.
func (s Stage) Reached(t Stage) bool { return s.rank() >= t.rank() }

func (s Stage) rank() int {
	for i, st := range stageOrder {
		if st == s {
			return i
		}
	}
	return -1
}

// Counts are a person's import outcomes.
type Counts struct {
	Imported int `json:"imported"`
	Present  int `json:"present"`
	Skipped  int `json:"skipped"`
	Failed   int `json:"failed"`
}

// PersonState is what the state file knows of one person. It never holds
// a password, and Error must not either.
type PersonState struct {
	Stage  Stage `json:"stage"`
	Reused bool  `json:"reused,omitempty"` // the account existed before the batch
	// EmailLater is set when the account was created without its e-mail
	// address, kept for the welcome mail (run.go).
	EmailLater bool      `json:"email_later,omitempty"`
	Counts     Counts    `json:"counts"`
	Error      string    `json:"error,omitempty"` // the last run's error, if any, in English
	Updated    time.Time `json:"updated"`
}

// stateVersion is the state file's format.
const stateVersion = 1

// maxStateBytes bounds what LoadState reads: a full manifest's people take
// a few MiB.
const maxStateBytes = 64 << 20

type stateFile struct {
	Version int                    `json:"version"`
	People  map[string]PersonState `json:"people"` // by userid as in the manifest
}

// State is the resume state of a batch: each person's stage by userid,
// kept in a JSON file rewritten whole on every change. Userids are
// compared without regard to case, as the manifest and Nextcloud do. It is
// safe for concurrent use.
type State struct {
	path   string
	mu     sync.Mutex
	people map[string]stateEntry // by lower-case userid
}

type stateEntry struct {
	userID string
	ps     PersonState
}

// DefaultStatePath is the state file used when none is given: next to
// the manifest, named after it.
func DefaultStatePath(manifestPath string) string { return manifestPath + ".state.json" }

// LoadState reads the state file at path; a missing file is an empty
// state, which the first Set creates.
func LoadState(path string) (*State, error) {
	s := &State{path: path, people: map[string]stateEntry{}}
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return nil, lang.Errorf("reading the state file: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxStateBytes+1))
	if err != nil {
		return nil, lang.Errorf("reading the state file %s: %w", path, err)
	}
	if err := s.decode(data); err != nil {
		return nil, lang.Errorf("the state file %s is damaged (%v): move it away to start the batch again from the beginning", path, err)
	}
	return s, nil
}

func (s *State) decode(data []byte) error {
	if len(data) > maxStateBytes {
		return lang.Errorf("larger than %d MiB", maxStateBytes>>20)
	}
	var sf stateFile
	if err := json.Unmarshal(data, &sf); err != nil {
		return err
	}
	if sf.Version != stateVersion {
		return lang.Errorf("format version %s, this takeback reads version %s", strconv.Itoa(sf.Version), strconv.Itoa(stateVersion))
	}
	for id, ps := range sf.People {
		if ps.Stage.rank() < 0 {
			return lang.Errorf("%q has an unknown stage %q", id, ps.Stage)
		}
		key := strings.ToLower(id)
		if other, ok := s.people[key]; ok {
			return lang.Errorf("%q and %q are the same userid", other.userID, id)
		}
		s.people[key] = stateEntry{userID: id, ps: ps}
	}
	return nil
}

// Path is the state file's path.
func (s *State) Path() string { return s.path }

// Get returns a person's state; the zero PersonState when none is known.
func (s *State) Get(userID string) PersonState {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.people[strings.ToLower(userID)].ps
}

// Set records a person's state and writes the whole file atomically (mode
// 0600), before it returns. A zero Updated is set to now. When the file
// cannot be written, the state is left as it was.
func (s *State) Set(userID string, ps PersonState) error {
	if ps.Stage.rank() < 0 {
		return lang.Errorf("recording %s: unknown stage %q", userID, ps.Stage)
	}
	if ps.Updated.IsZero() {
		ps.Updated = time.Now().UTC().Truncate(time.Second)
	}
	key := strings.ToLower(userID)
	s.mu.Lock()
	defer s.mu.Unlock()
	old, had := s.people[key]
	s.people[key] = stateEntry{userID: userID, ps: ps}
	if err := s.write(); err != nil {
		if had {
			s.people[key] = old
		} else {
			delete(s.people, key)
		}
		return lang.Errorf("recording %s: %w", userID, err)
	}
	return nil
}

// write is called with s.mu held, so that writes land in the order of
// the changes.
func (s *State) write() error {
	sf := stateFile{Version: stateVersion, People: make(map[string]PersonState, len(s.people))}
	for _, e := range s.people {
		sf.People[e.userID] = e.ps
	}
	data, err := json.MarshalIndent(sf, "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomic(s.path, append(data, '\n'), 0o600)
}

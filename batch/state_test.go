package batch

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestDefaultStatePath(t *testing.T) {
	if got, want := DefaultStatePath("/srv/newcomers.csv"), "/srv/newcomers.csv.state.json"; got != want {
		t.Errorf("DefaultStatePath = %q, want %q", got, want)
	}
}

func TestStateRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.csv.state.json")
	s, err := LoadState(path)
	if err != nil {
		t.Fatalf("a missing state file: %v", err)
	}
	if got := s.Get("ann"); got != (PersonState{}) {
		t.Errorf("Get on an empty state = %+v", got)
	}
	when := time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)
	want := map[string]PersonState{
		"Ann": {Stage: StageImported, Counts: Counts{Imported: 3, Present: 2, Skipped: 1}, Updated: when},
		"bob": {Stage: StageCreated, Reused: true, Error: "import: 2 items failed", Updated: when},
		"cy":  {Stage: StageWelcomed, Counts: Counts{Imported: 1}, Updated: when},
	}
	for id, ps := range want {
		if err := s.Set(id, ps); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Set("dee", PersonState{Stage: StageCreated}); err != nil {
		t.Fatal(err)
	}
	again, err := LoadState(path)
	if err != nil {
		t.Fatal(err)
	}
	for id, ps := range want {
		if got := again.Get(id); got != ps {
			t.Errorf("Get(%q) = %+v, want %+v", id, got, ps)
		}
	}
	if got := again.Get("ANN"); got.Stage != StageImported {
		t.Errorf("Get(\"ANN\") = %+v: userids are compared without regard to case", got)
	}
	if got := again.Get("dee"); got.Stage != StageCreated || time.Since(got.Updated) > time.Minute {
		t.Errorf("Get(\"dee\") = %+v, want Updated set to now", got)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if perm := fi.Mode().Perm(); perm != 0o600 {
		t.Errorf("mode %04o, want 0600", perm)
	}
}

func TestStageReached(t *testing.T) {
	tests := []struct {
		s, t Stage
		want bool
	}{
		{StageNone, StageNone, true},
		{StageNone, StageCreated, false},
		{StageCreated, StageCreated, true},
		{StageImported, StageCreated, true},
		{StageCreated, StageImported, false},
		{StageWelcomed, StageImported, true},
		{StageImported, StageWelcomed, false},
	}
	for _, tt := range tests {
		if got := tt.s.Reached(tt.t); got != tt.want {
			t.Errorf("%q.Reached(%q) = %v, want %v", tt.s, tt.t, got, tt.want)
		}
	}
}

func TestLoadStateDamaged(t *testing.T) {
	tests := []struct{ name, content, reason string }{
		{"half written", `{"version":1,"people":{"ann":{"stage":"crea`, "unexpected end"},
		{"not JSON", "stage=created", "invalid character"},
		{"newer format", `{"version":2,"people":{}}`, "version 2"},
		{"unknown stage", `{"version":1,"people":{"ann":{"stage":"done"}}}`, `unknown stage "done"`},
		{"same userid twice", `{"version":1,"people":{"ann":{"stage":"created"},"ANN":{"stage":"created"}}}`, "the same userid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "state.json")
			if err := os.WriteFile(path, []byte(tt.content), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := LoadState(path)
			if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "damaged") || !strings.Contains(err.Error(), tt.reason) {
				t.Errorf("error %v, want one naming %s as damaged, with %q", err, path, tt.reason)
			}
		})
	}
}

func TestStateSetUnknownStage(t *testing.T) {
	s, err := LoadState(filepath.Join(t.TempDir(), "state.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Set("ann", PersonState{Stage: "done"}); err == nil {
		t.Error("Set accepted an unknown stage")
	}
}

// A failed write leaves the state as it was, in memory and on disk.
func TestStateSetWriteFails(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "state.json")
	s, err := LoadState(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Set("ann", PersonState{Stage: StageCreated}); err != nil {
		t.Fatal(err)
	}
	// A folder in the file's place: the rename fails, whoever runs the test.
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(path, "x"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := s.Set("ann", PersonState{Stage: StageImported}); err == nil {
		t.Fatal("Set succeeded where the file cannot be replaced")
	}
	if got := s.Get("ann").Stage; got != StageCreated {
		t.Errorf("stage in memory %q after a failed write, want %q", got, StageCreated)
	}
}

// Many people finish at once: every Set lands, and a reader never sees a
// partial file, since each write is a rename of a complete one.
func TestStateConcurrentSet(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "state.json")
	s, err := LoadState(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Set("first", PersonState{Stage: StageCreated}); err != nil {
		t.Fatal(err)
	}
	const n = 50
	done := make(chan struct{})
	readerErr := make(chan error, 1)
	go func() {
		defer close(readerErr)
		for {
			select {
			case <-done:
				return
			default:
			}
			data, err := os.ReadFile(path)
			if err != nil {
				readerErr <- err
				return
			}
			var sf stateFile
			if err := json.Unmarshal(data, &sf); err != nil {
				readerErr <- fmt.Errorf("a reader saw a partial state file: %w", err)
				return
			}
		}
	}()
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			id := fmt.Sprintf("user%02d", i)
			for _, st := range []Stage{StageCreated, StageImported, StageWelcomed} {
				if err := s.Set(id, PersonState{Stage: st, Counts: Counts{Imported: i}}); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	close(done)
	if err := <-readerErr; err != nil {
		t.Fatal(err)
	}
	again, err := LoadState(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		id := fmt.Sprintf("user%02d", i)
		if got := again.Get(id); got.Stage != StageWelcomed || got.Counts.Imported != i {
			t.Errorf("%s: %+v, want welcomed with %d imported", id, got, i)
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		t.Errorf("the folder holds %d files, want only the state file (no temporary file left)", len(entries))
	}
}

// The state file holds no password, whatever the caller had.
func TestStateFileFields(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	s, err := LoadState(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Set("ann", PersonState{Stage: StageImported, Counts: Counts{Imported: 1}}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var raw struct {
		People map[string]map[string]any `json:"people"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for k := range raw.People["ann"] {
		keys = append(keys, k)
	}
	want := []string{"counts", "stage", "updated"}
	slices.Sort(keys)
	if !reflect.DeepEqual(keys, want) {
		t.Errorf("fields %v, want %v", keys, want)
	}
}

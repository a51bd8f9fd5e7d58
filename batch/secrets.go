package batch

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sort"
	"sync"

	"github.com/takeback/takeback/internal/lang"
)

// Secrets is the credentials file (--credentials-out): the passwords
// takeback generated, "userid,password" per line, for the admin to hand
// out. It is the only place they are written, with mode 0600. A password
// is written there before its account is created, so a crash in between
// loses nothing, and a re-run reads it back to import as that person.
type Secrets struct {
	path string
	mu   sync.Mutex
	pw   map[string]string
}

// OpenSecrets reads the credentials file at path, or starts an empty one
// when there is none. A file that others may read is refused.
func OpenSecrets(path string) (*Secrets, error) {
	s := &Secrets{path: path, pw: map[string]string{}}
	info, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return s, nil
	case err != nil:
		return nil, lang.Errorf("the credentials file %s: %w", path, err)
	case info.Mode().Perm()&0o077 != 0:
		return nil, lang.Errorf("the credentials file %s can be read by other users of this computer (mode %s): "+
			"run chmod 600 on it first", path, fmt.Sprintf("%04o", info.Mode().Perm()))
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, lang.Errorf("the credentials file %s: %w", path, err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = 2
	rows, err := r.ReadAll()
	if err != nil {
		// csv errors quote no field content, so no password leaks here.
		return nil, lang.Errorf("the credentials file %s is damaged: %w", path, err)
	}
	for i, row := range rows {
		if i == 0 && row[0] == "userid" { //lang:data
			continue
		}
		s.pw[row[0]] = row[1]
	}
	return s, nil
}

// Get returns the password stored for userID.
func (s *Secrets) Get(userID string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	pw, ok := s.pw[userID]
	return pw, ok
}

// Put stores the password of userID and rewrites the file at once.
func (s *Secrets) Put(userID, password string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pw[userID] = password
	ids := make([]string, 0, len(s.pw))
	for id := range s.pw {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{"userid", "password"}) //lang:data
	for _, id := range ids {
		w.Write([]string{id, s.pw[id]})
	}
	w.Flush()
	if err := writeFileAtomic(s.path, b.Bytes(), 0o600); err != nil {
		return lang.Errorf("the credentials file: %w", err)
	}
	return nil
}

package importers

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path"
	"strings"
)

// ResourceName derives a stable object name from a UID: UIDs may contain
// "/" and be very long (nextcloud-api.md §6.2), and the same UID must map to
// the same name on every run.
func ResourceName(uid, ext string) string {
	sum := sha256.Sum256([]byte(uid))
	return hex.EncodeToString(sum[:16]) + ext
}

// Slug makes a URI-safe collection name from a display name: ASCII letters
// and digits, with dashes between words, at most 40 bytes. A name with no
// such character gets a hash instead.
func Slug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if r < 0x80 && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
	}
	s := b.String()
	if len(s) > 40 {
		s = strings.TrimRight(s[:40], "-")
	}
	if s == "" {
		s = ResourceName(name, "")[:12]
	}
	return s
}

// Names hands out file names in a plan, so that two different items for
// one folder get two names, "IMG_1.jpg" and "IMG_1 (2).jpg", the same way
// on every run. Names differing only in case count as one, as they do on
// Windows and macOS.
type Names struct {
	taken map[string]bool
}

// Unique returns name, or the first free "name (n).ext".
func (n *Names) Unique(name string) string {
	if n.taken == nil {
		n.taken = map[string]bool{}
	}
	for i := 1; ; i++ {
		candidate := Numbered(name, i)
		if key := strings.ToLower(candidate); !n.taken[key] {
			n.taken[key] = true
			return candidate
		}
	}
}

// Numbered is the n-th name of a file called name: name itself for n ≤ 1,
// else " (n)" before its extension ("IMG_1 (2).jpg").
func Numbered(name string, n int) string {
	if n <= 1 {
		return name
	}
	ext := path.Ext(name)
	return fmt.Sprintf("%s (%d)%s", strings.TrimSuffix(name, ext), n, ext)
}

package importers

import (
	"crypto/sha256"
	"encoding/hex"
)

// ResourceName derives a stable object name from a UID: UIDs may contain
// "/" and be very long (nextcloud-api.md §6.2), and the same UID must map to
// the same name on every run.
func ResourceName(uid, ext string) string {
	sum := sha256.Sum256([]byte(uid))
	return hex.EncodeToString(sum[:16]) + ext
}

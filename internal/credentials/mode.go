package credentials

import "io/fs"

// tooOpen says whether a stored login with these permission bits can be
// read by other users. Windows has no such bits: Go reports 0666, or 0444
// for a read-only file, whoever may read it, so the check would lock every
// Windows user out. There the file's access list decides, and the one a
// file in %AppData% inherits lets only its owner (and administrators) in.
func tooOpen(goos string, perm fs.FileMode) bool {
	return goos != "windows" && perm&0o077 != 0
}

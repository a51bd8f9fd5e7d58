//go:build unix

package servers

import "syscall"

// ownGroup puts a server in its own process group, so stopping it never
// touches the test binary.
func ownGroup() *syscall.SysProcAttr { return &syscall.SysProcAttr{Setpgid: true} }

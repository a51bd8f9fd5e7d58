//go:build !unix

package servers

import "syscall"

// ownGroup: process groups are a Unix notion; elsewhere the server runs
// as a plain child (the tests run on Linux; this only lets the package
// build for the other systems' vet).
func ownGroup() *syscall.SysProcAttr { return nil }

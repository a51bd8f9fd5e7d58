//go:build !windows

package main

// consoleProcesses is Windows' count of the processes attached to
// takeback's console; elsewhere there is no such count.
func consoleProcesses() int { return 0 }

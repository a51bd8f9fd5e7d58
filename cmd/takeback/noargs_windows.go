//go:build windows

package main

import (
	"unsafe"

	"golang.org/x/sys/windows"
)

var getConsoleProcessList = windows.NewLazySystemDLL("kernel32.dll").NewProc("GetConsoleProcessList")

// consoleProcesses counts the processes attached to takeback's console
// (GetConsoleProcessList): 1 when Windows made the console for takeback
// alone, as for a double-click in Explorer; more in a command prompt; 0
// when unknown.
func consoleProcesses() int {
	var ids [4]uint32
	if getConsoleProcessList.Find() != nil {
		return 0
	}
	n, _, _ := getConsoleProcessList.Call(uintptr(unsafe.Pointer(&ids[0])), uintptr(len(ids)))
	return int(n)
}

//go:build unix && !linux

package runner

import "syscall"

// lockThread is false: without Pdeathsig the forking thread does not matter.
const lockThread = false

// procAttr puts the child in a new process group it leads (so the group id is
// its pid). There is no Pdeathsig here: a child outlives a micro-dev that is
// SIGKILLed; a normal exit still stops it.
func procAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}

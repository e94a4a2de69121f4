//go:build unix && !linux

package proc

import "syscall"

// lockThread is false: without Pdeathsig the forking thread does not matter.
const lockThread = false

// procAttr puts the process in a new group it leads (so the group id is its
// pid). There is no Pdeathsig here: the guard alone ends the group when we
// die.
func procAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}

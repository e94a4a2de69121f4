package proc

import "syscall"

// lockThread makes Start fork from, and wait on, one locked OS thread:
// Pdeathsig is tied to the thread that forked, see Start.
const lockThread = true

// procAttr puts the process in a new group it leads (so the group id is its
// pid) and has the kernel SIGKILL it when we die.
func procAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

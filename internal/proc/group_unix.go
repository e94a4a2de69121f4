//go:build unix

package proc

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// Signal sends sig to the whole process group. It returns
// os.ErrProcessDone when no process is left in the group.
func (p *Process) Signal(sig os.Signal) error {
	s, ok := sig.(syscall.Signal)
	if !ok {
		return fmt.Errorf("signal process group %d: unsupported signal %v", p.pid, sig)
	}
	return signalGroup(p.pid, s)
}

// signalGroup sends s to the process group pgid. A group id stays valid
// while any member lives, even after its leader is reaped.
func signalGroup(pgid int, s syscall.Signal) error {
	err := syscall.Kill(-pgid, s)
	if errors.Is(err, syscall.ESRCH) {
		return os.ErrProcessDone
	}
	if err != nil {
		return fmt.Errorf("send %v to process group %d: %w", s, pgid, err)
	}
	return nil
}

func termGroup(p *Process) error { return ignoreDone(signalGroup(p.pid, syscall.SIGTERM)) }
func killGroup(p *Process) error { return ignoreDone(signalGroup(p.pid, syscall.SIGKILL)) }

// groupAlive reports whether any process is left in the group. Zombies
// count: a grandchild that died but was not yet reaped by its new parent
// still answers.
func groupAlive(p *Process) bool {
	return !errors.Is(syscall.Kill(-p.pid, 0), syscall.ESRCH)
}

// ignoreDone treats a process already gone as stopped.
func ignoreDone(err error) error {
	if errors.Is(err, os.ErrProcessDone) {
		return nil
	}
	return err
}

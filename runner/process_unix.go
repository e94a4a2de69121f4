//go:build unix

package runner

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// Signal sends sig to the child's whole process group. It returns
// os.ErrProcessDone when no process is left in the group.
func (p *Process) Signal(sig os.Signal) error {
	s, ok := sig.(syscall.Signal)
	if !ok {
		return fmt.Errorf("signal process group %d: unsupported signal %v", p.pid, sig)
	}
	return signalGroup(p, s)
}

// signalGroup sends s to the process group whose id is the child's pid (the
// child is its leader, see procAttr). The group id stays valid while any
// member lives, even after the child itself is reaped.
func signalGroup(p *Process, s syscall.Signal) error {
	err := syscall.Kill(-p.pid, s)
	if errors.Is(err, syscall.ESRCH) {
		return os.ErrProcessDone
	}
	if err != nil {
		return fmt.Errorf("send %v to process group %d: %w", s, p.pid, err)
	}
	return nil
}

func termGroup(p *Process) error { return ignoreDone(signalGroup(p, syscall.SIGTERM)) }
func killGroup(p *Process) error { return ignoreDone(signalGroup(p, syscall.SIGKILL)) }

func ignoreDone(err error) error {
	if errors.Is(err, os.ErrProcessDone) {
		return nil
	}
	return err
}

// groupAlive reports whether any process is left in the child's group.
// Zombies count: a grandchild that died but was not yet reaped by its new
// parent (init) still answers.
func groupAlive(p *Process) bool {
	return !errors.Is(syscall.Kill(-p.pid, 0), syscall.ESRCH)
}

//go:build unix

package watcher

import (
	"os/exec"
	"syscall"
	"time"
)

// setProcessGroup puts the command in a process group of its own, so that
// stopping it stops whatever it started too.
func setProcessGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}

// stopProcessGroup sends SIGTERM to the command's process group, SIGKILL
// after grace, and waits until the command is reaped (done delivers the
// result of cmd.Wait).
func stopProcessGroup(cmd *exec.Cmd, done <-chan error, grace time.Duration) {
	pgid := -cmd.Process.Pid
	_ = syscall.Kill(pgid, syscall.SIGTERM)
	t := time.NewTimer(grace)
	defer t.Stop()
	select {
	case <-done:
		return
	case <-t.C:
	}
	_ = syscall.Kill(pgid, syscall.SIGKILL)
	<-done
}

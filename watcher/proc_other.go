//go:build !unix

package watcher

import (
	"os/exec"
	"time"
)

// setProcessGroup does nothing where there are no process groups.
func setProcessGroup(cmd *exec.Cmd) {}

// stopProcessGroup kills the command and waits until it is reaped (done
// delivers the result of cmd.Wait); without process groups there is no
// gentler way that reaches its children.
func stopProcessGroup(cmd *exec.Cmd, done <-chan error, grace time.Duration) {
	_ = cmd.Process.Kill()
	<-done
}

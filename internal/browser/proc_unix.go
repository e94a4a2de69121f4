//go:build unix

package browser

import (
	"os/exec"
	"syscall"
)

// inGroup puts the browser in a process group of its own and makes the
// context's end kill the whole group: Chromium starts a zygote, renderers
// and utility processes, and none of them may outlive a test.
func inGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
}

//go:build !unix

package browser

import "os/exec"

// inGroup leaves the default: the context's end kills the browser process.
// Chromium ends its helpers when the browser process goes.
func inGroup(cmd *exec.Cmd) {}

package proc

import (
	"io"
	"os/exec"
	"time"
)

// Windows has no pseudo-terminals of the Unix kind: Command.TTY is ignored
// and the process writes to pipes.
type terminal struct{}

func openTTY(*exec.Cmd, io.Writer) (*terminal, error) { return nil, nil }

func (*terminal) started()            {}
func (*terminal) failed()             {}
func (*terminal) drain(time.Duration) {}

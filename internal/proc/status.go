package proc

import (
	"os"
	"syscall"
)

// Status is how a process ended. Its zero value is a process that has not
// ended (or was never started).
type Status struct {
	ended  bool
	code   int
	signal syscall.Signal // 0 unless a signal ended the process
	text   string
}

// statusOf reads the status of a reaped process; err is what Wait
// returned, used when there is no state.
func statusOf(ps *os.ProcessState, err error) Status {
	if ps == nil {
		text := "unknown exit status"
		if err != nil {
			text = err.Error()
		}
		return Status{ended: true, code: -1, text: text}
	}
	st := Status{ended: true, code: ps.ExitCode(), text: ps.String()}
	if ws, ok := ps.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		st.signal = ws.Signal()
	}
	return st
}

// Ended reports whether the process has ended and been reaped.
func (s Status) Ended() bool { return s.ended }

// Code is the exit code: -1 while the process runs or when a signal ended it.
func (s Status) Code() int {
	if !s.ended {
		return -1
	}
	return s.code
}

// Success reports whether the process ended with exit code 0.
func (s Status) Success() bool { return s.ended && s.code == 0 }

// Signal is the signal that ended the process, or 0.
func (s Status) Signal() syscall.Signal { return s.signal }

// String says how the process ended as the go command does: "exit status 2",
// "signal: killed"; "running" while it runs.
func (s Status) String() string {
	if !s.ended {
		return "running"
	}
	return s.text
}

package devserver

import (
	"errors"
	"fmt"
	"net/http"
)

// ErrUnchanged is what Config.Build returns when there is nothing new to
// build: the commands run before the build turned the save into no change
// of the build's files. The Server keeps serving what it served, and the
// browsers are not told to reload.
var ErrUnchanged = errors.New("nothing to build: no file of the build changed")

// CommandError is a command run before the build (--before) that failed.
// Config.Build returns it; its page is like a compile error's: the
// command, how it exited and what it printed.
type CommandError struct {
	Command string   // as the user gave it
	Exit    string   // "exit status 1", "signal: killed"
	Output  []string // its last lines of output, stdout and stderr together
}

func (e *CommandError) Error() string {
	return fmt.Sprintf("--before command %q failed: %s (fix it, then save again)", e.Command, e.Exit)
}

// commandFailure is the page of a failed --before command.
func commandFailure(ce *CommandError, moduleRoot string) *failure {
	f := crashFailure(http.StatusInternalServerError, "--before command failed", ce.Exit, ce.Output, moduleRoot)
	f.page.Message = ce.Command + " (" + ce.Exit + ")"
	f.json.(map[string]any)["error"].(map[string]any)["command"] = ce.Command
	return f
}

// keep ends a reload that built nothing: requests get what they got before.
func (s *Server) keep() {
	s.mu.Lock()
	wasPending := s.st.pending
	settled := s.st.settled
	s.st.pending = false
	s.mu.Unlock()
	if wasPending {
		close(settled)
	}
}

// unchangedEvents is implemented by Events that want to hear of a save
// that built nothing.
type unchangedEvents interface{ Unchanged(changed []string) }

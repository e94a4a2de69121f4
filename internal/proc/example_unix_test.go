//go:build unix

package proc_test

import (
	"context"
	"fmt"
	"os"
	"syscall"
	"time"

	"github.com/seed-1b2dc2de/micro/internal/proc"
)

// A command run to its end: the exit code is read from the Status, not
// parsed from a string.
func ExampleRun() {
	st, err := proc.Run(context.Background(), proc.Command{
		Path:   "/bin/sh",
		Args:   []string{"-c", "echo hello; exit 3"},
		Stdout: os.Stdout,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(st, st.Code(), st.Success())
	// Output:
	// hello
	// exit status 3 3 false
}

// A server stopped the way every process is: SIGTERM to its whole group,
// the grace period, then SIGKILL.
func ExampleProcess_Stop() {
	p, err := proc.Start(proc.Command{
		Path:  "/bin/sh",
		Args:  []string{"-c", "exec sleep 60"},
		Grace: time.Minute,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := p.Stop(); err != nil {
		fmt.Println(err)
	}
	st := p.Status()
	fmt.Println(st, st.Signal() == syscall.SIGTERM)
	// Output:
	// signal: terminated true
}

//go:build unix

package runner_test

import (
	"context"
	"fmt"
	"syscall"
	"time"

	"github.com/seed-1b2dc2de/micro/runner"
)

func ExampleStart() {
	p, err := runner.Start(runner.Command{
		Path: "/bin/sh",
		Args: []string{"-c", "echo starting; echo oops >&2; exit 3"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	<-p.Done()
	st := p.Status()
	fmt.Println(st, st.Code())
	fmt.Println(p.Tail())
	// Output:
	// exit status 3 3
	// [starting oops]
}

// A server that is not up in time is stopped: SIGTERM to its process
// group, SIGKILL after the grace period.
func ExampleProcess_WaitReady() {
	p, err := runner.Start(runner.Command{
		Path:  "/bin/sh",
		Args:  []string{"-c", "exec sleep 60"},
		Grace: time.Second,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // e.g. a timeout, or a newer build
	if err := p.WaitReady(ctx, "tcp", "127.0.0.1:1"); err != nil {
		fmt.Println("not ready:", err)
		p.Stop()
	}
	st := p.Status()
	fmt.Println(st, st.Signal() == syscall.SIGTERM)
	// Output:
	// not ready: context canceled
	// signal: terminated true
}

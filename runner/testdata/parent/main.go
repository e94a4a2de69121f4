// Command parent starts a sleeping child with runner.Start, makes the Go
// runtime retire OS threads, prints the child's pid and blocks: the runner's
// tests check that the child is still alive, SIGKILL the parent and check
// that the child died with it (Pdeathsig).
package main

import (
	"fmt"
	"os"
	"runtime"
	"sync"
	"time"

	"github.com/seed-1b2dc2de/micro/runner"
)

// Keeping main on the main thread, which the runtime never retires, puts
// runner.Start's goroutines on other threads, the ones at risk.
func init() { runtime.LockOSThread() }

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: parent CHILD-BINARY")
		os.Exit(2)
	}
	p, err := runner.Start(runner.Command{Path: os.Args[1], Args: []string{"sleep"}})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	// A goroutine that exits while locked to its thread takes the thread
	// with it. Many of them, each holding its thread until all are locked,
	// make the runtime use (and then retire) every idle thread. Were the
	// child forked from one of those threads, Pdeathsig would kill it now,
	// while we live.
	for range 10 {
		var locked, exit sync.WaitGroup
		release := make(chan struct{})
		for range 32 {
			locked.Add(1)
			exit.Go(func() {
				runtime.LockOSThread()
				locked.Done()
				<-release
			})
		}
		locked.Wait()
		close(release)
		exit.Wait()
	}
	fmt.Printf("sleeper %d\n", p.Pid())
	for {
		time.Sleep(time.Hour)
	}
}

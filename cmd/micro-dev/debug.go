package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os/exec"
	"strconv"
	"sync"

	"github.com/seed-1b2dc2de/micro/internal/devserver"
	"github.com/seed-1b2dc2de/micro/internal/proc"
	"github.com/seed-1b2dc2de/micro/runner"
)

// dlvModule is the Delve micro-dev asks for, the one tools/go.mod pins
// (a test keeps the two the same).
const dlvModule = "github.com/go-delve/delve/cmd/dlv@v1.27.2"

// findDlv returns the dlv on PATH, or the line that says how to get it.
func findDlv() (string, error) {
	p, err := exec.LookPath("dlv")
	if err != nil {
		return "", fmt.Errorf("--debug runs the program under Delve, and dlv is not on PATH: go install %s", dlvModule)
	}
	return p, nil
}

// debugListen turns --debug-port (a port, or host:port) into Delve's
// --listen address and its port. A bare port is on loopback.
func debugListen(s string) (addr string, port int, err error) {
	host, p, err := net.SplitHostPort(s)
	if err != nil {
		host, p = "127.0.0.1", s
	}
	port, err = strconv.Atoi(p)
	if err != nil || port < 1 || port > 65535 {
		return "", 0, fmt.Errorf("--debug-port %q: give a port (2345) or host:port (127.0.0.1:2345)", s)
	}
	return net.JoinHostPort(host, p), port, nil
}

// dlvArgs runs bin under a headless Delve that lets the program run at
// once and takes any number of clients, one after another or together.
func dlvArgs(listen, bin string, args []string) []string {
	a := []string{"exec", "--headless", "--accept-multiclient", "--continue", "--api-version=2", "--listen=" + listen, bin}
	if len(args) > 0 {
		a = append(append(a, "--"), args...)
	}
	return a
}

// debugChild is Delve running the program. Delve starts its target in a
// process group of its own, which a signal to Delve's group misses, and
// which would keep running if Delve were killed: Stop ends it too.
type debugChild struct {
	devserver.Child
	p       *runner.Process
	adopted *adopted
}

// adopted is the groups a debugChild gave to the guard, and how its
// target exited.
type adopted struct {
	mu       sync.Mutex
	groups   []int
	exit     string
	stopping bool // Stop killed the target: its exit is no news
}

// ListeningPorts sees Delve's target too: it is Delve's child.
func (c debugChild) ListeningPorts() ([]int, error) {
	if pl, ok := c.Child.(devserver.PortLister); ok {
		return pl.ListeningPorts()
	}
	return nil, nil
}

// Stop kills Delve's target, then stops Delve. Delve, told to stop, kills
// its target anyway, but takes 0.5-1s to do so; killed first, the target
// is gone at once and Delve then exits in about 20ms.
func (c debugChild) Stop() error {
	c.adopted.mu.Lock()
	c.adopted.stopping = true
	c.adopted.mu.Unlock()
	targets := childGroups(c.p.Pid())
	err := killGroups(targets)
	err = errors.Join(err, c.Child.Stop())
	c.adopted.mu.Lock()
	defer c.adopted.mu.Unlock()
	for _, g := range c.adopted.groups {
		proc.Release(g)
	}
	c.adopted.groups = nil
	return err
}

// WaitReady is the program's; once it listens, Delve's target (and any
// other group Delve made) is given to the guard, so that it is killed
// even if micro-dev is: the guard kills Delve's group, which it is not in.
func (c debugChild) WaitReady(ctx context.Context, network, address string) error {
	err := c.Child.WaitReady(ctx, network, address)
	if err == nil {
		c.adopted.mu.Lock()
		defer c.adopted.mu.Unlock()
		for _, g := range childGroups(c.p.Pid()) {
			proc.Adopt(g)
			c.adopted.groups = append(c.adopted.groups, g)
		}
	}
	return err
}

// checkDebug finds dlv and checks --debug-port, before anything is built.
func checkDebug(o *options) (string, error) {
	if !o.debug {
		return "", nil
	}
	if _, _, err := debugListen(o.debugPort); err != nil {
		return "", err
	}
	return findDlv()
}

// startDebug runs cmd's program under Delve, in Delve's process group.
func (a *app) startDebug(cmd runner.Command) (devserver.Child, error) {
	listen, _, err := debugListen(a.o.debugPort)
	if err != nil {
		return nil, err
	}
	bin := cmd.Path
	cmd.Args = dlvArgs(listen, bin, cmd.Args)
	cmd.Path = a.dlv
	p, err := runner.Start(cmd)
	if err != nil {
		return nil, err
	}
	c := debugChild{devserver.Process(p), p, new(adopted)}
	go c.watchTarget(listen, bin)
	return c, nil
}

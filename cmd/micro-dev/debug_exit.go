package main

import (
	"fmt"
	"net"
	"net/rpc/jsonrpc"
	"regexp"
	"time"
)

// watchTarget stops Delve once its target has exited, and records how it
// exited. Delve stays up for its clients after its target exits, so the
// dev server would otherwise see a program that runs but never answers.
func (c debugChild) watchTarget(listen, bin string) {
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	g := 0
	for {
		select {
		case <-c.p.Done():
			return
		case <-tick.C:
		}
		if g == 0 {
			g = targetGroup(c.p.Pid(), bin)
			continue
		}
		if groupGone(g) {
			break
		}
	}
	c.adopted.mu.Lock()
	stopping := c.adopted.stopping
	c.adopted.mu.Unlock()
	if stopping {
		return
	}
	status := targetStatus(listen)
	c.adopted.mu.Lock()
	c.adopted.exit = status
	c.adopted.mu.Unlock()
	_ = c.Child.Stop()
}

// targetStatus asks Delve how its target exited: Delve answers a State
// request, once its target has exited, with an error that says so.
func targetStatus(listen string) string {
	const unknown = "exited under Delve"
	conn, err := net.DialTimeout("tcp", listen, time.Second)
	if err != nil {
		return unknown
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(2 * time.Second))
	var out struct {
		State struct {
			Exited     bool `json:"exited"`
			ExitStatus int  `json:"exitStatus"`
		}
	}
	err = jsonrpc.NewClient(conn).Call("RPCServer.State", map[string]any{"NonBlocking": true}, &out)
	if err == nil && out.State.Exited {
		return fmt.Sprintf("exit status %d (under Delve)", out.State.ExitStatus)
	}
	if m := exitedRe.FindStringSubmatch(fmt.Sprint(err)); m != nil {
		return fmt.Sprintf("exit status %s (under Delve)", m[1])
	}
	return unknown
}

// exitedRe finds the status in Delve's "Process 42 has exited with status 3".
var exitedRe = regexp.MustCompile(`has exited with status (-?\d+)`)

// ExitStatus is the target's, once it has exited: Delve's own says nothing
// about the program.
func (c debugChild) ExitStatus() string {
	st := c.Child.ExitStatus()
	if st == "" {
		return ""
	}
	c.adopted.mu.Lock()
	defer c.adopted.mu.Unlock()
	if c.adopted.exit != "" {
		return c.adopted.exit
	}
	return st
}

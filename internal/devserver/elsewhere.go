package devserver

import (
	"context"
	"errors"
	"fmt"
	"net"
	"slices"
	"strconv"
	"time"
)

// PortLister is a Child that can tell the TCP ports its processes listen
// on. A child that listens on another port than the one it was given is
// then found at once, not at the ready timeout.
type PortLister interface {
	ListeningPorts() ([]int, error)
}

// elsewhereAfter is how long a child must listen only on other ports
// before it is taken for a program that ignores its address: a program
// may open an admin or metrics port a moment before its main one.
var elsewhereAfter = time.Second

// elsewhereError says that the program listens, but not where it was told.
type elsewhereError struct {
	port    int
	addr    string
	appPort bool // addr came from Config.Addr (--app-port)
}

func (e *elsewhereError) Error() string {
	if e.appPort {
		return fmt.Sprintf("the program listens on :%d, not on --app-port %s: run micro-dev --app-port %d", e.port, portOfAddr(e.addr), e.port)
	}
	return fmt.Sprintf("the program listens on :%d, not on the address micro-dev gave it in PORT/MICRO_LISTEN (%s): run micro-dev --app-port %d", e.port, e.addr, e.port)
}

func portOfAddr(addr string) string {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	return port
}

// waitListening is c.WaitReady on addr, cut short when c is a PortLister
// that keeps listening elsewhere only.
func (s *Server) waitListening(ctx context.Context, c Child, addr string) error {
	pl, ok := c.(PortLister)
	if !ok {
		return c.WaitReady(ctx, "tcp", addr)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ready := make(chan error, 1)
	go func() { ready <- c.WaitReady(ctx, "tcp", addr) }()
	own, _ := strconv.Atoi(portOfAddr(addr))
	tick := time.NewTicker(portCheckEvery)
	defer tick.Stop()
	var since time.Time // when it was first seen listening elsewhere only
	for {
		select {
		case err := <-ready:
			return err
		case <-tick.C:
		}
		ports, err := pl.ListeningPorts()
		ports = slices.DeleteFunc(ports, func(p int) bool { return slices.Contains(s.cfg.OwnPorts, p) })
		other := otherPort(ports, own)
		if err != nil || other == 0 {
			since = time.Time{}
			continue
		}
		if since.IsZero() {
			since = time.Now()
		}
		if time.Since(since) >= elsewhereAfter {
			return &elsewhereError{port: other, addr: addr, appPort: s.cfg.Addr != ""}
		}
	}
}

// otherPort returns a port of ports when own is not among them, else 0.
func otherPort(ports []int, own int) int {
	if len(ports) == 0 || slices.Contains(ports, own) {
		return 0
	}
	return ports[0]
}

// notReady is the error of a child that did not accept connections in
// time: it names --app-port, the way out for a program on a fixed port.
func (s *Server) notReady(err error, addr string) error {
	if !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	limit := s.cfg.ReadyTimeout
	if s.cfg.Addr != "" {
		return fmt.Errorf("did not accept connections on %s (--app-port) within %s: does it listen on port %s?", addr, limit, portOfAddr(addr))
	}
	return fmt.Errorf("did not accept connections on %s within %s: does it listen on $PORT or $MICRO_LISTEN? A program on a fixed port needs micro-dev --app-port PORT", addr, limit)
}

package runner

import (
	"context"
	"net"
	"time"
)

// WaitReady returns nil once a connection to address on network succeeds;
// an error wrapping ErrExited, with the exit status, if the child exits
// first; ctx.Err() when ctx ends. It polls with a short growing delay
// (from 2ms to at most 50ms), so it returns soon after the child listens.
func (p *Process) WaitReady(ctx context.Context, network, address string) error {
	// A dial to a listening loopback port answers at once; the timeout only
	// guards against an address that swallows SYNs.
	d := net.Dialer{Timeout: time.Second}
	delay := 2 * time.Millisecond
	for {
		if err := p.exitedErr(address); err != nil {
			return err
		}
		conn, err := d.DialContext(ctx, network, address)
		if err == nil {
			conn.Close()
			return nil
		}
		t := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-p.Done():
			t.Stop()
		case <-t.C:
		}
		delay = min(2*delay, 50*time.Millisecond)
	}
}

//go:build windows

package core

import (
	"io"
	"net"
	"os"
	"sync"
	"syscall"
	"time"
)

// pipeConn is the server end of one named pipe connection, with deadlines
// (net/http relies on them for its timeouts and to stop a background read).
type pipeConn struct {
	h    syscall.Handle
	name string

	mu      sync.RWMutex // Close takes it to stop new operations
	closing bool
	rd, wr  pipeOp
}

// pipeOp is one direction of a connection: one operation at a time.
type pipeOp struct {
	run sync.Mutex // held for the whole operation
	ov  syscall.Overlapped

	dmu      sync.Mutex // guards the fields below
	deadline time.Time
	timer    *time.Timer
	pending  bool
	gen      uint64
	timedOut bool
}

func newPipeConn(h syscall.Handle, name string) (*pipeConn, error) {
	c := &pipeConn{h: h, name: name}
	var err error
	if c.rd.ov.HEvent, err = createEvent(); err != nil {
		_ = syscall.CloseHandle(h)
		return nil, err
	}
	if c.wr.ov.HEvent, err = createEvent(); err != nil {
		_ = syscall.CloseHandle(c.rd.ov.HEvent)
		_ = syscall.CloseHandle(h)
		return nil, err
	}
	return c, nil
}

// do runs one overlapped operation started by start, honouring the
// deadline and Close.
func (c *pipeConn) do(op *pipeOp, start func(*syscall.Overlapped) error) (int, error) {
	op.run.Lock()
	defer op.run.Unlock()

	c.mu.RLock()
	if c.closing {
		c.mu.RUnlock()
		return 0, net.ErrClosed
	}
	op.dmu.Lock()
	if !op.deadline.IsZero() && !time.Now().Before(op.deadline) {
		op.dmu.Unlock()
		c.mu.RUnlock()
		return 0, os.ErrDeadlineExceeded
	}
	op.gen++
	op.pending, op.timedOut = true, false
	if !op.deadline.IsZero() {
		op.timer = c.expireAfter(op, time.Until(op.deadline), op.gen)
	}
	// Started under dmu, so that a deadline that expires at once finds
	// the operation to cancel. Overlapped I/O does not block here.
	err := start(&op.ov)
	op.dmu.Unlock()
	c.mu.RUnlock()

	var n uint32
	if err == nil || err == syscall.ERROR_IO_PENDING {
		n, err = overlappedResult(c.h, &op.ov)
	}

	op.dmu.Lock()
	op.pending = false
	if op.timer != nil {
		op.timer.Stop()
		op.timer = nil
	}
	timedOut := op.timedOut
	op.dmu.Unlock()

	switch {
	case err == nil:
		return int(n), nil
	case err == syscall.ERROR_OPERATION_ABORTED && timedOut:
		return int(n), os.ErrDeadlineExceeded
	case err == syscall.ERROR_OPERATION_ABORTED:
		return int(n), net.ErrClosed
	}
	return int(n), err
}

// expireAfter cancels operation gen of op once d has passed.
func (c *pipeConn) expireAfter(op *pipeOp, d time.Duration, gen uint64) *time.Timer {
	return time.AfterFunc(d, func() {
		op.dmu.Lock()
		defer op.dmu.Unlock()
		if op.pending && op.gen == gen {
			op.timedOut = true
			_ = syscall.CancelIoEx(c.h, &op.ov)
		}
	})
}

func (c *pipeConn) setDeadline(op *pipeOp, t time.Time) {
	op.dmu.Lock()
	defer op.dmu.Unlock()
	op.deadline = t
	if !op.pending {
		return
	}
	if op.timer != nil {
		op.timer.Stop()
		op.timer = nil
	}
	switch {
	case t.IsZero():
	case !time.Now().Before(t):
		op.timedOut = true
		_ = syscall.CancelIoEx(c.h, &op.ov)
	default:
		op.timer = c.expireAfter(op, time.Until(t), op.gen)
	}
}

func (c *pipeConn) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	n, err := c.do(&c.rd, func(ov *syscall.Overlapped) error {
		return syscall.ReadFile(c.h, p, nil, ov)
	})
	if err == syscall.ERROR_BROKEN_PIPE || err == errorPipeNotConnected || err == syscall.ERROR_HANDLE_EOF {
		return n, io.EOF
	}
	if err != nil {
		return n, c.opError("read", err)
	}
	if n == 0 {
		return 0, io.EOF
	}
	return n, nil
}

func (c *pipeConn) Write(p []byte) (int, error) {
	written := 0
	for written < len(p) {
		chunk := p[written:]
		n, err := c.do(&c.wr, func(ov *syscall.Overlapped) error {
			return syscall.WriteFile(c.h, chunk, nil, ov)
		})
		written += n
		if err != nil {
			return written, c.opError("write", err)
		}
		if n == 0 {
			return written, c.opError("write", io.ErrShortWrite)
		}
	}
	return written, nil
}

func (c *pipeConn) opError(op string, err error) error {
	if err == os.ErrDeadlineExceeded || err == net.ErrClosed {
		return &net.OpError{Op: op, Net: "pipe", Addr: pipeAddr(c.name), Err: err}
	}
	return &net.OpError{Op: op, Net: "pipe", Addr: pipeAddr(c.name), Err: os.NewSyscallError(op, err)}
}

// Close cancels operations in flight, waits for them to end, and closes
// the pipe.
func (c *pipeConn) Close() error {
	c.mu.Lock()
	if c.closing {
		c.mu.Unlock()
		return nil
	}
	c.closing = true
	_ = syscall.CancelIoEx(c.h, nil)
	c.mu.Unlock()
	// The operations hold their lock until the kernel is done with their
	// buffers and overlapped structures.
	c.rd.run.Lock()
	c.wr.run.Lock()
	defer c.rd.run.Unlock()
	defer c.wr.run.Unlock()
	_ = syscall.CloseHandle(c.rd.ov.HEvent)
	_ = syscall.CloseHandle(c.wr.ov.HEvent)
	return syscall.CloseHandle(c.h)
}

func (c *pipeConn) LocalAddr() net.Addr  { return pipeAddr(c.name) }
func (c *pipeConn) RemoteAddr() net.Addr { return pipeAddr(c.name) }

func (c *pipeConn) SetDeadline(t time.Time) error {
	c.setDeadline(&c.rd, t)
	c.setDeadline(&c.wr, t)
	return nil
}

func (c *pipeConn) SetReadDeadline(t time.Time) error  { c.setDeadline(&c.rd, t); return nil }
func (c *pipeConn) SetWriteDeadline(t time.Time) error { c.setDeadline(&c.wr, t); return nil }

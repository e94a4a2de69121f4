//go:build windows

package core

import (
	"net"
	"os"
	"sync"
	"syscall"
	"unsafe"
)

// Named pipes with the standard library alone: the calls syscall lacks
// are loaded from kernel32, and I/O is overlapped so that a read and a
// write can be in flight on one connection at once, as net/http needs.
var (
	kernel32                = syscall.NewLazyDLL("kernel32.dll")
	procCreateNamedPipeW    = kernel32.NewProc("CreateNamedPipeW")
	procConnectNamedPipe    = kernel32.NewProc("ConnectNamedPipe")
	procCreateEventW        = kernel32.NewProc("CreateEventW")
	procGetOverlappedResult = kernel32.NewProc("GetOverlappedResult")
)

const (
	pipeAccessDuplex        = 0x00000003
	fileFlagOverlapped      = 0x40000000
	fileFlagFirstPipeInst   = 0x00080000
	pipeRejectRemoteClients = 0x00000008
	pipeUnlimitedInstances  = 255
	pipeBufferSize          = 64 << 10
	errorPipeConnected      = syscall.Errno(535)
	errorPipeNotConnected   = syscall.Errno(233)
	errorNoData             = syscall.Errno(232)
)

type pipeAddr string

func (a pipeAddr) Network() string { return "pipe" }
func (a pipeAddr) String() string  { return string(a) }

// pipeListener accepts clients on a named pipe. One pipe instance always
// waits for the next client, so that the name exists between accepts.
type pipeListener struct {
	name string

	mu      sync.Mutex
	closed  bool
	next    syscall.Handle // the instance the next Accept connects, or 0
	waiting *pipeWait      // the Accept in progress, for Close to cancel
}

// pipeWait is the state of one ConnectNamedPipe, on the heap because the
// kernel writes to the overlapped structure after the call returns.
type pipeWait struct {
	h  syscall.Handle
	ov syscall.Overlapped
}

func listenPipe(name string) (net.Listener, error) {
	h, err := createPipe(name, true)
	if err != nil {
		return nil, &net.OpError{Op: "listen", Net: "pipe", Addr: pipeAddr(name), Err: os.NewSyscallError("CreateNamedPipe", err)}
	}
	return &pipeListener{name: name, next: h}, nil
}

func createPipe(name string, first bool) (syscall.Handle, error) {
	p, err := syscall.UTF16PtrFromString(name)
	if err != nil {
		return syscall.InvalidHandle, err
	}
	mode := uint32(pipeAccessDuplex | fileFlagOverlapped)
	if first {
		mode |= fileFlagFirstPipeInst // fails if another server owns the name
	}
	r, _, e := procCreateNamedPipeW.Call(uintptr(unsafe.Pointer(p)), uintptr(mode), pipeRejectRemoteClients,
		pipeUnlimitedInstances, pipeBufferSize, pipeBufferSize, 0, 0)
	if syscall.Handle(r) == syscall.InvalidHandle {
		return syscall.InvalidHandle, e
	}
	return syscall.Handle(r), nil
}

func createEvent() (syscall.Handle, error) {
	r, _, e := procCreateEventW.Call(0, 1, 0, 0) // manual reset, not signalled
	if r == 0 {
		return 0, os.NewSyscallError("CreateEvent", e)
	}
	return syscall.Handle(r), nil
}

// overlappedResult waits for the operation on ov to finish.
func overlappedResult(h syscall.Handle, ov *syscall.Overlapped) (uint32, error) {
	var n uint32
	r, _, e := procGetOverlappedResult.Call(uintptr(h), uintptr(unsafe.Pointer(ov)), uintptr(unsafe.Pointer(&n)), 1)
	if r == 0 {
		return n, e
	}
	return n, nil
}

func (l *pipeListener) Accept() (net.Conn, error) {
	ev, err := createEvent()
	if err != nil {
		return nil, err
	}
	defer syscall.CloseHandle(ev)
	w := &pipeWait{}
	w.ov.HEvent = ev

	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return nil, net.ErrClosed
	}
	w.h, l.next = l.next, 0
	if w.h == 0 {
		if w.h, err = createPipe(l.name, false); err != nil {
			l.mu.Unlock()
			return nil, &net.OpError{Op: "accept", Net: "pipe", Addr: pipeAddr(l.name), Err: os.NewSyscallError("CreateNamedPipe", err)}
		}
	}
	r, _, e := procConnectNamedPipe.Call(uintptr(w.h), uintptr(unsafe.Pointer(&w.ov)))
	l.waiting = w
	l.mu.Unlock()

	if r == 0 && e != errorPipeConnected {
		if e == syscall.ERROR_IO_PENDING {
			_, e = overlappedResult(w.h, &w.ov)
		}
		if e != nil && e != errorPipeConnected && e != errorNoData {
			_ = syscall.CloseHandle(w.h)
			l.mu.Lock()
			closed := l.closed
			l.waiting = nil
			l.mu.Unlock()
			if closed {
				return nil, net.ErrClosed
			}
			return nil, &net.OpError{Op: "accept", Net: "pipe", Addr: pipeAddr(l.name), Err: os.NewSyscallError("ConnectNamedPipe", e)}
		}
	}
	l.mu.Lock()
	l.waiting = nil
	if !l.closed {
		if next, err := createPipe(l.name, false); err == nil {
			l.next = next
		}
	}
	l.mu.Unlock()
	return newPipeConn(w.h, l.name)
}

func (l *pipeListener) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return nil
	}
	l.closed = true
	if l.waiting != nil {
		_ = syscall.CancelIoEx(l.waiting.h, &l.waiting.ov)
	}
	if l.next != 0 {
		_ = syscall.CloseHandle(l.next)
		l.next = 0
	}
	return nil
}

func (l *pipeListener) Addr() net.Addr { return pipeAddr(l.name) }

//go:build unix

package proc

import (
	"io"
	"os"
	"os/exec"
	"os/signal"
	"syscall"
	"time"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"
)

// terminal is the pseudo-terminal of a process started with Command.TTY:
// we read its master end, the process writes to its slave end.
type terminal struct {
	master, slave *os.File
	out           io.Writer
	copied        chan struct{} // closed once the copy of the output ends
}

// openTTY gives the process a new pseudo-terminal for its stdout and
// stderr, one stream in the order it was written, and makes it the
// process's controlling terminal. A controlling terminal needs a session
// of its own (Setsid), which also makes the process the leader of a new
// group whose id is its pid, exactly as Setpgid does: group signals and
// the guard work the same. Setpgid must then be off: a session leader may
// not change its group.
func openTTY(cmd *exec.Cmd, out io.Writer) (*terminal, error) {
	master, slave, err := pty.Open()
	if err != nil {
		return nil, err
	}
	// Our terminal's size when we have one, so the program lays its output
	// out for it; else the classic 80x24 rather than a 0x0 terminal.
	size := &pty.Winsize{Cols: 80, Rows: 24}
	if ws, err := pty.GetsizeFull(os.Stdout); err == nil && ws.Cols > 0 && ws.Rows > 0 {
		size = ws
	}
	_ = pty.Setsize(master, size)
	if master, err = pollable(master); err != nil {
		slave.Close()
		return nil, err
	}
	cmd.Stdout, cmd.Stderr = slave, slave
	sa := cmd.SysProcAttr
	sa.Setpgid, sa.Setsid, sa.Setctty, sa.Ctty = false, true, true, 1 // fd 1: stdout in the process
	if out == nil {
		out = io.Discard
	}
	return &terminal{master: master, slave: slave, out: out, copied: make(chan struct{})}, nil
}

// pollable returns f as a file of the runtime's poller: its ioctls (in
// pty) called Fd, which puts a file in blocking mode for good, and a
// blocking read is not ended by Close. A non-blocking duplicate is, so
// drain can end the copy even while a process holds the terminal.
func pollable(f *os.File) (*os.File, error) {
	defer f.Close()
	syscall.ForkLock.RLock() // no fork between the dup and close-on-exec
	fd, err := syscall.Dup(int(f.Fd()))
	if err == nil {
		syscall.CloseOnExec(fd)
	}
	syscall.ForkLock.RUnlock()
	if err != nil {
		return nil, err
	}
	if err := syscall.SetNonblock(fd, true); err != nil {
		syscall.Close(fd)
		return nil, err
	}
	return os.NewFile(uintptr(fd), f.Name()), nil
}

// started closes our copy of the slave end, so that reading the master
// ends (EIO) once no process holds the terminal, and copies the output.
// While the process runs, its terminal follows the size of ours.
func (t *terminal) started() {
	t.slave.Close()
	go func() {
		defer close(t.copied)
		_, _ = io.Copy(t.out, t.master)
	}()
	if _, err := pty.GetsizeFull(os.Stdout); err != nil {
		return // our output is not a terminal: nothing to follow
	}
	winch := make(chan os.Signal, 1)
	signal.Notify(winch, syscall.SIGWINCH)
	go func() {
		defer signal.Stop(winch)
		for {
			select {
			case <-winch:
				if ws, err := pty.GetsizeFull(os.Stdout); err == nil {
					_ = t.setSize(ws)
				}
			case <-t.copied:
				return
			}
		}
	}()
}

// setSize gives the process's terminal a new size, as a resized window
// does: the kernel then sends SIGWINCH to its foreground group, and a
// program that lays out its output (a progress bar, a TUI) redraws.
// pty.Setsize would call Fd on the master, which puts it in blocking mode
// for good (see pollable); the ioctl goes through SyscallConn instead.
func (t *terminal) setSize(ws *pty.Winsize) error {
	rc, err := t.master.SyscallConn()
	if err != nil {
		return err
	}
	var ioctlErr error
	err = rc.Control(func(fd uintptr) {
		ioctlErr = unix.IoctlSetWinsize(int(fd), unix.TIOCSWINSZ, &unix.Winsize{Row: ws.Rows, Col: ws.Cols, Xpixel: ws.X, Ypixel: ws.Y})
	})
	if err != nil {
		return err
	}
	return ioctlErr
}

// failed releases the terminal of a process that did not start.
func (t *terminal) failed() {
	t.slave.Close()
	t.master.Close()
}

// drain waits, at most limit, for the output of a reaped process to be
// copied, then closes the master end, which ends the copy at once even if
// a process that left the group still holds the terminal.
func (t *terminal) drain(limit time.Duration) {
	timer := time.NewTimer(limit)
	defer timer.Stop()
	select {
	case <-t.copied:
	case <-timer.C:
	}
	t.master.Close()
	<-t.copied
}

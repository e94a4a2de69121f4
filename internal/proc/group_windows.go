package proc

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// Windows has no process groups to signal the way Unix does and no
// Pdeathsig. The process gets a new console process group, so a graceful
// stop can send it CTRL_BREAK (which Go programs see as os.Interrupt);
// anything else, or a failure, kills the process itself. Its own children
// are not reached; a Job object would be needed for that.

const lockThread = false

var generateConsoleCtrlEvent = syscall.NewLazyDLL("kernel32.dll").NewProc("GenerateConsoleCtrlEvent")

func procAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{CreationFlags: syscall.CREATE_NEW_PROCESS_GROUP}
}

// Signal sends sig to the process: os.Kill kills it, os.Interrupt sends
// CTRL_BREAK to its console process group; other signals are unsupported.
func (p *Process) Signal(sig os.Signal) error {
	switch sig {
	case os.Kill:
		return p.cmd.Process.Kill()
	case os.Interrupt:
		return ctrlBreak(p)
	}
	return fmt.Errorf("signal process %d: unsupported signal %v on windows", p.pid, sig)
}

func ctrlBreak(p *Process) error {
	if p.Status().Ended() {
		return os.ErrProcessDone
	}
	r, _, err := generateConsoleCtrlEvent.Call(syscall.CTRL_BREAK_EVENT, uintptr(p.pid))
	if r == 0 {
		return fmt.Errorf("send CTRL_BREAK to process %d: %w", p.pid, err)
	}
	return nil
}

func termGroup(p *Process) error {
	if err := ctrlBreak(p); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return killGroup(p)
	}
	return nil
}

func killGroup(p *Process) error {
	if err := p.cmd.Process.Kill(); err != nil && !errors.Is(err, os.ErrProcessDone) && !p.Status().Ended() {
		return fmt.Errorf("kill process %d: %w", p.pid, err)
	}
	return nil
}

func groupAlive(p *Process) bool { return !p.Status().Ended() }

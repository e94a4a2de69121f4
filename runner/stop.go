package runner

import (
	"errors"
	"time"
)

// Stop ends the child's whole process group: SIGTERM, then up to Grace for
// the child and everything else in the group to exit, then SIGKILL. It
// returns once the child is reaped and its group is empty or has been sent
// SIGKILL (nil if it had already exited). Stop is idempotent and safe to
// call from several goroutines; every call returns when the first is done.
func (p *Process) Stop() error {
	p.stopOnce.Do(func() { p.stopErr = p.terminate() })
	<-p.done
	return p.stopErr
}

// Kill sends SIGKILL to the child's whole process group at once and returns
// when the child is reaped. It may be called while a Stop waits out its
// grace period, to cut it short.
func (p *Process) Kill() error {
	p.killOnce.Do(func() { close(p.killed) })
	err := killGroup(p)
	<-p.done
	return err
}

// terminate is the one escalation run by Stop.
func (p *Process) terminate() error {
	deadline := time.NewTimer(p.grace)
	defer deadline.Stop()
	// Sent even when the child has exited: grandchildren left in its group
	// get the same chance to end cleanly.
	if err := termGroup(p); err != nil {
		return errors.Join(err, killGroup(p))
	}
	select {
	case <-p.done:
	case <-deadline.C:
		return killGroup(p)
	case <-p.killed:
		return nil
	}
	// The child is gone; what is left of its group (grandchildren) gets
	// the rest of the grace period, then SIGKILL.
	if p.waitGroupGone(deadline.C, p.killed) {
		return nil
	}
	return killGroup(p)
}

// waitGroupGone polls, with a growing delay, until no process is left in the
// child's group (true) or the deadline passes or Kill is called (false).
func (p *Process) waitGroupGone(deadline <-chan time.Time, killed <-chan struct{}) bool {
	delay := 2 * time.Millisecond
	for groupAlive(p) {
		t := time.NewTimer(delay)
		select {
		case <-deadline:
			t.Stop()
			return false
		case <-killed:
			t.Stop()
			return false
		case <-t.C:
		}
		delay = min(2*delay, 50*time.Millisecond)
	}
	return true
}

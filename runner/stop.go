package runner

import (
	"errors"
	"time"
)

// Stop ends the child's whole process group: SIGTERM, then up to Grace for
// the child and everything else in the group to exit, then SIGKILL. It
// returns once the child is reaped (nil if it had already exited). Stop is
// idempotent and safe to call from several goroutines; every call returns
// when the child is reaped.
func (p *Process) Stop() error {
	p.stopOnce.Do(func() { p.stopErr = p.terminate() })
	<-p.done
	return p.stopErr
}

// Kill sends SIGKILL to the child's whole process group at once and returns
// when the child is reaped. It may be called while a Stop waits out its
// grace period, to cut it short.
func (p *Process) Kill() error {
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
	}
	// The child is gone; what is left of its group (grandchildren) gets
	// the rest of the grace period, then SIGKILL.
	if p.waitGroupGone(deadline.C) {
		return nil
	}
	return killGroup(p)
}

// waitGroupGone polls, with a growing delay, until no process is left in the
// child's group (true) or stop fires (false).
func (p *Process) waitGroupGone(stop <-chan time.Time) bool {
	delay := 2 * time.Millisecond
	for groupAlive(p) {
		t := time.NewTimer(delay)
		select {
		case <-stop:
			t.Stop()
			return false
		case <-t.C:
		}
		delay = min(2*delay, 50*time.Millisecond)
	}
	return true
}

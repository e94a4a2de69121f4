package proc

import (
	"errors"
	"fmt"
	"time"
)

// Stop ends the whole process group: SIGTERM, then up to the grace period
// for the leader and everything else in the group to exit, then SIGKILL.
// It returns once the leader is reaped and the group is empty or has been
// sent SIGKILL: nil after a clean stop, an error wrapping ErrKilled when
// the grace period ran out. Stop is idempotent; every call returns when
// the first is done.
func (p *Process) Stop() error {
	p.stopOnce.Do(func() {
		p.stopErr = p.terminate()
		<-p.done
		p.free()
	})
	<-p.done
	return p.stopErr
}

// Kill sends SIGKILL to the whole process group at once and returns when
// the leader is reaped. It may be called while Stop waits out its grace
// period, to cut it short.
func (p *Process) Kill() error {
	p.killOnce.Do(func() { close(p.killed) })
	err := killGroup(p)
	<-p.done
	p.free()
	return err
}

// terminate is the escalation run by Stop.
func (p *Process) terminate() error {
	deadline := time.NewTimer(p.grace)
	defer deadline.Stop()
	// Sent even when the leader has exited: what is left of its group
	// gets the same chance to end cleanly.
	if err := termGroup(p); err != nil {
		return errors.Join(err, killGroup(p))
	}
	select {
	case <-p.done:
	case <-deadline.C:
		return p.escalate()
	case <-p.killed:
		return nil
	}
	if p.waitGroupGone(deadline.C) {
		return nil
	}
	select {
	case <-p.killed:
		return nil
	default:
		return p.escalate()
	}
}

func (p *Process) escalate() error {
	if err := killGroup(p); err != nil {
		return err
	}
	return fmt.Errorf("process group %d: %w (%s)", p.pid, ErrKilled, p.grace)
}

// waitGroupGone polls, with a growing delay, until no process is left in
// the group (true) or the deadline passes or Kill is called (false).
func (p *Process) waitGroupGone(deadline <-chan time.Time) bool {
	delay := 2 * time.Millisecond
	for groupAlive(p) {
		t := time.NewTimer(delay)
		select {
		case <-deadline:
			t.Stop()
			return false
		case <-p.killed:
			t.Stop()
			return false
		case <-t.C:
		}
		delay = min(2*delay, 50*time.Millisecond)
	}
	return true
}

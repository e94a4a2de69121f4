package runner

// Stop ends the child's whole process group: SIGTERM, then up to Grace for
// the child and everything else in the group to exit, then SIGKILL. It
// returns once the child is reaped and its group is empty or has been sent
// SIGKILL: nil if it ended within the grace period (or had already ended),
// an error wrapping ErrKilled if it had to be killed. Stop is idempotent
// and safe to call from several goroutines; every call returns when the
// first is done.
func (p *Process) Stop() error { return p.p.Stop() }

// Kill sends SIGKILL to the child's whole process group at once and returns
// when the child is reaped. It may be called while a Stop waits out its
// grace period, to cut it short.
func (p *Process) Kill() error { return p.p.Kill() }

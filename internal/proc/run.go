package proc

import "context"

// Run starts the process and waits for it to end. When ctx ends first, the
// group is stopped (Stop: SIGTERM, grace, SIGKILL) and Run returns
// ctx.Err() once it is reaped. Otherwise what is left of its group is
// killed and Run returns the Status and a nil error, whatever the exit
// code: the caller decides what a failure means.
func Run(ctx context.Context, c Command) (Status, error) {
	p, err := Start(c)
	if err != nil {
		return Status{}, err
	}
	select {
	case <-p.Done():
		_ = p.Kill()
		return p.Status(), nil
	case <-ctx.Done():
		_ = p.Stop()
		return p.Status(), ctx.Err()
	}
}

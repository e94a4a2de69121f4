//go:build !unix

package watcher

import (
	"testing"
	"time"
)

// cpuTime is not measured here.
func cpuTime(tb testing.TB) time.Duration {
	tb.Skip("no CPU time to measure on this system")
	return 0
}

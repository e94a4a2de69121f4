package core

import (
	"os"
	"sync/atomic"
)

// devMode is the one piece of process-wide state in core: the SPEC makes
// development mode a property of the process (MICRO_ENV), read on every
// error and JSON reply, so it is an atomic rather than a lock.
var devMode atomic.Bool

func init() {
	devMode.Store(os.Getenv("MICRO_ENV") == "development")
}

// Dev reports whether development mode is on. It starts on when the
// environment variable MICRO_ENV is "development" (micro-dev sets it for
// the handler it runs) and can be changed with SetDev.
//
// In development mode JSON replies are indented with two spaces and
// responses of 5xx errors carry the error's text and stack; in production
// they never do.
func Dev() bool { return devMode.Load() }

// SetDev turns development mode on or off for the whole process. It is
// safe to call at any time, from any goroutine; a request already being
// answered may still see the old value.
func SetDev(on bool) { devMode.Store(on) }

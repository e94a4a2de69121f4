// Package runner builds a Go package with `go build` and supervises the one
// child process that serves it. It is what the micro and micro-dev commands
// share.
//
// The build half: [Resolve] turns what the user typed ("." "./api" an import
// path) into a [Target], quickly and without the go command for a directory,
// and rejects a package micro cannot serve with a message saying what to do.
// [Build.Run] compiles the target with a single go build. A handler package
// (one exporting Handler) gets a generated main (mainSource) that is given
// to go build through an overlay, so nothing is ever written into the user's
// tree; a main package is built as is. A compile failure is a [*BuildError]
// carrying the compiler's file:line:col [Diagnostic]s.
//
// The process half: [Start] starts a [Command] in its own process group,
// which ends with us even when we are SIGKILLed, and reaps it; a [Process]
// can wait until it accepts connections, be signalled, and be stopped with
// SIGTERM, a grace period and SIGKILL of the whole group. How it ended is
// a typed [Status]. Every go command runs the same way (internal/proc).
package runner

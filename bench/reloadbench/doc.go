//go:build linux

// Command reloadbench measures hot-reload development servers — micro-dev
// and, beside it in the same run, air — on the same fixture
// (testdata/devapp):
//
//   - save → serve: the fixture's version.go is rewritten with a new
//     constant (a plain overwrite, as VS Code and most editors save, or
//     write-temp-and-rename with -edit rename), the time is taken when the
//     write returns, and GET / is polled every 5 ms over a keep-alive
//     connection until the body is the new constant;
//   - failed requests: during a second series of reloads, -load goroutines
//     send GETs back to back and count transport errors and non-200
//     statuses; a reload never served within a minute is counted as lost
//     and the next save tried;
//   - the floor: a warm `go build` of the fixture's main package after the
//     same kind of edit, on a separate copy, one after each quiet reload
//     (the load of a shared machine drifts), plain and with
//     -ldflags=-s -w (as micro-dev builds);
//   - no-op saves: identical bytes written several times must start no
//     build (counted from the tool's output) and no restart (the tool's
//     child pid must not change);
//   - idle CPU and RSS of the tool itself (not its child), from /proc;
//   - children: after the reloads the tool must have exactly one child;
//     after SIGKILL of the tool alone (not its process group) that child
//     must die too.
//
// Each tool runs on its own temporary copy of the fixture, one tool after
// the other so that they do not compete for the CPU. The program only
// listens and connects on loopback, bounds every wait with a deadline, and
// kills only processes it started (their process groups) or children of
// those that outlived them.
//
// It reads /proc, so it is Linux only. bench/reload.sh builds micro-dev and
// runs it; see -h for the flags.
package main

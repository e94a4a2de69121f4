// Package proc starts and stops child processes so that none outlives us.
//
// Every process [Start] starts leads a process group of its own, is reaped
// by a goroutine started with it, and is stopped by [Process.Stop]: SIGTERM
// to the whole group, a bounded grace period, then SIGKILL to the group.
// How it ended is a typed [Status], not a string to compare.
//
// A group also ends when we do, however we end, SIGKILL included. On Linux
// the leader gets SIGKILL from the kernel when we die (Pdeathsig); that does
// not reach the processes the leader started (the compiler and linker under
// `go build`). So every group is also registered with a guard: one small
// shell per process, in its own session, reading group ids on a pipe from
// us. When the pipe reaches end of file, which the kernel ensures as soon
// as we are gone, the guard sends SIGKILL to every group still registered.
// A group is unregistered once it is known to be empty, so the guard never
// kills a reused id.
//
// A process started with Command.TTY runs under a pseudo-terminal of its
// own: it leads a new session (and so a group whose id is its pid, as
// above) with the terminal as its controlling terminal, and its output is
// copied from the terminal until it ends, bounded as for pipes.
//
// On Windows there are no process groups to signal: Stop interrupts the
// child with CTRL_BREAK and kills the child itself, and there is no guard.
package proc

//go:build !linux

package devserver

import "time"

// portCheckEvery is how often a child's ports are looked at while it
// starts: each look starts lsof, far dearer than reading /proc.
const portCheckEvery = 500 * time.Millisecond

// treePorts asks lsof where /proc is not: the ports the process group of
// pid (the program's, whose id is its leader's pid) listens on.
func treePorts(pid int) ([]int, error) { return lsofPorts(pid) }

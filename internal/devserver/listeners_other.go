//go:build !linux

package devserver

// treePorts asks lsof where /proc is not: the ports the process group of
// pid (the program's, whose id is its leader's pid) listens on.
func treePorts(pid int) ([]int, error) { return lsofPorts(pid) }

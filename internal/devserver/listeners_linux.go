package devserver

import (
	"bufio"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// portCheckEvery is how often a child's ports are looked at while it
// starts: reading /proc is cheap.
const portCheckEvery = 100 * time.Millisecond

// treePorts returns the TCP ports that the process pid, its process group
// and its descendants listen on, read from /proc: the socket inodes of
// their open files, matched against the listening sockets of their network
// namespace. A debugger's target runs in a group of its own, hence the
// descendants as well as the group.
func treePorts(pid int) ([]int, error) {
	inodes := map[string]bool{}
	for _, p := range tree(pid) {
		fds, err := os.ReadDir(filepath.Join("/proc", strconv.Itoa(p), "fd"))
		if err != nil {
			continue // gone meanwhile, or not ours to read
		}
		for _, fd := range fds {
			link, err := os.Readlink(filepath.Join("/proc", strconv.Itoa(p), "fd", fd.Name()))
			if err == nil && strings.HasPrefix(link, "socket:[") {
				inodes[strings.TrimSuffix(strings.TrimPrefix(link, "socket:["), "]")] = true
			}
		}
	}
	var ports []int
	for _, name := range []string{"tcp", "tcp6"} {
		found, err := listening(filepath.Join("/proc", strconv.Itoa(pid), "net", name), inodes)
		if err != nil {
			return nil, err
		}
		ports = append(ports, found...)
	}
	slices.Sort(ports)
	return slices.Compact(ports), nil
}

// tree returns pid, the members of its process group and their
// descendants.
func tree(pid int) []int {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return []int{pid}
	}
	parent := map[int]int{}
	in := map[int]bool{pid: true}
	for _, e := range entries {
		p, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		ppid, pgrp, ok := stat(p)
		if !ok {
			continue
		}
		parent[p] = ppid
		if pgrp == pid {
			in[p] = true
		}
	}
	// Descendants: follow each process up until a member or the top.
	for p := range parent {
		var chain []int
		for q := p; q > 1 && !in[q]; q = parent[q] {
			chain = append(chain, q)
			if len(chain) > 64 {
				break
			}
		}
		if q := chain; len(q) > 0 && in[parent[q[len(q)-1]]] {
			for _, c := range chain {
				in[c] = true
			}
		}
	}
	out := make([]int, 0, len(in))
	for p := range in {
		out = append(out, p)
	}
	return out
}

// stat reads the parent and the process group of p.
func stat(p int) (ppid, pgrp int, ok bool) {
	b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(p), "stat"))
	if err != nil {
		return 0, 0, false
	}
	// The command name, in parentheses, may hold anything: fields start
	// after its last ')'.
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0, 0, false
	}
	f := strings.Fields(s[i+1:]) // state ppid pgrp ...
	if len(f) < 3 {
		return 0, 0, false
	}
	ppid, err1 := strconv.Atoi(f[1])
	pgrp, err2 := strconv.Atoi(f[2])
	return ppid, pgrp, err1 == nil && err2 == nil
}

// listening returns the ports of the listening sockets in the table at
// path (/proc/net/tcp format) whose inode is in inodes.
func listening(path string, inodes map[string]bool) ([]int, error) {
	f, err := os.Open(path)
	if err != nil {
		if os.IsNotExist(err) {
			return nil, nil // no IPv6
		}
		return nil, err
	}
	defer f.Close()
	var ports []int
	sc := bufio.NewScanner(f)
	sc.Scan() // header
	for sc.Scan() {
		// sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
		f := strings.Fields(sc.Text())
		if len(f) < 10 || f[3] != "0A" || !inodes[f[9]] {
			continue
		}
		_, hexPort, ok := strings.Cut(f[1], ":")
		if port, err := strconv.ParseUint(hexPort, 16, 16); ok && err == nil {
			ports = append(ports, int(port))
		}
	}
	return ports, sc.Err()
}

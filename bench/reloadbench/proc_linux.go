package main

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// userHZ is the unit of the tick counts in /proc/<pid>/stat. The kernel
// exports them in USER_HZ, which is 100 on every Linux architecture Go
// supports, whatever the kernel's internal HZ.
const userHZ = 100

// procStat is the part of /proc/<pid>/stat the benchmark uses.
type procStat struct {
	PID, PPID, PGID int
	Comm            string
	State           byte
	UTime, STime    uint64 // clock ticks (userHZ)
	StartTime       uint64 // ticks after boot; tells a process from a later one with the same pid
}

// parseStat parses the one line of /proc/<pid>/stat. The command name is
// between the first '(' and the last ')' because it may itself hold spaces
// and parentheses.
func parseStat(line string) (procStat, error) {
	open := strings.IndexByte(line, '(')
	closing := strings.LastIndexByte(line, ')')
	if open < 0 || closing < open {
		return procStat{}, fmt.Errorf("parse /proc stat %q: no (comm)", line)
	}
	var st procStat
	pid, err := strconv.Atoi(strings.TrimSpace(line[:open]))
	if err != nil {
		return procStat{}, fmt.Errorf("parse /proc stat pid: %w", err)
	}
	st.PID = pid
	st.Comm = line[open+1 : closing]
	// Fields after comm, numbered from 3 as in proc(5): state(3) ppid(4)
	// pgrp(5) ... utime(14) stime(15) ... starttime(22).
	f := strings.Fields(line[closing+1:])
	if len(f) < 20 {
		return procStat{}, fmt.Errorf("parse /proc stat of %d: %d fields after comm, want at least 20", pid, len(f))
	}
	field := func(n int) string { return f[n-3] }
	st.State = field(3)[0]
	ints := []struct {
		n   int
		dst *int
	}{{4, &st.PPID}, {5, &st.PGID}}
	for _, x := range ints {
		if *x.dst, err = strconv.Atoi(field(x.n)); err != nil {
			return procStat{}, fmt.Errorf("parse /proc stat field %d of %d: %w", x.n, pid, err)
		}
	}
	uints := []struct {
		n   int
		dst *uint64
	}{{14, &st.UTime}, {15, &st.STime}, {22, &st.StartTime}}
	for _, x := range uints {
		if *x.dst, err = strconv.ParseUint(field(x.n), 10, 64); err != nil {
			return procStat{}, fmt.Errorf("parse /proc stat field %d of %d: %w", x.n, pid, err)
		}
	}
	return st, nil
}

// readStat reads /proc/<pid>/stat.
func readStat(pid int) (procStat, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return procStat{}, err
	}
	return parseStat(string(b))
}

// parseVmRSS returns the VmRSS line of /proc/<pid>/status in KiB.
func parseVmRSS(status string) (int64, error) {
	sc := bufio.NewScanner(strings.NewReader(status))
	for sc.Scan() {
		v, ok := strings.CutPrefix(sc.Text(), "VmRSS:")
		if !ok {
			continue
		}
		num, unit, _ := strings.Cut(strings.TrimSpace(v), " ")
		if unit != "kB" {
			return 0, fmt.Errorf("parse VmRSS %q: unit %q, want kB", v, unit)
		}
		return strconv.ParseInt(num, 10, 64)
	}
	return 0, errors.New("no VmRSS line in /proc status: is the process a zombie?")
}

// rssKB returns the resident set size of pid in KiB.
func rssKB(pid int) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	return parseVmRSS(string(b))
}

// processes lists every process readable in root (normally "/proc").
// Processes that exit while it reads are skipped.
func processes(root string) ([]procStat, error) {
	ents, err := os.ReadDir(root)
	if err != nil {
		return nil, fmt.Errorf("list processes: %w", err)
	}
	var out []procStat
	for _, e := range ents {
		if _, err := strconv.Atoi(e.Name()); err != nil {
			continue
		}
		b, err := os.ReadFile(root + "/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		st, err := parseStat(string(b))
		if err != nil {
			continue
		}
		out = append(out, st)
	}
	return out, nil
}

// childrenOf returns the live (not zombie) processes in all whose parent is
// ppid.
func childrenOf(all []procStat, ppid int) []procStat {
	var out []procStat
	for _, p := range all {
		if p.PPID == ppid && p.State != 'Z' {
			out = append(out, p)
		}
	}
	return out
}

// descendantsOf returns the live processes in all below pid, at any depth.
func descendantsOf(all []procStat, pid int) []procStat {
	var out []procStat
	queue := []int{pid}
	for len(queue) > 0 {
		kids := childrenOf(all, queue[0])
		queue = queue[1:]
		for _, k := range kids {
			out = append(out, k)
			queue = append(queue, k.PID)
		}
	}
	return out
}

// alive reports whether the process p is still running: its pid exists,
// is not a zombie (a container's init may never reap orphans) and has the
// same start time, so a recycled pid does not count.
func alive(p procStat) bool {
	now, err := readStat(p.PID)
	if err != nil {
		return false
	}
	return now.State != 'Z' && now.StartTime == p.StartTime
}

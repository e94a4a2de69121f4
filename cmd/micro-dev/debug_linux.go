package main

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// childGroups returns the process groups led by children of pid, other
// than pid's own: Delve's targets.
func childGroups(pid int) []int {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	var groups []int
	for _, e := range entries {
		p, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		s := string(b)
		f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:]) // state ppid pgrp
		if len(f) >= 3 && f[1] == strconv.Itoa(pid) && f[2] == e.Name() && p != pid {
			groups = append(groups, p)
		}
	}
	return groups
}

// killGroups sends SIGKILL to each group that is still there.
func killGroups(groups []int) error {
	var errs []error
	for _, g := range groups {
		if err := syscall.Kill(-g, syscall.SIGKILL); err != nil && !errors.Is(err, syscall.ESRCH) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// targetGroup returns the process group of Delve's target, bin, once
// Delve has started it: a child of Delve leading its own group and running
// bin. 0: not (yet, or any more) there.
func targetGroup(dlvPid int, bin string) int {
	for _, g := range childGroups(dlvPid) {
		cmdline, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(g), "cmdline"))
		if err == nil && strings.SplitN(string(cmdline), "\x00", 2)[0] == bin {
			return g
		}
	}
	return 0
}

// groupGone reports whether no process is left in group g.
func groupGone(g int) bool { return errors.Is(syscall.Kill(-g, 0), syscall.ESRCH) }

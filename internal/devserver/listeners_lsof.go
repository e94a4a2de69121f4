package devserver

import (
	"bytes"
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/seed-1b2dc2de/micro/internal/proc"
)

// lsofPorts returns the TCP ports the processes of the group pgid listen
// on, as lsof says: where there is no /proc to read (macOS, the BSDs).
// Without lsof it fails, and a program on another port is found by the
// ready timeout instead.
func lsofPorts(pgid int) ([]int, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	var out bytes.Buffer
	st, err := proc.Run(ctx, proc.Command{
		Path:   "lsof",
		Args:   []string{"-nP", "-a", "-g", strconv.Itoa(pgid), "-iTCP", "-sTCP:LISTEN", "-Fn"},
		Stdout: &out,
	})
	if err != nil {
		return nil, err
	}
	if !st.Success() && out.Len() == 0 {
		return nil, nil // lsof exits 1 when nothing matches
	}
	return parseLsof(out.String()), nil
}

// parseLsof reads the ports of lsof -Fn output: its "n" lines name the
// local address, "*:8080", "127.0.0.1:9000" or "[::1]:3000".
func parseLsof(s string) []int {
	var ports []int
	for line := range strings.SplitSeq(s, "\n") {
		name, ok := strings.CutPrefix(line, "n")
		if !ok {
			continue
		}
		i := strings.LastIndexByte(name, ':')
		if i < 0 {
			continue
		}
		if p, err := strconv.Atoi(name[i+1:]); err == nil && p > 0 {
			ports = append(ports, p)
		}
	}
	slices.Sort(ports)
	return slices.Compact(ports)
}

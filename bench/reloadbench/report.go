//go:build linux

package main

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// The targets a reload must meet.
const (
	overFloorTarget = 150 * time.Millisecond
	idleCPUTarget   = 1.0 // percent of one core: "≈ 0"
	rssTarget       = 30 << 10
)

// report prints the results as a table, then each tool's checks against
// the targets and what went wrong.
//
// The save → serve target is checked against the floor measured between
// the tool's quiet reloads: a plain warm `go build` after an edit. The floor with
// -ldflags=-s -w (what micro-dev runs) is shown beside it.
func report(w io.Writer, cfg config, results []result) {
	fmt.Fprintf(w, "\nreload benchmark: %d reloads quiet + %d under load (%d client goroutines), edit=%s, fixture %s\n",
		cfg.reloads, loadedReloads(cfg), cfg.workers, cfg.edit, cfg.fixture)
	fmt.Fprintf(w, "floor: median of warm `go build`s of the fixture after an edit, one after each quiet reload; -s -w: the same with -ldflags=-s -w\n\n")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "tool\tfloor\t-s -w\tsave→serve median\tp90\tmin\tmax\tunder load median\tp90\tfailed/total\tlost\tbuilds\tno-op builds\tidle CPU\tRSS\tchildren\tafter SIGKILL\t")
	for _, r := range results {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n",
			r.Name, msN(r.Floor, r.Floor.Median), msN(r.Stripped, r.Stripped.Median),
			msN(r.Quiet, r.Quiet.Median), msN(r.Quiet, r.Quiet.P90), msN(r.Quiet, r.Quiet.Min), msN(r.Quiet, r.Quiet.Max),
			msN(r.Loaded, r.Loaded.Median), msN(r.Loaded, r.Loaded.P90),
			failedCell(r), lostCell(r), buildsCell(r), noopCell(r), cpuCell(r), rssCell(r), childrenCell(r), survivorsCell(r))
	}
	tw.Flush()
	for _, r := range results {
		if r.Log != "" {
			fmt.Fprintf(w, "\n%s (log: %s)\n", r.Name, r.Log)
		} else {
			fmt.Fprintf(w, "\n%s\n", r.Name)
		}
		if r.Floor.N > 0 {
			fmt.Fprintf(w, "  floor: go build %s (min %s, max %s); with -ldflags=-s -w %s (min %s, max %s)\n",
				ms(r.Floor.Median), ms(r.Floor.Min), ms(r.Floor.Max), ms(r.Stripped.Median), ms(r.Stripped.Min), ms(r.Stripped.Max))
		}
		for _, c := range checks(r) {
			fmt.Fprintf(w, "  %s\n", c)
		}
		if r.Built.N > 0 {
			fmt.Fprintf(w, "  its own figures over %d reloads: build median %s (p90 %s), start median %s (p90 %s)\n",
				r.Built.N, ms(r.Built.Median), ms(r.Built.P90), ms(r.Started.Median), ms(r.Started.P90))
		}
		for _, l := range r.Lost {
			fmt.Fprintf(w, "  LOST  %s\n", l)
		}
		if r.ProbeFailed > 0 {
			fmt.Fprintf(w, "  note: %d polls of the save→serve probe failed\n", r.ProbeFailed)
		}
		for _, reason := range slices.Sorted(maps.Keys(r.Load.Samples)) {
			fmt.Fprintf(w, "  failure ×%d: %s\n", r.Load.Samples[reason], reason)
		}
		if r.Err != nil {
			fmt.Fprintf(w, "  ERROR (measurements stopped): %v\n", r.Err)
		}
	}
}

// checks returns one line per target: PASS, FAIL or n/a.
func checks(r result) []string {
	var out []string
	add := func(measured bool, ok bool, format string, args ...any) {
		verdict := "n/a "
		if measured {
			verdict = map[bool]string{true: "PASS", false: "FAIL"}[ok]
		}
		out = append(out, verdict+"  "+fmt.Sprintf(format, args...))
	}
	limit := r.Floor.Median + overFloorTarget
	add(r.Quiet.N > 0 && r.Floor.N > 0, r.Quiet.Median <= limit,
		"median save→serve %s ≤ go build floor %s + 150ms = %s", ms(r.Quiet.Median), ms(r.Floor.Median), ms(limit))
	add(r.Saves > 0, len(r.Lost) == 0,
		"every save served within %v: %d lost", reloadTimeout, len(r.Lost))
	add(r.Load.Total > 0, r.Load.Failed == 0,
		"0 failed requests under load: %d of %d failed", r.Load.Failed, r.Load.Total)
	add(r.NoopChecked, r.NoopBuilds == 0 && !r.NoopRestarted,
		"no-op saves cause no build: %d build lines, child restarted: %v", r.NoopBuilds, r.NoopRestarted)
	add(r.IdleChecked, r.IdleCPU < idleCPUTarget && r.RSSKB <= rssTarget,
		"idle CPU ≈ 0 and RSS ≤ 30 MB: %.2f%% of a core, %.1f MB", r.IdleCPU, float64(r.RSSKB)/1024)
	add(r.ChildrenCheck, len(r.Children) == 1,
		"exactly one child after the reloads: %s", describe(r.Children))
	add(r.KillChecked, len(r.Survivors) == 0,
		"no child alive after SIGKILL of the tool: survivors %s", describe(r.Survivors))
	return out
}

func loadedReloads(cfg config) int {
	if cfg.workers > 0 {
		return cfg.reloads
	}
	return 0
}

func describe(ps []procStat) string {
	if len(ps) == 0 {
		return "none"
	}
	var s []string
	for _, p := range ps {
		s = append(s, fmt.Sprintf("%d (%s)", p.PID, p.Comm))
	}
	return fmt.Sprintf("%d: %s", len(ps), strings.Join(s, ", "))
}

func ms(d time.Duration) string { return fmt.Sprintf("%.0fms", float64(d)/float64(time.Millisecond)) }

// msN prints d of a summary, or "-" for a summary of nothing.
func msN(s summary, d time.Duration) string {
	if s.N == 0 {
		return "-"
	}
	return ms(d)
}

func failedCell(r result) string {
	if r.Load.Total == 0 {
		return "-"
	}
	return fmt.Sprintf("%d/%d", r.Load.Failed, r.Load.Total)
}

func lostCell(r result) string {
	if r.Saves == 0 {
		return "-"
	}
	return fmt.Sprint(len(r.Lost))
}

func buildsCell(r result) string {
	if r.Saves == 0 {
		return "-"
	}
	return fmt.Sprintf("%d/%d", r.ReloadBuilds, r.Saves)
}

func noopCell(r result) string {
	if !r.NoopChecked {
		return "-"
	}
	if r.NoopRestarted {
		return fmt.Sprintf("%d, restarted", r.NoopBuilds)
	}
	return fmt.Sprint(r.NoopBuilds)
}

func cpuCell(r result) string {
	if !r.IdleChecked {
		return "-"
	}
	return fmt.Sprintf("%.2f%%", r.IdleCPU)
}

func rssCell(r result) string {
	if !r.IdleChecked {
		return "-"
	}
	return fmt.Sprintf("%.1fMB", float64(r.RSSKB)/1024)
}

func childrenCell(r result) string {
	if !r.ChildrenCheck {
		return "-"
	}
	return fmt.Sprint(len(r.Children))
}

func survivorsCell(r result) string {
	if !r.KillChecked {
		return "-"
	}
	return fmt.Sprint(len(r.Survivors))
}

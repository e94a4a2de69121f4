//go:build linux

package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// countChildren waits (bounded) for the tool to be down to one child: the
// old child of the last reload may still be stopping.
func (b *bench) countChildren(ctx context.Context) {
	poll(ctx, settleTimeout, 50*time.Millisecond, func() bool {
		all, err := processes("/proc")
		if err != nil {
			return false
		}
		b.res.Children = childrenOf(all, b.tp.pid())
		b.res.ChildrenCheck = true
		return len(b.res.Children) == 1
	})
}

// noop saves the current content again cfg.noops times and watches, for
// the tool's debounce plus noopWindow, for a build line or a restarted
// child.
func (b *bench) noop(ctx context.Context, c *http.Client) error {
	path := filepath.Join(b.dir, "version.go")
	content, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	before := b.tp.out.count(b.s.build)
	all, err := processes("/proc")
	if err != nil {
		return err
	}
	kids := childrenOf(all, b.tp.pid())
	b.logf("%d no-op saves", b.cfg.noops)
	for i := range b.cfg.noops {
		if i > 0 {
			if err := sleep(ctx, noopPacing); err != nil {
				return err
			}
		}
		if err := save(path, content, b.cfg.edit); err != nil {
			return fmt.Errorf("no-op save: %w", err)
		}
	}
	// An observation window, not a wait for a condition: absence of a build
	// can only be seen by watching long enough.
	if err := sleep(ctx, b.s.debounce+noopWindow); err != nil {
		return err
	}
	b.res.NoopBuilds = b.tp.out.count(b.s.build) - before
	for _, k := range kids {
		if !alive(k) {
			b.res.NoopRestarted = true
		}
	}
	b.res.NoopChecked = true
	// Let a rebuild the saves caused finish before measuring idle.
	want := "v" + strconv.Itoa(b.version)
	if _, _, err := waitBody(ctx, c, b.url, want, reloadTimeout); err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("after no-op saves: %w", err)
		}
		// Idle can still be measured on a tool that lost its server.
		b.res.Lost = append(b.res.Lost, fmt.Sprintf("after the no-op saves: %v", err))
	}
	return nil
}

// idle measures the tool's CPU over idleWindow with nothing happening, and
// its resident memory.
func (b *bench) idle(ctx context.Context) error {
	s0, err := readStat(b.tp.pid())
	if err != nil {
		return fmt.Errorf("idle CPU: %w", err)
	}
	t0 := time.Now()
	if err := sleep(ctx, idleWindow); err != nil {
		return err
	}
	s1, err := readStat(b.tp.pid())
	if err != nil {
		return fmt.Errorf("idle CPU: %w", err)
	}
	b.res.IdleCPU = cpuPercent(s0, s1, time.Since(t0))
	if b.res.RSSKB, err = rssKB(b.tp.pid()); err != nil {
		return fmt.Errorf("RSS: %w", err)
	}
	b.res.IdleChecked = true
	return nil
}

// cpuPercent is the CPU a process used between two samples, in percent of
// one core.
func cpuPercent(s0, s1 procStat, wall time.Duration) float64 {
	ticks := float64((s1.UTime + s1.STime) - (s0.UTime + s0.STime))
	return ticks / userHZ / wall.Seconds() * 100
}

// sigkill kills the tool alone, as a crash or `kill -9` would, and checks
// that its children die too.
func (b *bench) sigkill(ctx context.Context) {
	all, err := processes("/proc")
	if err != nil {
		return
	}
	kids := childrenOf(all, b.tp.pid())
	b.logf("SIGKILL to pid %d (children: %d)", b.tp.pid(), len(kids))
	b.tp.killAlone()
	b.killed = true
	poll(ctx, killTimeout, 20*time.Millisecond, func() bool {
		b.res.Survivors = b.res.Survivors[:0]
		for _, k := range kids {
			if alive(k) {
				b.res.Survivors = append(b.res.Survivors, k)
			}
		}
		return len(b.res.Survivors) == 0
	})
	b.res.KillChecked = true
	for _, k := range b.res.Survivors {
		killLeftover(k)
	}
	b.tp.killGroup()
}

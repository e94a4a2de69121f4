package devserver

import (
	"context"
	"fmt"
	"os"
	"time"
)

// sequentialDrain bounds how long a Sequential reload waits for the old
// child's requests: every request waits meanwhile, and a stream (server-
// sent events, a websocket) never ends by itself.
const sequentialDrain = 2 * time.Second

// clearThenLaunch is the Sequential start of a finished build: requests
// keep waiting while the serving child drains, bounded, and every retired
// child is stopped; then run launches the new one.
func (sv *supervisor) clearThenLaunch(res buildDone) {
	if old := sv.s.current(); old != nil {
		sv.s.forget(old)
		sv.retireWithin(old, min(sv.s.cfg.Drain, sequentialDrain))
	}
	waits := sv.stopping
	sv.stopping = nil
	gctx := sv.genCtx
	go func() {
		for _, w := range waits {
			select {
			case <-w:
			case <-gctx.Done():
				removeBin(res.bin)
				return
			}
		}
		select {
		case sv.cleared <- res:
		case <-gctx.Done():
			removeBin(res.bin)
		}
	}()
}

// RestartEvents is an Events that tells a restart without a build (see
// Server.Restart) from a reload; other Events hear Building and Served.
type RestartEvents interface {
	// Restarting: the program restarts because of changed.
	Restarting(changed []string)
	// Restarted: the restarted program accepts connections.
	Restarted(changed []string, start time.Duration)
}

// Restart restarts the program without a build, for a change that only
// its start reads (an env file): the newest executable is started again,
// with the same hold and drain as a reload. When there is none, or a
// build is under way, it rebuilds instead. It does not block.
func (s *Server) Restart(changed []string) {
	for {
		select {
		case s.restarts <- changed:
			return
		default:
		}
		select {
		case prev := <-s.restarts: // merge with the one not yet taken
			changed = append(prev, changed...)
		default:
		}
	}
}

// restart starts the newest executable again, through a hard link that the
// new child owns: the old child's retirement removes its own name.
func (sv *supervisor) restart(ctx context.Context, changed []string) {
	link := ""
	if sv.cancel == nil && sv.lastBin != "" {
		link = fmt.Sprintf("%s-r%d", sv.lastOut, sv.gen+1)
		os.Remove(link)
		if err := os.Link(sv.lastBin, link); err != nil {
			link = ""
		}
	}
	if link == "" {
		sv.rebuild(ctx, changed)
		return
	}
	sv.s.begin()
	sv.newGen(ctx)
	if ev, ok := sv.ev.(RestartEvents); ok {
		ev.Restarting(changed)
	} else {
		sv.ev.Building(changed)
	}
	sv.built(ctx, buildDone{gen: sv.gen, bin: link, changed: changed, restart: true})
}

// served tells Events of a child that accepts connections.
func (sv *supervisor) served(rd readyDone) {
	if ev, ok := sv.ev.(RestartEvents); ok && rd.restart {
		ev.Restarted(rd.changed, rd.took)
		return
	}
	sv.ev.Served(rd.changed, rd.build, rd.took)
}

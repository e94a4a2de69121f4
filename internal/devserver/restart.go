package devserver

import (
	"context"
	"errors"
	"net/http"
)

// RestartPath is where the crash page asks micro-dev, with a POST, to start
// the program that crashed again, without a build.
const RestartPath = "/__micro/restart"

// errNothingToRestart answers a restart asked when the program did not
// crash while serving, or a build is under way: the page is out of date.
var errNothingToRestart = errors.New("nothing to restart: the program is not down after a crash (reload the page)")

// serveRestart starts the crashed program again. Only a POST from one of
// micro-dev's own pages may: a page of another site could otherwise make
// the browser restart it (a simple cross-origin POST needs no preflight).
// The answer is 202 once the restart is under way: requests from then on
// wait for it, and the live reload tells the pages when it serves.
func (s *Server) serveRestart(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "micro-dev: restart with a POST", http.StatusMethodNotAllowed)
		return
	}
	// sameOriginOnly guards every /__micro/ path already; checked here too
	// so that this endpoint is safe however it is mounted.
	if !sameOrigin(r) {
		http.Error(w, "micro-dev: restart only from micro-dev's own pages", http.StatusForbidden)
		return
	}
	reply := make(chan error, 1)
	select {
	case s.crashRestarts <- reply:
	case <-r.Context().Done():
		return
	}
	if err := <-reply; err != nil {
		http.Error(w, "micro-dev: "+err.Error(), http.StatusConflict)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusAccepted)
	_, _ = w.Write([]byte("micro-dev: restarting\n"))
}

// keepCrashed keeps the executable of a child that crashed while serving,
// for a restart, and returns the page that offers it.
func (sv *supervisor) keepCrashed(cur *backend) *failure {
	sv.dropCrashed()
	sv.crashed, cur.bin = cur.bin, "" // retire must not remove it
	f := sv.crash("The handler exited", cur.child.ExitStatus(), cur.child.Tail())
	f.label = "crashed"
	if sv.crashed != "" {
		f.page.Restart = RestartPath
	}
	return f
}

// dropCrashed removes the kept executable: a build replaces it.
func (sv *supervisor) dropCrashed() {
	removeBin(sv.crashed)
	sv.crashed = ""
}

// crashPage is the change a restart from the crash page names.
var crashPage = []string{"the crash page"}

// restartCrashed starts the crashed program again, from its kept
// executable, as if its build had just finished.
func (sv *supervisor) restartCrashed(ctx context.Context) error {
	if sv.crashed == "" || sv.cancel != nil {
		return errNothingToRestart
	}
	bin := sv.crashed
	sv.crashed = ""
	sv.s.begin()
	sv.newGen(ctx) // a reload is under way: a save now abandons it
	if ev, ok := sv.ev.(RestartEvents); ok {
		ev.Restarting(crashPage)
	} else {
		sv.ev.Building(crashPage)
	}
	sv.built(ctx, buildDone{gen: sv.gen, bin: bin, changed: crashPage, restart: true})
	return nil
}

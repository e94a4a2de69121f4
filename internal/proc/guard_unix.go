//go:build unix

package proc

import (
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"syscall"
)

// guardScript keeps the set of registered group ids, one "+ID" or "-ID"
// line at a time, and at end of file (we are gone, however we ended) sends
// SIGKILL to every group left in it. The set is a space-separated string,
// " 12 34 ", as POSIX sh has no arrays.
const guardScript = `g=' '
while read -r l; do
	case $l in
	+*) g="$g${l#+} " ;;
	-*) x=${l#-}; case $g in *" $x "*) g="${g%% $x *} ${g#* $x }" ;; esac ;;
	esac
done
for x in $g; do kill -KILL -"$x" 2>/dev/null; done
`

// guard is the one guard process of this process, started on first use.
// groups mirrors the guard's set, so that a guard started again after the
// first one died learns every group still running.
var guard struct {
	mu     sync.Mutex
	w      *os.File // the write end of the guard's stdin; nil: not running
	groups map[int]bool
}

// guardAdd registers the group pgid. Failing to run the guard leaves the
// group without it: Pdeathsig and Stop still apply, so it is not fatal.
func guardAdd(pgid int) {
	guard.mu.Lock()
	defer guard.mu.Unlock()
	if guard.groups == nil {
		guard.groups = map[int]bool{}
	}
	guard.groups[pgid] = true
	if guard.w == nil {
		_ = startGuard() // which sends every group, this one included
		return
	}
	if guardWrite("+"+strconv.Itoa(pgid)+"\n") != nil {
		_ = startGuard()
	}
}

// guardReady starts the guard if it is not running, before a fork. Then
// the guardAdd that follows the fork is one write to a pipe, done long
// before the new process can have exec'd and started processes of its
// own; starting the guard there instead takes a fork and a shell, long
// enough for a fast child to start a grandchild that a kill of us in
// that window would leave behind.
func guardReady() {
	guard.mu.Lock()
	defer guard.mu.Unlock()
	if guard.w == nil {
		_ = startGuard()
	}
}

// guardRemove unregisters the group pgid, once it is known to be empty or
// killed: its id may then be reused by an unrelated group.
func guardRemove(pgid int) {
	guard.mu.Lock()
	defer guard.mu.Unlock()
	if !guard.groups[pgid] {
		return
	}
	delete(guard.groups, pgid)
	if guard.w != nil {
		_ = guardWrite("-" + strconv.Itoa(pgid) + "\n")
	}
}

// guardWrite writes one line to the guard; a guard that has died gives
// EPIPE (not SIGPIPE: this is not stdout), and is forgotten.
func guardWrite(line string) error {
	if _, err := guard.w.WriteString(line); err != nil {
		guard.w.Close()
		guard.w = nil
		return err
	}
	return nil
}

// startGuard starts a guard in a session of its own, so that signals sent
// to our process group or terminal do not reach it, and gives it every
// registered group. The shell we start leaves the guard running in the
// background and exits at once: the guard is not our child, so it does not
// count among the children a tool or a test sees, and needs no reaper. (A
// background list reads /dev/null unless told otherwise, hence fd 3.) Our
// end of the pipe is close-on-exec, so no process we start holds it open
// after we are gone.
func startGuard() error {
	r, w, err := os.Pipe()
	if err != nil {
		return fmt.Errorf("start the process guard: %w", err)
	}
	cmd := exec.Command("/bin/sh", "-c", "exec 3<&0\n(\n"+guardScript+") <&3 3<&- &\n")
	cmd.Stdin = r
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	err = cmd.Run()
	r.Close()
	if err != nil {
		w.Close()
		return fmt.Errorf("start the process guard: %w", err)
	}
	guard.w = w
	for pgid := range guard.groups {
		if err := guardWrite("+" + strconv.Itoa(pgid) + "\n"); err != nil {
			return err
		}
	}
	return nil
}

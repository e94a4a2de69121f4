package main

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/fatih/color"

	"github.com/seed-1b2dc2de/micro/runner"
)

// ui is everything micro-dev prints about itself: the banner, a line per
// reload, build errors and crashes, and on a terminal a spinner while a
// build runs. The child's own output passes through untouched.
type ui struct {
	out, errw          io.Writer
	childOut, childErr io.Writer
	cwd                string
	tty                bool   // spinner and colours
	env                string // the banner's env file line, if any

	red, green, dim, bold, yellow *color.Color

	mu      sync.Mutex
	spin    chan struct{} // closed to stop the spinner
	spinEnd chan struct{} // closed when the spinner has erased its line
	started time.Time
	served  bool // a build has been served
}

func newUI(stdout, stderr io.Writer, cwd string, tty bool) *ui {
	mk := func(attrs ...color.Attribute) *color.Color {
		c := color.New(attrs...)
		if tty {
			c.EnableColor()
		} else {
			c.DisableColor()
		}
		return c
	}
	u := &ui{
		out: stdout, errw: stderr, cwd: cwd, tty: tty,
		red: mk(color.FgRed), green: mk(color.FgGreen), dim: mk(color.Faint),
		bold: mk(color.Bold), yellow: mk(color.FgYellow),
	}
	// Child output goes through the ui so it never lands in the middle of
	// a spinner frame.
	u.childOut = &uiWriter{u: u, w: stdout}
	u.childErr = &uiWriter{u: u, w: stderr}
	return u
}

type uiWriter struct {
	u *ui
	w io.Writer
}

// childNoise are the lines core.Serve logs as it starts and stops. In a
// child of micro-dev they are noise: the address is the internal one, not
// where the developer should point a browser (the banner gave that), and
// every reload retires a child.
var childNoise = [][]byte{
	[]byte("micro: Accepting connections on "),
	[]byte("micro: Gracefully shutting down. Please wait..."),
}

func (w *uiWriter) Write(p []byte) (int, error) {
	w.u.mu.Lock()
	defer w.u.mu.Unlock()
	w.u.clearSpinnerLocked()
	out := p
	// core logs each line with one Write, so it is always whole here.
	for _, noise := range childNoise {
		if bytes.Contains(out, noise) {
			out = dropLines(out, noise)
		}
	}
	if _, err := w.w.Write(out); err != nil {
		return 0, err
	}
	return len(p), nil
}

// dropLines removes the lines that start with prefix.
func dropLines(p, prefix []byte) []byte {
	var out []byte
	for len(p) > 0 {
		line := p
		if i := bytes.IndexByte(p, '\n'); i >= 0 {
			line = p[:i+1]
		}
		p = p[len(line):]
		if !bytes.HasPrefix(line, prefix) {
			out = append(out, line...)
		}
	}
	return out
}

func (u *ui) printf(format string, args ...any) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.clearSpinnerLocked()
	fmt.Fprintf(u.out, format, args...)
}

func (u *ui) portTaken(want, got int) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.red.Fprintf(u.errw, "micro-dev: port %d is in use, using %d instead\n", want, got)
}

func (u *ui) banner(host string, port int, t *runner.Target, watching int) {
	local := fmt.Sprintf("http://%s", net.JoinHostPort(host, fmt.Sprint(port)))
	var network string
	switch host {
	case "0.0.0.0", "::", "":
		local = fmt.Sprintf("http://localhost:%d", port)
		if ip := networkIP(); ip != "" {
			network = fmt.Sprintf("http://%s", net.JoinHostPort(ip, fmt.Sprint(port)))
		}
	}
	kind := "handler"
	if t.Main {
		kind = "main package"
	}
	u.printf("\n  %s %s\n\n", u.bold.Sprint("micro-dev"), u.dim.Sprint(version))
	u.printf("  %-9s %s\n", "Local:", u.green.Sprint(local))
	if network != "" {
		u.printf("  %-9s %s\n", "Network:", u.green.Sprint(network))
	}
	u.printf("  %-9s %s %s\n", "Serving:", runner.RelPath(u.cwd, t.Dir), u.dim.Sprintf("(%s %s)", kind, t.ImportPath))
	if watching > 0 {
		u.printf("  %-9s %d files\n", "Watching:", watching)
	}
	if u.env != "" {
		u.printf("  %-9s %s\n", "Env:", u.env)
	}
	u.printf("\n")
}

// networkIP is the first non-loopback IPv4 address, for the banner.
func networkIP() string {
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return ""
	}
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok && !n.IP.IsLoopback() && n.IP.To4() != nil {
			return n.IP.String()
		}
	}
	return ""
}

// Building announces a build; on a terminal a spinner shows the time so
// far, and says why a long first build is long.
func (u *ui) Building(changed []string) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.clearSpinnerLocked()
	u.started = time.Now()
	if changed != nil {
		fmt.Fprintf(u.out, "%s %s changed\n", u.dim.Sprint("↻"), shortList(changed, u.cwd))
	}
	if !u.tty {
		return
	}
	stop, end := make(chan struct{}), make(chan struct{})
	u.spin, u.spinEnd = stop, end
	first := changed == nil
	go u.spinner(stop, end, u.started, first)
}

func (u *ui) spinner(stop, end chan struct{}, start time.Time, first bool) {
	defer close(end)
	frames := []string{"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"}
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for i := 0; ; i++ {
		select {
		case <-stop:
			return
		case <-tick.C:
		}
		el := time.Since(start)
		msg := fmt.Sprintf("%s building… %.1fs", frames[i%len(frames)], el.Seconds())
		if first && el > 3*time.Second {
			msg += " (a first build compiles the standard library: this can take ~30s)"
		}
		u.mu.Lock()
		if u.spin == stop {
			fmt.Fprintf(u.out, "\r\033[K%s", u.yellow.Sprint(msg))
		}
		u.mu.Unlock()
	}
}

// clearSpinnerLocked stops the spinner and erases its line; u.mu is held.
func (u *ui) clearSpinnerLocked() {
	if u.spin == nil {
		return
	}
	close(u.spin)
	u.spin = nil
	// The spinner goroutine may be waiting for u.mu to draw one more
	// frame; it checks u.spin first, so erasing now is final.
	fmt.Fprint(u.out, "\r\033[K")
}

func (u *ui) Served(changed []string, build, start time.Duration) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.clearSpinnerLocked()
	// The first build served is "ready", also when a save cut an earlier
	// one short: nothing was served before it to reload.
	verb := "reloaded"
	if !u.served {
		verb = "ready"
	}
	u.served = true
	fmt.Fprintf(u.out, "%s %s %s\n", u.green.Sprint("✓"), verb, u.dim.Sprintf("(built in %s, started in %s)", ms(build), ms(start)))
}

func (u *ui) BuildFailed(err error, took time.Duration) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.clearSpinnerLocked()
	u.red.Fprintf(u.errw, "✗ build failed %s\n", u.dim.Sprintf("(%s)", ms(took)))
	for line := range strings.SplitSeq(runner.ErrorText(err, u.cwd), "\n") {
		if line != "" {
			fmt.Fprintf(u.errw, "  %s\n", line)
		}
	}
}

func (u *ui) Crashed(status string) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.clearSpinnerLocked()
	u.red.Fprintf(u.errw, "✗ the handler stopped: %s\n", status)
}

func ms(d time.Duration) string {
	if d < 10*time.Second {
		return fmt.Sprintf("%dms", d.Milliseconds())
	}
	return fmt.Sprintf("%.1fs", d.Seconds())
}

// shortList names changed files for the reload line: a few base names.
func shortList(paths []string, cwd string) string {
	names := make([]string, 0, len(paths))
	for _, p := range paths {
		names = append(names, runner.RelPath(cwd, p))
	}
	sort.Strings(names)
	if len(names) > 3 {
		return strings.Join(names[:3], ", ") + fmt.Sprintf(" and %d more", len(names)-3)
	}
	return strings.Join(names, ", ")
}

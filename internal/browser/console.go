package browser

import (
	"strings"
	"sync"
)

// ConsoleLines picks a page's console messages out of Chromium's log: with
// --enable-logging=stderr every console call, uncaught exception and
// refused resource is a line with ":CONSOLE" in its prefix, whatever its
// level. The prefix (process, time, level) is cut off.
func ConsoleLines(log string) []string {
	var out []string
	for _, line := range strings.Split(log, "\n") {
		if _, msg, ok := strings.Cut(line, ":CONSOLE"); ok {
			if _, rest, ok := strings.Cut(msg, "] "); ok {
				msg = rest
			}
			out = append(out, msg)
		}
	}
	return out
}

// lastLines is the end of a log, for error messages.
func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// logBuffer collects a browser's log while it runs: the exec package
// copies into it from its own goroutine while the caller reads it.
type logBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

//go:build unix

package errpage

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// chromium returns the browser of the browser tests, or skips the test.
func chromium(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium is not on PATH; CI installs it")
	}
	if testing.Short() {
		t.Skip("starts a browser")
	}
	return path
}

// runChromium runs one headless Chromium with a fresh profile and the
// given arguments, in its own process group, which is killed if it
// outlives its deadline.
func runChromium(t *testing.T, browser string, args ...string) (stdout, stderr string, err error) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	base := []string{
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + t.TempDir(),
	}
	cmd := exec.CommandContext(ctx, browser, append(base, args...)...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 10 * time.Second
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		return out.String(), errOut.String(), fmt.Errorf("chromium: %w\n%s", err, lastLines(errOut.String(), 10))
	}
	return out.String(), errOut.String(), nil
}

// screenshot loads url in Chromium, writes a PNG to file and returns the
// console messages the page logged.
func screenshot(t *testing.T, browser, url, file string, width, height int, dark bool) ([]string, error) {
	args := []string{
		"--enable-logging=stderr", "--v=0", "--hide-scrollbars",
		"--screenshot=" + file, fmt.Sprintf("--window-size=%d,%d", width, height),
	}
	if dark {
		args = append(args, "--force-dark-mode")
	}
	_, log, err := runChromium(t, browser, append(args, url)...)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(file)
	if err != nil {
		return nil, fmt.Errorf("no screenshot: %w", err)
	}
	defer f.Close()
	cfg, err := png.DecodeConfig(f)
	if err != nil {
		return nil, fmt.Errorf("screenshot is not a PNG: %w", err)
	}
	if cfg.Width != width || cfg.Height != height {
		return nil, fmt.Errorf("screenshot is %dx%d, want %dx%d", cfg.Width, cfg.Height, width, height)
	}
	return consoleLines(log), nil
}

// consoleLines picks the page's console messages out of Chromium's log:
// with --enable-logging=stderr every console call, uncaught exception and
// refused resource is a line with ":CONSOLE" in its prefix, whatever its level.
func consoleLines(log string) []string {
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

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

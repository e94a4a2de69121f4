package browser

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image/png"
	"os"
	"strconv"
	"time"

	"github.com/seed-1b2dc2de/micro/internal/proc"
)

// Options say how Load shows a page.
type Options struct {
	// Width and Height are the window size in CSS pixels, and the size of
	// the screenshot; zero leaves Chromium's default (800×600).
	Width, Height int
	// Dark asks for the dark colour scheme (prefers-color-scheme: dark).
	Dark bool
	// Screenshot, when set, is the file the PNG of the window is written to.
	Screenshot string
	// DOM asks for the document as serialised after load (--dump-dom).
	DOM bool
	// VirtualTime, when set, lets the page run that long in virtual time
	// after load (--virtual-time-budget): timers fire, and pending network
	// requests hold it back. Without it Chromium stops at the load event.
	VirtualTime time.Duration
}

// Result is what Load saw of a page.
type Result struct {
	// Console holds the page's console messages, uncaught exceptions and
	// refused resources, in order (see ConsoleLines).
	Console []string
	// DOM is the serialised document when Options.DOM is set.
	DOM string
	// Log is Chromium's whole log, for a failing test to show.
	Log string
}

// Load opens url in a headless Chromium (the path browser, see Find) with
// a fresh profile, and returns once the page has loaded and the browser
// has exited. The context bounds the run: when it ends, the browser's
// process group is stopped. A screenshot is checked to be a PNG of the
// requested size.
func Load(ctx context.Context, browser, url string, opts Options) (Result, error) {
	var args []string
	if opts.Width > 0 && opts.Height > 0 {
		args = append(args, "--window-size="+strconv.Itoa(opts.Width)+","+strconv.Itoa(opts.Height))
	}
	if opts.Dark {
		args = append(args, "--force-dark-mode")
	}
	if opts.Screenshot != "" {
		args = append(args, "--screenshot="+opts.Screenshot)
	}
	if opts.DOM {
		args = append(args, "--dump-dom")
	}
	if opts.VirtualTime > 0 {
		args = append(args, "--virtual-time-budget="+strconv.FormatInt(opts.VirtualTime.Milliseconds(), 10))
	}
	var stdout bytes.Buffer
	var log logBuffer
	err := run(ctx, browser, append(args, url), &stdout, &log)
	res := Result{Console: ConsoleLines(log.String()), Log: log.String()}
	if err != nil {
		return res, err
	}
	if opts.DOM {
		res.DOM = stdout.String()
	}
	if opts.Screenshot != "" {
		if err := checkPNG(opts.Screenshot, opts.Width, opts.Height); err != nil {
			return res, err
		}
	}
	return res, nil
}

// baseArgs make a headless browser that talks to nothing but the pages it
// is given, and logs console messages to stderr.
var baseArgs = []string{
	"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
	"--disable-background-networking", "--disable-component-update", "--disable-sync",
	"--hide-scrollbars", "--enable-logging=stderr", "--v=0",
}

// closeGrace is how long a browser has to exit after SIGTERM (or Close)
// before its process group is killed.
const closeGrace = 10 * time.Second

// command prepares a browser with a fresh profile, in a process group of
// its own that ends with us: Chromium starts a zygote, renderers and
// utility processes, and none of them may outlive a test. The caller
// removes the profile directory once the browser has exited.
func command(browser string, args []string) (proc.Command, string, error) {
	profile, err := os.MkdirTemp("", "micro-browser-")
	if err != nil {
		return proc.Command{}, "", fmt.Errorf("making a browser profile directory: %w", err)
	}
	all := append(append([]string{}, baseArgs...), "--user-data-dir="+profile)
	// Chromium keeps its singleton socket in a folder of TMPDIR that it
	// removes only on a clean exit: inside the profile, it goes with it.
	env := append(os.Environ(), "TMPDIR="+profile)
	return proc.Command{Path: browser, Args: append(all, args...), Env: env, Grace: closeGrace}, profile, nil
}

// run runs one browser to its end.
func run(ctx context.Context, browser string, args []string, stdout *bytes.Buffer, log *logBuffer) error {
	c, profile, err := command(browser, args)
	if err != nil {
		return err
	}
	defer os.RemoveAll(profile)
	c.Stdout, c.Stderr = stdout, log
	st, err := proc.Run(ctx, c)
	if err == nil && !st.Success() {
		err = errors.New(st.String())
	}
	if err != nil {
		return fmt.Errorf("running %s: %w\n%s", browser, err, lastLines(log.String(), 10))
	}
	return nil
}

func checkPNG(file string, width, height int) error {
	f, err := os.Open(file)
	if err != nil {
		return fmt.Errorf("chromium wrote no screenshot: %w", err)
	}
	defer f.Close()
	cfg, err := png.DecodeConfig(f)
	if err != nil {
		return fmt.Errorf("screenshot %s is not a PNG: %w", file, err)
	}
	if width > 0 && height > 0 && (cfg.Width != width || cfg.Height != height) {
		return fmt.Errorf("screenshot %s is %dx%d, want %dx%d", file, cfg.Width, cfg.Height, width, height)
	}
	return nil
}

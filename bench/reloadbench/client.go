//go:build linux

package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"regexp"
	"strconv"
	"sync"
	"time"
)

// pollInterval is how often the save → serve probe asks for the page.
const pollInterval = 5 * time.Millisecond

// newClient returns a keep-alive client, as a browser is, that never uses
// a proxy from the environment: the benchmark talks to loopback only.
func newClient(conns int) *http.Client {
	return &http.Client{Transport: &http.Transport{
		Proxy:               nil,
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
		MaxIdleConnsPerHost: conns,
		DisableCompression:  true,
	}}
}

// get fetches url and returns the status and at most 4 KiB of the body.
func get(ctx context.Context, c *http.Client, url string) (int, string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, "", err
	}
	resp, err := c.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 4<<10))
	// Drain the rest so the connection can be reused.
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, string(b), err
}

// waitBody asks for url every pollInterval until a 200 response's body is
// want, and returns when that response was read and how many requests
// failed (transport error or status other than 200) on the way. A request
// may block for as long as the tool holds it, up to timeout in all.
func waitBody(ctx context.Context, c *http.Client, url, want string, timeout time.Duration) (time.Time, int, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	tick := time.NewTicker(pollInterval)
	defer tick.Stop()
	start := time.Now()
	failed := 0
	last := "no response"
	for {
		code, body, err := get(ctx, c, url)
		switch {
		case ctx.Err() != nil:
			// Cut short by our own deadline: neither a failure of the
			// server nor a more telling answer than the previous one.
		case err != nil:
			failed++
			last = err.Error()
		case code != http.StatusOK:
			failed++
			last = fmt.Sprintf("status %d: %.200q", code, body)
		case body == want:
			return time.Now(), failed, nil
		default:
			last = fmt.Sprintf("body %.40q", body)
		}
		select {
		case <-ctx.Done():
			return time.Time{}, failed, fmt.Errorf("gave up after %v (bound %v) waiting for %s to answer %q; last answer: %s",
				time.Since(start).Round(time.Millisecond), timeout, url, want, last)
		case <-tick.C:
		}
	}
}

// addrRE matches the socket addresses in an error, which would otherwise
// make every "connection reset" a reason of its own.
var addrRE = regexp.MustCompile(`\d+\.\d+\.\d+\.\d+:\d+(->\d+\.\d+\.\d+\.\d+:\d+)?`)

// loadStats counts the requests of the continuous client.
type loadStats struct {
	Total, Failed int
	Samples       map[string]int // failure reason → count, a few distinct ones
}

// loader is a continuous client: workers sending GETs back to back until
// stopped.
type loader struct {
	cancel context.CancelFunc
	wg     sync.WaitGroup
	mu     sync.Mutex
	stats  loadStats
}

// startLoad starts workers goroutines asking for url back to back. Each
// request may wait up to reqTimeout (a dev server holds requests during a
// build). stop ends them.
func startLoad(ctx context.Context, url string, workers int, reqTimeout time.Duration) *loader {
	ctx, cancel := context.WithCancel(ctx)
	l := &loader{cancel: cancel, stats: loadStats{Samples: map[string]int{}}}
	c := newClient(workers)
	for range workers {
		l.wg.Go(func() { l.work(ctx, c, url, reqTimeout) })
	}
	return l
}

func (l *loader) work(ctx context.Context, c *http.Client, url string, reqTimeout time.Duration) {
	for ctx.Err() == nil {
		rctx, cancel := context.WithTimeout(ctx, reqTimeout)
		code, _, err := get(rctx, c, url)
		cancel()
		if ctx.Err() != nil {
			// Cut short by stop, not by the server: not a failure.
			return
		}
		reason := ""
		switch {
		case err != nil:
			reason = addrRE.ReplaceAllString(err.Error(), "ADDR")
		case code != http.StatusOK:
			reason = "status " + strconv.Itoa(code)
		}
		l.record(reason)
	}
}

func (l *loader) record(reason string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.stats.Total++
	if reason == "" {
		return
	}
	l.stats.Failed++
	if _, seen := l.stats.Samples[reason]; seen || len(l.stats.Samples) < 5 {
		l.stats.Samples[reason]++
	}
}

// stop ends the workers, waits for them and returns the counts.
func (l *loader) stop() loadStats {
	l.cancel()
	l.wg.Wait()
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.stats
}

//go:build linux

package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestWaitBody(t *testing.T) {
	t.Parallel()
	var n atomic.Int64
	// Old body, then two failures (a reload), then the new body.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch k := n.Add(1); {
		case k <= 2:
			fmt.Fprint(w, "v1")
		case k <= 4:
			http.Error(w, "building", http.StatusBadGateway)
		default:
			fmt.Fprint(w, "v2")
		}
	}))
	defer srv.Close()
	c := newClient(1)
	at, failed, err := waitBody(context.Background(), c, srv.URL, "v2", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if failed != 2 || at.IsZero() || n.Load() != 5 {
		t.Errorf("waitBody: failed %d, at %v after %d requests; want 2 failures, a time, 5 requests", failed, at, n.Load())
	}
	_, _, err = waitBody(context.Background(), c, srv.URL, "v3", 50*time.Millisecond)
	if err == nil || !strings.Contains(err.Error(), `last answer: body "v2"`) {
		t.Errorf("waitBody for a body that never comes: %v, want an error naming the last answer", err)
	}
}

func TestLoader(t *testing.T) {
	t.Parallel()
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1)%3 == 0 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		fmt.Fprint(w, "ok")
	}))
	defer srv.Close()
	l := startLoad(context.Background(), srv.URL, 2, time.Minute)
	poll(context.Background(), time.Minute, time.Millisecond, func() bool { return n.Load() >= 30 })
	st := l.stop()
	if st.Total < 29 || st.Failed < 9 || st.Failed > st.Total {
		t.Errorf("loader counted %d failed of %d after %d requests served, a third of them 503", st.Failed, st.Total, n.Load())
	}
	if st.Samples["status 503"] != st.Failed {
		t.Errorf("samples %v, want all %d failures as status 503", st.Samples, st.Failed)
	}
	// A closed server: transport errors, with the addresses folded so
	// that they make one reason.
	srv.Close()
	l = startLoad(context.Background(), srv.URL, 2, time.Minute)
	poll(context.Background(), time.Minute, time.Millisecond, func() bool {
		l.mu.Lock()
		defer l.mu.Unlock()
		return l.stats.Failed >= 10
	})
	st = l.stop()
	if st.Failed != st.Total || st.Failed < 10 || len(st.Samples) != 1 {
		t.Errorf("against a closed server: %d failed of %d, reasons %v; want all failed, one reason", st.Failed, st.Total, st.Samples)
	}
}

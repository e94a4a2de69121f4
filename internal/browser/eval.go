package browser

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"
)

// Eval evaluates a JavaScript expression in the page and decodes its
// value (as JSON) into v; v may be nil. A promise is awaited. It fails
// while the page is between documents (reloading).
func (s *Session) Eval(ctx context.Context, expr string, v any) error {
	return s.eval(ctx, s.session, expr, v)
}

// eval is Eval in the page of a DevTools session.
func (s *Session) eval(ctx context.Context, session, expr string, v any) error {
	var res struct {
		Result struct {
			Value json.RawMessage `json:"value"`
		} `json:"result"`
		ExceptionDetails *struct {
			Text      string `json:"text"`
			Exception struct {
				Description string `json:"description"`
			} `json:"exception"`
		} `json:"exceptionDetails"`
	}
	params := map[string]any{"expression": expr, "returnByValue": true, "awaitPromise": true}
	if err := s.call(ctx, session, "Runtime.evaluate", params, &res); err != nil {
		return err
	}
	if e := res.ExceptionDetails; e != nil {
		return fmt.Errorf("evaluating %q: %s %s", expr, e.Text, e.Exception.Description)
	}
	if v == nil || len(res.Result.Value) == 0 {
		return nil
	}
	return json.Unmarshal(res.Result.Value, v)
}

// Wait evaluates cond, a JavaScript expression, until it is true, polling
// until the context ends: the page may be loading or reloading meanwhile.
// On timeout the error holds the last failure to evaluate, if any.
func (s *Session) Wait(ctx context.Context, cond string) error {
	return s.wait(ctx, s.session, cond)
}

// wait is Wait in the page of a DevTools session.
func (s *Session) wait(ctx context.Context, session, cond string) error {
	var last error
	for {
		var ok bool
		err := s.eval(ctx, session, cond, &ok)
		if err == nil && ok {
			return nil
		}
		if err != nil {
			last = err
		}
		select {
		case <-s.read:
			return fmt.Errorf("waiting for %s: the browser exited\n%s", cond, lastLines(s.log.String(), 10))
		case <-ctx.Done():
			if last != nil {
				return fmt.Errorf("waiting for %s: %w (last: %w)", cond, ctx.Err(), last)
			}
			return fmt.Errorf("waiting for %s: %w", cond, ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// Screenshot writes a PNG of the page's viewport to file.
func (s *Session) Screenshot(ctx context.Context, file string) error {
	var res struct {
		Data []byte `json:"data"` // base64 in JSON, decoded by encoding/json
	}
	if err := s.call(ctx, s.session, "Page.captureScreenshot", map[string]any{"format": "png"}, &res); err != nil {
		return err
	}
	if err := os.WriteFile(file, res.Data, 0o644); err != nil {
		return fmt.Errorf("writing the screenshot: %w", err)
	}
	return nil
}

// Console returns the console messages the browser has logged so far, from
// every document the page has shown (see ConsoleLines).
func (s *Session) Console() []string { return ConsoleLines(s.log.String()) }

// Log returns Chromium's log so far, for a failing test to show.
func (s *Session) Log() string { return s.log.String() }

// Close asks the browser to exit, kills its process group if it has not
// within ten seconds, reaps it and removes its profile. It is safe to call
// more than once; the error is that of the browser's exit, nil when it
// exited as asked.
func (s *Session) Close() error {
	s.closeOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), closeGrace)
		defer cancel()
		// The browser may exit before it answers Browser.close: the error
		// of the call says nothing, the exit does.
		_ = s.call(ctx, "", "Browser.close", nil, nil)
		select {
		case <-s.proc.Done():
			if st := s.proc.Status(); !st.Success() {
				s.closeErr = fmt.Errorf("the browser exited: %s", st)
			}
		case <-ctx.Done():
			s.closeErr = errors.New("the browser did not exit within 10s of Browser.close; killed it")
		}
		s.stopWatch()
		_ = s.proc.Kill() // the group: the browser if it is still up, helpers left by it
		s.toB.Close()
		s.fromB.Close() // ends the reader if a helper process still held the pipe
		<-s.read
		os.RemoveAll(s.profile)
	})
	return s.closeErr
}

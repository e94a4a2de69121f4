package browser

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/seed-1b2dc2de/micro/internal/proc"
)

// Session is a headless Chromium that stays up with one page open, driven
// over the DevTools protocol: JSON messages ended by a NUL byte, on the
// pipe pair --remote-debugging-pipe sets up (the browser reads file
// descriptor 3 and writes 4). A pipe needs no port and no WebSocket, and
// no other process can talk to the browser.
type Session struct {
	proc    *proc.Process
	profile string
	log     *logBuffer
	toB     *os.File // our end of the browser's fd 3
	fromB   *os.File // our end of the browser's fd 4
	session string   // the page target's DevTools session

	writeMu sync.Mutex
	mu      sync.Mutex
	nextID  int
	pending map[int]chan reply
	readErr error
	read    chan struct{} // closed when the reader has stopped

	closeOnce sync.Once
	closeErr  error
	stopWatch func() bool // ends the watch of Open's context
}

type reply struct {
	Result json.RawMessage `json:"result"`
	Error  *struct {
		Message string `json:"message"`
	} `json:"error"`
}

// Open starts a browser showing url (the path browser, see Find) and
// returns once it can be driven; the page may still be loading. The
// context bounds the whole session: when it ends, the browser's process
// group is killed. Width, Height and Dark of opts apply; the other options
// are Load's. Close ends the session.
func Open(ctx context.Context, browser, url string, opts Options) (*Session, error) {
	args := []string{"--remote-debugging-pipe"}
	if opts.Width > 0 && opts.Height > 0 {
		args = append(args, "--window-size="+strconv.Itoa(opts.Width)+","+strconv.Itoa(opts.Height))
	}
	if opts.Dark {
		args = append(args, "--force-dark-mode")
	}
	c, profile, err := command(browser, append(args, url))
	if err != nil {
		return nil, err
	}
	s := &Session{profile: profile, log: &logBuffer{}, pending: map[int]chan reply{}, read: make(chan struct{})}
	c.Stderr = s.log
	bIn, toB, err := os.Pipe()
	if err != nil {
		os.RemoveAll(profile)
		return nil, fmt.Errorf("making the DevTools pipe: %w", err)
	}
	fromB, bOut, err := os.Pipe()
	if err != nil {
		bIn.Close()
		toB.Close()
		os.RemoveAll(profile)
		return nil, fmt.Errorf("making the DevTools pipe: %w", err)
	}
	s.toB, s.fromB = toB, fromB
	c.ExtraFiles = []*os.File{bIn, bOut} // fds 3 and 4
	s.proc, err = proc.Start(c)
	// The browser holds its own copies; ours would keep the reader from
	// seeing the end of the pipe when the browser exits.
	bIn.Close()
	bOut.Close()
	if err != nil {
		toB.Close()
		fromB.Close()
		os.RemoveAll(profile)
		return nil, fmt.Errorf("starting %s: %w", browser, err)
	}
	// The context bounds the session: its end kills the browser.
	s.stopWatch = context.AfterFunc(ctx, func() { _ = s.proc.Kill() })
	go s.readLoop()

	if err := s.attach(ctx, opts); err != nil {
		s.Close()
		return nil, fmt.Errorf("driving %s: %w\n%s", browser, err, lastLines(s.log.String(), 10))
	}
	return s, nil
}

// attach finds the page the browser opened and starts a session on it.
func (s *Session) attach(ctx context.Context, opts Options) error {
	var targets struct {
		TargetInfos []struct {
			TargetID string `json:"targetId"`
			Type     string `json:"type"`
		} `json:"targetInfos"`
	}
	// The page target may appear a moment after the browser answers.
	for {
		if err := s.call(ctx, "", "Target.getTargets", nil, &targets); err != nil {
			return err
		}
		for _, t := range targets.TargetInfos {
			if t.Type == "page" {
				var att struct {
					SessionID string `json:"sessionId"`
				}
				err := s.call(ctx, "", "Target.attachToTarget", map[string]any{"targetId": t.TargetID, "flatten": true}, &att)
				if err != nil {
					return err
				}
				s.session = att.SessionID
				if opts.Width <= 0 || opts.Height <= 0 {
					return nil
				}
				// The window size includes the headless window's frame:
				// the page's viewport, and so a screenshot, is set apart.
				return s.call(ctx, s.session, "Emulation.setDeviceMetricsOverride", map[string]any{
					"width": opts.Width, "height": opts.Height, "deviceScaleFactor": 1, "mobile": false,
				}, nil)
			}
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("the browser opened no page: %w", ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// readLoop hands each reply to its caller; events are not used. It ends
// when the browser closes its end of the pipe, or Close closes ours.
func (s *Session) readLoop() {
	defer close(s.read)
	r := bufio.NewReader(s.fromB)
	var err error
	for {
		var msg []byte
		msg, err = r.ReadBytes(0)
		if err != nil {
			break
		}
		var m struct {
			ID int `json:"id"`
			reply
		}
		if json.Unmarshal(msg[:len(msg)-1], &m) != nil || m.ID == 0 {
			continue
		}
		s.mu.Lock()
		ch := s.pending[m.ID]
		delete(s.pending, m.ID)
		s.mu.Unlock()
		if ch != nil {
			ch <- m.reply // buffered: never blocks
		}
	}
	if errors.Is(err, io.EOF) || errors.Is(err, os.ErrClosed) {
		err = errors.New("the browser closed the DevTools pipe")
	}
	s.mu.Lock()
	s.readErr = err
	for id, ch := range s.pending {
		close(ch)
		delete(s.pending, id)
	}
	s.mu.Unlock()
}

// call sends one command and waits for its reply, decoded into result.
func (s *Session) call(ctx context.Context, session, method string, params, result any) error {
	ch := make(chan reply, 1)
	s.mu.Lock()
	if s.readErr != nil {
		err := s.readErr
		s.mu.Unlock()
		return err
	}
	s.nextID++
	id := s.nextID
	s.pending[id] = ch
	s.mu.Unlock()

	msg := map[string]any{"id": id, "method": method}
	if params != nil {
		msg["params"] = params
	}
	if session != "" {
		msg["sessionId"] = session
	}
	b, err := json.Marshal(msg)
	if err != nil {
		return err
	}
	s.writeMu.Lock()
	_, err = s.toB.Write(append(b, 0))
	s.writeMu.Unlock()
	if err != nil {
		return fmt.Errorf("sending %s: %w", method, err)
	}
	select {
	case rep, ok := <-ch:
		if !ok {
			s.mu.Lock()
			defer s.mu.Unlock()
			return fmt.Errorf("%s: %w", method, s.readErr)
		}
		if rep.Error != nil {
			return fmt.Errorf("%s: %s", method, rep.Error.Message)
		}
		if result == nil {
			return nil
		}
		return json.Unmarshal(rep.Result, result)
	case <-ctx.Done():
		s.mu.Lock()
		delete(s.pending, id)
		s.mu.Unlock()
		return fmt.Errorf("%s: %w", method, ctx.Err())
	}
}

package browser

import "context"

// Tab is another page of a Session's browser, opened by NewTab: the pages
// of one browser share its profile, so they see each other's
// BroadcastChannel messages and Web Locks, as tabs of one user do.
type Tab struct {
	s       *Session
	target  string
	session string
}

// NewTab opens url in a new page of the browser and returns once it can be
// driven; the page may still be loading.
func (s *Session) NewTab(ctx context.Context, url string) (*Tab, error) {
	var created struct {
		TargetID string `json:"targetId"`
	}
	if err := s.call(ctx, "", "Target.createTarget", map[string]any{"url": url}, &created); err != nil {
		return nil, err
	}
	var att struct {
		SessionID string `json:"sessionId"`
	}
	err := s.call(ctx, "", "Target.attachToTarget", map[string]any{"targetId": created.TargetID, "flatten": true}, &att)
	if err != nil {
		return nil, err
	}
	return &Tab{s: s, target: created.TargetID, session: att.SessionID}, nil
}

// Eval is Session.Eval in this tab.
func (t *Tab) Eval(ctx context.Context, expr string, v any) error {
	return t.s.eval(ctx, t.session, expr, v)
}

// Wait is Session.Wait in this tab.
func (t *Tab) Wait(ctx context.Context, cond string) error {
	return t.s.wait(ctx, t.session, cond)
}

// Close closes the tab, as a user closing it would: its document unloads.
func (t *Tab) Close(ctx context.Context) error {
	return t.s.call(ctx, "", "Target.closeTarget", map[string]any{"targetId": t.target}, nil)
}

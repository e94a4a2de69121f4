package devserver

import (
	"context"
	"net/http"
	"sync"
)

// OwnPage hears that the response to a request is one of micro-dev's own
// pages (a build error, a crash, the hold limit), so that a request log
// can show it as one line, "500 build failed", rather than its HTML. It is
// carried in the request's context, never in a header: nothing of it
// reaches the browser. Its methods are safe for concurrent use.
type OwnPage struct {
	mu    sync.Mutex
	label string
}

type ownPageKey struct{}

// WithOwnPage returns ctx carrying p: the Server fills p in when it
// answers a request with this context with a page of its own.
func WithOwnPage(ctx context.Context, p *OwnPage) context.Context {
	return context.WithValue(ctx, ownPageKey{}, p)
}

// Label is the page's short name, "build failed", "crashed"; empty when
// the response is the program's own.
func (p *OwnPage) Label() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.label
}

// markOwn records that r is answered with micro-dev's page label, if
// anyone listens.
func markOwn(r *http.Request, label string) {
	if r == nil {
		return
	}
	if p, ok := r.Context().Value(ownPageKey{}).(*OwnPage); ok {
		p.mu.Lock()
		p.label = label
		p.mu.Unlock()
	}
}

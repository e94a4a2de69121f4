package devserver

import (
	"context"
	"errors"
	"io"
	"net/http"
)

// errRetired is why a request to a child is cut: its drain after a reload
// is over.
var errRetired = errors.New("devserver: the previous build's drain is over")

// serve proxies r to b. The request to the child ends when the client's
// does, or when b is retired past its drain, whichever comes first.
func (b *backend) serve(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithCancelCause(r.Context())
	defer cancel(nil)
	stop := context.AfterFunc(b.retired, func() { cancel(errRetired) })
	defer stop()
	b.proxy.ServeHTTP(w, watchBody(ctx, r))
}

// endCleanly makes a response of unknown length (a stream: server-sent
// events, a long poll) end as a whole response when b is retired, rather
// than be aborted: the last chunk is written and an EventSource simply
// reconnects, to the new build. A response of known length cut short is
// aborted, since it cannot be whole; an upgraded connection is closed.
func (b *backend) endCleanly(resp *http.Response) {
	if resp.ContentLength >= 0 || resp.StatusCode == http.StatusSwitchingProtocols || resp.Body == nil || resp.Body == http.NoBody {
		return
	}
	resp.Body = &retirableBody{ReadCloser: resp.Body, retired: b.retired}
}

type retirableBody struct {
	io.ReadCloser
	retired context.Context
}

func (r *retirableBody) Read(p []byte) (int, error) {
	n, err := r.ReadCloser.Read(p)
	if err != nil && err != io.EOF && r.retired.Err() != nil {
		return n, io.EOF
	}
	return n, err
}

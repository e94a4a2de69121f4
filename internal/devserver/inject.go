package devserver

import (
	"bytes"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/seed-1b2dc2de/micro/internal/errpage"
)

// injectReload adds the live-reload client to the user's own HTML pages
// (only with --inject-reload), so they refresh on a new build as the error
// pages do. Compressed or streamed bodies are left alone.
func injectReload(resp *http.Response) error {
	ct := resp.Header.Get("Content-Type")
	if !strings.HasPrefix(ct, "text/html") || resp.Header.Get("Content-Encoding") != "" || resp.ContentLength < 0 {
		return nil
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return err
	}
	script := []byte(errpage.ReloadScript(ReloadPath))
	if i := bytes.LastIndex(bytes.ToLower(body), []byte("</body>")); i >= 0 {
		body = append(body[:i:i], append(script, body[i:]...)...)
	} else {
		body = append(body, script...)
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	resp.ContentLength = int64(len(body))
	resp.Header.Set("Content-Length", strconv.Itoa(len(body)))
	return nil
}

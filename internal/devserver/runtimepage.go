package devserver

import (
	"bytes"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/seed-1b2dc2de/micro/internal/errpage"
)

// errorHeader marks core's development error responses. core carries only
// a small page, so that production binaries hold no page machinery; the
// full page is drawn here, on its way to the browser.
const errorHeader = "X-Micro-Error"

// errorData opens the JSON that core's small page carries.
var errorData = []byte(`<script type="application/json" id="micro-error">`)

// maxErrorPage bounds what is read of a page to replace: core's small
// pages are a few KB; anything bigger is passed on as it is.
const maxErrorPage = 4 << 20

// runtimePage replaces core's small development error page with the full
// one: source excerpts, the request (secrets masked), live reload. JSON
// and text answers pass unchanged; only the marker header is dropped.
func (s *Server) runtimePage(resp *http.Response) error {
	if resp.Header.Get(errorHeader) == "" {
		return nil
	}
	resp.Header.Del(errorHeader)
	// The page holds source and request headers: no other site may read it.
	resp.Header.Del("Access-Control-Allow-Origin")
	if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		return nil
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxErrorPage+1))
	if err != nil {
		return err
	}
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	page := s.fullPage(resp.Request, body)
	if page == nil || len(body) > maxErrorPage {
		return nil
	}
	var b bytes.Buffer
	if page.HTML(&b) != nil {
		return nil
	}
	markOwn(resp.Request, "error page")
	resp.Body = drawnPage{&b}
	resp.ContentLength = int64(b.Len())
	resp.Header.Set("Content-Length", strconv.Itoa(b.Len()))
	return nil
}

// drawnPage is the body of a page micro-dev drew: it needs no injection.
type drawnPage struct{ io.Reader }

func (drawnPage) Close() error { return nil }

// fullPage decodes the error core's page carries, nil if there is none.
func (s *Server) fullPage(r *http.Request, body []byte) *errpage.Page {
	i := bytes.Index(body, errorData)
	if i < 0 {
		return nil
	}
	data := body[i+len(errorData):]
	end := bytes.Index(data, []byte("</script>"))
	if end < 0 {
		return nil
	}
	page, err := errpage.RuntimeFromJSON(data[:end])
	if err != nil {
		return nil
	}
	page.ModuleRoot = s.cfg.ModuleRoot
	page.LiveReload = ReloadPath
	if r != nil {
		page.Request = &errpage.Request{Method: r.Method, URL: "http://" + r.Host + r.URL.RequestURI(), Header: r.Header}
	}
	page.CaptureSource()
	return page
}

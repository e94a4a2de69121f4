package errpage

// CaptureSource reads now the source files the page shows lines of, and
// keeps them: later renderings show the lines as they were at this moment.
// A compile page must show the source the compiler saw; a save that fixes
// the error lands moments later, and a page drawn then would put the old
// message over the new line. Call it when the build fails (or the child
// crashes), before the page is served; it is not safe to call while the
// page is being rendered by another goroutine.
func (p *Page) CaptureSource() {
	src := &sources{}
	p.buildView(src)
	p.source = src.files
}

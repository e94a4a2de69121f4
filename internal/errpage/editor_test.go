package errpage

import "testing"

func TestEditorURL(t *testing.T) {
	t.Setenv("MICRO_EDITOR", "")
	for _, tc := range []struct {
		name, pattern, file string
		line, col           int
		want                string
	}{
		{"default", "", "/home/u/app/main.go", 12, 5, "vscode://file/home/u/app/main.go:12:5"},
		{"escaped segments", "", "/home/u/my app/#1?.go", 3, 0, "vscode://file/home/u/my%20app/%231%3F.go:3:1"},
		{"quotes and brackets", "", `/a/"b"<c>/x.go`, 1, 1, "vscode://file/a/%22b%22%3Cc%3E/x.go:1:1"},
		{"line below 1", "", "/a/x.go", 0, -3, "vscode://file/a/x.go:1:1"},
		{"file URL keeps its third slash", "file://{file}", "/a/x.go", 1, 1, "file:///a/x.go"},
		{"query", "idea://open?file={file}&line={line}", "/a/b c&d.go", 7, 2, "idea://open?file=%2Fa%2Fb+c%26d.go&line=7"},
		{"sublime", "subl://open?url=file://{file}&line={line}&column={col}", "/a/x.go", 4, 9, "subl://open?url=file://%2Fa%2Fx.go&line=4&column=9"},
		{"javascript refused", "javascript:alert(1)//{file}", "/a/x.go", 1, 1, "vscode://file/a/x.go:1:1"},
		{"javascript with a tab refused", "java\tscript:alert(1)//{file}", "/a/x.go", 1, 1, "vscode://file/a/x.go:1:1"},
		{"data refused", "DATA:text/html,{file}", "/a/x.go", 1, 1, "vscode://file/a/x.go:1:1"},
		{"no scheme", "/open/{file}", "/a/x.go", 1, 1, "vscode://file/a/x.go:1:1"},
		{"no {file}", "vscode://file/", "/a/x.go", 1, 1, "vscode://file/a/x.go:1:1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := EditorURL(tc.pattern, tc.file, tc.line, tc.col); got != tc.want {
				t.Errorf("EditorURL(%q, %q, %d, %d) = %q, want %q", tc.pattern, tc.file, tc.line, tc.col, got, tc.want)
			}
		})
	}
}

func TestEditorURLFromEnvironment(t *testing.T) {
	t.Setenv("MICRO_EDITOR", "cursor://file/{file}:{line}")
	if got, want := EditorURL("", "/a/x.go", 2, 3), "cursor://file/a/x.go:2"; got != want {
		t.Errorf("with $MICRO_EDITOR: got %q, want %q", got, want)
	}
	if got, want := EditorURL("zed://file/{file}", "/a/x.go", 2, 3), "zed://file/a/x.go"; got != want {
		t.Errorf("Page.Editor wins over $MICRO_EDITOR: got %q, want %q", got, want)
	}
}

func TestEditorLinkNeedsAbsolutePath(t *testing.T) {
	t.Parallel()
	if got := editorLink(DefaultEditor, "main.go", 1, 1); got != "" {
		t.Errorf("a relative path got a link: %q", got)
	}
}

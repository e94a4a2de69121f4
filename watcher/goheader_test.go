package watcher

import "testing"

func TestGoHeader(t *testing.T) {
	t.Parallel()
	const base = "//go:build linux\n\npackage a\n\nimport (\n\t\"fmt\"\n\t_ \"embed\"\n)\n\n//go:embed x.txt\nvar X string\n\nfunc F() { fmt.Println() }\n"
	tests := []struct {
		name, src string
		same      bool
	}{
		{"a body edit", base + "\nfunc G() {}\n", true},
		{"a comment after the imports", base + "\n// more\n", true},
		{"a broken body", base + "\nfunc G( {\n", true},
		{"a new import", "//go:build linux\n\npackage a\n\nimport (\n\t\"fmt\"\n\t\"os\"\n\t_ \"embed\"\n)\n", false},
		{"a renamed import", "//go:build linux\n\npackage a\n\nimport (\n\tf \"fmt\"\n\t_ \"embed\"\n)\n", false},
		{"another build constraint", "//go:build darwin\n\npackage a\n\nimport (\n\t\"fmt\"\n\t_ \"embed\"\n)\n\n//go:embed x.txt\nvar X string\n", false},
		{"another package name", "//go:build linux\n\npackage b\n\nimport (\n\t\"fmt\"\n\t_ \"embed\"\n)\n\n//go:embed x.txt\nvar X string\n", false},
		{"another embed pattern", "//go:build linux\n\npackage a\n\nimport (\n\t\"fmt\"\n\t_ \"embed\"\n)\n\n//go:embed y.txt\nvar X string\n", false},
		{"a header that does not parse", "package a\n\nimport (\n", false},
	}
	w, err := newWatcher(Config{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	want := w.goHeader([]byte(base))
	for _, tt := range tests {
		if got := w.goHeader([]byte(tt.src)) == want; got != tt.same {
			t.Errorf("%s: same header = %v, want %v", tt.name, got, tt.same)
		}
	}
}

package watcher_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/seed-1b2dc2de/micro/watcher"
)

// A Watcher reports the files of the build whose content changed. Here a
// one-file module is watched and its main.go saved.
func Example() {
	dir, err := os.MkdirTemp("", "watcher-example-")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	write := func(name, content string) {
		_ = os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644)
	}
	write("go.mod", "module example.com/hello\n\ngo 1.26\n")
	write("main.go", "package main\n\nfunc main() {}\n")
	write("README.md", "# hello\n")

	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	w, err := watcher.New(ctx, watcher.Config{Dir: dir})
	if err != nil {
		fmt.Println(err)
		return
	}
	go w.Run(ctx)
	fmt.Println("watching", len(w.Files()), "files")

	write("README.md", "# hello, world\n")               // not part of the build
	write("main.go", "package main\n\nfunc main() {}\n") // same bytes
	write("main.go", "package main\n\nfunc main() { println(1) }\n")
	change := <-w.Changes()
	for _, p := range change.Paths {
		fmt.Println("changed:", filepath.Base(p))
	}
	// Output:
	// watching 2 files
	// changed: main.go
}

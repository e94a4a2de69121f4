// Package watcher turns file-system events into "the build changed".
//
// A [Watcher] asks `go list -deps -json` which files the build of a
// package reads — the Go files of the package and of its dependencies in
// the main module (or in the modules of go.work), their //go:embed files,
// go.mod, go.sum and go.work — and sends a [Change] on [Watcher.Changes]
// when the bytes of one of them, or of a file under an extra watched path,
// are different from the last time it looked. Everything else (tests,
// READMEs, testdata/, .git, editors' swap and backup files) is ignored, as
// are saves that rewrite identical bytes: files are compared by size and
// content hash, not by event type or modification time.
//
// Events are collected with fsnotify on the directories that hold the
// files, which survives the ways editors save (write in place, write a
// temporary file and rename it over the original, delete and recreate) and
// directories being removed and recreated (git checkout, rm -rf && cp -r).
// With Config.Poll the file system is polled with stat instead, for mounts
// that deliver no events (Docker bind mounts, WSL, network drives); the
// files below Extra paths are then polled less often while idle, so that a
// large tree costs little CPU.
//
// Bursts of events coalesce with a short trailing debounce (25ms by
// default) into one Change; a stream of events that never pauses is still
// flushed every 20 debounce periods (at least every 500ms). After a change to a Go file or a module file the
// file set is recomputed with go list in the background, so that a newly
// imported package is watched from then on; the Change itself is not
// delayed by that.
//
// Commands that run before each build and write its files (go generate,
// templ, sqlc) call [Watcher.Hold] before and [Watcher.Absorb] after: what
// they write belongs to that build and sends no Change, and Absorb says
// whether any file of the build changed, so that a save they turn into no
// change of the build needs no build. Config.BuildFlags (-tags, -race)
// reach go list, so that the files those flags select are watched.
//
// One goroutine, the one calling [Watcher.Run], owns all the state; it ends
// with Run's context or with Close.
package watcher

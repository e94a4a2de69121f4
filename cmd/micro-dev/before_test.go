//go:build unix

package main

import (
	"strings"
	"testing"
	"time"
)

// genApp is a handler package whose message comes from a //go:generate
// step: gen.sh writes msg_gen.go from msg.txt, printing a line each run.
func genApp(t *testing.T) string {
	return newApp(t, map[string]string{
		"app.go": `package app

//go:generate sh gen.sh

import (
	"net/http"

	"github.com/seed-1b2dc2de/micro/core"
)

var Handler = core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
	return Prefix + Msg, nil
})
`,
		"prefix.go": "package app\n\nconst Prefix = \"msg: \"\n",
		// Written in place, not renamed: the watcher sees it truncated.
		"gen.sh":  "echo generating\nprintf 'package app\\n\\nconst Msg = \"%s\"\\n' \"$(cat msg.txt)\" > msg_gen.go\n",
		"msg.txt": "one",
	})
}

// TestBeforeGoGenerate runs micro-dev as a templ or sqlc user would: the
// generator's source is watched with -w, go generate runs before every
// build, and what it writes is part of that build: one build per save,
// none for a save it turns into the same Go code.
func TestBeforeGoGenerate(t *testing.T) {
	t.Parallel()
	dir := genApp(t)
	check := `test "$(cat msg.txt)" != bad || { echo "msg.txt says bad" >&2; exit 3; }`
	d := startDev(t, dir, "-s", "-w", "msg.txt", "-b", check, "-b", "go generate ./...")
	waitBody(t, d.url, "msg: one") // the first build ran it too
	if n := d.count("generating"); n != 1 {
		t.Fatalf("go generate ran %d times for the first build, want 1", n)
	}

	write(t, dir, "msg.txt", "two")
	waitBody(t, d.url, "msg: two")

	// The same Go code from a different source: no build.
	write(t, dir, "msg.txt", "two\n")
	d.waitCount(t, "nothing to rebuild", 1)
	if r := get(t, d.url, ""); r.body != "msg: two" {
		t.Fatalf("after a save that built nothing: %d %q", r.status, r.body)
	}

	// A failing command: its page, in each format.
	write(t, dir, "msg.txt", "bad")
	d.waitCount(t, "build failed", 1)
	r := get(t, d.url, "application/json")
	for _, want := range []string{`"command": "test`, `"exit": "exit status 3"`, "msg.txt says bad"} {
		if r.status != 500 || !strings.Contains(r.body, want) {
			t.Fatalf("the page of a failed --before command lacks %s: %d\n%s", want, r.status, r.body)
		}
	}
	if r := get(t, d.url, "text/html"); !strings.Contains(r.body, "--before command failed") || !strings.Contains(r.body, reloadPath) || !strings.Contains(r.body, "msg.txt says bad") {
		t.Fatalf("HTML page of a failed --before command:\n%s", r.body)
	}
	write(t, dir, "msg.txt", "three")
	waitBody(t, d.url, "msg: three")

	// A Go file edited by hand: the sentinel. Every save before it has been
	// handled once it is served.
	write(t, dir, "prefix.go", "package app\n\nconst Prefix = \"say: \"\n")
	waitBody(t, d.url, "say: three")
	d.waitCount(t, "reloaded", 3)
	if strings.Contains(d.output(), "msg_gen.go") {
		t.Fatalf("what go generate wrote triggered a build:\n%s", d.output())
	}
	if n := d.count("reloaded"); n != 3 {
		t.Fatalf("%d reloads, want 3 (two, three, the sentinel): what go generate writes must not build again\n%s", n, d.output())
	}
}

// TestProgramArguments checks that the arguments after -- reach a main
// package on every restart, and that the build is the default one: the
// module's own packages unoptimised (the binary's build settings say so).
func TestProgramArguments(t *testing.T) {
	t.Parallel()
	main := func(prefix string) string {
		return `package main

import (
	"fmt"
	"net/http"
	"os"
	"runtime/debug"
	"strings"
)

func main() {
	addr := strings.TrimPrefix(os.Getenv("MICRO_LISTEN"), "tcp://")
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "` + prefix + `", strings.Join(os.Args[1:], "|"))
		if bi, ok := debug.ReadBuildInfo(); ok {
			for _, s := range bi.Settings {
				if s.Key == "-gcflags" {
					fmt.Fprint(w, " gcflags=", s.Value)
				}
			}
		}
	})
	if err := http.ListenAndServe(addr, nil); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
`
	}
	dir := newApp(t, map[string]string{"main.go": main("args: ")})
	d := startDev(t, dir, "-s", ".", "--", "-config", "dev.yml", "two words")
	const gcflags = " gcflags=example.com/app/...=-N -l"
	waitBody(t, d.url, "args: -config|dev.yml|two words"+gcflags)
	write(t, dir, "main.go", main("again: "))
	waitBody(t, d.url, "again: -config|dev.yml|two words"+gcflags)
}

// TestTagsSelectFiles checks --tags and GOFLAGS: the tagged file is built
// and watched.
func TestTagsSelectFiles(t *testing.T) {
	t.Parallel()
	files := map[string]string{
		"app.go":   handlerSrc(`return word, nil`),
		"x.go":     "//go:build x\n\npackage app\n\nconst word = \"x\"\n",
		"plain.go": "//go:build !x\n\npackage app\n\nconst word = \"plain\"\n",
	}
	t.Run("flag", func(t *testing.T) {
		t.Parallel()
		dir := newApp(t, files)
		d := startDevEnv(t, dir, []string{"GOFLAGS=-tags=other"}, "-s", "--tags", "x")
		waitBody(t, d.url, "x")
		write(t, dir, "x.go", "//go:build x\n\npackage app\n\nconst word = \"x2\"\n")
		waitBody(t, d.url, "x2")
	})
	t.Run("race", func(t *testing.T) {
		t.Parallel()
		dir := newApp(t, map[string]string{
			"app.go":  handlerSrc(`return word, nil`),
			"race.go": "//go:build race\n\npackage app\n\nconst word = \"race\"\n",
			"fast.go": "//go:build !race\n\npackage app\n\nconst word = \"fast\"\n",
		})
		d := startDev(t, dir, "-s", "--race")
		waitBody(t, d.url, "race")
		write(t, dir, "race.go", "//go:build race\n\npackage app\n\nconst word = \"race2\"\n")
		waitBody(t, d.url, "race2")
	})
	t.Run("GOFLAGS", func(t *testing.T) {
		t.Parallel()
		dir := newApp(t, files)
		d := startDevEnv(t, dir, []string{"GOFLAGS=-tags=x"}, "-s")
		waitBody(t, d.url, "x")
		write(t, dir, "x.go", "//go:build x\n\npackage app\n\nconst word = \"x3\"\n")
		waitBody(t, d.url, "x3")
	})
}

// A --before command that writes new bytes to a file under a --watch path
// cuts every build short with that change, so nothing would be served:
// after loopCuts builds in a row micro-dev stops following those writes
// and says which file to --ignore.
func TestBeforeLoopIsFoundAndBroken(t *testing.T) {
	t.Parallel()
	dir := newApp(t, map[string]string{
		"main.go":   mainSrc(`"127.0.0.1:"+os.Getenv("PORT")`, `"hi"`),
		"gen/.keep": "",
	})
	d := startDev(t, dir, "-s", "-w", "gen", "-b", "echo $$ > gen/out.txt")
	d.waitCount(t, "add -i gen/out.txt", 1)
	// Found, the loop is broken: the build under way is served, and the
	// commands' writes start no other.
	waitBody(t, d.url, "hi")
	builds := d.count("out.txt changed")
	time.Sleep(time.Second)
	if n := d.count("out.txt changed"); n != builds {
		t.Errorf("%d more builds after the loop was found:\n%s", n-builds, d.output())
	}
	if n := d.count("add -i"); n != 1 {
		t.Errorf("the loop was named %d times, want once:\n%s", n, d.output())
	}
	// The advice works: with it, the program is served.
	fixed := startDev(t, dir, "-s", "-w", "gen", "-b", "echo $$ > gen/out.txt", "-i", "gen/out.txt")
	waitBody(t, fixed.url, "hi")
	if strings.Contains(fixed.output(), "out.txt changed") {
		t.Errorf("with -i gen/out.txt its writes still start builds:\n%s", fixed.output())
	}
}

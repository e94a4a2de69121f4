//go:build linux

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"time"
)

// subject is one tool configuration under test.
type subject struct {
	name string
	// argv and env give the command line and the extra environment for a
	// fixture copy and a free loopback port.
	argv func(port int) []string
	env  func(port int) []string
	// setup prepares the fixture copy (a config file); nil if none.
	setup func(dir string) error
	// banner, when set, is matched against the tool's output to learn the
	// port it serves (micro-dev moves to the next free port if the given
	// one is taken).
	banner *regexp.Regexp
	// build matches one line of the tool's output per build started.
	build *regexp.Regexp
	// phases, when set, matches the line where the tool reports how long
	// a reload's build and start took, as Go durations in groups 1 and 2.
	phases *regexp.Regexp
	// debounce is how long the tool waits after a change before building;
	// the no-op check watches this much longer.
	debounce time.Duration
}

// bannerRE finds micro-dev's local URL in its banner.
var bannerRE = regexp.MustCompile(`https?://(?:localhost|127\.0\.0\.1|\[::1\]):(\d+)`)

// microDevPhasesRE finds micro-dev's own figures for a reload:
// "✓ reloaded (built in 412ms, started in 9ms)".
var microDevPhasesRE = regexp.MustCompile(`reloaded \(built in ([0-9.]+m?s), started in ([0-9.]+m?s)\)`)

// microDev is micro-dev serving pkg ("." is the handler package, "./main"
// the plain net/http main) of the fixture.
func microDev(bin, pkg string, build *regexp.Regexp) subject {
	name := "micro-dev " + pkg
	return subject{
		name: name,
		argv: func(port int) []string {
			return []string{bin, "-s", "-H", "127.0.0.1", "-p", strconv.Itoa(port), pkg}
		},
		env:    func(int) []string { return nil },
		banner: bannerRE,
		build:  build,
		phases: microDevPhasesRE,
	}
}

// airBuildRE matches the line air prints when it starts a build.
var airBuildRE = regexp.MustCompile(`building\.\.\.`)

// air is air building and running the fixture's main package with its
// default configuration, except for the build command and, when delayMS >=
// 0, its debounce delay (default 1000 ms).
func air(bin string, delayMS int) subject {
	name := "air"
	debounce := time.Second
	if delayMS >= 0 {
		name = fmt.Sprintf("air delay=%dms", delayMS)
		debounce = time.Duration(delayMS) * time.Millisecond
	}
	return subject{
		name: name,
		argv: func(int) []string { return []string{bin, "-c", ".air.toml"} },
		env:  func(port int) []string { return []string{"PORT=" + strconv.Itoa(port)} },
		setup: func(dir string) error {
			conf := "# Written by reloadbench: air's defaults but for the package to build.\n" +
				"[build]\ncmd = \"go build -o ./tmp/main ./main\"\nbin = \"./tmp/main\"\n"
			if delayMS >= 0 {
				conf += fmt.Sprintf("delay = %d\n", delayMS)
			}
			return os.WriteFile(filepath.Join(dir, ".air.toml"), []byte(conf), 0o644)
		},
		build:    airBuildRE,
		debounce: debounce,
	}
}

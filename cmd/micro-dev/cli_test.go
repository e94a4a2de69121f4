//go:build unix

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os/exec"
	"strings"
	"testing"
	"time"
)

func TestCommandLine(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args     []string
		code     int
		stdout   string // substring of stdout
		stderr   string // substring of stderr
		emptyOut bool
	}{
		{args: []string{"-h"}, code: 0, stdout: "Usage:"},
		{args: []string{"--help"}, code: 0, stdout: "--poll"},
		{args: []string{"-v"}, code: 0, stdout: "micro-dev " + version},
		{args: []string{"--version"}, code: 0, stdout: version},
		{args: []string{"--nope"}, code: 2, stderr: "unknown flag: --nope", emptyOut: true},
		{args: []string{"a", "b"}, code: 2, stderr: "one package at a time", emptyOut: true},
		{args: []string{"-l", "lots", "."}, code: 1, stderr: `micro-dev: --limit "lots"`},
		// -l is --listen in micro: a port or an endpoint here says to use -p.
		{args: []string{"-l", "8080"}, code: 2, stderr: "give the port with -p, e.g. micro-dev -p 8080", emptyOut: true},
		{args: []string{"-l", ":8080"}, code: 2, stderr: "micro-dev -p 8080", emptyOut: true},
		{args: []string{"-l", "tcp://0.0.0.0:3000"}, code: 2, stderr: "give the port with -p", emptyOut: true},
		{args: []string{"--limit", "unix:/tmp/a.sock"}, code: 2, stderr: "not --listen", emptyOut: true},
		{args: []string{"-h"}, code: 0, stdout: "--before CMD"},
		{args: []string{"-b", "x", "a", "b", "--", "c"}, code: 2, stderr: "arguments for the program go after --", emptyOut: true},
		{args: []string{"./no/such/dir"}, code: 1, stderr: "micro-dev: "},
		{args: []string{"-d", "missing.env", "."}, code: 1, stderr: "cannot read env file"},
		{args: []string{"--allow-host", "http://x.example"}, code: 1, stderr: `micro-dev: --allow-host "http://x.example": give a host name`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			t.Parallel()
			var stdout, stderr bytes.Buffer
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			code := run(ctx, tt.args, &stdout, &stderr)
			if code != tt.code {
				t.Fatalf("exit code %d, want %d; stderr: %s", code, tt.code, stderr.String())
			}
			if !strings.Contains(stdout.String(), tt.stdout) {
				t.Errorf("stdout %q does not contain %q", stdout.String(), tt.stdout)
			}
			if !strings.Contains(stderr.String(), tt.stderr) {
				t.Errorf("stderr %q does not contain %q", stderr.String(), tt.stderr)
			}
			if tt.emptyOut && stdout.Len() > 0 {
				t.Errorf("stdout should be empty, got %q", stdout.String())
			}
			if tt.code == 1 && strings.Count(strings.TrimSpace(stderr.String()), "\n") > 0 {
				t.Errorf("want a one-line error, got %q", stderr.String())
			}
		})
	}
}

func TestDotenv(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write(t, dir, "a.env", "# comment\nexport A=1\nB = two words # note\nC=\"q \\\"x\\\"\"\nD='$raw'\n\nE=\n")
	got, err := loadDotenv(dir+"/a.env", true)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"A=1", "B=two words", `C=q "x"`, "D=$raw", "E="}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("got %q, want %q", got, want)
	}
	if env, err := loadDotenv(dir+"/none.env", false); err != nil || env != nil {
		t.Fatalf("a missing default .env: %v %v", env, err)
	}
	write(t, dir, "bad.env", "JUSTAWORD\n")
	if _, err := loadDotenv(dir+"/bad.env", true); err == nil || !strings.Contains(err.Error(), "bad.env:1") {
		t.Fatalf("want an error naming the line, got %v", err)
	}
}

func TestChildEnvironmentAndLog(t *testing.T) {
	t.Parallel()
	dir := newApp(t, map[string]string{
		"app.go": handlerSrc(`return map[string]any{"greeting": os.Getenv("GREETING"), "dev": core.Dev()}, nil`),
		".env":   "GREETING=hello from .env\n",
	})
	write(t, dir, "app.go", strings.Replace(handlerSrc(`return map[string]any{"greeting": os.Getenv("GREETING"), "dev": core.Dev()}, nil`), `"net/http"`, "\"net/http\"\n\t\"os\"", 1))
	d := startDev(t, dir) // request log on
	r := get(t, d.url+"/path?q=1", "")
	var v struct {
		Greeting string
		Dev      bool
	}
	if err := json.Unmarshal([]byte(r.body), &v); err != nil {
		t.Fatalf("%v: %q", err, r.body)
	}
	if v.Greeting != "hello from .env" || !v.Dev {
		t.Fatalf("child env: %+v", v)
	}
	// Dev mode pretty-prints JSON.
	if !strings.Contains(r.body, "\n  \"dev\": true") {
		t.Fatalf("want pretty JSON in dev mode, got %q", r.body)
	}
	d.waitCount(t, "> #1 GET /path?q=1", 1)
	d.waitCount(t, "< #1 200", 1)
	if strings.Contains(d.output(), "Accepting connections") || strings.Contains(d.output(), "Gracefully") {
		t.Fatalf("the child's internal address leaked into the output:\n%s", d.output())
	}
}

func TestRuntimeErrorPage(t *testing.T) {
	t.Parallel()
	dir := newApp(t, map[string]string{"app.go": strings.Replace(handlerSrc(`return nil, errors.New("database is down")`), `"net/http"`, "\"errors\"\n\t\"net/http\"", 1)})
	d := startDev(t, dir, "-s")
	r := get(t, d.url, "application/json")
	var v struct {
		Error struct {
			Status  int
			Message string
			Stack   string
		}
	}
	if err := json.Unmarshal([]byte(r.body), &v); err != nil || r.status != 500 {
		t.Fatalf("%d %v %q", r.status, err, r.body)
	}
	if !strings.Contains(v.Error.Stack, "database is down") || !strings.Contains(v.Error.Stack, "app.go") {
		t.Fatalf("dev mode should show the error and its stack: %+v", v.Error)
	}
	page := get(t, d.url, "text/html")
	if page.status != 500 || !strings.Contains(page.body, "database is down") || !strings.Contains(page.body, reloadPath) {
		t.Fatalf("html page: %d, has reload client: %v", page.status, strings.Contains(page.body, reloadPath))
	}
}

func TestColdAndPoll(t *testing.T) {
	t.Parallel()
	t.Run("poll", func(t *testing.T) {
		t.Parallel()
		dir := newApp(t, map[string]string{"app.go": handlerSrc(`return "p1", nil`)})
		d := startDev(t, dir, "-s", "-L")
		waitBody(t, d.url, "p1")
		write(t, dir, "app.go", handlerSrc(`return "p2", nil`))
		waitBody(t, d.url, "p2")
	})
	t.Run("cold", func(t *testing.T) {
		t.Parallel()
		dir := newApp(t, map[string]string{"app.go": handlerSrc(`return "c1", nil`)})
		d := startDev(t, dir, "-s", "-c")
		waitBody(t, d.url, "c1")
		write(t, dir, "app.go", handlerSrc(`return "c2", nil`))
		// Nothing watches: a build of the edit could only come from a
		// watcher. Compare against a fresh build of the same tree.
		out, err := exec.Command("go", "-C", dir, "vet", ".").CombinedOutput()
		if err != nil {
			t.Fatalf("the edit itself is fine: %v %s", err, out)
		}
		if r := get(t, d.url, ""); r.body != "c1" || d.count("changed") != 0 {
			t.Fatalf("--cold rebuilt: %q\n%s", r.body, d.output())
		}
	})
}

func TestFlagsParse(t *testing.T) {
	t.Parallel()
	o, err := parseFlags([]string{"-b", "go generate ./...", "--before", "templ generate", "--tags", "dev", "--race", "--app-port", "8081", "./api", "--", "-config", "dev.yml", "--", "x"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if o.pkg != "./api" || strings.Join(o.args, " ") != "-config dev.yml -- x" {
		t.Errorf("package %q, args %q", o.pkg, o.args)
	}
	if len(o.before) != 2 || o.before[1] != "templ generate" || o.tags != "dev" || !o.race || o.appPort != 8081 {
		t.Errorf("options %+v", o)
	}
	// pflag's own listing would show "[=true|false]" on every boolean.
	var out bytes.Buffer
	printUsage(&out)
	if strings.Contains(out.String(), "true|false") {
		t.Errorf("usage has pflag's boolean clutter:\n%s", out.String())
	}
	// Sizes stay sizes.
	for _, size := range []string{"0", "512", "1kb", "64KB", "1mb"} {
		if listenLike(size) {
			t.Errorf("-l %s taken for an address", size)
		}
	}
}

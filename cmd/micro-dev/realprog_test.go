//go:build unix

package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// mainSrc is a main package that answers reply (a Go expression) and
// listens on addr (a Go expression).
func mainSrc(addr, reply string) string {
	return `package main

import (
	"fmt"
	"net/http"
	"os"
)

var _ = os.Getenv

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, ` + reply + `) })
	if err := http.ListenAndServe(` + addr + `, nil); err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
}
`
}

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// hammer requests url from 3 goroutines until stop is called, which
// returns the failures and the number of requests.
func hammer(url, prefix string) (stop func() ([]string, int)) {
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	var mu sync.Mutex
	var failures []string
	total := 0
	for range 3 {
		wg.Go(func() {
			for ctx.Err() == nil {
				resp, err := http.Get(url)
				mu.Lock()
				total++
				if err != nil {
					failures = append(failures, err.Error())
				} else {
					b, _ := io.ReadAll(resp.Body)
					resp.Body.Close()
					if resp.StatusCode != 200 || !strings.HasPrefix(string(b), prefix) {
						failures = append(failures, fmt.Sprintf("%d %q", resp.StatusCode, b))
					}
				}
				mu.Unlock()
			}
		})
	}
	return func() ([]string, int) {
		cancel()
		wg.Wait()
		return failures, total
	}
}

func TestAppPortServesAProgramOnAFixedPort(t *testing.T) {
	t.Parallel()
	port := freePort(t)
	addr := fmt.Sprintf(`"127.0.0.1:%d"`, port)
	dir := newApp(t, map[string]string{"main.go": mainSrc(addr, `"r0"`)})
	d := startDev(t, dir, "-s", "--app-port", fmt.Sprint(port))
	waitBody(t, d.url, "r0")
	stop := hammer(d.url, "r")
	for i := 1; i <= 3; i++ {
		write(t, dir, "main.go", mainSrc(addr, fmt.Sprintf(`"r%d"`, i)))
		waitBody(t, d.url, fmt.Sprintf("r%d", i))
	}
	failures, total := stop()
	if len(failures) > 0 || total == 0 {
		t.Fatalf("%d of %d requests failed during 3 reloads on --app-port: %v", len(failures), total, failures[:min(len(failures), 5)])
	}
	if strings.Contains(d.output(), "address already in use") {
		t.Fatalf("two children overlapped on the port:\n%s", d.output())
	}
}

func TestProgramOnAnotherPortIsToldAboutAppPort(t *testing.T) {
	t.Parallel()
	port := freePort(t)
	dir := newApp(t, map[string]string{"main.go": mainSrc(fmt.Sprintf(`"127.0.0.1:%d"`, port), `"never seen"`)})
	start := time.Now()
	d := startDev(t, dir, "-s")
	r := get(t, d.url, "")
	took := time.Since(start)
	want := fmt.Sprintf("the program listens on :%d, not on the address micro-dev gave it in PORT/MICRO_LISTEN", port)
	flag := fmt.Sprintf("run micro-dev --app-port %d", port)
	if r.status != 500 || !strings.Contains(r.body, want) || !strings.Contains(r.body, flag) {
		t.Fatalf("page: %d\n%s\nwant %q and %q", r.status, r.body, want, flag)
	}
	d.waitCount(t, flag, 1)
	t.Logf("page naming --app-port after %s (micro-dev start, first build included)", took.Round(time.Millisecond))
}

func TestEnvFileChangeRestartsWithoutABuild(t *testing.T) {
	t.Parallel()
	dir := newApp(t, map[string]string{
		"main.go": mainSrc(`"127.0.0.1:"+os.Getenv("PORT")`, `os.Getenv("GREETING")`),
		".env":    "GREETING=one\nOTHER=x\n",
	})
	d := startDev(t, dir, "-s")
	d.waitCount(t, "Env:      .env (2 variables)", 1)
	waitBody(t, d.url, "one")
	write(t, dir, ".env", "GREETING=two\nOTHER=x\n")
	waitBody(t, d.url, "two")
	d.waitCount(t, ".env changed: restarting", 1)
	d.waitCount(t, "restarted (no build", 1)
	if n := d.count("built in"); n != 1 {
		t.Fatalf("%d build lines, want only the first build's:\n%s", n, d.output())
	}
	// A code change still builds, and keeps the new values.
	write(t, dir, "main.go", mainSrc(`"127.0.0.1:"+os.Getenv("PORT")`, `"v2 "+os.Getenv("GREETING")`))
	waitBody(t, d.url, "v2 two")
}

// The default .env is watched before it exists: one created after start
// restarts the program with its variables, and removing it again restarts
// it with none; neither builds.
func TestEnvFileCreatedAfterStart(t *testing.T) {
	t.Parallel()
	dir := newApp(t, map[string]string{
		"main.go": mainSrc(`"127.0.0.1:"+os.Getenv("PORT")`, `"greeting="+os.Getenv("GREETING")`),
	})
	d := startDev(t, dir, "-s")
	waitBody(t, d.url, "greeting=")
	if strings.Contains(d.output(), "Env:") {
		t.Fatalf("an Env line without an env file:\n%s", d.output())
	}
	write(t, dir, ".env", "GREETING=late\n")
	waitBody(t, d.url, "greeting=late")
	if err := os.Remove(filepath.Join(dir, ".env")); err != nil {
		t.Fatal(err)
	}
	waitBody(t, d.url, "greeting=")
	d.waitCount(t, "restarted (no build", 2)
	if n := d.count("built in"); n != 1 {
		t.Fatalf("%d build lines, want only the first build's:\n%s", n, d.output())
	}
}

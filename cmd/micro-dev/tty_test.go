//go:build unix

package main

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/creack/pty"
)

// terminal is a pseudo-terminal for micro-dev's output, as a developer's.
type terminal struct{ master, slave *os.File }

func newTerminal(t *testing.T) *terminal {
	t.Helper()
	master, slave, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminal here: %v", err)
	}
	t.Cleanup(func() { master.Close(); slave.Close() })
	return &terminal{master, slave}
}

// ttyApp is a main package that says whether its stdout is a terminal,
// writes to stdout and stderr in turn, and serves; /crash makes it exit.
const ttyApp = `package main

import (
	"fmt"
	"net/http"
	"os"
)

func main() {
	fi, err := os.Stdout.Stat()
	fmt.Printf("tty=%v\n", err == nil && fi.Mode()&os.ModeCharDevice != 0)
	for i := 1; i <= 3; i++ {
		fmt.Printf("out %d\n", i)
		fmt.Fprintf(os.Stderr, "err %d\n", i)
	}
	http.ListenAndServe("127.0.0.1:"+os.Getenv("PORT"), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/crash" {
			fmt.Println("last words")
			fmt.Fprintln(os.Stderr, "\x1b[31mred words\x1b[0m")
			os.Exit(3)
		}
		fmt.Fprint(w, "ok")
	}))
}
`

// On a terminal the program runs under a pseudo-terminal of its own: it
// sees a terminal, its stdout and stderr lines reach micro-dev's terminal
// in the order written, and the crash page has its last lines, cleaned.
// Off a terminal it writes to pipes.
func TestProgramOutputOnATerminal(t *testing.T) {
	t.Parallel()
	for _, onTTY := range []bool{true, false} {
		name := "pipes"
		if onTTY {
			name = "terminal"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var term *terminal
			if onTTY {
				term = newTerminal(t)
			}
			d := startDevOn(t, newApp(t, map[string]string{"main.go": ttyApp}), term)
			want := "tty=" + map[bool]string{true: "true", false: "false"}[onTTY]
			d.waitLine(t, func(l string) bool { return l == want })
			d.waitLine(t, func(l string) bool { return l == "err 3" })
			if !onTTY {
				return
			}
			out := strings.Split(d.output(), "\n")
			i := slices.Index(out, want)
			if got := out[i+1 : min(i+7, len(out))]; !slices.Equal(got, []string{"out 1", "err 1", "out 2", "err 2", "out 3", "err 3"}) {
				t.Errorf("the program's lines, in the order micro-dev showed them: %q", got)
			}
			get(t, d.url+"/crash", "")
			d.waitLine(t, func(l string) bool { return strings.Contains(l, "exit status 3") })
			page := get(t, d.url+"/", "")
			if !strings.Contains(page.body, "last words\n") || !strings.Contains(page.body, "red words\n") || strings.ContainsAny(page.body, "\r\x1b") {
				t.Errorf("crash page:\n%q", page.body)
			}
		})
	}
}

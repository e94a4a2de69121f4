//go:build unix

package devserver

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/seed-1b2dc2de/micro/internal/proc"
)

func TestParseLsof(t *testing.T) {
	t.Parallel()
	out := "p4242\nf5\nn*:8080\nf6\nn127.0.0.1:9000\nf7\nn[::1]:3000\nf8\nn*:8080\np4243\nf3\nnno port here\n"
	if got, want := parseLsof(out), []int{3000, 8080, 9000}; !slices.Equal(got, want) {
		t.Errorf("parseLsof = %v, want %v", got, want)
	}
	if got := parseLsof(""); len(got) != 0 {
		t.Errorf("parseLsof of nothing = %v", got)
	}
}

// TestLsofListenerHelper is the process TestLsofPorts asks lsof about:
// it listens on a free port, says which, and waits to be stopped.
func TestLsofListenerHelper(t *testing.T) {
	if os.Getenv("DEVSERVER_LSOF_HELPER") != "1" {
		t.Skip("run by TestLsofPorts")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	fmt.Println(ln.Addr().(*net.TCPAddr).Port)
	time.Sleep(time.Minute)
}

// Where there is no /proc, lsof tells the ports of the program's process
// group; here both ways see the same listener.
func TestLsofPorts(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("lsof"); err != nil {
		t.Skip("no lsof on PATH")
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	p, err := proc.Start(proc.Command{
		Path:   os.Args[0],
		Args:   []string{"-test.run=^TestLsofListenerHelper$"},
		Env:    append(os.Environ(), "DEVSERVER_LSOF_HELPER=1"),
		Stdout: w,
	})
	w.Close()
	if err != nil {
		t.Fatal(err)
	}
	defer p.Stop()
	sc := bufio.NewScanner(r)
	if !sc.Scan() {
		t.Fatalf("the helper said nothing: %v", sc.Err())
	}
	port, err := strconv.Atoi(sc.Text())
	if err != nil {
		t.Fatalf("the helper said %q", sc.Text())
	}
	ports, err := lsofPorts(p.Pid())
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(ports, port) {
		t.Errorf("lsof saw ports %v of the helper's group, want %d among them", ports, port)
	}
	if tree, err := treePorts(p.Pid()); err != nil || !slices.Equal(tree, ports) {
		t.Errorf("treePorts = %v, %v; lsof %v", tree, err, ports)
	}
}

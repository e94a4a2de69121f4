// Command speedbench measures save → served of micro-dev against the
// floor, a warm `go build -ldflags=-s -w` of the same edit, on a fixture
// with a big package of real code (testdata/bigapp): micro-dev's default
// build (the module's own packages unoptimised), --optimize, with
// -b 'go generate ./...', and as a handler package.
//
// Every subject runs on its own copy of the fixture, all at once; each
// round saves version.go in each copy in turn, in a rotating order, and
// waits until that copy serves the new version (the floor: until go build
// returns). A shared machine's load drifts, so each subject is compared
// with the floor of the same round and the report gives the median of
// those ratios beside the median times. bench/speed.sh runs it.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"github.com/seed-1b2dc2de/micro/bench/fixture"
	"io"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/seed-1b2dc2de/micro/internal/proc"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintf(os.Stderr, "speedbench: %v\n", err)
		os.Exit(1)
	}
}

// subject is micro-dev with some flags, or the floor when args is nil.
type subject struct {
	name string
	args []string // micro-dev's arguments before the port
	path string   // the page to poll
}

var subjects = []subject{
	{name: "floor: go build -ldflags=-s -w ./main"},
	{"micro-dev ./main -- args (default: -N -l)", []string{"./main", "--", "-greeting", "hi"}, "/"},
	{"micro-dev --optimize ./main -- args", []string{"--optimize", "./main", "--", "-greeting", "hi"}, "/"},
	{"micro-dev -b 'go generate ./...' ./main -- args", []string{"-b", "go generate ./...", "./main", "--", "-greeting", "hi"}, "/"},
	{"micro-dev --optimize -b 'go generate ./...' ./main -- args", []string{"--optimize", "-b", "go generate ./...", "./main", "--", "-greeting", "hi"}, "/"},
	{"micro-dev . (handler, default)", []string{"."}, "/"},
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("speedbench", flag.ContinueOnError)
	repo := fs.String("repo", ".", "the micro checkout")
	fixtureDir := fs.String("fixture", "", "fixture module (default <repo>/testdata/bigapp)")
	microDev := fs.String("micro-dev", "", "the micro-dev binary")
	rounds := fs.Int("n", 7, "rounds (one save per subject each)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *microDev == "" || *rounds < 1 {
		return errors.New("give -micro-dev BIN and -n ≥ 1")
	}
	if *fixtureDir == "" {
		*fixtureDir = filepath.Join(*repo, "testdata", "bigapp")
	}
	bin, err := filepath.Abs(*microDev)
	if err != nil {
		return err
	}
	work, err := os.MkdirTemp("", "speedbench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)

	runs := make([]*runner, len(subjects))
	for i, s := range subjects {
		dir := filepath.Join(work, fmt.Sprint(i))
		if err := fixture.Copy(*fixtureDir, dir, *repo); err != nil {
			return err
		}
		r := &runner{s: s, dir: dir}
		fmt.Fprintf(stderr, "starting %s\n", s.name)
		if err := r.start(ctx, bin); err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
		defer r.stop()
		runs[i] = r
	}
	times := make([][]time.Duration, len(runs))
	for round := range *rounds {
		for k := range runs {
			i := (k + round) % len(runs)
			d, err := runs[i].reload(ctx, fmt.Sprintf("r%d-%d", round, i))
			if err != nil {
				return fmt.Errorf("%s: %w", runs[i].s.name, err)
			}
			times[i] = append(times[i], d)
			fmt.Fprintf(stderr, "round %d %-60s %6dms\n", round+1, runs[i].s.name, d.Milliseconds())
		}
	}
	report(stdout, *rounds, times)
	return nil
}

func report(w io.Writer, n int, times [][]time.Duration) {
	fmt.Fprintf(w, "\nsave → served, %d rounds, interleaved; ratio: median over rounds of (time / floor of the same round)\n\n", n)
	fmt.Fprintf(w, "| subject | median | ratio to the floor |\n|---|---|---|\n")
	for i, s := range subjects {
		ratios := make([]float64, n)
		for r := range n {
			ratios[r] = float64(times[i][r]) / float64(times[0][r])
		}
		fmt.Fprintf(w, "| %s | %d ms | %.2f |\n", s.name, median(times[i]).Milliseconds(), medianF(ratios))
	}
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func medianF(fs []float64) float64 {
	s := slices.Clone(fs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// runner is one subject on its copy of the fixture.
type runner struct {
	s   subject
	dir string
	p   *proc.Process
	url string
}

var localRE = regexp.MustCompile(`Local:\s+(http://\S+)`)

// start starts micro-dev and waits for its first build to serve.
func (r *runner) start(ctx context.Context, bin string) error {
	if r.s.args == nil {
		_, err := r.build(ctx) // warms the cache for this copy
		return err
	}
	pr, pw := io.Pipe()
	args := append([]string{"-s", "-H", "127.0.0.1", "-p", "0"}, r.s.args...)
	p, err := proc.Start(proc.Command{Path: bin, Args: args, Dir: r.dir, Env: append(os.Environ(), "NO_COLOR=1"), Stdout: pw, Stderr: pw, Grace: 5 * time.Second})
	if err != nil {
		return err
	}
	r.p = p
	go func() { <-p.Done(); pw.Close() }()
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			if m := localRE.FindStringSubmatch(sc.Text()); m != nil {
				select {
				case found <- m[1]:
				default:
				}
			}
		}
	}()
	select {
	case r.url = <-found:
	case <-p.Done():
		return fmt.Errorf("micro-dev exited: %s", p.Status())
	case <-time.After(5 * time.Minute):
		return errors.New("no banner within 5m")
	}
	return r.await(ctx, "v0", 5*time.Minute)
}

func (r *runner) stop() {
	if r.p != nil {
		_ = r.p.Stop()
	}
}

// reload saves version.go with v and times it until served.
func (r *runner) reload(ctx context.Context, v string) (time.Duration, error) {
	src := fmt.Sprintf("package big\n\n// Version is rewritten by the speed benchmark on every save.\nconst Version = %q\n", v)
	t0 := time.Now()
	if err := os.WriteFile(filepath.Join(r.dir, "big", "version.go"), []byte(src), 0o644); err != nil {
		return 0, err
	}
	if r.s.args == nil {
		return r.build(ctx)
	}
	if err := r.await(ctx, v, time.Minute); err != nil {
		return 0, err
	}
	return time.Since(t0), nil
}

// await polls the page until it holds version v.
func (r *runner) await(ctx context.Context, v string, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		resp, err := http.Get(r.url + r.s.path)
		if err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if strings.Contains(string(body), " "+v+"\n") {
				return nil
			}
		}
		time.Sleep(5 * time.Millisecond)
	}
	return fmt.Errorf("version %s not served within %s", v, limit)
}

// build is the floor: what micro-dev ran before it built unoptimised.
func (r *runner) build(ctx context.Context) (time.Duration, error) {
	t0 := time.Now()
	var out strings.Builder
	st, err := proc.Run(ctx, proc.Command{
		Path: "go", Args: []string{"build", "-ldflags=-s -w", "-buildvcs=false", "-o", filepath.Join(r.dir, "tmp", "main"), "./main"},
		Dir: r.dir, Stdout: &out, Stderr: &out, Grace: time.Second,
	})
	if err == nil && !st.Success() {
		err = fmt.Errorf("go build: %s\n%s", st, out.String())
	}
	return time.Since(t0), err
}

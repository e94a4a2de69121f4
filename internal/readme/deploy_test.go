//go:build unix

package readme

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
)

// image is what the README's Dockerfile builds, as the test reproduced it.
type image struct {
	binary     string // the micro build output, on this machine
	buildPath  string // the same, as the Dockerfile names it
	copied     string // where COPY --from=build puts it in the image
	entrypoint string
	port       string // ENV PORT
}

// dockerfile checks the README's Dockerfile without docker: its RUN steps
// run in the module (go install excepted: micro is this checkout's), the
// micro build into a folder that does not exist yet, and its paths and
// ports must agree with each other.
func (r *run) dockerfile(b block) {
	img := &image{}
	root := r.t.TempDir() // the image's / for what the build writes
	for i, line := range strings.Split(b.text, "\n") {
		n := b.line + 1 + i
		instr, rest, _ := strings.Cut(strings.TrimSpace(line), " ")
		rest = strings.TrimSpace(rest)
		switch strings.ToUpper(instr) {
		case "RUN":
			r.dockerRun(n, rest, root, img)
		case "COPY":
			r.dockerCopy(n, rest, img)
		case "ENV":
			if v, ok := strings.CutPrefix(rest, "PORT="); ok {
				img.port = v
			}
		case "EXPOSE":
			if rest != img.port {
				r.t.Errorf("README.md:%d: EXPOSE %s, but the server listens on PORT=%s", n, rest, img.port)
			}
		case "ENTRYPOINT":
			var argv []string
			if err := json.Unmarshal([]byte(rest), &argv); err != nil || len(argv) == 0 {
				r.t.Fatalf("README.md:%d: ENTRYPOINT %s: want a JSON array (%v)", n, rest, err)
			}
			img.entrypoint = argv[0]
		}
	}
	switch {
	case img.binary == "":
		r.t.Fatalf("README.md:%d: the Dockerfile runs no micro build -o", b.line)
	case img.copied == "" || img.entrypoint != img.copied:
		r.t.Errorf("README.md:%d: ENTRYPOINT %s is not the binary COPY --from=build put at %s", b.line, img.entrypoint, img.copied)
	case img.port == "":
		r.t.Errorf("README.md:%d: the Dockerfile sets no PORT", b.line)
	}
	r.image = img
	r.ran["dockerfile"]++
}

// dockerRun runs one RUN step of the Dockerfile.
func (r *run) dockerRun(n int, cmdline, root string, img *image) {
	switch {
	case strings.HasPrefix(cmdline, "go install "):
		return // micro comes from this checkout
	case cmdline == "go mod download":
	case strings.HasPrefix(cmdline, "micro build "):
		args := strings.Fields(cmdline)
		for i, a := range args {
			if a == "-o" && i+1 < len(args) && filepath.IsAbs(args[i+1]) {
				img.buildPath = args[i+1]
				img.binary = filepath.Join(root, args[i+1])
				args[i+1] = img.binary
			}
		}
		if img.binary == "" {
			r.t.Fatalf("README.md:%d: %s: the test wants -o and an absolute path", n, cmdline)
		}
		if _, err := os.Stat(filepath.Dir(img.binary)); !os.IsNotExist(err) {
			r.t.Fatalf("the folder of %s must not exist before micro build: %v", img.binary, err)
		}
		cmdline = strings.Join(args, " ")
	default:
		r.t.Fatalf("README.md:%d: RUN %s: the test does not know this step; teach it", n, cmdline)
	}
	cmd := exec.Command("bash", "-c", cmdline)
	cmd.Dir, cmd.Env = r.dir, r.env
	if out, err := cmd.CombinedOutput(); err != nil {
		r.t.Fatalf("README.md:%d: RUN %s: %v\n%s", n, cmdline, err, out)
	}
}

// dockerCopy checks a COPY step: the files it copies exist (go.sum only in
// a module without the test's replace, which writes none for micro), and
// COPY --from=build takes the binary micro build wrote.
func (r *run) dockerCopy(n int, args string, img *image) {
	fields := strings.Fields(args)
	if len(fields) < 2 {
		r.t.Fatalf("README.md:%d: COPY %s: want a source and a destination", n, args)
	}
	if fields[0] == "--from=build" {
		if len(fields) != 3 || fields[1] != img.buildPath {
			r.t.Errorf("README.md:%d: COPY %s does not take the binary micro build wrote (%s)", n, args, img.buildPath)
		}
		img.copied = fields[2]
		return
	}
	for _, src := range fields[:len(fields)-1] {
		if src == "." || src == "go.sum" {
			continue
		}
		if _, err := os.Stat(filepath.Join(r.dir, src)); err != nil {
			r.t.Errorf("README.md:%d: COPY %s: %v", n, src, err)
		}
	}
}

var (
	k8sArgs  = regexp.MustCompile(`(?m)^\s*args:\s*(\[.*\])\s*$`)
	k8sPort  = regexp.MustCompile(`(?m)^\s*- containerPort:\s*(\d+)\s*$`)
	k8sProbe = regexp.MustCompile(`(?m)^\s*httpGet:\s*\{\s*path:\s*(\S+),\s*port:\s*(\d+)\s*\}\s*$`)
)

// kubernetes runs the Dockerfile's binary with the Deployment's args and
// checks that its readiness probe passes and its ports are the image's.
func (r *run) kubernetes(b block) {
	img := r.image
	if img == nil {
		r.t.Fatalf("README.md:%d: a Kubernetes block before the Dockerfile it deploys", b.line)
	}
	args := k8sArgs.FindStringSubmatch(b.text)
	port := k8sPort.FindStringSubmatch(b.text)
	probe := k8sProbe.FindStringSubmatch(b.text)
	if args == nil || port == nil || probe == nil {
		r.t.Fatalf("README.md:%d: the Deployment needs args: [...], a containerPort and an httpGet readiness probe", b.line)
	}
	var argv []string
	if err := json.Unmarshal([]byte(args[1]), &argv); err != nil {
		r.t.Fatalf("README.md:%d: args %s: %v", b.line, args[1], err)
	}
	if port[1] != img.port || probe[2] != img.port {
		r.t.Errorf("README.md:%d: containerPort %s and probe port %s, but the image listens on PORT=%s", b.line, port[1], probe[2], img.port)
	}
	// On loopback, not on the image's port: the machine is shared.
	line := img.binary + " " + strings.Join(argv, " ")
	r.server = startServer(r.t, r.dir, r.env, line+" -l tcp://127.0.0.1:0")
	r.server.url = r.server.waitLine(r.t, accepting)
	if code, body := r.status(probe[1]); code != 200 {
		r.t.Errorf("README.md:%d: the readiness probe GET %s got %d %s", b.line, probe[1], code, body)
	}
	r.stopServer()
	r.ran["kubernetes"]++
}

package tempdir

import (
	"bufio"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// A helper run of the test binary: with TEMPDIR_HELPER set to a parent
// directory it makes a Dir there, prints its path and waits to be killed.
func TestMain(m *testing.M) {
	if parent := os.Getenv("TEMPDIR_HELPER"); parent != "" {
		d, err := New(parent, "helper-")
		if err != nil {
			os.Stderr.WriteString(err.Error() + "\n")
			os.Exit(1)
		}
		os.Stdout.WriteString(d.Path() + "\n")
		os.Stdin.Read(make([]byte, 1)) // until the test kills us
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func TestNewRemove(t *testing.T) {
	parent := t.TempDir()
	d, err := New(parent, "x-")
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Dir(d.Path()) != parent {
		t.Errorf("Path() = %s, want a directory in %s", d.Path(), parent)
	}
	if _, err := os.Stat(filepath.Join(d.Path(), ownerFile)); err != nil {
		t.Errorf("no owner file: %v", err)
	}
	// Our own directory is alive: a sweep keeps it.
	Sweep(parent, "x-")
	if _, err := os.Stat(d.Path()); err != nil {
		t.Fatalf("Sweep removed the directory of a live owner: %v", err)
	}
	for range 2 {
		if err := d.Remove(); err != nil {
			t.Fatalf("Remove: %v", err)
		}
	}
	if _, err := os.Stat(d.Path()); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("directory still there after Remove: %v", err)
	}
}

// The directory of a process killed with SIGKILL is removed by the next
// New of the same prefix; others are left alone.
func TestSweepAfterKill(t *testing.T) {
	if runtime.GOOS != "linux" && runtime.GOOS != "darwin" && runtime.GOOS != "windows" {
		t.Skip("owners cannot be told alive or dead here")
	}
	parent := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "TEMPDIR_HELPER="+parent)
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("helper said nothing: %v", err)
	}
	dead := line[:len(line)-1]

	// While the helper lives its directory stays.
	Sweep(parent, "helper-")
	if _, err := os.Stat(dead); err != nil {
		t.Fatalf("Sweep removed the directory of a live process: %v", err)
	}
	cmd.Process.Kill()
	cmd.Wait()

	keep := []string{
		filepath.Join(parent, "helper-123"), // no owner file: not ours
		filepath.Join(parent, "helper-456"), // an empty owner file: being made
		filepath.Join(parent, "helper-x"),   // not prefix and a number
		filepath.Join(parent, "other-789"),  // another prefix
	}
	for _, dir := range keep {
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(keep[1], ownerFile), nil, 0o600)
	os.WriteFile(filepath.Join(keep[2], ownerFile), []byte("1\n"), 0o600)
	os.WriteFile(filepath.Join(keep[3], ownerFile), []byte("1\n"), 0o600)

	d, err := New(parent, "helper-")
	if err != nil {
		t.Fatal(err)
	}
	defer d.Remove()
	if _, err := os.Stat(dead); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the killed helper's directory %s is still there (%v)", dead, err)
	}
	for _, dir := range keep {
		if _, err := os.Stat(dir); err != nil {
			t.Errorf("Sweep removed %s: %v", dir, err)
		}
	}
}

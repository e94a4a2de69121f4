package watcher

import (
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Config says what to watch and how.
type Config struct {
	// Dir is the directory to run go list in: the module root of the target.
	Dir string
	// Packages are the import paths or directory patterns of the build's
	// root package(s); none means ".".
	Packages []string
	// Extra are more paths to watch (--watch): files, or directories watched
	// recursively, new subdirectories included. The .gitignore files of the
	// module root down to the files apply below them, as do the rules that
	// keep _test.go files, testdata/, .git/ and editors' temporary files out.
	// Relative paths are resolved against the current directory, like the
	// command line they come from.
	Extra []string
	// Ignore are path.Match globs matched against the slash path relative to
	// the module root and against the base name, of a file and of each of
	// its parent directories; a match wins over everything (build files and
	// Extra).
	Ignore []string
	// Poll polls the file system with stat instead of using fsnotify.
	Poll bool
	// Interval is the poll interval; 0 means 300ms. The build's files and
	// directories are polled at every interval; the files below Extra
	// paths are polled at the interval after a change, less and less often
	// while nothing changes, down to every 8 intervals or 2s, whichever
	// is shorter. A directory is read only when its modification time
	// changed.
	Interval time.Duration
	// Debounce is the trailing debounce; 0 means 25ms.
	Debounce time.Duration
	// Env is added to the environment of go list (e.g. GOFLAGS=-tags=dev).
	Env []string
	// BuildFlags are the go build flags that decide the file set (-tags,
	// -race), given to go list as the build will get them.
	BuildFlags []string
}

// Change is one coalesced batch of content changes.
type Change struct {
	// Paths are the absolute paths whose content changed (created, modified
	// or removed), sorted and deduplicated.
	Paths []string
}

// Watcher watches the files of a build. Create it with New, then call Run
// once (it owns all the state) and read Changes. Run releases the
// watcher's resources when its context ends or Close is called; Close
// releases them too when Run is never called.
type Watcher struct {
	cfg       Config
	root      string   // module root: Ignore and .gitignore paths are relative to it
	extra     []string // absolute Extra paths
	seed      maphash.Seed
	fsw       *fsnotify.Watcher // nil when polling
	changes   chan Change
	files     atomic.Pointer[[]string] // published copy of the build files, for Files
	ran       atomic.Bool
	closed    chan struct{} // closed by Close
	ended     chan struct{} // closed when Run returns
	holds     chan holdReq  // Hold and Absorb, served by Run
	closeOnce sync.Once

	// Everything below is owned by New and then by the goroutine in Run.
	build   *listing
	state   map[string]fileState // files that may trigger: build files and Extra files
	watched map[string]bool      // directories with an fsnotify watch
	walked  map[string]string    // directories found below Extra paths and embedded directories -> their anchor
	git     gitCache
	buf     []byte // for hashing
	src     []byte // for reading Go files
	loopState
}

// New resolves the files of the build with go list, hashes them, and sets
// up fsnotify watches on their directories (or the poll baseline). Errors of
// go list are returned with the first line go list wrote on stderr; a
// package that does not compile is not an error, its files are watched so
// that the fix triggers a rebuild.
func New(ctx context.Context, cfg Config) (*Watcher, error) {
	w, err := newWatcher(cfg)
	if err != nil {
		return nil, err
	}
	l, err := goList(ctx, w.cfg.Dir, w.cfg.Packages, w.cfg.Env, w.cfg.BuildFlags)
	if err != nil {
		return nil, err
	}
	w.root = l.root
	if !w.cfg.Poll {
		if w.fsw, err = fsnotify.NewWatcher(); err != nil {
			return nil, fmt.Errorf("cannot watch files (try polling instead): %w", err)
		}
	}
	w.build = l
	for _, e := range w.extra {
		w.walkExtra(e)
	}
	if err := w.reconcile(false); err != nil {
		w.Close()
		return nil, err
	}
	w.baselineAll()
	w.publishFiles()
	return w, nil
}

// newWatcher checks and completes the configuration.
func newWatcher(cfg Config) (*Watcher, error) {
	if cfg.Dir == "" {
		cfg.Dir = "."
	}
	dir, err := realPath(cfg.Dir)
	if err != nil {
		return nil, fmt.Errorf("cannot watch %s: %w", cfg.Dir, err)
	}
	if fi, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("cannot watch %s: %w", cfg.Dir, err)
	} else if !fi.IsDir() {
		return nil, fmt.Errorf("cannot watch %s: not a directory (give the module root)", cfg.Dir)
	}
	cfg.Dir = dir
	if len(cfg.Packages) == 0 {
		cfg.Packages = []string{"."}
	}
	if cfg.Interval <= 0 {
		cfg.Interval = 300 * time.Millisecond
	}
	if cfg.Debounce <= 0 {
		cfg.Debounce = 25 * time.Millisecond
	}
	for _, g := range cfg.Ignore {
		if _, err := path.Match(g, ""); err != nil {
			return nil, fmt.Errorf("bad ignore pattern %q (use path.Match syntax): %w", g, err)
		}
	}
	w := &Watcher{
		cfg:     cfg,
		seed:    maphash.MakeSeed(),
		changes: make(chan Change),
		closed:  make(chan struct{}),
		ended:   make(chan struct{}),
		holds:   make(chan holdReq),
		state:   map[string]fileState{},
		watched: map[string]bool{},
		walked:  map[string]string{},
		git:     gitCache{dirs: map[string]gitEntry{}},
		buf:     make([]byte, 32<<10),
	}
	for _, e := range cfg.Extra {
		p, err := realPath(e)
		if err != nil {
			return nil, fmt.Errorf("cannot watch %s: %w", e, err)
		}
		w.extra = append(w.extra, p)
	}
	w.initLoop()
	return w, nil
}

// realPath makes p absolute and resolves symbolic links when it exists, so
// that paths from go list, from fsnotify and from the configuration agree.
func realPath(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		return r, nil
	} else if !errors.Is(err, os.ErrNotExist) {
		return "", err
	}
	return abs, nil
}

// Changes delivers coalesced changes. A change is sent only when the bytes
// of a relevant file differ from the last seen, or a relevant file was
// created or removed. When the receiver is slow, changes accumulate into
// the next Change: no path is dropped and the watcher never blocks on the
// channel. The channel is closed when Run returns.
func (w *Watcher) Changes() <-chan Change { return w.changes }

// Files returns the build files currently watched (absolute, sorted, only
// those that exist and are not ignored), e.g. for "watching N files". Files
// below Extra paths are not included.
func (w *Watcher) Files() []string {
	if p := w.files.Load(); p != nil {
		return slices.Clone(*p)
	}
	return nil
}

// publishFiles makes the current build files visible to Files.
func (w *Watcher) publishFiles() {
	var fs []string
	for f := range w.build.files {
		if st, ok := w.state[f]; ok && st.exists {
			fs = append(fs, f)
		}
	}
	slices.Sort(fs)
	w.files.Store(&fs)
}

// Close stops the watcher: Run returns nil, and the fsnotify descriptor is
// released whether Run was called or not. It may be called more than once
// and from any goroutine; only the first call does anything.
func (w *Watcher) Close() error {
	var err error
	w.closeOnce.Do(func() {
		close(w.closed)
		if w.fsw != nil {
			err = w.fsw.Close()
		}
	})
	return err
}

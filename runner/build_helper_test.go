package runner

import (
	"context"
	"fmt"
	"os"
	"strings"
)

// buildHelperEnv makes the test binary run buildHelper instead of tests.
const (
	buildHelperEnv   = "RUNNER_TEST_BUILD_HELPER"
	buildHelperFlags = "RUNNER_TEST_BUILD_FLAGS"
	buildHelperDir   = "RUNNER_TEST_BUILD_DIR"
)

// buildHelper builds the package in buildHelperDir (default: the mainpkg
// fixture), with whatever go is first on PATH and the flags in
// buildHelperFlags (space-separated): the tests SIGKILL it mid-build.
func buildHelper() int {
	dir := os.Getenv(buildHelperDir)
	if dir == "" {
		dir = "../testdata/mainpkg"
	}
	t, err := Resolve(context.Background(), dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	b := &Build{Target: t, Output: os.Getenv(buildHelperEnv), Flags: strings.Fields(os.Getenv(buildHelperFlags))}
	_, err = b.Run(context.Background())
	fmt.Fprintln(os.Stderr, "build ended:", err)
	return 1
}

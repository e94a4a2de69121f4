package runner

import (
	"context"
	"fmt"
	"os"
)

// buildHelperEnv makes the test binary run buildHelper instead of tests.
const buildHelperEnv = "RUNNER_TEST_BUILD_HELPER"

// buildHelper builds the mainpkg fixture, with whatever go is first on
// PATH, and blocks: the test gives it a fake go and SIGKILLs it mid-build.
func buildHelper() int {
	t, err := Resolve(context.Background(), "../testdata/mainpkg")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	_, err = (&Build{Target: t, Output: os.Getenv(buildHelperEnv)}).Run(context.Background())
	fmt.Fprintln(os.Stderr, "build ended:", err)
	return 1
}

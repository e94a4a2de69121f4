// Command crash exits with status 3 at start, as a server that cannot start.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "crash: cannot start, exiting with status 3 on purpose")
	os.Exit(3)
}

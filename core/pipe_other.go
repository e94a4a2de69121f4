//go:build !windows

package core

import (
	"fmt"
	"net"
	"runtime"
)

// listenPipe refuses: named pipes are a Windows feature.
func listenPipe(name string) (net.Listener, error) {
	return nil, fmt.Errorf("listen pipe %s: Windows named pipes exist only on Windows, not %s: use a unix: socket or a tcp:// endpoint", name, runtime.GOOS)
}

//go:build windows

package core

import (
	"fmt"
	"net"
)

// listenPipe is not implemented yet: core uses only the standard library,
// which has no named pipe listener.
func listenPipe(name string) (net.Listener, error) {
	return nil, fmt.Errorf("listen pipe %s: Windows named pipes are not supported yet: use a tcp:// endpoint", name)
}

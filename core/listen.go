package core

import (
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"strings"
	"time"
)

// listen opens a listener for an endpoint ParseEndpoint accepted.
func listen(network, address string) (net.Listener, error) {
	switch network {
	case "unix":
		if err := removeStaleSocket(address); err != nil {
			return nil, err
		}
		// Go removes the socket file when the listener is closed.
		return net.Listen("unix", address)
	case "pipe":
		return listenPipe(address)
	}
	return net.Listen(network, address)
}

// removeStaleSocket removes a socket file left by a server that is gone,
// so that restarting it works; a live socket or another file is left for
// net.Listen to refuse.
func removeStaleSocket(path string) error {
	if strings.HasPrefix(path, "@") { // Linux abstract socket: no file
		return nil
	}
	fi, err := os.Lstat(path)
	if err != nil || fi.Mode()&fs.ModeSocket == 0 {
		return nil
	}
	if c, err := net.DialTimeout("unix", path, time.Second); err == nil {
		_ = c.Close()
		return fmt.Errorf("listen unix %s: %w", path, errSocketInUse)
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("remove the stale socket %s: %w", path, err)
	}
	return nil
}

var errSocketInUse = errors.New("a server is accepting connections on it")

// listenURL is how the log names a listener: its real address, with the
// host that was asked for when the listener took every address.
func listenURL(ln net.Listener, requested string) string {
	switch addr := ln.Addr().(type) {
	case *net.TCPAddr:
		if addr.IP.IsUnspecified() {
			host, _, _ := net.SplitHostPort(requested)
			if host == "0.0.0.0" {
				return fmt.Sprintf("http://0.0.0.0:%d", addr.Port)
			}
		}
		return "http://" + addr.String()
	case *net.UnixAddr:
		return "unix:" + addr.Name
	}
	return ln.Addr().Network() + ":" + ln.Addr().String()
}

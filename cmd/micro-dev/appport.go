package main

import (
	"net"
	"strconv"

	"github.com/seed-1b2dc2de/micro/internal/devserver"
)

// sequential sets up the modes where two children cannot run at once:
// --app-port (the program's own fixed port, told to it in PORT and
// MICRO_LISTEN too) and --debug (Delve's port, the same after every
// reload so that an editor can attach again).
func (a *app) sequential(cfg *devserver.Config) error {
	if a.o.appPort != 0 {
		cfg.Addr = net.JoinHostPort("127.0.0.1", strconv.Itoa(a.o.appPort))
	}
	if a.o.debug {
		_, port, err := debugListen(a.o.debugPort)
		if err != nil {
			return err
		}
		cfg.Sequential = true
		cfg.OwnPorts = []int{port}
	}
	return nil
}

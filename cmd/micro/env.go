package main

import (
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/seed-1b2dc2de/micro/core"
)

// endpoints returns where the child must listen: the -l flags, else
// MICRO_LISTEN, else 0.0.0.0:$PORT, else tcp://0.0.0.0:3000, each checked
// with core.ParseEndpoint so a mistake is reported before any build.
func endpoints(listen []string, getenv func(string) string) ([]string, error) {
	eps := listen
	if len(eps) == 0 {
		if v := getenv("MICRO_LISTEN"); strings.TrimSpace(v) != "" {
			for e := range strings.SplitSeq(v, ",") {
				if e = strings.TrimSpace(e); e != "" {
					eps = append(eps, e)
				}
			}
		} else if port := getenv("PORT"); port != "" {
			eps = []string{"tcp://0.0.0.0:" + port}
		} else {
			eps = []string{"tcp://0.0.0.0:3000"}
		}
	}
	for _, e := range eps {
		if _, _, err := core.ParseEndpoint(e); err != nil {
			return nil, err
		}
	}
	return eps, nil
}

// childEnv returns the environment of the child: ours, with MICRO_LISTEN
// set to the endpoints, PORT set when they are a single TCP port (so a plain
// net/http main reading PORT works) and removed otherwise, the drain bound
// in MICRO_SHUTDOWN_TIMEOUT, and MICRO_ENV removed: micro serves in
// production mode.
func childEnv(environ, eps []string, shutdown time.Duration) []string {
	port, single := singlePort(eps)
	env := make([]string, 0, len(environ)+3)
	for _, kv := range environ {
		name, _, _ := strings.Cut(kv, "=")
		switch name {
		case "MICRO_LISTEN", "MICRO_SHUTDOWN_TIMEOUT", "MICRO_ENV", "PORT":
			continue
		}
		env = append(env, kv)
	}
	env = append(env,
		"MICRO_LISTEN="+strings.Join(eps, ","),
		"MICRO_SHUTDOWN_TIMEOUT="+shutdown.String())
	if single {
		env = append(env, "PORT="+port)
	}
	return env
}

// singlePort returns the port of the only endpoint when it is TCP.
func singlePort(eps []string) (string, bool) {
	if len(eps) != 1 {
		return "", false
	}
	network, address, err := core.ParseEndpoint(eps[0])
	if err != nil || !strings.HasPrefix(network, "tcp") {
		return "", false
	}
	_, port, err := net.SplitHostPort(address)
	if err != nil {
		return "", false
	}
	return port, true
}

// checkTimeout rejects a drain bound that cannot work.
func checkTimeout(d time.Duration) error {
	if d <= 0 {
		return fmt.Errorf("--shutdown-timeout must be positive, got %s", d)
	}
	return nil
}

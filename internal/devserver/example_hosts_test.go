package devserver_test

import (
	"fmt"

	"github.com/seed-1b2dc2de/micro/internal/devserver"
)

// The Host names micro-dev answers when run with
// --allow-host tunnel.example --allow-host .ngrok.example.
func ExampleHosts() {
	hosts, err := devserver.NewHosts("localhost", []string{"tunnel.example", ".ngrok.example"})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, h := range []string{"localhost:3000", "app.localhost", "192.168.1.20:3000", "[::1]:3000", "Tunnel.Example.", "abc.ngrok.example", "evil.example"} {
		fmt.Println(h, hosts.Allowed(h))
	}
	// Output:
	// localhost:3000 true
	// app.localhost true
	// 192.168.1.20:3000 true
	// [::1]:3000 true
	// Tunnel.Example. true
	// abc.ngrok.example true
	// evil.example false
}

// Command core is the hello handler of the binary size test, served by
// core.Serve.
package main

import (
	"context"
	"log"
	"net/http"
	"os"
	"os/signal"
	"syscall"

	"github.com/seed-1b2dc2de/micro/core"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	h := core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
		return map[string]string{"hello": "world"}, nil
	})
	if err := core.Serve(ctx, h); err != nil {
		log.Fatal(err)
	}
}

// Command main serves devapp.Version with plain net/http on $PORT, the way
// a program run by air (or by micro-dev as a main package) would.
package main

import (
	"io"
	"log"
	"net/http"
	"os"
	"time"

	"example.com/devapp"
)

func main() {
	port := os.Getenv("PORT")
	if port == "" {
		port = "3000"
	}
	srv := &http.Server{
		Addr: "127.0.0.1:" + port,
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			io.WriteString(w, devapp.Version)
		}),
		ReadHeaderTimeout: 10 * time.Second,
	}
	log.Fatal(srv.ListenAndServe())
}

// Command mainpkg is a plain net/http program that reads PORT, as micro
// runs a main package as is. It says where it listens on stderr (PORT may be
// 0) and answers with the MICRO_LISTEN it was given.
package main

import (
	"fmt"
	"net"
	"net/http"
	"os"
)

func main() {
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	ln, err := net.Listen("tcp", net.JoinHostPort("", port))
	if err != nil {
		fmt.Fprintln(os.Stderr, "mainpkg:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "mainpkg: listening on http://%s\n", ln.Addr())
	err = http.Serve(ln, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "mainpkg MICRO_LISTEN=%s PORT=%s", os.Getenv("MICRO_LISTEN"), os.Getenv("PORT"))
	}))
	fmt.Fprintln(os.Stderr, "mainpkg:", err)
	os.Exit(1)
}

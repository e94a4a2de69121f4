// Command main serves the big package as a plain main package that takes
// arguments: -greeting starts every page.
package main

import (
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"strings"

	"example.com/bigapp/big"
)

func main() {
	greeting := flag.String("greeting", "hello", "the first word of every page")
	flag.Parse()
	addr := strings.TrimPrefix(os.Getenv("MICRO_LISTEN"), "tcp://")
	if addr == "" {
		addr = "127.0.0.1:" + os.Getenv("PORT")
	}
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		page, err := big.Render(r.URL.Path, *greeting)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		fmt.Fprint(w, page)
	})
	log.Fatal(http.ListenAndServe(addr, nil))
}

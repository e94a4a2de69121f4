// Command broken is a fixture of the compile error page: it does not build.
package main

import (
	"fmt"
	"net/http"
)

func main() {
	count := "three"
	var n int = count
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, greeting(r))
	})
	http.ListenAndServe(":3000", nil)
}

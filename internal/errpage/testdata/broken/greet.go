package main

import "net/http"

// greeting builds the answer; it uses names that do not exist.
func greeting(r *http.Request) string {
	return "Hello, " + nmae(r.URL.Query().Get("name"))
}

// Package readme checks the repository's README.md: its test extracts the
// examples (```go files, ```sh steps, the servers they start and the curl
// output they show, the Dockerfile's build) and runs them in a temporary
// module that uses this checkout, so an example cannot break unseen.
//
// Every ```go, ```sh, ```console and ```dockerfile block is preceded by a
// comment that says what it is, so nothing is guessed:
//
//	<!-- readme-test: file=api/api.go -->   a Go file of the module
//	<!-- readme-test: sh -->                shell steps, one per line
//	<!-- readme-test: serve -->             one command that serves
//	<!-- readme-test: curl -->              $ curl lines and the body each prints
//	<!-- readme-test: dockerfile -->        its micro build runs, its paths agree
//	<!-- readme-test: kubernetes -->        its args start the image's binary, its probe passes
//	<!-- readme-test: checkout -->          this repository's own commands
//	<!-- readme-test: skip (reason) -->     not run, and why
//
// The package holds no code besides its tests.
package readme

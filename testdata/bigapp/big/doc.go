// Package big is the speed benchmark's big package: about 11,000 lines of
// real code, copied from the Go standard library (encoding/xml,
// go/printer, text/template/parse, encoding/csv; see LICENSE) into one
// package, as an application's own big package is, with a few handlers on
// top. Every save of version.go compiles all of it again.
package big

//go:generate sh gen.sh

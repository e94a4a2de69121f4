// Package badshape exports a Handler that is no handler at all, which micro
// sees without building it.
package badshape

// Handler is a number.
var Handler = 42

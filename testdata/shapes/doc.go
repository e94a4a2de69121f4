// Package shapes holds one handler package per shape core.Adapt takes, for
// the tests of micro and micro-dev. Each answers GET / with its shape.
package shapes

// Package late exports a Handler of a wrong shape that only the type
// checker could see: micro builds it, and the generated main rejects it.
package late

// Handler is the number answer returns.
var Handler = answer()

func answer() int { return 42 }

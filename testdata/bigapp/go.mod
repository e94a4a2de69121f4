module example.com/bigapp

go 1.26.0

require github.com/seed-1b2dc2de/micro v0.0.0

// The speed benchmark copies this module to a temporary directory and
// rewrites this path to the absolute path of the micro checkout.
replace github.com/seed-1b2dc2de/micro => ../..

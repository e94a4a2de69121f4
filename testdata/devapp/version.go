package devapp

// Version is what both servers answer; the reload benchmark rewrites this
// file with a new value on every simulated save.
const Version = "v1"

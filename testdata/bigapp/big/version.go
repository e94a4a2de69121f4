package big

// Version is rewritten by the speed benchmark on every save.
const Version = "v0"

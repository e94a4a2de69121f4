package proc

// Adopt registers a process group that a started process made on its own
// (a debugger's target, which it puts in a group of its own) with the
// guard, so that it does not outlive us either. Call Release once the
// group has been killed or is known to be empty.
func Adopt(pgid int) { guardAdd(pgid) }

// Release unregisters a group given to Adopt.
func Release(pgid int) { guardRemove(pgid) }

package proc

// Windows has no process groups for a guard to kill; see group_windows.go.

func guardReady()     {}
func guardAdd(int)    {}
func guardRemove(int) {}

package proc

// Windows has no process groups for a guard to kill; see group_windows.go.

func guardAdd(int)    {}
func guardRemove(int) {}

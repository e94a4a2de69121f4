package main

import "syscall"

// dieWithTest makes a process started by a test get SIGKILL when the test
// binary dies, even of a timeout panic that skips every t.Cleanup: micro
// then takes its own child with it the same way.
func dieWithTest(attr *syscall.SysProcAttr) { attr.Pdeathsig = syscall.SIGKILL }

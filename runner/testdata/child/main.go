// Command child is the process runner's tests start. Its first argument
// picks a behaviour; it prints a line once that behaviour is set up, so the
// tests can wait for it instead of sleeping.
package main

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/mattn/go-isatty"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: child exit|isatty|sleep|graceful|ignore-term|grandchild|listen ...")
		os.Exit(2)
	}
	args := os.Args[2:]
	switch os.Args[1] {
	case "exit": // exit CODE LINES: LINES lines on stdout and stderr in turn, an unfinished one, exit CODE
		code, _ := strconv.Atoi(args[0])
		lines, _ := strconv.Atoi(args[1])
		for i := 1; i <= lines; i++ {
			if i%2 == 0 {
				fmt.Fprintf(os.Stderr, "err %d\n", i)
			} else {
				fmt.Fprintf(os.Stdout, "out %d\n", i)
			}
		}
		fmt.Print("last")
		os.Exit(code)
	case "isatty": // says whether stdout and stderr are terminals, in colour, then as exit 0 4
		fmt.Printf("\x1b[32misatty stdout=%v stderr=%v\x1b[0m\n", isatty.IsTerminal(os.Stdout.Fd()), isatty.IsTerminal(os.Stderr.Fd()))
		for i := 1; i <= 4; i++ {
			if i%2 == 0 {
				fmt.Fprintf(os.Stderr, "err %d\n", i)
			} else {
				fmt.Fprintf(os.Stdout, "out %d\n", i)
			}
		}
	case "sleep": // dies of SIGTERM
		fmt.Println("sleeping")
		block()
	case "graceful": // exits 0 on SIGTERM
		c := make(chan os.Signal, 1)
		signal.Notify(c, syscall.SIGTERM)
		fmt.Println("ready")
		<-c
		fmt.Println("bye")
	case "ignore-term": // ignore-term [close]: close stdout once ready
		signal.Ignore(syscall.SIGTERM)
		fmt.Println("ignoring")
		if len(args) > 0 && args[0] == "close" {
			os.Stdout.Close()
		}
		block()
	case "grandchild": // starts a grandchild ignoring SIGTERM in its group, then dies of SIGTERM
		// The grandchild closes its copy of our stdout once it has said it
		// is ready, so the runner sees the end of our output when we exit.
		cmd := exec.Command(os.Args[0], "ignore-term", "close")
		cmd.Stdout = os.Stdout
		if err := cmd.Start(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Printf("grandchild %d\n", cmd.Process.Pid)
		block()
	case "listen": // listen NETWORK ADDRESS DELAY
		delay, _ := time.ParseDuration(args[2])
		time.Sleep(delay)
		ln, err := net.Listen(args[0], args[1])
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Println("listening")
		for {
			c, err := ln.Accept()
			if err != nil {
				os.Exit(1)
			}
			c.Close()
		}
	default:
		fmt.Fprintf(os.Stderr, "child: unknown mode %q\n", os.Args[1])
		os.Exit(2)
	}
}

// block waits until a signal ends the process.
func block() {
	for {
		time.Sleep(time.Hour)
	}
}

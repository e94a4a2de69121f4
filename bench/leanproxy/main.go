// Command leanproxy is the floor of bench/proxy.sh: the least a Go proxy
// built on the standard library's HTTP parsers can do per request. Each
// connection is a loop of http.ReadRequest, Request.Write to a kept
// connection to the child, http.ReadResponse and Response.Write; there is
// nothing else: no http.Server, no timeouts, no checks, no streaming, no
// error pages. It is a yardstick, not a proxy to use.
//
//	leanproxy -listen 127.0.0.1:PORT -child 127.0.0.1:PORT
//
// It prints "listening on http://<addr>" to stderr once it accepts
// connections, and exits on SIGINT or SIGTERM.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"sync"
	"syscall"
)

type childConn struct {
	conn net.Conn
	br   *bufio.Reader
	bw   *bufio.Writer
}

type proxy struct {
	child string
	mu    sync.Mutex
	idle  []*childConn
}

func (p *proxy) get() (*childConn, error) {
	p.mu.Lock()
	if n := len(p.idle); n > 0 {
		c := p.idle[n-1]
		p.idle = p.idle[:n-1]
		p.mu.Unlock()
		return c, nil
	}
	p.mu.Unlock()
	conn, err := net.Dial("tcp", p.child)
	if err != nil {
		return nil, err
	}
	return &childConn{conn, bufio.NewReader(conn), bufio.NewWriter(conn)}, nil
}

func (p *proxy) put(c *childConn) {
	p.mu.Lock()
	p.idle = append(p.idle, c)
	p.mu.Unlock()
}

// serve forwards the requests of one client connection, one at a time;
// any error ends the connection.
func (p *proxy) serve(conn net.Conn) {
	defer conn.Close()
	br, bw := bufio.NewReader(conn), bufio.NewWriter(conn)
	for {
		req, err := http.ReadRequest(br)
		if err != nil {
			return
		}
		c, err := p.get()
		if err != nil {
			return
		}
		req.Header.Set("X-Forwarded-For", "127.0.0.1") // as a real proxy would add
		resp, err := exchange(c, req)
		if err != nil {
			c.conn.Close()
			return
		}
		err = resp.Write(bw) // reads the body to its end
		if resp.Close {
			c.conn.Close()
		} else {
			p.put(c)
		}
		if err != nil || bw.Flush() != nil {
			return
		}
	}
}

func exchange(c *childConn, req *http.Request) (*http.Response, error) {
	if err := req.Write(c.bw); err != nil {
		return nil, err
	}
	if err := c.bw.Flush(); err != nil {
		return nil, err
	}
	return http.ReadResponse(c.br, req)
}

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "address to listen on")
	child := flag.String("child", "", "address of the server to forward to")
	flag.Parse()
	if *child == "" {
		fmt.Fprintln(os.Stderr, "leanproxy: -child is required")
		os.Exit(2)
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		fmt.Fprintln(os.Stderr, "leanproxy:", err)
		os.Exit(1)
	}
	go func() {
		sig := make(chan os.Signal, 1)
		signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
		<-sig
		ln.Close()
	}()
	fmt.Fprintf(os.Stderr, "listening on http://%s\n", ln.Addr())
	p := &proxy{child: *child}
	for {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		go p.serve(conn)
	}
}

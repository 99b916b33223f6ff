package xpcli

import (
	"context"
	"fmt"
	"io"
	"net"
	"os/exec"
	"time"
)

// A Function is function-pod-identity running as a local process, the way
// crossplane render's Development runtime expects it.
type Function struct {
	// Addr is where it serves gRPC, for render's
	// render.crossplane.io/runtime-development-target annotation.
	Addr string

	cmd  *exec.Cmd
	done chan struct{} // closed when the process has exited
	err  error         // why it exited, once done is closed
}

// StartFunction starts the function binary on a free loopback port, without
// TLS and without its metrics server, so that several can run side by side.
// It returns once the function accepts connections.
func StartFunction(ctx context.Context, bin string, log io.Writer) (*Function, error) {
	return start(ctx, bin, log, "--insecure")
}

// StartFunctionWithTLS starts the function the way Crossplane runs it: with
// mTLS certificates from dir (tls.crt, tls.key and the clients' ca.crt).
func StartFunctionWithTLS(ctx context.Context, bin, dir string, log io.Writer) (*Function, error) {
	return start(ctx, bin, log, "--tls-certs-dir="+dir)
}

func start(ctx context.Context, bin string, log io.Writer, args ...string) (*Function, error) {
	addr, err := FreeAddress()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, append(args, "--address="+addr, "--metrics-address=")...)
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("cannot start the function: %w", err)
	}
	f := &Function{Addr: addr, cmd: cmd, done: make(chan struct{})}
	go func() {
		f.err = cmd.Wait()
		close(f.done)
	}()

	deadline := time.Now().Add(30 * time.Second)
	for {
		conn, err := (&net.Dialer{Timeout: time.Second}).DialContext(ctx, "tcp", addr)
		if err == nil {
			_ = conn.Close()
			return f, nil
		}
		select {
		case <-f.done:
			return nil, fmt.Errorf("the function exited before serving: %w", f.err)
		case <-ctx.Done():
			f.Stop()
			return nil, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			f.Stop()
			return nil, fmt.Errorf("the function did not serve on %s within 30s", addr)
		}
	}
}

// Stop ends the function and waits for it. Stopping twice is fine.
func (f *Function) Stop() {
	_ = f.cmd.Process.Kill()
	<-f.done
}

// FreeAddress asks the kernel for a free loopback port.
func FreeAddress() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	addr := l.Addr().String()
	return addr, l.Close()
}

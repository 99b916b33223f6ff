package main

import (
	"context"
	"net"
	"os"
	"os/exec"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/proto"

	"github.com/crossplane/function-sdk-go/logging"
	fnv1 "github.com/crossplane/function-sdk-go/proto/v1"
)

// Bounds of the soak: it stops by itself after soakDuration or soakRequests,
// whichever comes first.
const (
	soakDuration = 5 * time.Second
	soakRequests = 200000
	soakClients  = 8
)

// TestSoak serves the function over real gRPC on loopback and drives it with
// concurrent clients sending a mix of good and bad requests, under the race
// detector: every good request gets exactly the answer it gets in-process,
// every bad one its Fatal result, and afterwards no goroutine is left behind
// and the heap is back where it was.
func TestSoak(t *testing.T) {
	if testing.Short() {
		// Mutation testing (hack/mutation.sh) runs the package once per
		// mutant with -short: rebuilding it with -race each time would
		// make every run minutes long.
		t.Skip("the soak rebuilds the package under the race detector; not with -short")
	}
	if !raceEnabled {
		// The README's test command runs without -race; this test runs
		// itself again with it, so the soak is always under the race
		// detector. The detector needs cgo, which needs a C compiler.
		cmd := exec.Command("go", "test", "-race", "-count=1", "-v", "-run", "^TestSoak$", ".")
		cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("the soak under the race detector failed (it needs cgo and a C compiler): %v", err)
		}
		return
	}

	type call struct {
		req  *fnv1.RunFunctionRequest
		want *fnv1.RunFunctionResponse
	}
	var calls []call
	add := func(req *fnv1.RunFunctionRequest) {
		calls = append(calls, call{req: req, want: run(t, req)})
	}
	for _, ex := range loadExamples(t) {
		first := requestFor(t, ex.xr, ex.input)
		add(first)
		_, obs := steady(t, first)
		later := proto.Clone(first).(*fnv1.RunFunctionRequest) //nolint:forcetypeassert // a request clones to a request
		later.Observed.Resources = obs
		add(later)
	}
	for _, c := range loadBadInput(t) {
		add(c.request(t))
	}

	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := grpc.NewServer()
	fnv1.RegisterFunctionRunnerServiceServer(srv, &Function{log: logging.NewNopLogger()})
	served := make(chan error, 1)
	go func() { served <- srv.Serve(lis) }()

	// No call is cut short: the clients stop starting calls at the end of
	// the soak, and each call has its own generous deadline.
	ctx := context.Background()

	// One warm-up round, then the baseline: goroutines and heap of a server
	// that has answered every kind of request once.
	conn, err := grpc.NewClient(lis.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	client := fnv1.NewFunctionRunnerServiceClient(conn)
	for _, c := range calls {
		if _, err := client.RunFunction(ctx, c.req); err != nil {
			t.Fatal(err)
		}
	}
	_ = conn.Close()
	// Let the warm-up connection's goroutines end before counting.
	time.Sleep(500 * time.Millisecond)
	baseGoroutines, baseHeap := runtime.NumGoroutine(), heapInUse()

	var sent, failed atomic.Int64
	var wg sync.WaitGroup
	end := time.Now().Add(soakDuration)
	for w := range soakClients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Each client has its own connection, as Crossplane's replicas do.
			conn, err := grpc.NewClient(lis.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
			if err != nil {
				t.Error(err)
				return
			}
			defer func() { _ = conn.Close() }()
			client := fnv1.NewFunctionRunnerServiceClient(conn)
			for i := w; time.Now().Before(end) && sent.Add(1) <= soakRequests; i++ {
				c := calls[i%len(calls)]
				callCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
				got, err := client.RunFunction(callCtx, c.req)
				cancel()
				if err != nil || !proto.Equal(c.want, got) {
					if failed.Add(1) <= 3 {
						t.Errorf("request %d: error %v, or an answer other than in-process", i%len(calls), err)
					}
				}
			}
		}()
	}
	wg.Wait()
	if sent.Load() < int64(len(calls)) {
		t.Errorf("only %d requests in %s", sent.Load(), soakDuration)
	}
	t.Logf("%d requests from %d clients in %s, %d failed", min(sent.Load(), soakRequests), soakClients, soakDuration, failed.Load())

	if g := settledGoroutines(baseGoroutines); g > baseGoroutines {
		t.Errorf("goroutines grew from %d to %d", baseGoroutines, g)
	}
	// The heap of a function that keeps nothing between calls is back
	// where it was, give or take the runtime's own caches.
	if h := heapInUse(); h > baseHeap*2+8<<20 {
		t.Errorf("heap in use grew from %d to %d bytes", baseHeap, h)
	}
	srv.GracefulStop()
	if err := <-served; err != nil {
		t.Error(err)
	}
}

// settledGoroutines waits up to 5s for the goroutine count to fall to want,
// as connections close, and returns the count.
func settledGoroutines(want int) int {
	deadline := time.Now().Add(5 * time.Second)
	for {
		n := runtime.NumGoroutine()
		if n <= want || time.Now().After(deadline) {
			return n
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func heapInUse() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}

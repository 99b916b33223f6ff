// Command fnbench measures function-pod-identity over real gRPC, side by side
// with a no-op function built from the same SDK: the CPU each RunFunction call
// costs the server, its peak RSS, and latency, as ratios to the no-op floor.
//
//	go run ./bench/fnbench [-n 4000] [-c 1,16] [-reps 3] [-scenarios first,steady,isolated20]
//
// The requests come from the function's own outputs: first is the guide's
// example XR; steady is the same XR with every resource the function composes
// observed and ready, as Crossplane sends it once the providers have acted;
// isolated20 is the steady state of an XR with 20 isolated providers. The
// no-op function gets the same request with the function's desired state in
// it, so that it answers with as many bytes. Servers are pinned to the last
// CPU and this client to the first, when there are two, and each
// measurement starts a fresh server. Compare ratios from one run: the
// machines are shared and absolute times move.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/mem"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/structpb"
	"sigs.k8s.io/yaml"

	fnv1 "github.com/crossplane/function-sdk-go/proto/v1"

	"github.com/crossplane-contrib/function-pod-identity/internal/fixtures"
	"github.com/crossplane-contrib/function-pod-identity/internal/simprovider"
	"github.com/crossplane-contrib/function-pod-identity/internal/xpcli"
)

const method = "/apiextensions.fn.proto.v1.FunctionRunnerService/RunFunction"

func main() {
	n := flag.Int("n", 4000, "measured calls per measurement")
	warmup := flag.Int("warmup", 300, "calls before measuring")
	concs := flag.String("c", "1,16", "concurrencies, comma-separated")
	reps := flag.Int("reps", 3, "measurements per server, scenario and concurrency; the median is reported")
	scenarios := flag.String("scenarios", "first,steady,isolated20", "scenarios, comma-separated")
	out := flag.String("out", "", "folder to write the request files to, for other harnesses (optional)")
	flag.Parse()
	pinClient()
	if err := run(*n, *warmup, *reps, *concs, *scenarios, *out); err != nil {
		fmt.Fprintln(os.Stderr, "fnbench:", err)
		os.Exit(1)
	}
}

// A server is one function binary under test and the request it is sent.
type server struct{ name, bin, request string }

// A scenario is a request for each server, and how many resources the
// function's answer must hold.
type scenario struct {
	name     string
	requests map[string][]byte // by server name, marshalled
	expect   int
}

func run(n, warmup, reps int, concs, scenarioNames, out string) error {
	ctx := context.Background()
	root, err := xpcli.RepoRoot()
	if err != nil {
		return err
	}
	fn, err := xpcli.BuildFunction(ctx)
	if err != nil {
		return err
	}
	noop := filepath.Join(filepath.Dir(fn), "noop")
	if b, err := exec.CommandContext(ctx, "go", "build", "-o", noop, "./bench/noop").CombinedOutput(); err != nil {
		return fmt.Errorf("cannot build the no-op function: %w: %s", err, b)
	}
	servers := []server{
		// The floor: the no-op answers as many bytes as the function, so it
		// gets them in its request, as the desired state of an earlier
		// pipeline step.
		{"noop", noop, "noop"},
		// For reference: the no-op sent the function's own request.
		{"noop, function's request", noop, "function-pod-identity"},
		{"function-pod-identity", fn, "function-pod-identity"},
	}

	var scs []scenario
	for _, name := range strings.Split(scenarioNames, ",") {
		sc, err := makeScenario(ctx, root, fn, name)
		if err != nil {
			return fmt.Errorf("scenario %s: %w", name, err)
		}
		scs = append(scs, sc)
		if out != "" {
			if err := writeRequests(out, sc); err != nil {
				return err
			}
		}
	}

	fmt.Printf("Machine: %s, %d CPUs, %s; %d calls per measurement, median of %d\n\n", cpuModel(), machineCPUs(), runtime.Version(), n, reps)
	fmt.Println("| scenario | concurrency | server | CPU per call | vs no-op | peak RSS | vs no-op | p50 latency |")
	fmt.Println("|---|---|---|---|---|---|---|---|")
	for _, sc := range scs {
		for _, cs := range strings.Split(concs, ",") {
			c, err := strconv.Atoi(cs)
			if err != nil {
				return err
			}
			results := map[string][]measurement{}
			// Alternate the servers so that a noisy moment hits both.
			for range reps {
				for _, s := range servers {
					m, err := measure(ctx, s, sc, n, warmup, c)
					if err != nil {
						return fmt.Errorf("%s %s: %w", sc.name, s.name, err)
					}
					results[s.name] = append(results[s.name], m)
				}
			}
			floor := median(results["noop"])
			for _, s := range servers {
				m := median(results[s.name])
				fmt.Printf("| %s | %d | %s | %.0f µs | %.2fx | %.1f MiB | %+.1f MiB | %.0f µs |\n", sc.name, c, s.name,
					m.cpuPerCall, m.cpuPerCall/floor.cpuPerCall, m.peakRSS, m.peakRSS-floor.peakRSS, m.p50)
			}
		}
	}
	return nil
}

// makeScenario builds a scenario's requests by asking the function itself.
func makeScenario(ctx context.Context, root, fn, name string) (scenario, error) {
	var xrFile string
	var xr map[string]any
	switch name {
	case "first", "steady":
		xrFile = filepath.Join(root, "example", "xr.yaml")
	case "isolated20":
		xr = fixtures.IsolatedXR(20)
	default:
		return scenario{}, fmt.Errorf("unknown scenario (first, steady, isolated20)")
	}
	if xrFile != "" {
		b, err := os.ReadFile(xrFile) //nolint:gosec // the repository's own example
		if err != nil {
			return scenario{}, err
		}
		if err := yaml.Unmarshal(b, &xr); err != nil {
			return scenario{}, err
		}
	}
	in, err := compositionInput(filepath.Join(root, "example", "composition.yaml"))
	if err != nil {
		return scenario{}, err
	}
	xrStruct, err := structpb.NewStruct(xr)
	if err != nil {
		return scenario{}, err
	}
	req := &fnv1.RunFunctionRequest{Observed: &fnv1.State{Composite: &fnv1.Resource{Resource: xrStruct}}, Input: in}

	f, err := xpcli.StartFunction(ctx, fn, os.Stderr)
	if err != nil {
		return scenario{}, err
	}
	defer f.Stop()
	conn, err := grpc.NewClient(f.Addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return scenario{}, err
	}
	defer func() { _ = conn.Close() }()
	client := fnv1.NewFunctionRunnerServiceClient(conn)
	// call calls the function as Crossplane does: again with what it asked
	// for, here nothing found, until that settles. The request measured is
	// the last one, which composes everything.
	call := func() (*fnv1.RunFunctionResponse, error) {
		for {
			rsp, err := client.RunFunction(ctx, req)
			if err != nil || rsp.GetRequirements() == nil || len(req.GetRequiredResources()) == len(rsp.GetRequirements().GetResources()) {
				return rsp, err
			}
			req.RequiredResources = map[string]*fnv1.Resources{}
			for name := range rsp.GetRequirements().GetResources() {
				req.RequiredResources[name] = &fnv1.Resources{}
			}
		}
	}
	rsp, err := call()
	if err != nil {
		return scenario{}, err
	}
	if name != "first" {
		// Reconcile as Crossplane would until nothing new is composed.
		for range 4 {
			req.Observed.Resources = simprovider.Observe(xrStruct, rsp.GetDesired().GetResources(), true)
			req.RequiredResources = nil
			next, err := call()
			if err != nil {
				return scenario{}, err
			}
			done := len(next.GetDesired().GetResources()) == len(rsp.GetDesired().GetResources())
			rsp = next
			if done {
				break
			}
		}
	}
	if len(rsp.GetResults()) > 0 {
		return scenario{}, fmt.Errorf("the function returned results: %v", rsp.GetResults())
	}

	noopReq := proto.CloneOf(req)
	noopReq.Desired = rsp.GetDesired()
	sc := scenario{name: name, requests: map[string][]byte{}, expect: len(rsp.GetDesired().GetResources())}
	for server, r := range map[string]*fnv1.RunFunctionRequest{"function-pod-identity": req, "noop": noopReq} {
		b, err := proto.Marshal(r)
		if err != nil {
			return scenario{}, err
		}
		sc.requests[server] = b
	}
	return sc, nil
}

func compositionInput(path string) (*structpb.Struct, error) {
	b, err := os.ReadFile(path) //nolint:gosec // the repository's own example
	if err != nil {
		return nil, err
	}
	var comp struct {
		Spec struct {
			Pipeline []struct {
				Input map[string]any `json:"input"`
			} `json:"pipeline"`
		} `json:"spec"`
	}
	if err := yaml.Unmarshal(b, &comp); err != nil || len(comp.Spec.Pipeline) == 0 {
		return nil, fmt.Errorf("%s: no pipeline input: %w", path, err)
	}
	return structpb.NewStruct(comp.Spec.Pipeline[0].Input)
}

func writeRequests(dir string, sc scenario) error {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return err
	}
	for server, b := range sc.requests {
		if err := os.WriteFile(filepath.Join(dir, server+"-"+sc.name+".pb"), b, 0o600); err != nil {
			return err
		}
	}
	return nil
}

// A measurement of one server on one scenario at one concurrency.
type measurement struct {
	cpuPerCall float64 // µs of server CPU (user + system) per call
	peakRSS    float64 // MiB, the server's VmHWM
	p50        float64 // µs
}

func median(ms []measurement) measurement {
	pick := func(f func(measurement) float64) float64 {
		v := make([]float64, len(ms))
		for i, m := range ms {
			v[i] = f(m)
		}
		slices.Sort(v)
		return v[len(v)/2]
	}
	return measurement{
		cpuPerCall: pick(func(m measurement) float64 { return m.cpuPerCall }),
		peakRSS:    pick(func(m measurement) float64 { return m.peakRSS }),
		p50:        pick(func(m measurement) float64 { return m.p50 }),
	}
}

// measure starts a fresh server, warms it up, and sends n calls at
// concurrency c over one connection, as Crossplane does.
func measure(ctx context.Context, s server, sc scenario, n, warmup, c int) (measurement, error) {
	addr, err := xpcli.FreeAddress()
	if err != nil {
		return measurement{}, err
	}
	args := []string{s.bin, "--insecure", "--address=" + addr, "--metrics-address=127.0.0.1:0"}
	if cpu := machineCPUs() - 1; cpu > 0 {
		if taskset, err := exec.LookPath("taskset"); err == nil {
			args = append([]string{taskset, "-c", strconv.Itoa(cpu)}, args...)
		}
	}
	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return measurement{}, err
	}
	defer func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	}()
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithDefaultCallOptions(grpc.ForceCodecV2(rawCodec{})))
	if err != nil {
		return measurement{}, err
	}
	defer func() { _ = conn.Close() }()
	req := sc.requests[s.request]
	if err := waitServing(ctx, conn, req, s.name == "function-pod-identity", sc.expect); err != nil {
		return measurement{}, err
	}
	if _, err := load(ctx, conn, req, warmup, c); err != nil {
		return measurement{}, err
	}
	pid := cmd.Process.Pid
	before, err := cpuTicks(pid)
	if err != nil {
		return measurement{}, err
	}
	latencies, err := load(ctx, conn, req, n, c)
	if err != nil {
		return measurement{}, err
	}
	after, err := cpuTicks(pid)
	if err != nil {
		return measurement{}, err
	}
	hwm, err := statusKB(pid, "VmHWM")
	if err != nil {
		return measurement{}, err
	}
	slices.Sort(latencies)
	return measurement{
		cpuPerCall: float64(after-before) * 1e6 / clockTicks / float64(n),
		peakRSS:    float64(hwm) / 1024,
		p50:        float64(latencies[len(latencies)/2].Microseconds()),
	}, nil
}

// waitServing calls the server until it answers, and checks the function's
// answer holds the expected number of composed resources.
func waitServing(ctx context.Context, conn *grpc.ClientConn, req []byte, check bool, expect int) error {
	deadline := time.Now().Add(30 * time.Second)
	for {
		var rsp []byte
		err := conn.Invoke(ctx, method, &req, &rsp)
		if err == nil {
			if !check {
				return nil
			}
			r := &fnv1.RunFunctionResponse{}
			if err := proto.Unmarshal(rsp, r); err != nil {
				return err
			}
			if got := len(r.GetDesired().GetResources()); got != expect || len(r.GetResults()) > 0 {
				return fmt.Errorf("the function answered %d resources and %d results, want %d and none", got, len(r.GetResults()), expect)
			}
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("no answer within 30s: %w", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// load sends n calls with c in flight and returns their latencies.
func load(ctx context.Context, conn *grpc.ClientConn, req []byte, n, c int) ([]time.Duration, error) {
	latencies := make([]time.Duration, n)
	var next atomic.Int64
	var firstErr error
	var once sync.Once
	var wg sync.WaitGroup
	for range c {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var rsp []byte
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				start := time.Now()
				if err := conn.Invoke(ctx, method, &req, &rsp); err != nil {
					once.Do(func() { firstErr = err })
					return
				}
				latencies[i] = time.Since(start)
			}
		}()
	}
	wg.Wait()
	return latencies, firstErr
}

// rawCodec sends pre-marshalled requests and keeps responses as bytes, so the
// client spends next to nothing on protobuf.
type rawCodec struct{}

func (rawCodec) Marshal(v any) (mem.BufferSlice, error) {
	b, ok := v.(*[]byte)
	if !ok {
		return nil, errors.New("rawCodec sends *[]byte")
	}
	return mem.BufferSlice{mem.SliceBuffer(*b)}, nil
}

func (rawCodec) Unmarshal(data mem.BufferSlice, v any) error {
	b, ok := v.(*[]byte)
	if !ok {
		return errors.New("rawCodec receives into *[]byte")
	}
	*b = data.Materialize()
	return nil
}

func (rawCodec) Name() string { return "proto" }

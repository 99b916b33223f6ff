package main

import (
	"fmt"
	"syscall"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"

	fnv1 "github.com/crossplane/function-sdk-go/proto/v1"

	"github.com/crossplane-contrib/function-pod-identity/internal/fixtures"
)

// Benchmarks of RunFunction in-process. Run them with
//
//	go test -run '^$' -bench . -benchmem
//
// and compare with the gRPC benchmark in bench/ for the cost a call really
// has, against the no-op floor.

// guideRequest is the guide's scenario with the example Composition's Input.
func guideRequest(b testing.TB) *fnv1.RunFunctionRequest {
	b.Helper()
	for _, ex := range loadExamples(b) {
		if ex.name == "example/xr.yaml" {
			return requestFor(b, ex.xr, ex.input)
		}
	}
	b.Fatal("no example/xr.yaml")
	return nil
}

// isolatedRequest has n isolated providers, each with a policy.
func isolatedRequest(b testing.TB, n int) *fnv1.RunFunctionRequest {
	b.Helper()
	return requestFor(b, fixtures.IsolatedXR(n), nil)
}

// steadyRequest is req once everything it composes is observed and ready.
func steadyRequest(b testing.TB, req *fnv1.RunFunctionRequest) *fnv1.RunFunctionRequest {
	b.Helper()
	_, obs := steady(b, req)
	out := proto.Clone(req).(*fnv1.RunFunctionRequest) //nolint:forcetypeassert // a request clones to a request
	out.Observed.Resources = obs
	return out
}

func benchmarkRunFunction(b *testing.B, req *fnv1.RunFunctionRequest) {
	b.Helper()
	f := &Function{log: nopLogger}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := f.RunFunction(b.Context(), req); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFirstReconcile(b *testing.B) { benchmarkRunFunction(b, guideRequest(b)) }

func BenchmarkSteadyState(b *testing.B) { benchmarkRunFunction(b, steadyRequest(b, guideRequest(b))) }

func BenchmarkIsolated20(b *testing.B) {
	benchmarkRunFunction(b, steadyRequest(b, isolatedRequest(b, 20)))
}

func BenchmarkBadInputFatal(b *testing.B) {
	for _, c := range loadBadInput(b) {
		if c.Name == "unknown-fields" {
			benchmarkRunFunction(b, c.request(b))
			return
		}
	}
	b.Fatal("no unknown-fields case")
}

// invalidShapes are invalid XRs that grow with n: spec.providers as a list
// of n strings where objects belong, spec.role.tags with n tags where at
// most 47 fit, and spec.role with n misspelt fields, each one problem.
var invalidShapes = []struct {
	name  string
	build func(n int) map[string]any
}{
	{"providers", func(n int) map[string]any {
		items := make([]any, n)
		for i := range items {
			items[i] = "x"
		}
		return map[string]any{"providers": items}
	}},
	{"tags", func(n int) map[string]any {
		tags := make(map[string]any, n)
		for i := range n {
			tags[fmt.Sprintf("t%07d", i)] = "v"
		}
		return map[string]any{"role": map[string]any{"tags": tags}}
	}},
	{"unknown-fields", func(n int) map[string]any {
		fields := make(map[string]any, n)
		for i := range n {
			fields[fmt.Sprintf("f%07d", i)] = "v"
		}
		return map[string]any{"role": fields}
	}},
}

// invalidSizes are the request sizes, from 10 KiB doubling to 2.5 MiB, and
// 3.5 MiB, near the 4 MiB Crossplane sends at most by default.
var invalidSizes = []int{10 << 10, 20 << 10, 40 << 10, 80 << 10, 160 << 10, 320 << 10, 640 << 10, 1280 << 10, 2560 << 10, 3584 << 10}

// invalidRequest is the request of an invalid shape of about size bytes.
func invalidRequest(tb testing.TB, build func(int) map[string]any, size int) *fnv1.RunFunctionRequest {
	tb.Helper()
	request := func(n int) *fnv1.RunFunctionRequest {
		spec := build(n)
		spec["clusterName"], spec["region"] = "prod", "us-east-2"
		return requestFor(tb, map[string]any{"metadata": map[string]any{"name": "invalid"}, "spec": spec}, nil)
	}
	// Items are of one size: measure one thousand.
	base, probe := proto.Size(request(0)), proto.Size(request(1000))
	return request((size - base) * 1000 / (probe - base))
}

// BenchmarkInvalidInput measures what a Fatal result costs as invalid input
// grows from 10 KiB to 3.5 MiB, and reports the CPU per call beside ns/op,
// and the Fatal message's size:
//
//	go test -run '^$' -bench BenchmarkInvalidInput .
//
// Compare cpu-ns/op of one size with the next, twice as large, in one run:
// a ratio of 2 or less is linear growth.
func BenchmarkInvalidInput(b *testing.B) {
	for _, shape := range invalidShapes {
		for _, size := range invalidSizes {
			b.Run(fmt.Sprintf("%s/%dKiB", shape.name, size>>10), func(b *testing.B) {
				req := invalidRequest(b, shape.build, size)
				f := &Function{log: nopLogger}
				var rsp *fnv1.RunFunctionResponse
				b.ResetTimer()
				cpu := cpuTime(b)
				for b.Loop() {
					var err error
					if rsp, err = f.RunFunction(b.Context(), req); err != nil {
						b.Fatal(err)
					}
				}
				cpu = cpuTime(b) - cpu
				b.StopTimer()
				if !isFatal(rsp) {
					b.Fatalf("%s of %d bytes gave no Fatal result", shape.name, proto.Size(req))
				}
				b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
				b.ReportMetric(float64(proto.Size(req)), "request-bytes")
				b.ReportMetric(float64(len(rsp.GetResults()[0].GetMessage())), "fatal-bytes")
			})
		}
	}
}

// cpuTime is the CPU time the process has used, user and system: unlike
// ns/op it does not grow while other processes hold the machine's cores.
func cpuTime(tb testing.TB) time.Duration {
	tb.Helper()
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		tb.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// TestLargestInvalidInputFatalBounded runs every invalid shape at the
// largest size the benchmark measures: one Fatal result, within the bound
// every Fatal keeps, far below the 64 KiB it may have.
func TestLargestInvalidInputFatalBounded(t *testing.T) {
	size := invalidSizes[len(invalidSizes)-1]
	for _, shape := range invalidShapes {
		rsp := run(t, invalidRequest(t, shape.build, size))
		if results := rsp.GetResults(); len(results) != 1 || results[0].GetSeverity() != fnv1.Severity_SEVERITY_FATAL {
			t.Fatalf("%s: want one Fatal result, got %v", shape.name, results)
		}
		if n := len(rsp.GetResults()[0].GetMessage()); n > maxFatalLength || n > 64<<10 {
			t.Errorf("%s of %d bytes: the Fatal has %d bytes, more than %d", shape.name, size, n, min(maxFatalLength, 64<<10))
		}
	}
}

package main

import (
	"testing"

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

package main

import (
	"encoding/json"
	"testing"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/structpb"

	fnv1 "github.com/crossplane/function-sdk-go/proto/v1"

	"github.com/crossplane-contrib/function-pod-identity/spec"
)

// maxFatalLength bounds every Fatal message: spec.Explain's and spec.Join's
// bound after the longest of the function's two prefixes.
const maxFatalLength = len("cannot compose XPodIdentity: ") + spec.MaxExplanationLength

// FuzzRunFunction runs the whole function on arbitrary XR specs and Inputs,
// given as JSON, with the invariants as the oracle: no panic, a Fatal result
// hands the desired state back, otherwise the same request gives the same
// bytes, what earlier steps desired is kept, and every composed object has
// valid names and intact policy documents. The seed corpus in
// testdata/fuzz/FuzzRunFunction holds every example and bad-input case; go
// test runs it, and
//
//	go test -run '^$' -fuzz FuzzRunFunction -fuzztime 10m .
//
// searches further. A crasher lands in the same folder; commit it.
func FuzzRunFunction(f *testing.F) {
	f.Fuzz(func(t *testing.T, spec, input []byte) {
		var s any
		if err := json.Unmarshal(spec, &s); err != nil {
			return
		}
		specValue, err := structpb.NewValue(s)
		if err != nil {
			return
		}
		xr := &structpb.Struct{Fields: map[string]*structpb.Value{
			"metadata": structpb.NewStructValue(&structpb.Struct{Fields: map[string]*structpb.Value{"name": structpb.NewStringValue("fuzz")}}),
			"spec":     specValue,
		}}
		req := &fnv1.RunFunctionRequest{
			Observed: &fnv1.State{Composite: &fnv1.Resource{Resource: xr}},
			Desired: &fnv1.State{Resources: map[string]*fnv1.Resource{
				"earlier": {Resource: &structpb.Struct{Fields: map[string]*structpb.Value{"kind": structpb.NewStringValue("Bucket")}}},
			}},
		}
		if len(input) > 0 {
			in := &structpb.Struct{}
			if err := in.UnmarshalJSON(input); err != nil {
				return
			}
			req.Input = in
		}
		before := proto.Clone(req).(*fnv1.RunFunctionRequest) //nolint:forcetypeassert // a request clones to a request

		rsp := run(t, req)
		if !proto.Equal(before, req) {
			t.Fatal("RunFunction modified its request")
		}
		if isFatal(rsp) {
			if !proto.Equal(before.GetDesired(), rsp.GetDesired()) {
				t.Fatal("a Fatal result changed the desired state")
			}
			return
		}
		marshal := proto.MarshalOptions{Deterministic: true}
		a, _ := marshal.Marshal(rsp)
		b, _ := marshal.Marshal(run(t, req))
		if string(a) != string(b) {
			t.Fatal("the same request gave different responses")
		}
		if !proto.Equal(before.GetDesired().GetResources()["earlier"], rsp.GetDesired().GetResources()["earlier"]) {
			t.Fatal("an earlier step's resource was not kept")
		}
		for name, r := range rsp.GetDesired().GetResources() {
			if name == "earlier" {
				continue
			}
			if msg := checkComposed(r.GetResource().AsMap()); msg != "" {
				t.Fatalf("%s: %s", name, msg)
			}
		}
	})
}

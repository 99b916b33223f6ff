package main

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/testing/protocmp"
	"sigs.k8s.io/yaml"

	"github.com/google/go-cmp/cmp"

	fnv1 "github.com/crossplane/function-sdk-go/proto/v1"
)

// A badInput is one case of testdata/bad-input.yaml.
type badInput struct {
	Name      string         `json:"name"`
	Reason    string         `json:"reason"`
	NoSpec    bool           `json:"nospec"`
	Spec      map[string]any `json:"spec"`
	Input     map[string]any `json:"input"`
	Namespace string         `json:"namespace"`
	Expand    []expansion    `json:"expand"`
	Fatal     string         `json:"fatal"`
}

// An expansion builds a huge value: count copies of Item as a list, or of
// Text as one string, at Path in the spec.
type expansion struct {
	Path  []string `json:"path"`
	Item  string   `json:"item"`
	Text  string   `json:"text"`
	Count int      `json:"count"`
}

func loadBadInput(t testing.TB) []badInput {
	t.Helper()
	b, err := os.ReadFile("testdata/bad-input.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var cases []badInput
	if err := yaml.UnmarshalStrict(b, &cases); err != nil {
		t.Fatalf("testdata/bad-input.yaml: %v", err)
	}
	return cases
}

// request is the RunFunctionRequest of a case: its spec laid over a valid
// one, with desired state from an earlier pipeline step that must survive.
func (c badInput) request(t testing.TB) *fnv1.RunFunctionRequest {
	t.Helper()
	spec := map[string]any{"clusterName": "prod", "region": "us-east-2"}
	for k, v := range c.Spec {
		spec[k] = v
	}
	for _, e := range c.Expand {
		var v any
		if e.Text != "" {
			v = strings.Repeat(e.Text, e.Count)
		} else {
			items := make([]any, e.Count)
			for i := range items {
				items[i] = fmt.Sprintf(e.Item, i)
			}
			v = items
		}
		setPath(spec, e.Path, v)
	}
	meta := map[string]any{"name": "bad-input"}
	if c.Namespace != "" {
		meta["namespace"] = c.Namespace
	}
	xr := map[string]any{"apiVersion": "platform.example.org/v1alpha1", "kind": "XPodIdentity", "metadata": meta}
	if !c.NoSpec {
		xr["spec"] = spec
	}
	req := &fnv1.RunFunctionRequest{
		Observed: &fnv1.State{Composite: &fnv1.Resource{Resource: mustStruct(t, xr)}},
		Desired: &fnv1.State{
			Composite: &fnv1.Resource{Resource: mustStruct(t, map[string]any{"status": map[string]any{"fromEarlierStep": "kept"}})},
			Resources: map[string]*fnv1.Resource{"bucket": {Resource: mustStruct(t, map[string]any{"kind": "Bucket"}), Ready: fnv1.Ready_READY_TRUE}},
		},
	}
	if c.Input != nil {
		in := map[string]any{"apiVersion": "podidentity.fn.crossplane.io/v1beta1", "kind": "Input"}
		for k, v := range c.Input {
			in[k] = v
		}
		req.Input = mustStruct(t, in)
	}
	return req
}

func setPath(m map[string]any, path []string, v any) {
	for _, p := range path[:len(path)-1] {
		next, ok := m[p].(map[string]any)
		if !ok {
			next = map[string]any{}
			m[p] = next
		}
		m = next
	}
	m[path[len(path)-1]] = v
}

// TestBadInput runs the bad-input corpus: every case gives exactly one
// Fatal result with the message it states, and the desired state that came
// in goes out untouched, so that Crossplane keeps what it last applied.
func TestBadInput(t *testing.T) {
	cases := loadBadInput(t)
	if len(cases) < 40 {
		t.Fatalf("the corpus has %d cases, fewer than 40", len(cases))
	}
	seen := map[string]bool{}
	for _, c := range cases {
		if seen[c.Name] {
			t.Fatalf("two cases are named %s", c.Name)
		}
		seen[c.Name] = true
		t.Run(c.Name, func(t *testing.T) {
			req := c.request(t)
			before := proto.Clone(req)
			rsp := run(t, req)
			want := []*fnv1.Result{{Severity: fnv1.Severity_SEVERITY_FATAL, Message: c.Fatal, Target: fnv1.Target_TARGET_COMPOSITE.Enum()}}
			if diff := cmp.Diff(want, rsp.GetResults(), protocmp.Transform()); diff != "" {
				t.Errorf("%s\nresults: -want, +got:\n%s", c.Reason, diff)
			}
			if diff := cmp.Diff(before.(*fnv1.RunFunctionRequest).GetDesired(), rsp.GetDesired(), protocmp.Transform()); diff != "" {
				t.Errorf("%s\na Fatal result must hand the desired state back untouched: -want, +got:\n%s", c.Reason, diff)
			}
			if len(rsp.GetConditions()) > 0 {
				t.Errorf("%s\na Fatal result sets no conditions, got %v", c.Reason, rsp.GetConditions())
			}
		})
	}
}

package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/testing/protocmp"
	"google.golang.org/protobuf/types/known/structpb"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/yaml"

	"github.com/google/go-cmp/cmp"

	fnv1 "github.com/crossplane/function-sdk-go/proto/v1"
)

// A badInput is one case of testdata/bad-input.yaml.
type badInput struct {
	Name      string         `json:"name"`
	Reason    string         `json:"reason"`
	NoSpec    bool           `json:"nospec"`
	XRName    string         `json:"xrName"`
	Spec      map[string]any `json:"spec"`
	Input     map[string]any `json:"input"`
	Namespace string         `json:"namespace"`
	Expand    []expansion    `json:"expand"`
	// Desired are resources an earlier pipeline step desires, by
	// composition resource name, beside the bucket every case has.
	Desired map[string]map[string]any `json:"desired"`
	// Observed are the composed resources Crossplane observed, by
	// composition resource name.
	Observed map[string]map[string]any `json:"observed"`
	// Cluster holds the objects Crossplane finds when the function asks
	// for existing ones.
	Cluster []map[string]any `json:"cluster"`
	Fatal   string           `json:"fatal"`
}

// An expansion builds a huge value at Path in the spec (a number in the
// path is an index into a list): Prefix, Count copies of Text and Suffix as
// one string; or Count copies of Item (%d is the copy's number), each
// parsed as JSON when JSON is set, as a list, or as a map when Key (%d
// too) names each entry.
type expansion struct {
	Path   []string `json:"path"`
	Prefix string   `json:"prefix"`
	Text   string   `json:"text"`
	Suffix string   `json:"suffix"`
	Item   string   `json:"item"`
	JSON   bool     `json:"json"`
	Key    string   `json:"key"`
	Count  int      `json:"count"`
}

// value is what the expansion builds.
func (e expansion) value(t testing.TB) any {
	t.Helper()
	if e.Text != "" {
		return e.Prefix + strings.Repeat(e.Text, e.Count) + e.Suffix
	}
	item := func(i int) any {
		var v any = e.Item
		if strings.Contains(e.Item, "%") {
			v = fmt.Sprintf(e.Item, i)
		}
		if e.JSON {
			if err := json.Unmarshal([]byte(v.(string)), &v); err != nil {
				t.Fatalf("expand %v: %v", e.Path, err)
			}
		}
		return v
	}
	if e.Key != "" {
		m := make(map[string]any, e.Count)
		for i := range e.Count {
			m[fmt.Sprintf(e.Key, i)] = item(i)
		}
		return m
	}
	items := make([]any, e.Count)
	for i := range items {
		items[i] = item(i)
	}
	return items
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
		spec[k] = runtime.DeepCopyJSONValue(v)
	}
	for _, e := range c.Expand {
		setPath(t, spec, e.Path, e.value(t))
	}
	meta := map[string]any{"name": "bad-input"}
	if c.XRName != "" {
		meta["name"] = c.XRName
	}
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
	for name, r := range c.Desired {
		req.Desired.Resources[name] = &fnv1.Resource{Resource: mustStruct(t, r)}
	}
	for name, r := range c.Observed {
		if req.Observed.Resources == nil {
			req.Observed.Resources = map[string]*fnv1.Resource{}
		}
		req.Observed.Resources[name] = &fnv1.Resource{Resource: mustStruct(t, r)}
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

// setPath sets v at path in m, making the maps on the way; a number in the
// path indexes a list that is there.
func setPath(t testing.TB, m map[string]any, path []string, v any) {
	t.Helper()
	var at any = m
	for i, p := range path {
		last := i == len(path)-1
		switch c := at.(type) {
		case map[string]any:
			if last {
				c[p] = v
				return
			}
			if _, ok := c[p]; !ok {
				c[p] = map[string]any{}
			}
			at = c[p]
		case []any:
			n, err := strconv.Atoi(p)
			if err != nil || n < 0 || n >= len(c) {
				t.Fatalf("expand %v: %q is no index of a list of %d", path, p, len(c))
			}
			if last {
				c[n] = v
				return
			}
			at = c[n]
		default:
			t.Fatalf("expand %v: %q is inside neither a map nor a list", path, p)
		}
	}
}

// cluster is what Crossplane finds of the objects the function asks about.
func (c badInput) cluster(t testing.TB) []*structpb.Struct {
	t.Helper()
	out := make([]*structpb.Struct, 0, len(c.Cluster))
	for _, o := range c.Cluster {
		out = append(out, mustStruct(t, o))
	}
	return out
}

// TestBadInput runs the bad-input corpus: every case gives exactly one
// Fatal result with the message it states, once Crossplane has answered
// what the function asked about, and the desired state that came in goes
// out untouched, so that Crossplane keeps what it last applied.
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
			rsp := callLikeCrossplane(t, req, c.cluster(t))
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

// TestRefusalsAreBounded has the function refuse to take over 64
// ProviderConfigs, the most an XR may compose, each of a 253-character name:
// the Fatal lists the first problems and counts the rest, within the bound
// every Fatal keeps.
func TestRefusalsAreBounded(t *testing.T) {
	c := badInput{Name: "many-refusals", Input: map[string]any{"managedResources": map[string]any{"providerConfigRef": map[string]any{"kind": "ClusterProviderConfig", "name": "bootstrap"}}}}
	pcs := make([]any, 0, 64)
	for i := range 64 {
		name := fmt.Sprintf("c%02d-%s", i, strings.Repeat("x", 249))
		pcs = append(pcs, map[string]any{"kind": "ClusterProviderConfig", "name": name})
		c.Cluster = append(c.Cluster, map[string]any{"apiVersion": "aws.m.upbound.io/v1beta1", "kind": "ClusterProviderConfig", "metadata": map[string]any{"name": name}})
	}
	c.Spec = map[string]any{"providerConfigs": pcs}
	rsp := callLikeCrossplane(t, c.request(t), c.cluster(t))
	results := rsp.GetResults()
	if len(results) != 1 || results[0].GetSeverity() != fnv1.Severity_SEVERITY_FATAL {
		t.Fatalf("want one Fatal result, got %v", results)
	}
	msg := results[0].GetMessage()
	if !strings.HasSuffix(msg, "; and 44 more problems") {
		t.Errorf("the Fatal does not count the refusals past the first 20: ...%s", msg[max(0, len(msg)-60):])
	}
	if len(msg) > maxFatalLength {
		t.Errorf("the Fatal has %d bytes, more than the %d every Fatal keeps to", len(msg), maxFatalLength)
	}
}

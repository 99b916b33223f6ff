package main

// Helpers every test of the package shares.

import (
	"context"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/structpb"
	"sigs.k8s.io/yaml"

	"github.com/crossplane/function-sdk-go/logging"
	fnv1 "github.com/crossplane/function-sdk-go/proto/v1"

	"github.com/crossplane-contrib/function-pod-identity/internal/simprovider"
)

// exampleXR is an example XR with the Input of the Composition beside it.
type exampleXR struct {
	name  string
	xr    map[string]any
	input map[string]any
}

func loadExamples(t testing.TB) []exampleXR {
	t.Helper()
	files, err := filepath.Glob("example/*xr*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	legacy, err := filepath.Glob("example/legacy/xr*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	out := make([]exampleXR, 0, len(files)+len(legacy))
	for _, f := range append(files, legacy...) {
		var xr, comp map[string]any
		readYAML(t, f, &xr)
		readYAML(t, filepath.Join(filepath.Dir(f), "composition.yaml"), &comp)
		input := comp["spec"].(map[string]any)["pipeline"].([]any)[0].(map[string]any)["input"].(map[string]any)
		out = append(out, exampleXR{name: f, xr: xr, input: input})
	}
	if len(out) < 5 {
		t.Fatalf("found only %d examples", len(out))
	}
	return out
}

func readYAML(t testing.TB, path string, into any) {
	t.Helper()
	b, err := os.ReadFile(path) //nolint:gosec // the test's own files
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(b, into); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// request builds a first-reconcile request for an XR and Input.
func requestFor(t testing.TB, xr, input map[string]any) *fnv1.RunFunctionRequest {
	t.Helper()
	req := &fnv1.RunFunctionRequest{Observed: &fnv1.State{Composite: &fnv1.Resource{Resource: mustStruct(t, xr)}}}
	if input != nil {
		req.Input = mustStruct(t, input)
	}
	return req
}

// steady reconciles the request as Crossplane would, with every resource
// becoming ready, until nothing new is composed, and returns the last
// response and what was observed for it.
func steady(t testing.TB, req *fnv1.RunFunctionRequest) (*fnv1.RunFunctionResponse, map[string]*fnv1.Resource) {
	t.Helper()
	req = proto.Clone(req).(*fnv1.RunFunctionRequest) //nolint:forcetypeassert // a request clones to a request
	rsp := callLikeCrossplane(t, req, nil)
	for range 4 {
		obs := simprovider.Observe(req.GetObserved().GetComposite().GetResource(), rsp.GetDesired().GetResources(), true)
		req.Observed.Resources = obs
		next := callLikeCrossplane(t, req, nil)
		if slices.Equal(slices.Sorted(maps.Keys(next.GetDesired().GetResources())), slices.Sorted(maps.Keys(rsp.GetDesired().GetResources()))) {
			return next, obs
		}
		rsp = next
	}
	t.Fatal("no steady state after 4 reconciles")
	return nil, nil
}

func isFatal(rsp *fnv1.RunFunctionResponse) bool {
	for _, r := range rsp.GetResults() {
		if r.GetSeverity() == fnv1.Severity_SEVERITY_FATAL {
			return true
		}
	}
	return false
}

func mustStruct(t testing.TB, m map[string]any) *structpb.Struct {
	t.Helper()
	s, err := structpb.NewStruct(m)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// fromYAML turns a YAML object into a Struct; test data reads better as YAML.
func fromYAML(t testing.TB, y string) *structpb.Struct {
	t.Helper()
	j, err := yaml.YAMLToJSON([]byte(y))
	if err != nil {
		t.Fatalf("bad test YAML: %v\n%s", err, y)
	}
	s := &structpb.Struct{}
	if err := s.UnmarshalJSON(j); err != nil {
		t.Fatalf("bad test YAML: %v\n%s", err, y)
	}
	return s
}

// nopLogger discards the function's logs in tests.
var nopLogger = logging.NewNopLogger()

func run(t testing.TB, req *fnv1.RunFunctionRequest) *fnv1.RunFunctionResponse {
	t.Helper()
	f := &Function{log: nopLogger}
	rsp, err := f.RunFunction(context.Background(), req)
	if err != nil {
		t.Fatalf("RunFunction returned an error: %v", err)
	}
	return rsp
}

// responseFromYAML is a whole RunFunctionResponse written as YAML, in the
// protobuf JSON mapping, so that a test can state every byte it expects.
func responseFromYAML(t testing.TB, y string) *fnv1.RunFunctionResponse {
	t.Helper()
	j, err := yaml.YAMLToJSON([]byte(y))
	if err != nil {
		t.Fatalf("bad test YAML: %v\n%s", err, y)
	}
	rsp := &fnv1.RunFunctionResponse{}
	if err := protojson.Unmarshal(j, rsp); err != nil {
		t.Fatalf("bad test response: %v\n%s", err, y)
	}
	return rsp
}

// maxCalls is how often Crossplane calls a function for one step while what
// it asks for changes.
const maxCalls = 6

// callLikeCrossplane runs the function as Crossplane does: when it asks for
// existing objects, it is called again with those of cluster that match,
// until what it asks for settles.
func callLikeCrossplane(t testing.TB, req *fnv1.RunFunctionRequest, cluster []*structpb.Struct) *fnv1.RunFunctionResponse {
	t.Helper()
	req = proto.CloneOf(req)
	var asked *fnv1.Requirements
	for range maxCalls {
		rsp := run(t, req)
		if proto.Equal(rsp.GetRequirements(), asked) {
			return rsp
		}
		asked = rsp.GetRequirements()
		req.RequiredResources = map[string]*fnv1.Resources{}
		for name, sel := range asked.GetResources() {
			found := &fnv1.Resources{}
			for _, o := range cluster {
				if selects(sel, o) {
					found.Items = append(found.Items, &fnv1.Resource{Resource: o})
				}
			}
			req.RequiredResources[name] = found
		}
	}
	t.Fatalf("what the function asks for did not settle in %d calls", maxCalls)
	return nil
}

// selects tells whether a selector selects an object, as Crossplane's does.
func selects(sel *fnv1.ResourceSelector, o *structpb.Struct) bool {
	f := o.GetFields()
	meta := f["metadata"].GetStructValue().GetFields()
	if f["apiVersion"].GetStringValue() != sel.GetApiVersion() || f["kind"].GetStringValue() != sel.GetKind() {
		return false
	}
	if sel.Namespace != nil && meta["namespace"].GetStringValue() != sel.GetNamespace() {
		return false
	}
	if name := sel.GetMatchName(); name != "" {
		return meta["name"].GetStringValue() == name
	}
	labels := meta["labels"].GetStructValue().GetFields()
	for k, v := range sel.GetMatchLabels().GetLabels() {
		if labels[k].GetStringValue() != v {
			return false
		}
	}
	return true
}

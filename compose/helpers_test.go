package compose

import (
	"testing"

	"github.com/crossplane/function-sdk-go/resource"
	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/testing/protocmp"
	"google.golang.org/protobuf/types/known/structpb"
	"sigs.k8s.io/yaml"

	"github.com/crossplane-contrib/function-pod-identity/spec"
)

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

// newPlan plans an XR, given as YAML, with an Input (or none), and what was
// observed, each given as YAML by composition resource name. The XR has no
// uid, as in a render, and the function asked Crossplane about nothing.
func newPlan(t testing.TB, xr, input string, observed map[resource.Name]string) *Plan {
	t.Helper()
	return newPlanWith(t, xr, input, "", observed, nil)
}

// newPlanWith plans an XR with the given uid, observed resources and
// existing objects Crossplane found, by requirement name.
func newPlanWith(t testing.TB, xr, input, uid string, observed map[resource.Name]string, existing map[string][]string) *Plan {
	t.Helper()
	var in *structpb.Struct
	if input != "" {
		in = fromYAML(t, "{apiVersion: podidentity.fn.crossplane.io/v1beta1, kind: Input, "+input+"}")
	}
	x, i, errs := spec.Load(fromYAML(t, xr), in)
	if len(errs) > 0 {
		t.Fatalf("invalid test XR: %v", errs)
	}
	obs := Observed{}
	for name, y := range observed {
		obs[name] = fromYAML(t, y)
	}
	var ex Existing
	if existing != nil {
		ex = Existing{}
		for name, ys := range existing {
			found := make([]*structpb.Struct, 0, len(ys))
			for _, y := range ys {
				found = append(found, fromYAML(t, y))
			}
			ex[name] = found
		}
	}
	return NewPlan(x, i, uid, obs, ex)
}

// build runs a builder for every identity of the plan.
func build(p *Plan, b Builder) []Resource {
	out := make([]Resource, 0, len(p.Identities))
	for i := range p.Identities {
		out = append(out, b(p, &p.Identities[i])...)
	}
	return out
}

// compareResources compares whole composed resources with the wanted ones,
// given as YAML by composition resource name.
func compareResources(t *testing.T, reason string, want map[resource.Name]string, wantReadiness Readiness, got []Resource) {
	t.Helper()
	wantMap := make(map[resource.Name]*structpb.Struct, len(want))
	for name, y := range want {
		wantMap[name] = fromYAML(t, y)
	}
	gotMap := make(map[resource.Name]*structpb.Struct, len(got))
	for _, r := range got {
		gotMap[r.Name] = r.Object
		if r.Readiness != wantReadiness {
			t.Errorf("%s\n%s: readiness %v, want %v", reason, r.Name, r.Readiness, wantReadiness)
		}
	}
	if diff := cmp.Diff(wantMap, gotMap, protocmp.Transform()); diff != "" {
		t.Errorf("%s\n-want, +got:\n%s", reason, diff)
	}
}

// minimalXR has only the required fields.
const minimalXR = `{metadata: {name: xr}, spec: {clusterName: prod, region: eu-west-1}}`

// associationID is an association id of the form EKS gives them.
const associationID = "a-0123456789abcdef0"

// readyAssociation is a namespaced association as the provider reports it
// once it is Ready.
const readyAssociation = `{apiVersion: eks.aws.m.upbound.io/v1beta1, kind: PodIdentityAssociation,
  status: {conditions: [{type: Ready, status: "True"}], atProvider: {associationId: ` + associationID + `}}}`

// names are where the resources of each identity of an XR live when nothing
// is observed yet: the first is the shared identity's.
func names(t *testing.T, xr, input string) []*Identity {
	t.Helper()
	p := newPlan(t, xr, input, nil)
	out := make([]*Identity, 0, len(p.Identities))
	for i := range p.Identities {
		out = append(out, &p.Identities[i])
	}
	return out
}

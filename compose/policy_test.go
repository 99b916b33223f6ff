package compose

import (
	"testing"

	"github.com/crossplane/function-sdk-go/resource"
	"github.com/google/go-cmp/cmp"
)

func TestPresetPolicies(t *testing.T) {
	const xr = `{metadata: {name: xr}, spec: {clusterName: prod, region: eu-west-1, role: {name: platform, permissions: Preset},
		providers: [{package: "xpkg.upbound.io/upbound/provider-aws-sqs:v2.3.0"}, {package: "xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0", isolated: true, permissions: Preset}]}}`
	p := newPlan(t, xr, "", nil)
	shared, s3 := p.presetPolicies(&p.Identities[0]), p.presetPolicies(&p.Identities[1])
	if len(shared) != 1 || len(s3) != 1 {
		t.Fatalf("one preset policy for each role, got %d and %d", len(shared), len(s3))
	}
	compareResources(t, "Each role gets its families' presets as managed policies, named in AWS after the role and the family, with the role's path.",
		map[resource.Name]string{
			shared[0].name.Key: `
apiVersion: iam.aws.m.upbound.io/v1beta1
kind: Policy
metadata: {name: ` + shared[0].name.Object + `, namespace: crossplane-system, annotations: {crossplane.io/external-name: platform-sqs}}
spec:
  managementPolicies: [Observe, Create, Update, Delete]
  forProvider:
    description: Least-privilege preset of provider-aws-sqs for role platform
    policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sqs:*"],"Resource":["*"]}]}'
`,
			s3[0].name.Key: `
apiVersion: iam.aws.m.upbound.io/v1beta1
kind: Policy
metadata: {name: ` + s3[0].name.Object + `, namespace: crossplane-system, annotations: {crossplane.io/external-name: platform-provider-aws-s3-s3}}
spec:
  managementPolicies: [Observe, Create, Update, Delete]
  forProvider:
    description: Least-privilege preset of provider-aws-s3 for role platform-provider-aws-s3
    policy: '` + s3[0].policy.Document.String() + `'
`,
		}, ReadyWhenConditionTrue, build(p, PresetPolicies))

	attachments := map[resource.Name]bool{}
	for _, r := range build(p, RolePolicyAttachments) {
		attachments[r.Name] = true
		if ref := stringAt(r.Object, "spec", "forProvider", "policyArnRef", "name"); ref != shared[0].name.Object && ref != s3[0].name.Object {
			t.Errorf("%s attaches %q, not a preset policy", r.Name, ref)
		}
	}
	if len(attachments) != 2 {
		t.Errorf("each preset policy is attached to its role by reference: %v", attachments)
	}
}

// TestPresetNamesStay shows that adding a family to a role renames no other
// family's policy: names come from the family and the role, not positions.
func TestPresetNamesStay(t *testing.T) {
	before := newPlan(t, `{metadata: {name: xr}, spec: {clusterName: prod, region: eu-west-1, role: {permissions: Preset},
		providers: [{package: "xpkg.upbound.io/upbound/provider-aws-sqs:v2.3.0"}]}}`, "", nil)
	after := newPlan(t, `{metadata: {name: xr}, spec: {clusterName: prod, region: eu-west-1, role: {permissions: Preset},
		providers: [{package: "xpkg.upbound.io/upbound/provider-aws-ec2:v2.3.0"}, {package: "xpkg.upbound.io/upbound/provider-aws-sqs:v2.3.0"}]}}`, "", nil)
	names := func(p *Plan) map[string]Name {
		out := map[string]Name{}
		for _, pp := range p.presetPolicies(&p.Identities[0]) {
			out[pp.family] = pp.name
		}
		return out
	}
	if diff := cmp.Diff(names(before)["sqs"], names(after)["sqs"]); diff != "" {
		t.Errorf("adding ec2 renamed sqs's policy: %s", diff)
	}
	if len(names(after)) != 2 {
		t.Errorf("two families, two policies: %v", names(after))
	}
}

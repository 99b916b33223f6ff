package compose

import (
	"testing"

	"github.com/crossplane/function-sdk-go/resource"
)

func TestRolePolicies(t *testing.T) {
	assume := InlinePolicyResource("assume")
	cases := map[string]struct {
		reason string
		xr     string
		input  string
		want   map[resource.Name]string
	}{
		"None": {reason: "No inline policies, no RolePolicies.", xr: minimalXR},
		"NamespacedOrphan": {
			reason: "One RolePolicy per inline policy, its AWS name the external name, its document compacted, every management policy but Delete.",
			xr:     fullRoleXR,
			input:  "managedResources: {namespace: aws, deletionPolicy: Orphan}",
			want: map[resource.Name]string{assume: `
apiVersion: iam.aws.m.upbound.io/v1beta1
kind: RolePolicy
metadata: {name: xr-` + string(assume) + `, namespace: aws, annotations: {crossplane.io/external-name: assume}}
spec:
  managementPolicies: [Observe, Create, Update, LateInitialize]
  forProvider: {policy: '{"Statement":[]}', roleRef: {name: xr-iam-role}}
`},
		},
		"ClusterOrphan": {
			reason: "The legacy API, with Orphan.",
			xr:     fullRoleXR,
			input:  "managedResources: {api: Cluster, deletionPolicy: Orphan, providerConfigRef: {name: bootstrap}}",
			want: map[resource.Name]string{assume: `
apiVersion: iam.aws.upbound.io/v1beta1
kind: RolePolicy
metadata: {name: xr-` + string(assume) + `, annotations: {crossplane.io/external-name: assume}}
spec:
  providerConfigRef: {name: bootstrap}
  deletionPolicy: Orphan
  forProvider: {policy: '{"Statement":[]}', roleRef: {name: xr-iam-role}}
`},
		},
		"IsolatedKeepsOnlyItsOwn": {
			reason: "An isolated role gets only its provider's inline policies, not the shared role's.",
			xr: `
metadata: {name: xr}
spec:
  clusterName: prod
  region: eu-west-1
  role: {inlinePolicies: [{name: assume, document: '{"Statement":[]}'}]}
  providers: [{package: "xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0", isolated: true, inlinePolicies: [{name: own, document: '{"Statement":{}}'}]}]
`,
			want: map[resource.Name]string{
				assume: `
apiVersion: iam.aws.m.upbound.io/v1beta1
kind: RolePolicy
metadata: {name: xr-` + string(assume) + `, namespace: crossplane-system, annotations: {crossplane.io/external-name: assume}}
spec: {forProvider: {policy: '{"Statement":[]}', roleRef: {name: xr-iam-role}}}
`,
				"isolated-provider-aws-s3-" + InlinePolicyResource("own"): `
apiVersion: iam.aws.m.upbound.io/v1beta1
kind: RolePolicy
metadata: {name: xr-isolated-provider-aws-s3-` + string(InlinePolicyResource("own")) + `, namespace: crossplane-system, annotations: {crossplane.io/external-name: own}}
spec: {forProvider: {policy: '{"Statement":{}}', roleRef: {name: xr-isolated-provider-aws-s3-iam-role}}}
`,
			},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			compareResources(t, tc.reason, tc.want, ReadyWhenConditionTrue, build(newPlan(t, tc.xr, tc.input, nil), RolePolicies))
		})
	}
}

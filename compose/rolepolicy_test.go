package compose

import (
	"testing"

	"github.com/crossplane/function-sdk-go/resource"
)

func TestRolePolicies(t *testing.T) {
	isolatedXR := `
metadata: {name: xr}
spec:
  clusterName: prod
  region: eu-west-1
  role: {inlinePolicies: [{name: assume, document: '{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}'}]}
  providers: [{package: "xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0", isolated: true, inlinePolicies: [{name: own, document: '{"Statement":{"Effect":"Deny","Action":"iam:*","Resource":"*"}}'}]}]
`
	full := names(t, fullRoleXR, "")[0].RoleName()
	assume := InlinePolicyName("xr", "", full, "assume")
	ids := names(t, isolatedXR, "")
	shared := InlinePolicyName("xr", "", ids[0].RoleName(), "assume")
	own := InlinePolicyName("xr", "isolated-provider-aws-s3-", ids[1].RoleName(), "own")
	targeted := names(t, `{metadata: {name: xr}, spec: {clusterName: prod, region: eu-west-1, association: {targetRoleArn: "arn:aws:iam::444455556666:role/target"}}}`, "")[0].RoleName()
	target := InlinePolicyName("xr", "", targeted, "crossplane-pod-identity-target-role")
	cases := map[string]struct {
		reason string
		xr     string
		input  string
		want   map[resource.Name]string
	}{
		"None": {reason: "No inline policies, no RolePolicies.", xr: minimalXR},
		"NamespacedOrphan": {
			reason: "One RolePolicy per inline policy, its AWS name the external name, its document compacted, every management policy but Delete and LateInitialize.",
			xr:     fullRoleXR,
			input:  "managedResources: {namespace: aws, deletionPolicy: Orphan}",
			want: map[resource.Name]string{assume.Key: `
apiVersion: iam.aws.m.upbound.io/v1beta1
kind: RolePolicy
metadata: {name: ` + assume.Object + `, namespace: aws, annotations: {crossplane.io/external-name: assume}}
spec:
  managementPolicies: [Observe, Create, Update]
  forProvider: {policy: '{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}', roleRef: {name: ` + full.Object + `}}
`},
		},
		"ClusterOrphan": {
			reason: "The legacy API, with Orphan.",
			xr:     fullRoleXR,
			input:  "managedResources: {api: Cluster, deletionPolicy: Orphan, providerConfigRef: {name: bootstrap}}",
			want: map[resource.Name]string{assume.Key: `
apiVersion: iam.aws.upbound.io/v1beta1
kind: RolePolicy
metadata: {name: ` + assume.Object + `, annotations: {crossplane.io/external-name: assume}}
spec:
  providerConfigRef: {name: bootstrap}
  managementPolicies: [Observe, Create, Update]
  deletionPolicy: Orphan
  forProvider: {policy: '{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}', roleRef: {name: ` + full.Object + `}}
`},
		},
		"IsolatedKeepsOnlyItsOwn": {
			reason: "An isolated role gets only its provider's inline policies, not the shared role's.",
			xr:     isolatedXR,
			want: map[resource.Name]string{
				shared.Key: `
apiVersion: iam.aws.m.upbound.io/v1beta1
kind: RolePolicy
metadata: {name: ` + shared.Object + `, namespace: crossplane-system, annotations: {crossplane.io/external-name: assume}}
spec: {managementPolicies: [Observe, Create, Update, Delete], forProvider: {policy: '{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}', roleRef: {name: ` + ids[0].RoleName().Object + `}}}
`,
				own.Key: `
apiVersion: iam.aws.m.upbound.io/v1beta1
kind: RolePolicy
metadata: {name: ` + own.Object + `, namespace: crossplane-system, annotations: {crossplane.io/external-name: own}}
spec: {managementPolicies: [Observe, Create, Update, Delete], forProvider: {policy: '{"Statement":{"Effect":"Deny","Action":"iam:*","Resource":"*"}}', roleRef: {name: ` + ids[1].RoleName().Object + `}}}
`,
			},
		},
		"TargetRolePermission": {
			reason: "With a target role the shared role gets the permission EKS needs to assume it, and an isolated role does not.",
			xr: `{metadata: {name: xr}, spec: {clusterName: prod, region: eu-west-1, association: {targetRoleArn: "arn:aws:iam::444455556666:role/target"},
				providers: [{package: "xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0", isolated: true}]}}`,
			want: map[resource.Name]string{target.Key: `
apiVersion: iam.aws.m.upbound.io/v1beta1
kind: RolePolicy
metadata: {name: ` + target.Object + `, namespace: crossplane-system, annotations: {crossplane.io/external-name: crossplane-pod-identity-target-role}}
spec:
  managementPolicies: [Observe, Create, Update, Delete]
  forProvider:
    policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sts:AssumeRole","sts:TagSession"],"Resource":["arn:aws:iam::444455556666:role/target"]}]}'
    roleRef: {name: ` + targeted.Object + `}
`},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			compareResources(t, tc.reason, tc.want, ReadyWhenConditionTrue, build(newPlan(t, tc.xr, tc.input, nil), RolePolicies))
		})
	}
}

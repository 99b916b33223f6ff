package compose

import (
	"testing"

	"github.com/crossplane/function-sdk-go/resource"
)

func TestRolePolicyAttachments(t *testing.T) {
	readOnly := PolicyAttachmentResource("arn:aws:iam::aws:policy/ReadOnlyAccess")
	cases := map[string]struct {
		reason string
		xr     string
		input  string
		want   map[resource.Name]string
	}{
		"None": {reason: "No managed policies, no attachments.", xr: minimalXR},
		"Namespaced": {
			reason: "One attachment per policy, named after its ARN, referring to the role by name in its own namespace.",
			xr:     fullRoleXR,
			input:  "managedResources: {providerConfigRef: {kind: ClusterProviderConfig, name: bootstrap}}",
			want: map[resource.Name]string{readOnly: `
apiVersion: iam.aws.m.upbound.io/v1beta1
kind: RolePolicyAttachment
metadata: {name: xr-` + string(readOnly) + `, namespace: crossplane-system}
spec:
  providerConfigRef: {kind: ClusterProviderConfig, name: bootstrap}
  forProvider: {policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', roleRef: {name: xr-iam-role}}
`},
		},
		"ClusterOrphan": {
			reason: "The legacy API, with Orphan.",
			xr:     fullRoleXR,
			input:  "managedResources: {api: Cluster, deletionPolicy: Orphan, providerConfigRef: {name: bootstrap}}",
			want: map[resource.Name]string{readOnly: `
apiVersion: iam.aws.upbound.io/v1beta1
kind: RolePolicyAttachment
metadata: {name: xr-` + string(readOnly) + `}
spec:
  providerConfigRef: {name: bootstrap}
  deletionPolicy: Orphan
  forProvider: {policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', roleRef: {name: xr-iam-role}}
`},
		},
		"Isolated": {
			reason: "An isolated provider's attachments refer to its own role, and the shared role keeps its own.",
			xr: `
metadata: {name: xr}
spec:
  clusterName: prod
  region: eu-west-1
  role: {policyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess]}
  providers: [{package: "xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0", isolated: true, policyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess]}]
`,
			want: map[resource.Name]string{
				readOnly: `
apiVersion: iam.aws.m.upbound.io/v1beta1
kind: RolePolicyAttachment
metadata: {name: xr-` + string(readOnly) + `, namespace: crossplane-system}
spec: {forProvider: {policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', roleRef: {name: xr-iam-role}}}
`,
				"isolated-provider-aws-s3-" + readOnly: `
apiVersion: iam.aws.m.upbound.io/v1beta1
kind: RolePolicyAttachment
metadata: {name: xr-isolated-provider-aws-s3-` + string(readOnly) + `, namespace: crossplane-system}
spec: {forProvider: {policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', roleRef: {name: xr-isolated-provider-aws-s3-iam-role}}}
`,
			},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			compareResources(t, tc.reason, tc.want, ReadyWhenConditionTrue, build(newPlan(t, tc.xr, tc.input, nil), RolePolicyAttachments))
		})
	}
}

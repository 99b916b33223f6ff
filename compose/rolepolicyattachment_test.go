package compose

import (
	"testing"

	"github.com/crossplane/function-sdk-go/resource"
)

func TestRolePolicyAttachments(t *testing.T) {
	const readOnly = "arn:aws:iam::aws:policy/ReadOnlyAccess"
	isolatedXR := `
metadata: {name: xr}
spec:
  clusterName: prod
  region: eu-west-1
  role: {policyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess]}
  providers: [{package: "xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0", isolated: true, policyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess]}]
`
	full := names(t, fullRoleXR, "")[0]
	fullAttachment := PolicyAttachmentName("xr", "", full.RoleName(), readOnly)
	ids := names(t, isolatedXR, "")
	shared := PolicyAttachmentName("xr", "", ids[0].RoleName(), readOnly)
	isolated := PolicyAttachmentName("xr", "isolated-provider-aws-s3-", ids[1].RoleName(), readOnly)
	legacyRole := `{apiVersion: iam.aws.m.upbound.io/v1beta1, kind: Role, metadata: {name: xr-iam-role, annotations: {crossplane.io/external-name: platform}}, spec: {forProvider: {path: /crossplane/}}}`
	cases := map[string]struct {
		reason   string
		xr       string
		input    string
		observed map[resource.Name]string
		want     map[resource.Name]string
	}{
		"None": {reason: "No managed policies, no attachments.", xr: minimalXR},
		"Namespaced": {
			reason: "One attachment per policy, named after its ARN and its role, referring to the role by name in its own namespace.",
			xr:     fullRoleXR,
			input:  "managedResources: {providerConfigRef: {kind: ClusterProviderConfig, name: bootstrap}}",
			want: map[resource.Name]string{fullAttachment.Key: `
apiVersion: iam.aws.m.upbound.io/v1beta1
kind: RolePolicyAttachment
metadata: {name: ` + fullAttachment.Object + `, namespace: crossplane-system}
spec:
  providerConfigRef: {kind: ClusterProviderConfig, name: bootstrap}
  managementPolicies: [Observe, Create, Update, Delete]
  forProvider: {policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', roleRef: {name: ` + full.RoleName().Object + `}}
`},
		},
		"ClusterOrphan": {
			reason: "The legacy API, with Orphan.",
			xr:     fullRoleXR,
			input:  "managedResources: {api: Cluster, deletionPolicy: Orphan, providerConfigRef: {name: bootstrap}}",
			want: map[resource.Name]string{fullAttachment.Key: `
apiVersion: iam.aws.upbound.io/v1beta1
kind: RolePolicyAttachment
metadata: {name: ` + fullAttachment.Object + `}
spec:
  providerConfigRef: {name: bootstrap}
  managementPolicies: [Observe, Create, Update]
  deletionPolicy: Orphan
  forProvider: {policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', roleRef: {name: ` + full.RoleName().Object + `}}
`},
		},
		"Isolated": {
			reason: "An isolated provider's attachments refer to its own role, and the shared role keeps its own.",
			xr:     isolatedXR,
			want: map[resource.Name]string{
				shared.Key: `
apiVersion: iam.aws.m.upbound.io/v1beta1
kind: RolePolicyAttachment
metadata: {name: ` + shared.Object + `, namespace: crossplane-system}
spec: {managementPolicies: [Observe, Create, Update, Delete], forProvider: {policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', roleRef: {name: ` + ids[0].RoleName().Object + `}}}
`,
				isolated.Key: `
apiVersion: iam.aws.m.upbound.io/v1beta1
kind: RolePolicyAttachment
metadata: {name: ` + isolated.Object + `, namespace: crossplane-system}
spec: {managementPolicies: [Observe, Create, Update, Delete], forProvider: {policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', roleRef: {name: ` + ids[1].RoleName().Object + `}}}
`,
			},
		},
		"KeepsAnObservedName": {
			reason: "An attachment an earlier version composed for the same policy on the same role keeps its names.",
			xr:     fullRoleXR,
			observed: map[resource.Name]string{"iam-role": legacyRole, "policy-attachment-readonlyaccess-1234abcd": `{apiVersion: iam.aws.m.upbound.io/v1beta1, kind: RolePolicyAttachment,
				metadata: {name: xr-policy-attachment-readonlyaccess-1234abcd}, spec: {forProvider: {policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', roleRef: {name: xr-iam-role}}}}`},
			want: map[resource.Name]string{"policy-attachment-readonlyaccess-1234abcd": `
apiVersion: iam.aws.m.upbound.io/v1beta1
kind: RolePolicyAttachment
metadata: {name: xr-policy-attachment-readonlyaccess-1234abcd, namespace: crossplane-system}
spec: {managementPolicies: [Observe, Create, Update, Delete], forProvider: {policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', roleRef: {name: xr-iam-role}}}
`},
		},
		"NewRoleNewAttachments": {
			reason: "When the role is renamed its attachments are new ones for the new role: an attachment cannot move, and its reference would not follow.",
			xr:     fullRoleXR,
			observed: map[resource.Name]string{"policy-attachment-readonlyaccess-1234abcd": `{apiVersion: iam.aws.m.upbound.io/v1beta1, kind: RolePolicyAttachment,
				metadata: {name: xr-policy-attachment-readonlyaccess-1234abcd}, spec: {forProvider: {policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', roleRef: {name: xr-iam-role}}}}`},
			want: map[resource.Name]string{fullAttachment.Key: `
apiVersion: iam.aws.m.upbound.io/v1beta1
kind: RolePolicyAttachment
metadata: {name: ` + fullAttachment.Object + `, namespace: crossplane-system}
spec: {managementPolicies: [Observe, Create, Update, Delete], forProvider: {policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', roleRef: {name: ` + full.RoleName().Object + `}}}
`},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			compareResources(t, tc.reason, tc.want, ReadyWhenConditionTrue, build(newPlan(t, tc.xr, tc.input, tc.observed), RolePolicyAttachments))
		})
	}
}

package main

import (
	"testing"

	"github.com/crossplane-contrib/function-pod-identity/input/v1beta1"
)

func TestRoleResources(t *testing.T) {
	full := Spec{Role: RoleSpec{
		Name: "platform", Path: "/crossplane/", Description: "d", MaxSessionDuration: ptr(int64(7200)),
		PermissionsBoundaryArn: "arn:aws:iam::123456789012:policy/boundary",
		PolicyArns:             []string{"arn:aws:iam::aws:policy/ReadOnlyAccess"},
		InlinePolicies:         []InlinePolicy{{Name: "assume", Document: "{ \"Statement\": [] }"}},
		Tags:                   map[string]string{"team": "platform"},
	}}
	attachment := string(policyAttachmentResource("arn:aws:iam::aws:policy/ReadOnlyAccess"))
	inline := string(inlinePolicyResource("assume"))
	cases := map[string]struct {
		reason string
		opts   Options
		want   map[string]string
	}{
		"Namespaced": {
			reason: "Every role option lands in the namespaced Role; attachments and inline policies refer to it by name in its namespace.",
			opts:   Options{API: v1beta1.APINamespaced, Namespace: "crossplane-system", ProviderConfigRef: &v1beta1.ProviderConfigReference{Kind: "ClusterProviderConfig", Name: "bootstrap"}},
			want: map[string]string{
				"iam-role": `
apiVersion: iam.aws.m.upbound.io/v1beta1
kind: Role
metadata: {name: xr-iam-role, namespace: crossplane-system, annotations: {crossplane.io/external-name: platform}}
spec:
  providerConfigRef: {kind: ClusterProviderConfig, name: bootstrap}
  forProvider:
    assumeRolePolicy: '` + guideTrustPolicy + `'
    description: d
    path: /crossplane/
    maxSessionDuration: 7200
    permissionsBoundary: arn:aws:iam::123456789012:policy/boundary
    tags: {team: platform}
`,
				attachment: `
apiVersion: iam.aws.m.upbound.io/v1beta1
kind: RolePolicyAttachment
metadata: {name: xr-` + attachment + `, namespace: crossplane-system}
spec:
  providerConfigRef: {kind: ClusterProviderConfig, name: bootstrap}
  forProvider: {policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', roleRef: {name: xr-iam-role}}
`,
				inline: `
apiVersion: iam.aws.m.upbound.io/v1beta1
kind: RolePolicy
metadata: {name: xr-` + inline + `, namespace: crossplane-system, annotations: {crossplane.io/external-name: assume}}
spec:
  providerConfigRef: {kind: ClusterProviderConfig, name: bootstrap}
  forProvider: {policy: '{"Statement":[]}', roleRef: {name: xr-iam-role}}
`,
			},
		},
		"ClusterOrphan": {
			reason: "The legacy API is cluster-scoped, references a ProviderConfig by name only and keeps AWS resources with deletionPolicy Orphan.",
			opts:   Options{API: v1beta1.APICluster, Namespace: "ignored", DeletionPolicy: v1beta1.DeletionOrphan, ProviderConfigRef: &v1beta1.ProviderConfigReference{Kind: "ProviderConfig", Name: "bootstrap"}},
			want: map[string]string{
				"iam-role": `
apiVersion: iam.aws.upbound.io/v1beta1
kind: Role
metadata: {name: xr-iam-role, annotations: {crossplane.io/external-name: platform}}
spec:
  providerConfigRef: {name: bootstrap}
  deletionPolicy: Orphan
  forProvider:
    assumeRolePolicy: '` + guideTrustPolicy + `'
    description: d
    path: /crossplane/
    maxSessionDuration: 7200
    permissionsBoundary: arn:aws:iam::123456789012:policy/boundary
    tags: {team: platform}
`,
				attachment: `
apiVersion: iam.aws.upbound.io/v1beta1
kind: RolePolicyAttachment
metadata: {name: xr-` + attachment + `}
spec:
  providerConfigRef: {name: bootstrap}
  deletionPolicy: Orphan
  forProvider: {policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', roleRef: {name: xr-iam-role}}
`,
				inline: `
apiVersion: iam.aws.upbound.io/v1beta1
kind: RolePolicy
metadata: {name: xr-` + inline + `, annotations: {crossplane.io/external-name: assume}}
spec:
  providerConfigRef: {name: bootstrap}
  deletionPolicy: Orphan
  forProvider: {policy: '{"Statement":[]}', roleRef: {name: xr-iam-role}}
`,
			},
		},
		"NamespacedOrphan": {
			reason: "The namespaced API has no deletionPolicy: Orphan is every management policy but Delete. Without a providerConfigRef the provider's default applies.",
			opts:   Options{API: v1beta1.APINamespaced, Namespace: "aws", DeletionPolicy: v1beta1.DeletionOrphan},
			want: map[string]string{
				"iam-role": `
apiVersion: iam.aws.m.upbound.io/v1beta1
kind: Role
metadata: {name: xr-iam-role, namespace: aws, annotations: {crossplane.io/external-name: platform}}
spec:
  managementPolicies: [Observe, Create, Update, LateInitialize]
  forProvider:
    assumeRolePolicy: '` + guideTrustPolicy + `'
    description: d
    path: /crossplane/
    maxSessionDuration: 7200
    permissionsBoundary: arn:aws:iam::123456789012:policy/boundary
    tags: {team: platform}
`,
				attachment: `
apiVersion: iam.aws.m.upbound.io/v1beta1
kind: RolePolicyAttachment
metadata: {name: xr-` + attachment + `, namespace: aws}
spec:
  managementPolicies: [Observe, Create, Update, LateInitialize]
  forProvider: {policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', roleRef: {name: xr-iam-role}}
`,
				inline: `
apiVersion: iam.aws.m.upbound.io/v1beta1
kind: RolePolicy
metadata: {name: xr-` + inline + `, namespace: aws, annotations: {crossplane.io/external-name: assume}}
spec:
  managementPolicies: [Observe, Create, Update, LateInitialize]
  forProvider: {policy: '{"Statement":[]}', roleRef: {name: xr-iam-role}}
`,
			},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			got, err := roleResources(full, "xr", tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			compareComposed(t, tc.reason, tc.want, got)
		})
	}
}

func TestTrustPolicy(t *testing.T) {
	got, err := trustPolicy()
	if err != nil {
		t.Fatal(err)
	}
	// Exactly the document of the guide's step 2.2, without whitespace.
	if got != guideTrustPolicy {
		t.Errorf("trust policy:\nwant %s\ngot  %s", guideTrustPolicy, got)
	}
}

package main

import (
	"encoding/json"
	"testing"

	"github.com/crossplane-contrib/function-pod-identity/input/v1beta1"
)

// fullRoleForProvider is the forProvider of a Role with every option set,
// the same in every managed-resource API.
const fullRoleForProvider = `  forProvider:
    assumeRolePolicy: '` + guideTrustPolicy + `'
    description: d
    path: /crossplane/
    maxSessionDuration: 7200
    permissionsBoundary: arn:aws:iam::123456789012:policy/boundary
    tags: {team: platform}
`

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
` + fullRoleForProvider,
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
` + fullRoleForProvider,
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
` + fullRoleForProvider,
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
			got, err := roleResources(identities(full)[0], "prod", "xr", tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			compareComposed(t, tc.reason, tc.want, got)
		})
	}
}

func TestTrustPolicy(t *testing.T) {
	sa := ServiceAccount{Name: "provider-aws", Namespace: "crossplane-system"}
	cases := map[string]struct {
		reason string
		scope  string
		want   string
	}{
		"Any": {
			reason: "Exactly the document of the guide's step 2.2, without whitespace: portable across clusters.",
			scope:  trustScopeAny, want: guideTrustPolicy,
		},
		"Cluster": {
			reason: "Only sessions of this cluster.",
			scope:  trustScopeCluster,
			want:   `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"],"Condition":{"StringEquals":{"aws:RequestTag/eks-cluster-name":"prod"}}}]}`,
		},
		"Namespace": {
			reason: "The cluster and the namespace, cumulatively.",
			scope:  trustScopeNamespace,
			want:   `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"],"Condition":{"StringEquals":{"aws:RequestTag/eks-cluster-name":"prod","aws:RequestTag/kubernetes-namespace":"crossplane-system"}}}]}`,
		},
		"ServiceAccount": {
			reason: "The cluster, the namespace and the ServiceAccount.",
			scope:  trustScopeServiceAccount,
			want:   `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"],"Condition":{"StringEquals":{"aws:RequestTag/eks-cluster-name":"prod","aws:RequestTag/kubernetes-namespace":"crossplane-system","aws:RequestTag/kubernetes-service-account":"provider-aws"}}}]}`,
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			got, err := trustPolicy(tc.scope, "prod", sa)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("%s\nwant %s\ngot  %s", tc.reason, tc.want, got)
			}
		})
	}
}

func TestTrustPolicyEscapes(t *testing.T) {
	// Values are encoded, never interpolated: a quote cannot end the string.
	got, err := trustPolicy(trustScopeServiceAccount, `x","aws:SourceAccount":"1`, ServiceAccount{Name: "a", Namespace: "b"})
	if err != nil {
		t.Fatal(err)
	}
	var doc policyDocument
	if err := json.Unmarshal([]byte(got), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Statement[0].Condition["StringEquals"]) != 3 || doc.Statement[0].Condition["StringEquals"][tagClusterName] != `x","aws:SourceAccount":"1` {
		t.Errorf("a value broke out of its string: %s", got)
	}
}

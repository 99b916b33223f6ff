package compose

import (
	"testing"

	"github.com/crossplane/function-sdk-go/resource"
	"github.com/google/go-cmp/cmp"

	"github.com/crossplane-contrib/function-pod-identity/aws"
	"github.com/crossplane-contrib/function-pod-identity/spec"
)

// guideTrustPolicy is the trust policy of the guide's step 2.2.
const guideTrustPolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"]}]}`

// fullRoleXR sets every option of the role.
const fullRoleXR = `
metadata: {name: xr}
spec:
  clusterName: prod
  region: eu-west-1
  role:
    name: platform
    path: /crossplane/
    description: d
    maxSessionDuration: 7200
    permissionsBoundaryArn: arn:aws:iam::123456789012:policy/boundary
    policyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess]
    inlinePolicies: [{name: assume, document: '{ "Statement": [] }'}]
    tags: {team: platform}
`

// fullRoleForProvider is the forProvider of fullRoleXR's Role, the same in
// every managed-resource API.
const fullRoleForProvider = `  forProvider:
    assumeRolePolicy: '` + guideTrustPolicy + `'
    description: d
    path: /crossplane/
    maxSessionDuration: 7200
    permissionsBoundary: arn:aws:iam::123456789012:policy/boundary
    tags: {team: platform}
`

func TestRole(t *testing.T) {
	cases := map[string]struct {
		reason string
		xr     string
		input  string
		want   map[resource.Name]string
	}{
		"Namespaced": {
			reason: "Every role option lands in the namespaced Role, named in AWS by its external name, with the bootstrap credentials.",
			xr:     fullRoleXR,
			input:  "managedResources: {providerConfigRef: {kind: ClusterProviderConfig, name: bootstrap}}",
			want: map[resource.Name]string{"iam-role": `
apiVersion: iam.aws.m.upbound.io/v1beta1
kind: Role
metadata: {name: xr-iam-role, namespace: crossplane-system, annotations: {crossplane.io/external-name: platform}}
spec:
  providerConfigRef: {kind: ClusterProviderConfig, name: bootstrap}
` + fullRoleForProvider},
		},
		"ClusterOrphan": {
			reason: "The legacy API is cluster-scoped, references a ProviderConfig by name only and keeps AWS resources with deletionPolicy Orphan.",
			xr:     fullRoleXR,
			input:  "managedResources: {api: Cluster, deletionPolicy: Orphan, providerConfigRef: {name: bootstrap}}",
			want: map[resource.Name]string{"iam-role": `
apiVersion: iam.aws.upbound.io/v1beta1
kind: Role
metadata: {name: xr-iam-role, annotations: {crossplane.io/external-name: platform}}
spec:
  providerConfigRef: {name: bootstrap}
  deletionPolicy: Orphan
` + fullRoleForProvider},
		},
		"NamespacedOrphan": {
			reason: "The namespaced API has no deletionPolicy: Orphan is every management policy but Delete. Without a providerConfigRef the provider's default applies.",
			xr:     fullRoleXR,
			input:  "managedResources: {namespace: aws, deletionPolicy: Orphan}",
			want: map[resource.Name]string{"iam-role": `
apiVersion: iam.aws.m.upbound.io/v1beta1
kind: Role
metadata: {name: xr-iam-role, namespace: aws, annotations: {crossplane.io/external-name: platform}}
spec:
  managementPolicies: [Observe, Create, Update, LateInitialize]
` + fullRoleForProvider},
		},
		"Isolated": {
			reason: "An isolated provider's role has its own names and only its own policies, but the shared role's other settings.",
			xr: `
metadata: {name: xr}
spec:
  clusterName: prod
  region: eu-west-1
  role: {name: platform, path: /crossplane/, tags: {team: platform}, policyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess]}
  providers: [{package: "xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0", isolated: true}]
`,
			want: map[resource.Name]string{
				"iam-role": `
apiVersion: iam.aws.m.upbound.io/v1beta1
kind: Role
metadata: {name: xr-iam-role, namespace: crossplane-system, annotations: {crossplane.io/external-name: platform}}
spec: {forProvider: {assumeRolePolicy: '` + guideTrustPolicy + `', description: IAM role for Crossplane AWS Provider using EKS Pod Identity, path: /crossplane/, tags: {team: platform}}}
`,
				"isolated-provider-aws-s3-iam-role": `
apiVersion: iam.aws.m.upbound.io/v1beta1
kind: Role
metadata: {name: xr-isolated-provider-aws-s3-iam-role, namespace: crossplane-system, annotations: {crossplane.io/external-name: platform-provider-aws-s3}}
spec: {forProvider: {assumeRolePolicy: '` + guideTrustPolicy + `', description: IAM role for Crossplane AWS Provider using EKS Pod Identity, path: /crossplane/, tags: {team: platform}}}
`,
			},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			compareResources(t, tc.reason, tc.want, ReadyWhenConditionTrue, build(newPlan(t, tc.xr, tc.input, nil), Role))
		})
	}
}

func TestTrustConditions(t *testing.T) {
	sa := spec.ServiceAccount{Name: "provider-aws", Namespace: "crossplane-system"}
	cases := map[string]struct {
		reason string
		scope  spec.TrustScope
		want   aws.TrustConditions
	}{
		"Any":            {reason: "The guide's portable policy.", scope: spec.TrustScopeAny},
		"Cluster":        {reason: "Only sessions of this cluster.", scope: spec.TrustScopeCluster, want: aws.TrustConditions{ClusterName: "prod"}},
		"Namespace":      {reason: "The cluster and the namespace, cumulatively.", scope: spec.TrustScopeNamespace, want: aws.TrustConditions{ClusterName: "prod", Namespace: "crossplane-system"}},
		"ServiceAccount": {reason: "The cluster, the namespace and the ServiceAccount.", scope: spec.TrustScopeServiceAccount, want: aws.TrustConditions{ClusterName: "prod", Namespace: "crossplane-system", ServiceAccount: "provider-aws"}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, trustConditions("prod", tc.scope, sa)); diff != "" {
				t.Errorf("%s\n-want, +got:\n%s", tc.reason, diff)
			}
		})
	}
}

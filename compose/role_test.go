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
    inlinePolicies: [{name: assume, document: '{ "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"} }'}]
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
	isolatedXR := `
metadata: {name: xr}
spec:
  clusterName: prod
  region: eu-west-1
  role: {name: platform, path: /crossplane/, tags: {team: platform}, policyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess]}
  providers: [{package: "xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0", isolated: true}]
`
	full := names(t, fullRoleXR, "")[0].RoleName()
	shared, isolated := names(t, isolatedXR, "")[0].RoleName(), names(t, isolatedXR, "")[1].RoleName()
	cases := map[string]struct {
		reason   string
		xr       string
		input    string
		observed map[resource.Name]string
		want     map[resource.Name]string
	}{
		"Namespaced": {
			reason: "Every role option lands in the namespaced Role, named in AWS by its external name, with the bootstrap credentials, and without late initialisation.",
			xr:     fullRoleXR,
			input:  "managedResources: {providerConfigRef: {kind: ClusterProviderConfig, name: bootstrap}}",
			want: map[resource.Name]string{full.Key: `
apiVersion: iam.aws.m.upbound.io/v1beta1
kind: Role
metadata: {name: ` + full.Object + `, namespace: crossplane-system, annotations: {crossplane.io/external-name: platform}}
spec:
  providerConfigRef: {kind: ClusterProviderConfig, name: bootstrap}
  managementPolicies: [Observe, Create, Update, Delete]
` + fullRoleForProvider},
		},
		"ClusterOrphan": {
			reason: "The legacy API is cluster-scoped, references a ProviderConfig by name only and keeps AWS resources: no Delete, and deletionPolicy Orphan.",
			xr:     fullRoleXR,
			input:  "managedResources: {api: Cluster, deletionPolicy: Orphan, providerConfigRef: {name: bootstrap}}",
			want: map[resource.Name]string{full.Key: `
apiVersion: iam.aws.upbound.io/v1beta1
kind: Role
metadata: {name: ` + full.Object + `, annotations: {crossplane.io/external-name: platform}}
spec:
  providerConfigRef: {name: bootstrap}
  managementPolicies: [Observe, Create, Update]
  deletionPolicy: Orphan
` + fullRoleForProvider},
		},
		"NamespacedOrphan": {
			reason: "The namespaced API has no deletionPolicy: Orphan is every management policy but Delete (and LateInitialize). Without a providerConfigRef the provider's default applies.",
			xr:     fullRoleXR,
			input:  "managedResources: {namespace: aws, deletionPolicy: Orphan}",
			want: map[resource.Name]string{full.Key: `
apiVersion: iam.aws.m.upbound.io/v1beta1
kind: Role
metadata: {name: ` + full.Object + `, namespace: aws, annotations: {crossplane.io/external-name: platform}}
spec:
  managementPolicies: [Observe, Create, Update]
` + fullRoleForProvider},
		},
		"Isolated": {
			reason: "An isolated provider's role has its own names and only its own policies, but the shared role's other settings.",
			xr:     isolatedXR,
			want: map[resource.Name]string{
				shared.Key: `
apiVersion: iam.aws.m.upbound.io/v1beta1
kind: Role
metadata: {name: ` + shared.Object + `, namespace: crossplane-system, annotations: {crossplane.io/external-name: platform}}
spec:
  managementPolicies: [Observe, Create, Update, Delete]
  forProvider: {assumeRolePolicy: '` + guideTrustPolicy + `', description: IAM role for Crossplane AWS Provider using EKS Pod Identity, path: /crossplane/, tags: {team: platform}}
`,
				isolated.Key: `
apiVersion: iam.aws.m.upbound.io/v1beta1
kind: Role
metadata: {name: ` + isolated.Object + `, namespace: crossplane-system, annotations: {crossplane.io/external-name: platform-provider-aws-s3}}
spec:
  managementPolicies: [Observe, Create, Update, Delete]
  forProvider: {assumeRolePolicy: '` + guideTrustPolicy + `', description: IAM role for Crossplane AWS Provider using EKS Pod Identity, path: /crossplane/, tags: {team: platform}}
`,
			},
		},
		"KeepsAnObservedName": {
			reason: "A role an earlier version composed as iam-role, for the same AWS role, keeps its names: a new name would delete the role and create it again.",
			xr:     fullRoleXR,
			observed: map[resource.Name]string{"iam-role": `{apiVersion: iam.aws.m.upbound.io/v1beta1, kind: Role,
				metadata: {name: xr-iam-role, annotations: {crossplane.io/external-name: platform}}, spec: {forProvider: {path: /crossplane/}}}`},
			want: map[resource.Name]string{"iam-role": `
apiVersion: iam.aws.m.upbound.io/v1beta1
kind: Role
metadata: {name: xr-iam-role, namespace: crossplane-system, annotations: {crossplane.io/external-name: platform}}
spec:
  managementPolicies: [Observe, Create, Update, Delete]
` + fullRoleForProvider},
		},
		"KeepsTheFirstReleasesDefaultName": {
			reason: "A role created under the first release's default name, <cluster>-<XR>, keeps it: the new default has the region, and renaming would replace the role.",
			xr:     minimalXR,
			observed: map[resource.Name]string{"iam-role": `{apiVersion: iam.aws.m.upbound.io/v1beta1, kind: Role,
				metadata: {name: xr-iam-role, annotations: {crossplane.io/external-name: prod-xr}}}`},
			want: map[resource.Name]string{"iam-role": `
apiVersion: iam.aws.m.upbound.io/v1beta1
kind: Role
metadata: {name: xr-iam-role, namespace: crossplane-system, annotations: {crossplane.io/external-name: prod-xr}}
spec:
  managementPolicies: [Observe, Create, Update, Delete]
  forProvider: {assumeRolePolicy: '` + guideTrustPolicy + `', description: IAM role for Crossplane AWS Provider using EKS Pod Identity}
`},
		},
		"ClusterScopePinsTheRegion": {
			reason: "The Cluster trust scope pins the cluster's name and, through its ARN, its region.",
			xr:     `{metadata: {name: xr}, spec: {clusterName: prod, region: eu-west-1, role: {name: r, trustScope: Cluster}}}`,
			want: map[resource.Name]string{names(t, `{metadata: {name: xr}, spec: {clusterName: prod, region: eu-west-1, role: {name: r}}}`, "")[0].RoleName().Key: `
apiVersion: iam.aws.m.upbound.io/v1beta1
kind: Role
metadata: {name: ` + names(t, `{metadata: {name: xr}, spec: {clusterName: prod, region: eu-west-1, role: {name: r}}}`, "")[0].RoleName().Object + `, namespace: crossplane-system, annotations: {crossplane.io/external-name: r}}
spec:
  managementPolicies: [Observe, Create, Update, Delete]
  forProvider:
    description: IAM role for Crossplane AWS Provider using EKS Pod Identity
    assumeRolePolicy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"],"Condition":{"StringEquals":{"aws:RequestTag/eks-cluster-name":"prod"},"StringLike":{"aws:RequestTag/eks-cluster-arn":"arn:aws:eks:eu-west-1:*:cluster/prod"}}}]}'
`},
		},
		"RenamedRoleIsANewRole": {
			reason: "A role observed with another AWS name is not this one: the renamed role gets its own names, so that Crossplane creates it and deletes the old one.",
			xr:     fullRoleXR,
			observed: map[resource.Name]string{"iam-role": `{apiVersion: iam.aws.m.upbound.io/v1beta1, kind: Role,
				metadata: {name: xr-iam-role, annotations: {crossplane.io/external-name: old-name}}, spec: {forProvider: {path: /crossplane/}}}`},
			want: map[resource.Name]string{full.Key: `
apiVersion: iam.aws.m.upbound.io/v1beta1
kind: Role
metadata: {name: ` + full.Object + `, namespace: crossplane-system, annotations: {crossplane.io/external-name: platform}}
spec:
  managementPolicies: [Observe, Create, Update, Delete]
` + fullRoleForProvider},
		},
		"MovedRoleIsTheSameRole": {
			reason: "A role of the same name under another path is the same role in IAM: it keeps its Role, whose path change Compose refuses.",
			xr:     fullRoleXR,
			observed: map[resource.Name]string{"iam-role": `{apiVersion: iam.aws.m.upbound.io/v1beta1, kind: Role,
				metadata: {name: xr-iam-role, annotations: {crossplane.io/external-name: platform}}}`},
			want: map[resource.Name]string{"iam-role": `
apiVersion: iam.aws.m.upbound.io/v1beta1
kind: Role
metadata: {name: xr-iam-role, namespace: crossplane-system, annotations: {crossplane.io/external-name: platform}}
spec:
  managementPolicies: [Observe, Create, Update, Delete]
` + fullRoleForProvider},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			compareResources(t, tc.reason, tc.want, ReadyWhenConditionTrue, build(newPlan(t, tc.xr, tc.input, tc.observed), Role))
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
		"Cluster":        {reason: "Only sessions of this cluster, in its region: cluster names are unique only in a region.", scope: spec.TrustScopeCluster, want: aws.TrustConditions{ClusterName: "prod", Region: "us-east-2"}},
		"Namespace":      {reason: "The cluster and the namespace, cumulatively.", scope: spec.TrustScopeNamespace, want: aws.TrustConditions{ClusterName: "prod", Region: "us-east-2", Namespace: "crossplane-system"}},
		"ServiceAccount": {reason: "The cluster, the namespace and the ServiceAccount.", scope: spec.TrustScopeServiceAccount, want: aws.TrustConditions{ClusterName: "prod", Region: "us-east-2", Namespace: "crossplane-system", ServiceAccount: "provider-aws"}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, trustConditions("prod", "us-east-2", tc.scope, sa)); diff != "" {
				t.Errorf("%s\n-want, +got:\n%s", tc.reason, diff)
			}
		})
	}
}

func TestRoleARN(t *testing.T) {
	roleKey := names(t, fullRoleXR, "")[0].RoleName().Key
	observed := func(apiVersion, kind, arn string) map[resource.Name]string {
		return map[resource.Name]string{roleKey: `{apiVersion: ` + apiVersion + `, kind: ` + kind + `, status: {atProvider: {arn: "` + arn + `"}}}`}
	}
	cases := map[string]struct {
		reason   string
		observed map[resource.Name]string
		want     string
		warned   bool
	}{
		"NotYet":    {reason: "Before the provider reports it there is none."},
		"TheRole":   {reason: "The composed role's ARN is used.", observed: observed("iam.aws.m.upbound.io/v1beta1", "Role", "arn:aws:iam::123456789012:role/crossplane/platform"), want: "arn:aws:iam::123456789012:role/crossplane/platform"},
		"OtherKind": {reason: "Only a Role's status counts: a ConfigMap keyed as the role is no role; it is reported.", warned: true, observed: observed("v1", "ConfigMap", "arn:aws:iam::123456789012:role/crossplane/platform")},
		"OtherRole": {
			reason: "An ARN of another role, whoever wrote it, is ignored and reported.", warned: true,
			observed: observed("iam.aws.m.upbound.io/v1beta1", "Role", "arn:aws:iam::123456789012:role/crossplane/admin"),
		},
		"OtherPartition": {
			reason: "An ARN in another partition than the region's is no role of this cluster.", warned: true,
			observed: observed("iam.aws.m.upbound.io/v1beta1", "Role", "arn:aws-cn:iam::123456789012:role/crossplane/platform"),
		},
		"OtherPath": {
			reason: "The role's path is part of its ARN.", warned: true,
			observed: observed("iam.aws.m.upbound.io/v1beta1", "Role", "arn:aws:iam::123456789012:role/platform"),
		},
		"NotAnARN": {
			reason: "A string with a newline is no ARN.", warned: true,
			observed: observed("iam.aws.m.upbound.io/v1beta1", "Role", `arn:aws:iam::123456789012:role/crossplane/platform\nx`),
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			p := newPlan(t, fullRoleXR, "", tc.observed)
			if got := p.roleARN(&p.Identities[0]); got != tc.want {
				t.Errorf("%s\nroleARN = %q, want %q", tc.reason, got, tc.want)
			}
			if warned := len(p.ignored()) > 0; warned != tc.warned {
				t.Errorf("%s\nwarned %v, want %v: %v", tc.reason, warned, tc.warned, p.ignored())
			}
		})
	}
}

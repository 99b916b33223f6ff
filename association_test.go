package main

import (
	"slices"
	"testing"

	"github.com/crossplane-contrib/function-pod-identity/input/v1beta1"
)

func TestAssociation(t *testing.T) {
	base := Spec{ClusterName: "prod", Region: "eu-west-1", ServiceAccount: ServiceAccount{Name: "sa", Namespace: "crossplane-system"}}
	cases := map[string]struct {
		reason  string
		spec    Spec
		opts    Options
		roleArn string
		want    string
	}{
		"ByReference": {
			reason: "Before the role exists, the association refers to it; the provider resolves the ARN.",
			spec:   base,
			opts:   Options{API: v1beta1.APINamespaced, Namespace: "crossplane-system"},
			want: `
apiVersion: eks.aws.m.upbound.io/v1beta1
kind: PodIdentityAssociation
metadata: {name: xr-pod-identity-association, namespace: crossplane-system}
spec:
  forProvider: {region: eu-west-1, clusterName: prod, namespace: crossplane-system, serviceAccount: sa, roleArnRef: {name: xr-iam-role}}
`,
		},
		"ObservedArnAndTarget": {
			reason: "Once the role's ARN is observed the association names it; targetRoleArn, disableSessionTags and tags pass through. Legacy API.",
			spec: func() Spec {
				s := base
				s.Association = AssociationSpec{TargetRoleArn: "arn:aws:iam::444455556666:role/t", DisableSessionTags: true, Tags: map[string]string{"a": "b"}}
				return s
			}(),
			opts:    Options{API: v1beta1.APICluster},
			roleArn: "arn:aws:iam::123456789012:role/r",
			want: `
apiVersion: eks.aws.upbound.io/v1beta1
kind: PodIdentityAssociation
metadata: {name: xr-pod-identity-association}
spec:
  forProvider:
    region: eu-west-1
    clusterName: prod
    namespace: crossplane-system
    serviceAccount: sa
    roleArnRef: {name: xr-iam-role}
    roleArn: arn:aws:iam::123456789012:role/r
    targetRoleArn: arn:aws:iam::444455556666:role/t
    disableSessionTags: true
    tags: {a: b}
`,
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			got := association(identities(tc.spec)[0], tc.spec, "xr", tc.opts, tc.roleArn)
			compareComposed(t, tc.reason, map[string]string{"pod-identity-association": tc.want}, []composed{got})
		})
	}
}

func TestRuntimeConfig(t *testing.T) {
	one := Spec{ServiceAccount: ServiceAccount{Name: "provider-aws", Namespace: "crossplane-system"}, RuntimeConfig: RuntimeConfigSpec{Name: "pod-identity"},
		Providers: []ProviderSpec{{Name: "provider-aws-s3", Package: "xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0"}}}
	three := one
	three.Providers = append(slices.Clone(one.Providers), ProviderSpec{Name: "provider-aws-ec2"}, ProviderSpec{Name: "provider-aws-rds"})
	cases := map[string]struct {
		reason        string
		spec          Spec
		associationID string
		want          map[string]string
	}{
		"OneProvider": {
			reason: "The guide's DeploymentRuntimeConfig: it pins the ServiceAccount name the association matches.",
			spec:   one,
			want: map[string]string{"deployment-runtime-config": `
apiVersion: pkg.crossplane.io/v1beta1
kind: DeploymentRuntimeConfig
metadata: {name: pod-identity}
spec: {serviceAccountTemplate: {metadata: {name: provider-aws}}}
`},
		},
		"OneProviderAssociated": {
			reason: "Once the association exists its id goes on the pod template, so pods started before it are rolled and get credentials.",
			spec:   one, associationID: "a-0123",
			want: map[string]string{"deployment-runtime-config": `
apiVersion: pkg.crossplane.io/v1beta1
kind: DeploymentRuntimeConfig
metadata: {name: pod-identity}
spec:
  serviceAccountTemplate: {metadata: {name: provider-aws}}
  deploymentTemplate:
    spec:
      selector: {}
      template:
        metadata: {annotations: {podidentity.fn.crossplane.io/association-id: a-0123}}
        spec: {containers: [{name: package-runtime}]}
`},
		},
		"SharedByThree": {
			reason: "Providers sharing a ServiceAccount would fight over a templated one: the function composes it and names it in the pod spec instead.",
			spec:   three, associationID: "a-0123",
			want: map[string]string{
				"deployment-runtime-config": `
apiVersion: pkg.crossplane.io/v1beta1
kind: DeploymentRuntimeConfig
metadata: {name: pod-identity}
spec:
  deploymentTemplate:
    spec:
      selector: {}
      template:
        metadata: {annotations: {podidentity.fn.crossplane.io/association-id: a-0123}}
        spec: {serviceAccountName: provider-aws, containers: [{name: package-runtime}]}
`,
				"service-account": `
apiVersion: v1
kind: ServiceAccount
metadata: {name: provider-aws, namespace: crossplane-system}
`,
			},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			id := identities(tc.spec)[0]
			got := []composed{runtimeConfig(id, tc.associationID)}
			if ownsServiceAccount(id) {
				got = append(got, serviceAccount(id))
			}
			compareComposed(t, tc.reason, tc.want, got)
			for _, c := range got {
				if c.readiness != readyWhenObserved {
					t.Errorf("%s has no Ready condition; it is ready once it exists", c.name)
				}
			}
		})
	}
}

func TestProviderConfigs(t *testing.T) {
	chained := ProviderConfigSpec{Kind: "ProviderConfig", Name: "team-a", Namespace: "team-a", AssumeRoleChain: []AssumeRole{
		{RoleARN: "arn:aws:iam::111122223333:role/a", ExternalID: "ext", Tags: []SessionTag{{Key: "team", Value: "a"}}, TransitiveTagKeys: []string{"team"}},
		{RoleARN: "arn:aws:iam::444455556666:role/b"},
	}}
	cases := map[string]struct {
		reason string
		api    v1beta1.API
		pcs    []ProviderConfigSpec
		want   map[string]string
	}{
		"TwoWithRoleChain": {
			reason: "A ClusterProviderConfig and a namespaced ProviderConfig with a two-role chain, in order.",
			api:    v1beta1.APINamespaced,
			pcs:    []ProviderConfigSpec{{Kind: "ClusterProviderConfig", Name: "platform"}, chained},
			want: map[string]string{
				"clusterproviderconfig-platform": `
apiVersion: aws.m.upbound.io/v1beta1
kind: ClusterProviderConfig
metadata: {name: platform}
spec: {credentials: {source: PodIdentity}}
`,
				"providerconfig-team-a-team-a": `
apiVersion: aws.m.upbound.io/v1beta1
kind: ProviderConfig
metadata: {name: team-a, namespace: team-a}
spec:
  credentials: {source: PodIdentity}
  assumeRoleChain:
    - {roleARN: 'arn:aws:iam::111122223333:role/a', externalID: ext, tags: [{key: team, value: a}], transitiveTagKeys: [team]}
    - {roleARN: 'arn:aws:iam::444455556666:role/b'}
`,
			},
		},
		"Legacy": {
			reason: "The legacy ProviderConfig is aws.upbound.io and cluster-scoped.",
			api:    v1beta1.APICluster,
			pcs:    []ProviderConfigSpec{{Kind: "ProviderConfig", Name: "default"}},
			want: map[string]string{"providerconfig-default": `
apiVersion: aws.upbound.io/v1beta1
kind: ProviderConfig
metadata: {name: default}
spec: {credentials: {source: PodIdentity}}
`},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			compareComposed(t, tc.reason, tc.want, providerConfigs(Spec{ProviderConfigs: tc.pcs}, Options{API: tc.api}))
		})
	}
}

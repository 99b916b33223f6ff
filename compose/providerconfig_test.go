package compose

import (
	"testing"

	"github.com/crossplane/function-sdk-go/resource"

	"github.com/crossplane-contrib/function-pod-identity/spec"
)

func TestProviderConfigs(t *testing.T) {
	key := func(apiVersion, kind, namespace, name string) resource.Name {
		return ProviderConfigKey(apiVersion, spec.ProviderConfig{Kind: kind, Namespace: namespace, Name: name})
	}
	cases := map[string]struct {
		reason   string
		xr       string
		input    string
		observed map[resource.Name]string
		want     map[resource.Name]string
	}{
		"GuideDefault": {
			reason: "The guide's ProviderConfig default/default, composed once for the XR.",
			xr:     `{metadata: {name: xr}, spec: {clusterName: prod, region: eu-west-1, providers: [{package: "xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0", isolated: true}]}}`,
			want: map[resource.Name]string{key("aws.m.upbound.io/v1beta1", "ProviderConfig", "default", "default"): `
apiVersion: aws.m.upbound.io/v1beta1
kind: ProviderConfig
metadata: {name: default, namespace: default}
spec: {credentials: {source: PodIdentity}}
`},
		},
		"None": {reason: "An empty list asks for none.", xr: `{metadata: {name: xr}, spec: {clusterName: prod, region: eu-west-1, providerConfigs: []}}`},
		"TwoWithRoleChain": {
			reason: "A ClusterProviderConfig and a namespaced ProviderConfig with a two-role chain, in order.",
			xr: `
metadata: {name: xr}
spec:
  clusterName: prod
  region: eu-west-1
  providerConfigs:
    - {kind: ClusterProviderConfig, name: platform}
    - name: team-a
      namespace: team-a
      assumeRoleChain:
        - {roleARN: 'arn:aws:iam::111122223333:role/a', externalID: ext, tags: [{key: team, value: a}], transitiveTagKeys: [team]}
        - {roleARN: 'arn:aws:iam::444455556666:role/b'}
`,
			want: map[resource.Name]string{
				key("aws.m.upbound.io/v1beta1", "ClusterProviderConfig", "", "platform"): `
apiVersion: aws.m.upbound.io/v1beta1
kind: ClusterProviderConfig
metadata: {name: platform}
spec: {credentials: {source: PodIdentity}}
`,
				key("aws.m.upbound.io/v1beta1", "ProviderConfig", "team-a", "team-a"): `
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
			xr:     minimalXR,
			input:  "managedResources: {api: Cluster}",
			want: map[resource.Name]string{key("aws.upbound.io/v1beta1", "ProviderConfig", "", "default"): `
apiVersion: aws.upbound.io/v1beta1
kind: ProviderConfig
metadata: {name: default}
spec: {credentials: {source: PodIdentity}}
`},
		},
		"KeepsAnObservedName": {
			reason:   "A ProviderConfig an earlier version composed as providerconfig-default-default keeps that name: renaming it would delete the credentials in use.",
			xr:       minimalXR,
			observed: map[resource.Name]string{"providerconfig-default-default": `{apiVersion: aws.m.upbound.io/v1beta1, kind: ProviderConfig, metadata: {name: default, namespace: default}}`},
			want: map[resource.Name]string{"providerconfig-default-default": `
apiVersion: aws.m.upbound.io/v1beta1
kind: ProviderConfig
metadata: {name: default, namespace: default}
spec: {credentials: {source: PodIdentity}}
`},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			compareResources(t, tc.reason, tc.want, ReadyWhenObserved, build(newPlan(t, tc.xr, tc.input, tc.observed), ProviderConfigs))
		})
	}
}

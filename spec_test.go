package main

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/crossplane-contrib/function-pod-identity/input/v1beta1"
)

func TestReadSpec(t *testing.T) {
	cases := map[string]struct {
		reason string
		spec   string
		want   Spec
		errs   []string
	}{
		"Everything": {
			reason: "Every field of the contract is read into its typed place.",
			spec: `
clusterName: c
region: us-east-2
serviceAccount: {name: sa, namespace: ns}
role:
  name: r
  path: /p/
  description: d
  maxSessionDuration: 7200
  permissionsBoundaryArn: arn:aws:iam::aws:policy/B
  policyArns: [arn:aws:iam::aws:policy/A]
  inlinePolicies: [{name: i, document: '{}'}]
  tags: {k: v}
  trustScope: Namespace
association: {targetRoleArn: t, disableSessionTags: true, tags: {a: b}}
runtimeConfig: {name: rc}
providerConfigs:
  - kind: ProviderConfig
    name: pc
    namespace: pns
    assumeRoleChain: [{roleARN: arn, externalID: e, tags: [{key: k, value: v}], transitiveTagKeys: [k]}]
providers:
  - {package: "xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0"}
  - {package: p, name: "n", isolated: true, policyArns: [a], inlinePolicies: [{name: i, document: d}]}
agent: {install: true, version: v1.3.4-eksbuild.1}
`,
			want: Spec{
				ClusterName: "c", Region: "us-east-2",
				ServiceAccount: ServiceAccount{Name: "sa", Namespace: "ns"},
				Role: RoleSpec{
					Name: "r", Path: "/p/", Description: "d", MaxSessionDuration: ptr(int64(7200)),
					PermissionsBoundaryArn: "arn:aws:iam::aws:policy/B", PolicyArns: []string{"arn:aws:iam::aws:policy/A"},
					InlinePolicies: []InlinePolicy{{Name: "i", Document: "{}"}}, Tags: map[string]string{"k": "v"}, TrustScope: "Namespace",
				},
				Providers: []ProviderSpec{
					{Package: "xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0"},
					{Package: "p", Name: "n", Isolated: true, PolicyArns: []string{"a"}, InlinePolicies: []InlinePolicy{{Name: "i", Document: "d"}}},
				},
				Agent:         AgentSpec{Install: true, Version: "v1.3.4-eksbuild.1"},
				Association:   AssociationSpec{TargetRoleArn: "t", DisableSessionTags: true, Tags: map[string]string{"a": "b"}},
				RuntimeConfig: RuntimeConfigSpec{Name: "rc"},
				ProviderConfigs: []ProviderConfigSpec{{Kind: "ProviderConfig", Name: "pc", Namespace: "pns", AssumeRoleChain: []AssumeRole{{
					RoleARN: "arn", ExternalID: "e", Tags: []SessionTag{{Key: "k", Value: "v"}}, TransitiveTagKeys: []string{"k"},
				}}}},
			},
		},
		"EmptyProviderConfigs": {
			reason: "An empty list asks for no ProviderConfigs, unlike a missing one, which gets the default.",
			spec:   `{providerConfigs: []}`,
			want:   Spec{ProviderConfigs: []ProviderConfigSpec{}},
		},
		"NullsAreAbsent": {
			reason: "A null is the same as a field not given.",
			spec:   `{clusterName: null, role: null, providerConfigs: null}`,
			want:   Spec{},
		},
		"OtherTopLevelFields": {
			reason: "Crossplane and other pipeline steps keep fields at the top of spec; they are not ours to reject.",
			spec:   `{crossplane: {compositionRef: {name: x}}, writeConnectionSecretToRef: {name: y}}`,
			want:   Spec{},
		},
		"WrongTypes": {
			reason: "Every wrong type is named by its path, with the value shortened.",
			spec: `
clusterName: [a]
region: true
serviceAccount: sa
role: {maxSessionDuration: 1.5, policyArns: arn, inlinePolicies: [x], tags: {k: 1}}
association: {disableSessionTags: "yes"}
providerConfigs: {name: a}
`,
			want: Spec{Role: RoleSpec{InlinePolicies: []InlinePolicy{{}}, Tags: map[string]string{"k": ""}}},
			errs: []string{
				`spec.clusterName: Invalid value: "<list>": must be a string`,
				`spec.region: Invalid value: true: must be a string`,
				`spec.serviceAccount: Invalid value: "sa": must be an object`,
				`spec.role.maxSessionDuration: Invalid value: 1.5: must be a whole number`,
				`spec.role.policyArns: Invalid value: "arn": must be a list`,
				`spec.role.tags[k]: Invalid value: 1: must be a string`,
				`spec.role.inlinePolicies[0]: Invalid value: "x": must be an object`,
				`spec.association.disableSessionTags: Invalid value: "yes": must be a boolean`,
				`spec.providerConfigs: Invalid value: "<object>": must be a list`,
			},
		},
		"UnknownNestedFields": {
			reason: "A misspelt field inside the function's own objects is an error, in sorted order.",
			spec:   `{serviceAccount: {nam: a, Name: b}, runtimeConfig: {name: a, namespace: b}}`,
			want:   Spec{RuntimeConfig: RuntimeConfigSpec{Name: "a"}},
			errs: []string{
				"spec.serviceAccount.Name: Forbidden: unknown field; supported fields: name, namespace",
				"spec.serviceAccount.nam: Forbidden: unknown field; supported fields: name, namespace",
				"spec.runtimeConfig.namespace: Forbidden: unknown field; supported fields: name",
			},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			got, errs := readSpec(structpb.NewStructValue(fromYAML(t, tc.spec)))
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("%s\nspec: -want, +got:\n%s", tc.reason, diff)
			}
			var msgs []string
			for _, e := range errs {
				msgs = append(msgs, e.Error())
			}
			if diff := cmp.Diff(tc.errs, msgs); diff != "" {
				t.Errorf("%s\nerrors: -want, +got:\n%s", tc.reason, diff)
			}
		})
	}
}

func TestWithDefaults(t *testing.T) {
	cases := map[string]struct {
		reason string
		api    v1beta1.API
		spec   Spec
		want   Spec
	}{
		"Namespaced": {
			reason: "Names derive from the XR's name and the cluster; the ProviderConfig is the guide's default/default.",
			api:    v1beta1.APINamespaced,
			spec:   Spec{ClusterName: "prod", Region: "us-east-2"},
			want: Spec{
				ClusterName: "prod", Region: "us-east-2",
				ServiceAccount:  ServiceAccount{Name: "xr", Namespace: "crossplane-system"},
				Role:            RoleSpec{Name: "prod-xr", Description: defaultRoleDescription, TrustScope: "Any"},
				RuntimeConfig:   RuntimeConfigSpec{Name: "xr"},
				ProviderConfigs: []ProviderConfigSpec{{Kind: "ProviderConfig", Name: "default", Namespace: "default"}},
			},
		},
		"Cluster": {
			reason: "The legacy ProviderConfig is cluster-scoped.",
			api:    v1beta1.APICluster,
			spec:   Spec{ClusterName: "prod", ProviderConfigs: nil},
			want: Spec{
				ClusterName:     "prod",
				ServiceAccount:  ServiceAccount{Name: "xr", Namespace: "crossplane-system"},
				Role:            RoleSpec{Name: "prod-xr", Description: defaultRoleDescription, TrustScope: "Any"},
				RuntimeConfig:   RuntimeConfigSpec{Name: "xr"},
				ProviderConfigs: []ProviderConfigSpec{{Kind: "ProviderConfig", Name: "default"}},
			},
		},
		"GivenValuesKept": {
			reason: "Every default is overridable; a ProviderConfig's kind defaults to ProviderConfig.",
			api:    v1beta1.APINamespaced,
			spec: Spec{
				ServiceAccount:  ServiceAccount{Name: "sa", Namespace: "ns"},
				Role:            RoleSpec{Name: "r", Description: "d"},
				RuntimeConfig:   RuntimeConfigSpec{Name: "rc"},
				ProviderConfigs: []ProviderConfigSpec{{Name: "pc", Namespace: "ns"}},
			},
			want: Spec{
				ServiceAccount:  ServiceAccount{Name: "sa", Namespace: "ns"},
				Role:            RoleSpec{Name: "r", Description: "d", TrustScope: "Any"},
				RuntimeConfig:   RuntimeConfigSpec{Name: "rc"},
				ProviderConfigs: []ProviderConfigSpec{{Kind: "ProviderConfig", Name: "pc", Namespace: "ns"}},
			},
		},
		"NoProviderConfigs": {
			reason: "An empty list stays empty.",
			api:    v1beta1.APINamespaced,
			spec:   Spec{ProviderConfigs: []ProviderConfigSpec{}},
			want: Spec{
				ServiceAccount:  ServiceAccount{Name: "xr", Namespace: "crossplane-system"},
				Role:            RoleSpec{Name: "-xr", Description: defaultRoleDescription, TrustScope: "Any"},
				RuntimeConfig:   RuntimeConfigSpec{Name: "xr"},
				ProviderConfigs: []ProviderConfigSpec{},
			},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			given := tc.spec
			got := tc.spec.withDefaults("xr", tc.api)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("%s\n-want, +got:\n%s", tc.reason, diff)
			}
			if diff := cmp.Diff(given, tc.spec); diff != "" {
				t.Errorf("withDefaults modified its receiver: %s", diff)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

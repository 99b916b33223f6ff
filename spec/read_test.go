package spec

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/types/known/structpb"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/crossplane-contrib/function-pod-identity/input/v1beta1"
)

func TestRead(t *testing.T) {
	cases := map[string]struct {
		reason string
		xr     string
		want   Spec
		errs   []string
	}{
		"Everything": {
			reason: "Every field of the contract is read into its typed place.",
			xr: `
spec:
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
				Role: Role{
					Name: "r", Path: "/p/", Description: "d", MaxSessionDuration: ptr(int64(7200)),
					PermissionsBoundaryArn: "arn:aws:iam::aws:policy/B", PolicyArns: []string{"arn:aws:iam::aws:policy/A"},
					InlinePolicies: []InlinePolicy{{Name: "i", Document: "{}"}}, Tags: map[string]string{"k": "v"}, TrustScope: TrustScopeNamespace,
				},
				Providers: []Provider{
					{Package: "xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0"},
					{Package: "p", Name: "n", Isolated: true, PolicyArns: []string{"a"}, InlinePolicies: []InlinePolicy{{Name: "i", Document: "d"}}},
				},
				Agent:         Agent{Install: true, Version: "v1.3.4-eksbuild.1"},
				Association:   Association{TargetRoleArn: "t", DisableSessionTags: true, Tags: map[string]string{"a": "b"}},
				RuntimeConfig: RuntimeConfig{Name: "rc"},
				ProviderConfigs: []ProviderConfig{{Kind: "ProviderConfig", Name: "pc", Namespace: "pns", AssumeRoleChain: []AssumeRole{{
					RoleARN: "arn", ExternalID: "e", Tags: []SessionTag{{Key: "k", Value: "v"}}, TransitiveTagKeys: []string{"k"},
				}}}},
			},
		},
		"NoSpec": {reason: "An XR without a spec asks for nothing yet; validation says what is missing.", xr: `{metadata: {name: xr}}`},
		"SpecNotAnObject": {
			reason: "The spec itself of the wrong type.", xr: `{spec: [a]}`,
			errs: []string{`spec: Invalid value: "<list>": must be an object`},
		},
		"EmptyProviderConfigs": {
			reason: "An empty list asks for no ProviderConfigs, unlike a missing one, which gets the default.",
			xr:     `{spec: {providerConfigs: []}}`,
			want:   Spec{ProviderConfigs: []ProviderConfig{}},
		},
		"NullsAreAbsent": {
			reason: "A null is the same as a field not given.",
			xr:     `{spec: {clusterName: null, role: null, providerConfigs: null}}`,
		},
		"OtherTopLevelFields": {
			reason: "Crossplane and other pipeline steps keep fields at the top of spec; they are not ours to reject.",
			xr:     `{spec: {crossplane: {compositionRef: {name: x}}, writeConnectionSecretToRef: {name: y}}}`,
		},
		"WrongTypes": {
			reason: "Every wrong type is named by its path, with the value shortened.",
			xr: `
spec:
  clusterName: [a]
  region: true
  serviceAccount: sa
  role: {maxSessionDuration: 1.5, policyArns: arn, inlinePolicies: [x], tags: {k: 1}}
  association: {disableSessionTags: "yes"}
  providerConfigs: {name: a}
`,
			want: Spec{Role: Role{InlinePolicies: []InlinePolicy{{}}, Tags: map[string]string{"k": ""}}},
			errs: []string{
				`spec.clusterName: Invalid value: "<list>": must be a string`,
				`spec.region: Invalid value: true: must be a string`,
				`spec.serviceAccount: Invalid value: "sa": must be an object`,
				`spec.role.maxSessionDuration: Invalid value: 1.5: must be a whole number`,
				`spec.role.policyArns: Invalid value: "arn": must be a list`,
				`spec.role.inlinePolicies[0]: Invalid value: "x": must be an object`,
				`spec.role.tags[k]: Invalid value: 1: must be a string`,
				`spec.association.disableSessionTags: Invalid value: "yes": must be a boolean`,
				`spec.providerConfigs: Invalid value: "<object>": must be a list`,
			},
		},
		"UnknownNestedFields": {
			reason: "A misspelt field inside the function's own objects is an error, in sorted order.",
			xr:     `{spec: {serviceAccount: {nam: a, Name: b}, runtimeConfig: {name: a, namespace: b}}}`,
			want:   Spec{RuntimeConfig: RuntimeConfig{Name: "a"}},
			errs: []string{
				"spec.serviceAccount.Name: Forbidden: unknown field; supported fields: name, namespace",
				"spec.serviceAccount.nam: Forbidden: unknown field; supported fields: name, namespace",
				"spec.runtimeConfig.namespace: Forbidden: unknown field; supported fields: name",
			},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			got, errs := Read(fromYAML(t, tc.xr))
			if diff := cmp.Diff(tc.want, got.Spec, compareSpecs); diff != "" {
				t.Errorf("%s\nspec: -want, +got:\n%s", tc.reason, diff)
			}
			if diff := cmp.Diff(tc.errs, messages(errs)); diff != "" {
				t.Errorf("%s\nerrors: -want, +got:\n%s", tc.reason, diff)
			}
		})
	}
}

func TestReadMetadata(t *testing.T) {
	got, errs := Read(fromYAML(t, `{metadata: {name: xr, namespace: team-a, uid: u}}`))
	want := metav1.ObjectMeta{Name: "xr", Namespace: "team-a"}
	if diff := cmp.Diff(want, got.ObjectMeta); diff != "" || len(errs) > 0 {
		t.Errorf("the XR's name and namespace are read, nothing else: -want, +got:\n%s%v", diff, errs)
	}
}

func TestReadInput(t *testing.T) {
	cases := map[string]struct {
		reason string
		in     string
		want   *v1beta1.Input
		errs   []string
	}{
		"NoInput": {
			reason: "No Input is an Input of defaults: it has the Input's apiVersion and kind.",
			want:   &v1beta1.Input{TypeMeta: metav1.TypeMeta{APIVersion: InputAPIVersion, Kind: InputKind}},
		},
		"Everything": {
			reason: "Every field is read.",
			in:     "{apiVersion: a, kind: k, managedResources: {api: Cluster, namespace: aws, deletionPolicy: Orphan, providerConfigRef: {name: bootstrap}}, guardrails: {allowedPolicyArns: [a], requirePermissionsBoundary: true}}",
			want: &v1beta1.Input{
				TypeMeta: metav1.TypeMeta{APIVersion: "a", Kind: "k"},
				ManagedResources: v1beta1.ManagedResources{API: v1beta1.APICluster, Namespace: "aws", DeletionPolicy: v1beta1.DeletionOrphan,
					ProviderConfigRef: &v1beta1.ProviderConfigReference{Name: "bootstrap"}},
				Guardrails: v1beta1.Guardrails{AllowedPolicyArns: []string{"a"}, RequirePermissionsBoundary: true},
			},
		},
		"UnknownFields": {
			reason: "Another function's input, or a misspelt field, is named, not ignored.",
			in:     "{resources: [], managedResources: {apis: Cluster}}",
			want:   &v1beta1.Input{},
			errs: []string{
				"input.resources: Forbidden: unknown field; supported fields: kind, apiVersion, metadata, managedResources, guardrails, quotas",
				"input.managedResources.apis: Forbidden: unknown field; supported fields: api, namespace, providerConfigRef, deletionPolicy",
			},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			var in *structpb.Struct
			if tc.in != "" {
				in = fromYAML(t, tc.in)
			}
			got, errs := ReadInput(in)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("%s\nInput: -want, +got:\n%s", tc.reason, diff)
			}
			if diff := cmp.Diff(tc.errs, messages(errs)); diff != "" {
				t.Errorf("%s\nerrors: -want, +got:\n%s", tc.reason, diff)
			}
		})
	}
}

package compose

import (
	"testing"

	"github.com/crossplane/function-sdk-go/resource"
	"github.com/google/go-cmp/cmp"
)

// TestProviderConfigUsageRequirements shows what the XR asks Crossplane for
// to learn which managed resources use its ProviderConfigs: provider-aws's
// ProviderConfigUsages, by crossplane-runtime's labels. Only the namespaced
// API's usages carry the ProviderConfig's kind, since only there a
// ProviderConfig and a ClusterProviderConfig can share a name.
func TestProviderConfigUsageRequirements(t *testing.T) {
	const xr = `{metadata: {name: aws}, spec: {clusterName: prod, region: us-east-2}}`
	removed := map[resource.Name]string{"package-p": `{apiVersion: pkg.crossplane.io/v1, kind: Provider, metadata: {name: p, ownerReferences: [{controller: true, uid: u}]},
		spec: {package: "xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0"}}`}
	cases := map[string]struct {
		reason string
		input  string
		want   Requirement
	}{
		"Namespaced": {
			reason: "The namespaced API's usages live beside their ProviderConfig and are labelled with its name and kind.",
			want: Requirement{APIVersion: "aws.m.upbound.io/v1beta1", Kind: "ProviderConfigUsage", Namespace: "default",
				Labels: map[string]string{labelProviderConfig: "default", labelProviderConfigKind: "ProviderConfig"}},
		},
		"Legacy": {
			reason: "The legacy API's usages are cluster-scoped and labelled with the name only.",
			input:  "managedResources: {api: Cluster}",
			want:   Requirement{APIVersion: "aws.upbound.io/v1beta1", Kind: "ProviderConfigUsage", Labels: map[string]string{labelProviderConfig: "default"}},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			p := newPlanWith(t, xr, tc.input, "u", removed, map[string][]string{})
			key := ProviderConfigKey(tc.want.APIVersion, p.Spec().ProviderConfigs[0])
			got, ok := Compose(p).Requirements["usages/"+string(key)]
			if !ok {
				t.Fatalf("%s\nno requirement for the usages of %s", tc.reason, key)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("%s\n-want, +got:\n%s", tc.reason, diff)
			}
		})
	}
}

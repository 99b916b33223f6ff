package compose

import (
	"testing"

	"github.com/crossplane/function-sdk-go/resource"
)

func TestServiceAccount(t *testing.T) {
	const isolatedXR = `{metadata: {name: xr}, spec: {clusterName: prod, region: eu-west-1, serviceAccount: {name: provider-aws, namespace: providers},
		providers: [{package: "xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0", isolated: true}]}}`
	one := names(t, oneProviderXR, "")[0].serviceAccountName
	none := names(t, minimalXR, "")[0].serviceAccountName
	ids := names(t, isolatedXR, "")
	cases := map[string]struct {
		reason string
		xr     string
		want   map[resource.Name]string
	}{
		"NoProviders": {
			reason: "The ServiceAccount is composed even before any provider runs as it: the association matches it, and a provider added later finds it.",
			xr:     minimalXR,
			want:   map[resource.Name]string{none.Key: "{apiVersion: v1, kind: ServiceAccount, metadata: {name: xr, namespace: crossplane-system}}"},
		},
		"OneProvider": {
			reason: "One provider does not get the package manager's ServiceAccount: a ProviderRevision would own it.",
			xr:     oneProviderXR,
			want:   map[resource.Name]string{one.Key: "{apiVersion: v1, kind: ServiceAccount, metadata: {name: provider-aws, namespace: crossplane-system}}"},
		},
		"Isolated": {
			reason: "Each isolated provider has its own, in the same namespace.",
			xr:     isolatedXR,
			want: map[resource.Name]string{
				ids[0].serviceAccountName.Key: "{apiVersion: v1, kind: ServiceAccount, metadata: {name: provider-aws, namespace: providers}}",
				ids[1].serviceAccountName.Key: "{apiVersion: v1, kind: ServiceAccount, metadata: {name: provider-aws-provider-aws-s3, namespace: providers}}",
			},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			compareResources(t, tc.reason, tc.want, ReadyWhenObserved, build(newPlan(t, tc.xr, "", nil), ServiceAccount))
		})
	}
}

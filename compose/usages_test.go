package compose

import (
	"fmt"
	"testing"

	"github.com/crossplane/function-sdk-go/resource"
	"github.com/google/go-cmp/cmp"
)

// TestProviderConfigUsageRequirements shows what the XR asks Crossplane for
// while a removed Provider waits: every ProviderConfigUsage of provider-aws,
// of both APIs and in every namespace, whichever API the XR composes, since
// a family's managed resources may use either API and any ProviderConfig.
func TestProviderConfigUsageRequirements(t *testing.T) {
	const xr = `{metadata: {name: aws}, spec: {clusterName: prod, region: us-east-2}}`
	removed := map[resource.Name]string{"package-p": `{apiVersion: pkg.crossplane.io/v1, kind: Provider, metadata: {name: p, ownerReferences: [{controller: true, uid: u}]},
		spec: {package: "xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0"}}`}
	want := map[string]Requirement{
		"usages/aws.m.upbound.io": {APIVersion: "aws.m.upbound.io/v1beta1", Kind: "ProviderConfigUsage"},
		"usages/aws.upbound.io":   {APIVersion: "aws.upbound.io/v1beta1", Kind: "ProviderConfigUsage"},
	}
	for name, input := range map[string]string{"Namespaced": "", "Legacy": "managedResources: {api: Cluster}"} {
		t.Run(name, func(t *testing.T) {
			p := newPlanWith(t, xr, input, "u", removed, map[string][]string{})
			got := map[string]Requirement{}
			for k, r := range Compose(p).Requirements {
				if k == "usages/aws.m.upbound.io" || k == "usages/aws.upbound.io" {
					got[k] = r
				}
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("with the %s API, the usages asked for: -want, +got:\n%s", name, diff)
			}
		})
	}
}

// BenchmarkRemovedProviders measures the removal check as the Providers
// removed at once and the ProviderConfigUsages of the cluster grow together:
//
//	go test -run '^$' -bench BenchmarkRemovedProviders ./compose
//
// Each size doubles both; a ratio of about 2 between one size and the next
// is linear growth, 4 would be the work of every Provider scanning every
// usage.
func BenchmarkRemovedProviders(b *testing.B) {
	const xr = `{metadata: {name: aws}, spec: {clusterName: prod, region: us-east-2}}`
	for _, n := range []int{500, 1000, 2000, 4000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			observed := make(map[resource.Name]string, n)
			usages := make([]string, n)
			for i := range n {
				observed[resource.Name(fmt.Sprintf("package-p%d", i))] = fmt.Sprintf(`{apiVersion: pkg.crossplane.io/v1, kind: Provider, metadata: {name: p%d}, spec: {package: "xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0"}}`, i)
				usages[i] = fmt.Sprintf(`{apiVersion: aws.m.upbound.io/v1beta1, kind: ProviderConfigUsage, metadata: {namespace: ns}, resourceRef: {apiVersion: s3.aws.m.upbound.io/v1beta1, kind: Bucket, name: b%d}}`, i)
			}
			p := newPlanWith(b, xr, "", "", observed, map[string][]string{"usages/aws.m.upbound.io": usages, "usages/aws.upbound.io": nil})
			desired := Compose(p).Resources
			b.ResetTimer()
			for b.Loop() {
				r := &Result{Requirements: map[string]Requirement{}}
				p.removedProviders(desired, r)
				if len(r.Refusals) != n {
					b.Fatalf("%d refusals, want %d", len(r.Refusals), n)
				}
			}
		})
	}
}

package compose

import (
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

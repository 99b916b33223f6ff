package compose

import (
	"testing"

	"github.com/crossplane/function-sdk-go/resource"
)

func TestAddon(t *testing.T) {
	cases := map[string]struct {
		reason string
		xr     string
		want   map[resource.Name]string
	}{
		"NotAsked": {reason: "The agent is composed only when asked for.", xr: minimalXR},
		"Pinned": {
			reason: "The guide's step 1 for the XR as a whole, at a pinned version, never for an isolated identity.",
			xr: `{metadata: {name: xr}, spec: {clusterName: prod, region: eu-west-1, agent: {install: true, version: v1.3.4-eksbuild.1},
				providers: [{package: "xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0", isolated: true}]}}`,
			want: map[resource.Name]string{"eks-pod-identity-agent": `
apiVersion: eks.aws.m.upbound.io/v1beta1
kind: Addon
metadata: {name: xr-eks-pod-identity-agent, namespace: crossplane-system}
spec: {forProvider: {addonName: eks-pod-identity-agent, clusterName: prod, region: eu-west-1, addonVersion: v1.3.4-eksbuild.1}}
`},
		},
		"EKSDefaultVersion": {
			reason: "Without a version EKS picks its default.",
			xr:     `{metadata: {name: xr}, spec: {clusterName: prod, region: eu-west-1, agent: {install: true}}}`,
			want: map[resource.Name]string{"eks-pod-identity-agent": `
apiVersion: eks.aws.m.upbound.io/v1beta1
kind: Addon
metadata: {name: xr-eks-pod-identity-agent, namespace: crossplane-system}
spec: {forProvider: {addonName: eks-pod-identity-agent, clusterName: prod, region: eu-west-1}}
`},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			compareResources(t, tc.reason, tc.want, ReadyWhenConditionTrue, build(newPlan(t, tc.xr, "", nil), Addon))
		})
	}
}

package compose

import (
	"testing"

	"github.com/crossplane/function-sdk-go/resource"
)

func TestAddon(t *testing.T) {
	const pinned = `{metadata: {name: xr}, spec: {clusterName: prod, region: eu-west-1, agent: {install: true, version: v1.3.4-eksbuild.1},
		providers: [{package: "xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0", isolated: true}]}}`
	const latest = `{metadata: {name: xr}, spec: {clusterName: prod, region: eu-west-1, agent: {install: true}}}`
	const key = "eks-pod-identity-agent-prod-79496475"
	cases := map[string]struct {
		reason   string
		xr       string
		input    string
		observed map[resource.Name]string
		want     map[resource.Name]string
	}{
		"NotAsked": {reason: "The agent is composed only when asked for.", xr: minimalXR},
		"Pinned": {
			reason: "The guide's step 1 for the XR as a whole, at a pinned version, never for an isolated identity. " +
				"It is orphaned whatever the Input says: it serves the whole cluster. Its external name is the one provider-aws finds an existing add-on by.",
			xr: pinned,
			want: map[resource.Name]string{key: `
apiVersion: eks.aws.m.upbound.io/v1beta1
kind: Addon
metadata: {name: xr-` + key + `, namespace: crossplane-system, annotations: {crossplane.io/external-name: "prod:eks-pod-identity-agent"}}
spec:
  managementPolicies: [Observe, Create, Update]
  forProvider: {addonName: eks-pod-identity-agent, clusterName: prod, region: eu-west-1, addonVersion: v1.3.4-eksbuild.1}
`},
		},
		"EKSDefaultVersion": {
			reason: "Without a version EKS picks its default. Legacy API: orphaned with deletionPolicy too.",
			xr:     latest,
			input:  "managedResources: {api: Cluster}",
			want: map[resource.Name]string{key: `
apiVersion: eks.aws.upbound.io/v1beta1
kind: Addon
metadata: {name: xr-` + key + `, annotations: {crossplane.io/external-name: "prod:eks-pod-identity-agent"}}
spec:
  managementPolicies: [Observe, Create, Update]
  deletionPolicy: Orphan
  forProvider: {addonName: eks-pod-identity-agent, clusterName: prod, region: eu-west-1}
`},
		},
		"KeepsAnObservedName": {
			reason: "An add-on already composed under another name, by an earlier version, keeps that name: renaming it would replace it.",
			xr:     latest,
			observed: map[resource.Name]string{"eks-pod-identity-agent": `{apiVersion: eks.aws.m.upbound.io/v1beta1, kind: Addon, metadata: {name: xr-eks-pod-identity-agent},
				spec: {forProvider: {region: eu-west-1, clusterName: prod}}}`},
			want: map[resource.Name]string{"eks-pod-identity-agent": `
apiVersion: eks.aws.m.upbound.io/v1beta1
kind: Addon
metadata: {name: xr-eks-pod-identity-agent, namespace: crossplane-system, annotations: {crossplane.io/external-name: "prod:eks-pod-identity-agent"}}
spec:
  managementPolicies: [Observe, Create, Update]
  forProvider: {addonName: eks-pod-identity-agent, clusterName: prod, region: eu-west-1}
`},
		},
		"NewClusterNewAddon": {
			reason: "An add-on observed for another cluster is not this one's: the cluster's add-on gets its own name, and the old one is released, not deleted.",
			xr:     latest,
			observed: map[resource.Name]string{"eks-pod-identity-agent": `{apiVersion: eks.aws.m.upbound.io/v1beta1, kind: Addon, metadata: {name: xr-eks-pod-identity-agent},
				spec: {forProvider: {region: eu-west-1, clusterName: old}}}`},
			want: map[resource.Name]string{key: `
apiVersion: eks.aws.m.upbound.io/v1beta1
kind: Addon
metadata: {name: xr-` + key + `, namespace: crossplane-system, annotations: {crossplane.io/external-name: "prod:eks-pod-identity-agent"}}
spec:
  managementPolicies: [Observe, Create, Update]
  forProvider: {addonName: eks-pod-identity-agent, clusterName: prod, region: eu-west-1}
`},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			compareResources(t, tc.reason, tc.want, ReadyWhenConditionTrue, build(newPlan(t, tc.xr, tc.input, tc.observed), Addon))
		})
	}
}

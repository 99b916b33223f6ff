package compose

import (
	"testing"

	"github.com/crossplane/function-sdk-go/resource"
)

// Providers of the DeploymentRuntimeConfig and ServiceAccount cases.
const (
	oneProviderXR = `{metadata: {name: xr}, spec: {clusterName: prod, region: eu-west-1, serviceAccount: {name: provider-aws}, runtimeConfig: {name: pod-identity},
		providers: [{package: "xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0"}]}}`
	threeProvidersXR = `{metadata: {name: xr}, spec: {clusterName: prod, region: eu-west-1, serviceAccount: {name: provider-aws}, runtimeConfig: {name: pod-identity},
		providers: [{package: "xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0"}, {package: "xpkg.upbound.io/upbound/provider-aws-ec2:v2.3.0"}, {package: "xpkg.upbound.io/upbound/provider-aws-rds:v2.3.0"}]}}`
)

func TestDeploymentRuntimeConfig(t *testing.T) {
	const isolatedXR = `{metadata: {name: xr}, spec: {clusterName: prod, region: eu-west-1, serviceAccount: {name: provider-aws}, runtimeConfig: {name: pod-identity},
		providers: [{package: "xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0", isolated: true}]}}`
	one, three, ids := names(t, oneProviderXR, "")[0], names(t, threeProvidersXR, "")[0], names(t, isolatedXR, "")
	association := func(atProvider string) string {
		return `{apiVersion: eks.aws.m.upbound.io/v1beta1, kind: PodIdentityAssociation, status: {conditions: [{type: Ready, status: "True"}], atProvider: ` + atProvider + `}}`
	}
	const beforeAssociation = `
apiVersion: pkg.crossplane.io/v1beta1
kind: DeploymentRuntimeConfig
metadata: {name: pod-identity}
spec:
  deploymentTemplate:
    spec:
      selector: {}
      template:
        spec: {serviceAccountName: provider-aws, containers: [{name: package-runtime}]}
`
	withDigest := func(digest string) string {
		return `
apiVersion: pkg.crossplane.io/v1beta1
kind: DeploymentRuntimeConfig
metadata: {name: pod-identity}
spec:
  deploymentTemplate:
    spec:
      selector: {}
      template:
        metadata: {annotations: {podidentity.fn.crossplane.io/association-digest: ` + digest + `}}
        spec: {serviceAccountName: provider-aws, containers: [{name: package-runtime}]}
`
	}
	cases := map[string]struct {
		reason   string
		xr       string
		observed map[resource.Name]string
		want     map[resource.Name]string
	}{
		"BeforeTheAssociation": {
			reason: "The pod spec names the ServiceAccount the XR composes, for one provider as for several; the package manager then creates and owns none.",
			xr:     oneProviderXR,
			want:   map[resource.Name]string{one.runtimeConfigName.Key: beforeAssociation},
		},
		"Associated": {
			reason: "Once the association exists a digest of what it gives goes on the pod template, so pods started before it are rolled and get credentials. " +
				"The digest is SHA-256 of the association's id, role, target role and session tags.",
			xr:       threeProvidersXR,
			observed: map[resource.Name]string{three.AssociationName().Key: association(`{associationId: a-0123456789abcdef0, roleArn: "arn:aws:iam::123456789012:role/r"}`)},
			want:     map[resource.Name]string{three.runtimeConfigName.Key: withDigest("ca5e0067")},
		},
		"RoleChangedInPlace": {
			reason:   "The association keeps its id when its role changes in place, but the pods must still roll to get the new role's credentials: the digest changes.",
			xr:       threeProvidersXR,
			observed: map[resource.Name]string{three.AssociationName().Key: association(`{associationId: a-0123456789abcdef0, roleArn: "arn:aws:iam::123456789012:role/other"}`)},
			want:     map[resource.Name]string{three.runtimeConfigName.Key: withDigest("8a8badaa")},
		},
		"UncheckedIdIgnored": {
			reason:   "An association id EKS would not give never reaches the pod template.",
			xr:       oneProviderXR,
			observed: map[resource.Name]string{one.AssociationName().Key: association(`{associationId: "a-1\nevil: true"}`)},
			want:     map[resource.Name]string{one.runtimeConfigName.Key: beforeAssociation},
		},
		"Isolated": {
			reason: "An isolated provider's DeploymentRuntimeConfig names its own ServiceAccount.",
			xr:     isolatedXR,
			want: map[resource.Name]string{
				ids[0].runtimeConfigName.Key: beforeAssociation,
				ids[1].runtimeConfigName.Key: `
apiVersion: pkg.crossplane.io/v1beta1
kind: DeploymentRuntimeConfig
metadata: {name: pod-identity-provider-aws-s3}
spec:
  deploymentTemplate:
    spec:
      selector: {}
      template:
        spec: {serviceAccountName: provider-aws-provider-aws-s3, containers: [{name: package-runtime}]}
`,
			},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			compareResources(t, tc.reason, tc.want, ReadyWhenObserved, build(newPlan(t, tc.xr, "", tc.observed), DeploymentRuntimeConfig))
		})
	}
}

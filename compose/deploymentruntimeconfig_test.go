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
	cases := map[string]struct {
		reason   string
		xr       string
		observed map[resource.Name]string
		want     map[resource.Name]string
	}{
		"OneProvider": {
			reason: "The guide's DeploymentRuntimeConfig: it pins the ServiceAccount name the association matches.",
			xr:     oneProviderXR,
			want: map[resource.Name]string{"deployment-runtime-config": `
apiVersion: pkg.crossplane.io/v1beta1
kind: DeploymentRuntimeConfig
metadata: {name: pod-identity}
spec: {serviceAccountTemplate: {metadata: {name: provider-aws}}}
`},
		},
		"OneProviderAssociated": {
			reason:   "Once the association exists its id goes on the pod template, so pods started before it are rolled and get credentials.",
			xr:       oneProviderXR,
			observed: map[resource.Name]string{"pod-identity-association": readyAssociation},
			want: map[resource.Name]string{"deployment-runtime-config": `
apiVersion: pkg.crossplane.io/v1beta1
kind: DeploymentRuntimeConfig
metadata: {name: pod-identity}
spec:
  serviceAccountTemplate: {metadata: {name: provider-aws}}
  deploymentTemplate:
    spec:
      selector: {}
      template:
        metadata: {annotations: {podidentity.fn.crossplane.io/association-id: a-1}}
        spec: {containers: [{name: package-runtime}]}
`},
		},
		"SharedByThreeBeforeTheAssociation": {
			reason: "Providers sharing a ServiceAccount would fight over a templated one: the pod spec names it, even before the association's id is known.",
			xr:     threeProvidersXR,
			want: map[resource.Name]string{"deployment-runtime-config": `
apiVersion: pkg.crossplane.io/v1beta1
kind: DeploymentRuntimeConfig
metadata: {name: pod-identity}
spec:
  deploymentTemplate:
    spec:
      selector: {}
      template:
        spec: {serviceAccountName: provider-aws, containers: [{name: package-runtime}]}
`},
		},
		"SharedByThree": {
			reason:   "And with the association's id once it is known.",
			xr:       threeProvidersXR,
			observed: map[resource.Name]string{"pod-identity-association": readyAssociation},
			want: map[resource.Name]string{"deployment-runtime-config": `
apiVersion: pkg.crossplane.io/v1beta1
kind: DeploymentRuntimeConfig
metadata: {name: pod-identity}
spec:
  deploymentTemplate:
    spec:
      selector: {}
      template:
        metadata: {annotations: {podidentity.fn.crossplane.io/association-id: a-1}}
        spec: {serviceAccountName: provider-aws, containers: [{name: package-runtime}]}
`},
		},
		"Isolated": {
			reason: "An isolated provider's DeploymentRuntimeConfig names its own ServiceAccount and carries its own association's id.",
			xr: `{metadata: {name: xr}, spec: {clusterName: prod, region: eu-west-1, serviceAccount: {name: provider-aws}, runtimeConfig: {name: pod-identity},
				providers: [{package: "xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0", isolated: true}]}}`,
			observed: map[resource.Name]string{"isolated-provider-aws-s3-pod-identity-association": readyAssociation},
			want: map[resource.Name]string{
				"deployment-runtime-config": `
apiVersion: pkg.crossplane.io/v1beta1
kind: DeploymentRuntimeConfig
metadata: {name: pod-identity}
spec: {serviceAccountTemplate: {metadata: {name: provider-aws}}}
`,
				"isolated-provider-aws-s3-deployment-runtime-config": `
apiVersion: pkg.crossplane.io/v1beta1
kind: DeploymentRuntimeConfig
metadata: {name: pod-identity-provider-aws-s3}
spec:
  serviceAccountTemplate: {metadata: {name: provider-aws-provider-aws-s3}}
  deploymentTemplate:
    spec:
      selector: {}
      template:
        metadata: {annotations: {podidentity.fn.crossplane.io/association-id: a-1}}
        spec: {containers: [{name: package-runtime}]}
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

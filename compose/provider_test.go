package compose

import (
	"testing"

	"github.com/crossplane/function-sdk-go/resource"
)

// providersXR has two shared providers and one isolated one.
const providersXR = `
metadata: {name: aws}
spec:
  clusterName: prod
  region: us-east-2
  serviceAccount: {name: provider-aws}
  providers:
    - package: xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0
    - package: xpkg.upbound.io/upbound/provider-aws-ec2:v2.3.0
    - package: xpkg.upbound.io/upbound/provider-aws-rds:v2.3.0
      isolated: true
`

func TestProviders(t *testing.T) {
	ids := names(t, providersXR, "")
	shared, rds := ids[0].AssociationName().Key, ids[1].AssociationName().Key
	provider := func(name, runtimeConfig string) string {
		return `
apiVersion: pkg.crossplane.io/v1
kind: Provider
metadata: {name: ` + name + `}
spec:
  package: xpkg.upbound.io/upbound/` + name + `:v2.3.0
  runtimeConfigRef: {apiVersion: pkg.crossplane.io/v1beta1, kind: DeploymentRuntimeConfig, name: ` + runtimeConfig + `}
`
	}
	const notReady = `{apiVersion: eks.aws.m.upbound.io/v1beta1, kind: PodIdentityAssociation, status: {conditions: [{type: Ready, status: "False"}], atProvider: {associationId: a-0123456789abcdef0}}}`
	cases := map[string]struct {
		reason   string
		observed map[resource.Name]string
		want     map[resource.Name]string
	}{
		"NoProviderBeforeTheAssociation": {
			reason: "Provider pods that start before their association get no credentials, so no Provider is composed yet.",
		},
		"NotBeforeTheAssociationIsReady": {
			reason:   "An association that exists but is not Ready gives no credentials yet either.",
			observed: map[resource.Name]string{shared: notReady, rds: notReady},
		},
		"NotForAReadyImpostor": {
			reason:   "Something else reporting Ready under the association's name does not release the providers.",
			observed: map[resource.Name]string{shared: `{apiVersion: v1, kind: Secret, status: {conditions: [{type: Ready, status: "True"}]}}`},
		},
		"SharedOnceTheirAssociationIsReady": {
			reason:   "The shared association is Ready: the shared providers are composed; the isolated one still waits for its own association.",
			observed: map[resource.Name]string{shared: readyAssociation},
			want: map[resource.Name]string{
				"package-provider-aws-s3":  provider("provider-aws-s3", "aws"),
				"package-provider-aws-ec2": provider("provider-aws-ec2", "aws"),
			},
		},
		"IsolatedOnceItsAssociationIsReady": {
			reason:   "An isolated provider waits for its own association only, and runs with its own DeploymentRuntimeConfig.",
			observed: map[resource.Name]string{rds: readyAssociation},
			want:     map[resource.Name]string{"package-provider-aws-rds": provider("provider-aws-rds", "aws-provider-aws-rds")},
		},
		"NeverWithdrawn": {
			reason:   "A composed Provider stays even when its association is no longer Ready: withdrawing it would uninstall it.",
			observed: map[resource.Name]string{rds: notReady, "package-provider-aws-rds": provider("provider-aws-rds", "aws-provider-aws-rds")},
			want:     map[resource.Name]string{"package-provider-aws-rds": provider("provider-aws-rds", "aws-provider-aws-rds")},
		},
		"AnotherKindReleasesNothing": {
			reason:   "Something else under the Provider's name is no composed Provider: the Provider still waits for its association.",
			observed: map[resource.Name]string{rds: notReady, "package-provider-aws-rds": "{apiVersion: v1, kind: ConfigMap, metadata: {name: provider-aws-rds}}"},
			want:     map[resource.Name]string{},
		},
		"KeepsItsIdentityUntilTheNewOneIsReady": {
			reason:   "A shared provider being isolated keeps running as the shared identity until its own association is Ready, so that its pods never restart without credentials.",
			observed: map[resource.Name]string{shared: readyAssociation, rds: notReady, "package-provider-aws-rds": provider("provider-aws-rds", "aws")},
			want: map[resource.Name]string{
				"package-provider-aws-s3":  provider("provider-aws-s3", "aws"),
				"package-provider-aws-ec2": provider("provider-aws-ec2", "aws"),
				"package-provider-aws-rds": provider("provider-aws-rds", "aws"),
			},
		},
		"MovesOnceTheNewIdentityIsReady": {
			reason:   "Once its own association is Ready, the provider moves to its own DeploymentRuntimeConfig.",
			observed: map[resource.Name]string{rds: readyAssociation, "package-provider-aws-rds": provider("provider-aws-rds", "aws")},
			want:     map[resource.Name]string{"package-provider-aws-rds": provider("provider-aws-rds", "aws-provider-aws-rds")},
		},
		"NotKeptOnARuntimeConfigTheXRDoesNotCompose": {
			reason:   "An observed DeploymentRuntimeConfig the XR does not compose is never kept: it may be gone, or anyone's.",
			observed: map[resource.Name]string{rds: notReady, "package-provider-aws-rds": provider("provider-aws-rds", "someone-elses")},
			want:     map[resource.Name]string{"package-provider-aws-rds": provider("provider-aws-rds", "aws-provider-aws-rds")},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			compareResources(t, tc.reason, tc.want, ReadyWhenHealthy, build(newPlan(t, providersXR, "", tc.observed), Providers))
		})
	}
}

package compose

import (
	"strings"
	"testing"

	"github.com/crossplane/function-sdk-go/resource"
	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/testing/protocmp"

	"github.com/crossplane-contrib/function-pod-identity/aws"
)

func TestStatus(t *testing.T) {
	const (
		decided   = "roleName: prod-us-east-2-aws, runtimeConfigName: aws, serviceAccount: {name: provider-aws, namespace: crossplane-system}"
		minimal   = `{metadata: {name: aws}, spec: {clusterName: prod, region: us-east-2, serviceAccount: {name: provider-aws}}}`
		withAgent = `{metadata: {name: aws}, spec: {clusterName: prod, region: us-east-2, serviceAccount: {name: provider-aws}, agent: {install: true}}}`
		roleARN   = "arn:aws:iam::123456789012:role/prod-us-east-2-aws"
		role      = `{apiVersion: iam.aws.m.upbound.io/v1beta1, kind: Role, status: {atProvider: {arn: '` + roleARN + `'}}}`
	)
	shared, ids := names(t, minimal, "")[0], names(t, providersXR, "")
	agent := newPlan(t, withAgent, "", nil).agentName().Key
	cases := map[string]struct {
		reason   string
		xr       string
		observed map[resource.Name]string
		want     string
	}{
		"Decided": {
			reason: "Before anything is observed the status says what was decided: the role's name, the ServiceAccount and the DeploymentRuntimeConfig.",
			xr:     minimal,
			want:   "{" + decided + "}",
		},
		"Observed": {
			reason: "Once observed, the role's ARN, the association's id and ARN, and the external id EKS uses with a target role.",
			xr:     minimal,
			observed: map[resource.Name]string{
				shared.RoleName().Key: role,
				shared.AssociationName().Key: `{apiVersion: eks.aws.m.upbound.io/v1beta1, kind: PodIdentityAssociation, status: {atProvider: {associationId: a-0123456789abcdef0,
					associationArn: 'arn:aws:eks:us-east-2:123456789012:podidentityassociation/prod/a-0123456789abcdef0', externalId: ext-1}}}`,
			},
			want: "{" + decided + ", roleArn: '" + roleARN + "', associationId: a-0123456789abcdef0, associationArn: 'arn:aws:eks:us-east-2:123456789012:podidentityassociation/prod/a-0123456789abcdef0', externalId: ext-1}",
		},
		"Unchecked": {
			reason: "What fails its checks never reaches the status: a role ARN of another account's admin role.",
			xr:     minimal,
			observed: map[resource.Name]string{
				shared.RoleName().Key: `{apiVersion: iam.aws.m.upbound.io/v1beta1, kind: Role, status: {atProvider: {arn: 'arn:aws:iam::999999999999:role/admin'}}}`,
			},
			want: "{" + decided + "}",
		},
		"TargetRoleTrustPolicy": {
			reason: "Once the role's ARN is known the status carries the trust policy the target role must have: the association's role may assume it and tag the session.",
			xr: `{metadata: {name: aws}, spec: {clusterName: prod, region: us-east-2, serviceAccount: {name: provider-aws},
				association: {targetRoleArn: "arn:aws:iam::444455556666:role/t"}}}`,
			observed: map[resource.Name]string{shared.RoleName().Key: role},
			want: "{" + decided + ", roleArn: '" + roleARN + `', targetRole: {roleARN: "arn:aws:iam::444455556666:role/t",
				trustPolicy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"` + roleARN + `"},"Action":["sts:AssumeRole","sts:TagSession"]}]}'}}`,
		},
		"TargetRoleWaitsForTheExternalID": {
			reason: "Without session tags the trust policy needs the association's external id, which EKS reports once the association exists.",
			xr: `{metadata: {name: aws}, spec: {clusterName: prod, region: us-east-2, serviceAccount: {name: provider-aws},
				association: {targetRoleArn: "arn:aws:iam::444455556666:role/t", disableSessionTags: true}}}`,
			observed: map[resource.Name]string{shared.RoleName().Key: role},
			want:     "{" + decided + ", roleArn: '" + roleARN + "'}",
		},
		"TargetRoleWithTheExternalID": {
			reason: "With it, the trust policy matches it with sts:ExternalId on sts:AssumeRole, as AWS's own example does.",
			xr: `{metadata: {name: aws}, spec: {clusterName: prod, region: us-east-2, serviceAccount: {name: provider-aws},
				association: {targetRoleArn: "arn:aws:iam::444455556666:role/t", disableSessionTags: true}}}`,
			observed: map[resource.Name]string{
				shared.RoleName().Key:        role,
				shared.AssociationName().Key: `{apiVersion: eks.aws.m.upbound.io/v1beta1, kind: PodIdentityAssociation, status: {atProvider: {externalId: ext-1}}}`,
			},
			want: "{" + decided + ", roleArn: '" + roleARN + `', externalId: ext-1, targetRole: {roleARN: "arn:aws:iam::444455556666:role/t",
				trustPolicy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"` + roleARN + `"},"Action":["sts:AssumeRole"],"Condition":{"StringEquals":{"sts:ExternalId":"ext-1"}}},{"Effect":"Allow","Principal":{"AWS":"` + roleARN + `"},"Action":["sts:TagSession"]}]}'}}`,
		},
		"RoleChains": {
			reason: "Each role of a chain must trust the one before it, the first the providers' role, each with its link's external id.",
			xr: `{metadata: {name: aws}, spec: {clusterName: prod, region: us-east-2, serviceAccount: {name: provider-aws},
				providerConfigs: [{kind: ClusterProviderConfig, name: a, assumeRoleChain: [{roleARN: "arn:aws:iam::111122223333:role/one", externalID: e1}, {roleARN: "arn:aws:iam::444455556666:role/two"}]}]}}`,
			observed: map[resource.Name]string{shared.RoleName().Key: role},
			want: "{" + decided + ", roleArn: '" + roleARN + `', assumeRoleChains: [{providerConfig: ClusterProviderConfig/a, roles: [
				{roleARN: "arn:aws:iam::111122223333:role/one", trustPolicy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"` + roleARN + `"},"Action":["sts:AssumeRole"],"Condition":{"StringEquals":{"sts:ExternalId":"e1"}}},{"Effect":"Allow","Principal":{"AWS":"` + roleARN + `"},"Action":["sts:TagSession"]}]}'},
				{roleARN: "arn:aws:iam::444455556666:role/two", trustPolicy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/one"},"Action":["sts:AssumeRole","sts:TagSession"]}]}'}]}]}`,
		},
		"Providers": {
			reason: "status.providers, in spec order, each with the role and association it runs with and whether it is installed and healthy.",
			xr:     providersXR,
			observed: map[resource.Name]string{
				ids[0].RoleName().Key:        role,
				ids[0].AssociationName().Key: readyAssociation,
				"package-provider-aws-s3":    `{apiVersion: pkg.crossplane.io/v1, kind: Provider, status: {conditions: [{type: Installed, status: "True"}, {type: Healthy, status: "True"}]}}`,
				"package-provider-aws-ec2":   `{apiVersion: pkg.crossplane.io/v1, kind: Provider, status: {conditions: [{type: Installed, status: "True"}, {type: Healthy, status: "False", reason: UnhealthyPackageRevision, message: "pod crash-looping"}]}}`,
			},
			want: "{" + decided + `, roleArn: '` + roleARN + `', associationId: ` + associationID + `, providers: [
				{name: provider-aws-s3, serviceAccount: provider-aws, roleArn: '` + roleARN + `', associationId: ` + associationID + `, ready: true},
				{name: provider-aws-ec2, serviceAccount: provider-aws, roleArn: '` + roleARN + `', associationId: ` + associationID + `, ready: false},
				{name: provider-aws-rds, serviceAccount: provider-aws-provider-aws-rds, ready: false}]}`,
		},
		"EveryIsolatedProviderItsOwn": {
			reason: "Each of several isolated providers is reported with its own ServiceAccount, not another's.",
			xr: `{metadata: {name: aws}, spec: {clusterName: prod, region: us-east-2, serviceAccount: {name: provider-aws}, providers: [
				{package: "xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0", isolated: true}, {package: "xpkg.upbound.io/upbound/provider-aws-ec2:v2.3.0", isolated: true}]}}`,
			want: "{" + decided + `, providers: [
				{name: provider-aws-s3, serviceAccount: provider-aws-provider-aws-s3, ready: false},
				{name: provider-aws-ec2, serviceAccount: provider-aws-provider-aws-ec2, ready: false}]}`,
		},
		"ShortestExternalID": {
			reason: "An external id of STS's fewest characters, 2, is reported.",
			xr:     minimal,
			observed: map[resource.Name]string{
				shared.AssociationName().Key: `{apiVersion: eks.aws.m.upbound.io/v1beta1, kind: PodIdentityAssociation, status: {atProvider: {externalId: ab}}}`,
			},
			want: "{" + decided + ", externalId: ab}",
		},
		"ExternalIDTooShort": {
			reason: "One character is no STS external id: not reported.",
			xr:     minimal,
			observed: map[resource.Name]string{
				shared.AssociationName().Key: `{apiVersion: eks.aws.m.upbound.io/v1beta1, kind: PodIdentityAssociation, status: {atProvider: {externalId: a}}}`,
			},
			want: "{" + decided + "}",
		},
		"LongestExternalID": {
			reason: "An external id of STS's most characters, 1224, is reported.",
			xr:     minimal,
			observed: map[resource.Name]string{
				shared.AssociationName().Key: `{apiVersion: eks.aws.m.upbound.io/v1beta1, kind: PodIdentityAssociation, status: {atProvider: {externalId: ` + strings.Repeat("e", aws.MaxExternalIDLength) + `}}}`,
			},
			want: "{" + decided + ", externalId: " + strings.Repeat("e", aws.MaxExternalIDLength) + "}",
		},
		"ExternalIDTooLong": {
			reason: "One more is no STS external id: not reported.",
			xr:     minimal,
			observed: map[resource.Name]string{
				shared.AssociationName().Key: `{apiVersion: eks.aws.m.upbound.io/v1beta1, kind: PodIdentityAssociation, status: {atProvider: {externalId: ` + strings.Repeat("e", aws.MaxExternalIDLength+1) + `}}}`,
			},
			want: "{" + decided + "}",
		},
		"AgentReady": {
			reason: "The agent's readiness and the version EKS reports.",
			xr:     withAgent,
			observed: map[resource.Name]string{
				agent: `{apiVersion: eks.aws.m.upbound.io/v1beta1, kind: Addon, status: {conditions: [{type: Ready, status: "True"}], atProvider: {addonVersion: v1.3.4-eksbuild.1}}}`,
			},
			want: "{" + decided + ", agent: {ready: true, version: v1.3.4-eksbuild.1}}",
		},
		"AgentNotReady": {
			reason: "An add-on that exists but is not Ready is not ready.",
			xr:     withAgent,
			observed: map[resource.Name]string{
				agent: `{apiVersion: eks.aws.m.upbound.io/v1beta1, kind: Addon, status: {conditions: [{type: Ready, status: "False"}], atProvider: {addonVersion: v1.3.4-eksbuild.1}}}`,
			},
			want: "{" + decided + ", agent: {ready: false, version: v1.3.4-eksbuild.1}}",
		},
		"AgentVersionUnchecked": {
			reason: "A version that is no EKS add-on version is not reported as one.",
			xr:     withAgent,
			observed: map[resource.Name]string{
				agent: `{apiVersion: eks.aws.m.upbound.io/v1beta1, kind: Addon, status: {conditions: [{type: Ready, status: "True"}], atProvider: {addonVersion: "latest\nand more"}}}`,
			},
			want: "{" + decided + ", agent: {ready: true}}",
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			got := status(newPlan(t, tc.xr, "", tc.observed))
			if diff := cmp.Diff(fromYAML(t, tc.want), got, protocmp.Transform()); diff != "" {
				t.Errorf("%s\n-want, +got:\n%s", tc.reason, diff)
			}
		})
	}
}

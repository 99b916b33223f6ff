package compose

import (
	"testing"

	"github.com/crossplane/function-sdk-go/resource"
	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/testing/protocmp"
)

func TestStatus(t *testing.T) {
	const decided = "roleName: prod-aws, runtimeConfigName: aws, serviceAccount: {name: provider-aws, namespace: crossplane-system}"
	cases := map[string]struct {
		reason   string
		xr       string
		observed map[resource.Name]string
		want     string
	}{
		"Decided": {
			reason: "Before anything is observed the status says what was decided: the role's name, the ServiceAccount and the DeploymentRuntimeConfig.",
			xr:     `{metadata: {name: aws}, spec: {clusterName: prod, region: us-east-2, serviceAccount: {name: provider-aws}}}`,
			want:   "{" + decided + "}",
		},
		"Observed": {
			reason: "Once observed, the role's ARN, the association's id and ARN, and the external id EKS uses with a target role.",
			xr: `{metadata: {name: aws}, spec: {clusterName: prod, region: us-east-2, serviceAccount: {name: provider-aws},
				association: {targetRoleArn: "arn:aws:iam::444455556666:role/t", disableSessionTags: true}}}`,
			observed: map[resource.Name]string{
				"iam-role":                 "{status: {atProvider: {arn: 'arn:aws:iam::123456789012:role/prod-aws'}}}",
				"pod-identity-association": "{status: {atProvider: {associationId: a-1, associationArn: 'arn:aws:eks:us-east-2:123456789012:podidentityassociation/prod/a-1', externalId: ext-1}}}",
			},
			want: "{" + decided + ", roleArn: 'arn:aws:iam::123456789012:role/prod-aws', associationId: a-1, associationArn: 'arn:aws:eks:us-east-2:123456789012:podidentityassociation/prod/a-1', externalId: ext-1}",
		},
		"Providers": {
			reason: "status.providers, in spec order, each with the role and association it runs with and whether it is installed and healthy.",
			xr:     providersXR,
			observed: map[resource.Name]string{
				"iam-role":                 "{status: {atProvider: {arn: 'arn:aws:iam::123456789012:role/prod-aws'}}}",
				"pod-identity-association": readyAssociation,
				"package-provider-aws-s3":  `{status: {conditions: [{type: Installed, status: "True"}, {type: Healthy, status: "True"}]}}`,
				"package-provider-aws-ec2": `{status: {conditions: [{type: Installed, status: "True"}, {type: Healthy, status: "False", reason: UnhealthyPackageRevision, message: "pod crash-looping"}]}}`,
			},
			want: "{" + decided + `, roleArn: 'arn:aws:iam::123456789012:role/prod-aws', associationId: a-1, providers: [
				{name: provider-aws-s3, serviceAccount: provider-aws, roleArn: 'arn:aws:iam::123456789012:role/prod-aws', associationId: a-1, ready: true},
				{name: provider-aws-ec2, serviceAccount: provider-aws, roleArn: 'arn:aws:iam::123456789012:role/prod-aws', associationId: a-1, ready: false},
				{name: provider-aws-rds, serviceAccount: provider-aws-provider-aws-rds, ready: false}]}`,
		},
		"AgentReady": {
			reason: "The agent's readiness and the version EKS reports.",
			xr:     `{metadata: {name: aws}, spec: {clusterName: prod, region: us-east-2, serviceAccount: {name: provider-aws}, agent: {install: true}}}`,
			observed: map[resource.Name]string{
				"eks-pod-identity-agent": `{status: {conditions: [{type: Ready, status: "True"}], atProvider: {addonVersion: v1.3.4-eksbuild.1}}}`,
			},
			want: "{" + decided + ", agent: {ready: true, version: v1.3.4-eksbuild.1}}",
		},
		"AgentNotReady": {
			reason: "An add-on that exists but is not Ready is not ready.",
			xr:     `{metadata: {name: aws}, spec: {clusterName: prod, region: us-east-2, serviceAccount: {name: provider-aws}, agent: {install: true}}}`,
			observed: map[resource.Name]string{
				"eks-pod-identity-agent": `{status: {conditions: [{type: Ready, status: "False"}], atProvider: {addonVersion: v1.3.4-eksbuild.1}}}`,
			},
			want: "{" + decided + ", agent: {ready: false, version: v1.3.4-eksbuild.1}}",
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			got := Status(newPlan(t, tc.xr, "", tc.observed))
			if diff := cmp.Diff(fromYAML(t, tc.want), got, protocmp.Transform()); diff != "" {
				t.Errorf("%s\n-want, +got:\n%s", tc.reason, diff)
			}
		})
	}
}

package compose

import (
	"testing"

	"github.com/crossplane/function-sdk-go/resource"
)

func TestPodIdentityAssociation(t *testing.T) {
	cases := map[string]struct {
		reason   string
		xr       string
		input    string
		observed map[resource.Name]string
		want     map[resource.Name]string
	}{
		"ByReference": {
			reason: "Before the role exists, the association refers to it; the provider resolves the ARN.",
			xr:     `{metadata: {name: xr}, spec: {clusterName: prod, region: eu-west-1, serviceAccount: {name: sa}}}`,
			want: map[resource.Name]string{"pod-identity-association": `
apiVersion: eks.aws.m.upbound.io/v1beta1
kind: PodIdentityAssociation
metadata: {name: xr-pod-identity-association, namespace: crossplane-system}
spec:
  forProvider: {region: eu-west-1, clusterName: prod, namespace: crossplane-system, serviceAccount: sa, roleArnRef: {name: xr-iam-role}}
`},
		},
		"ObservedArnAndTarget": {
			reason: "Once the role's ARN is observed the association names it; targetRoleArn, disableSessionTags and tags pass through. Legacy API.",
			xr: `{metadata: {name: xr}, spec: {clusterName: prod, region: eu-west-1, serviceAccount: {name: sa},
				association: {targetRoleArn: "arn:aws:iam::444455556666:role/t", disableSessionTags: true, tags: {a: b}}}}`,
			input:    "managedResources: {api: Cluster}",
			observed: map[resource.Name]string{"iam-role": "{status: {atProvider: {arn: 'arn:aws:iam::123456789012:role/r'}}}"},
			want: map[resource.Name]string{"pod-identity-association": `
apiVersion: eks.aws.upbound.io/v1beta1
kind: PodIdentityAssociation
metadata: {name: xr-pod-identity-association}
spec:
  forProvider:
    region: eu-west-1
    clusterName: prod
    namespace: crossplane-system
    serviceAccount: sa
    roleArnRef: {name: xr-iam-role}
    roleArn: arn:aws:iam::123456789012:role/r
    targetRoleArn: arn:aws:iam::444455556666:role/t
    disableSessionTags: true
    tags: {a: b}
`},
		},
		"IsolatedInItsNamespace": {
			reason: "An isolated provider's association matches its own ServiceAccount, in spec.serviceAccount's namespace, and has no target role.",
			xr: `{metadata: {name: xr}, spec: {clusterName: prod, region: eu-west-1, serviceAccount: {name: sa, namespace: providers},
				association: {targetRoleArn: "arn:aws:iam::444455556666:role/t"},
				providers: [{package: "xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0", isolated: true}]}}`,
			want: map[resource.Name]string{
				"pod-identity-association": `
apiVersion: eks.aws.m.upbound.io/v1beta1
kind: PodIdentityAssociation
metadata: {name: xr-pod-identity-association, namespace: crossplane-system}
spec:
  forProvider: {region: eu-west-1, clusterName: prod, namespace: providers, serviceAccount: sa, roleArnRef: {name: xr-iam-role}, targetRoleArn: "arn:aws:iam::444455556666:role/t"}
`,
				"isolated-provider-aws-s3-pod-identity-association": `
apiVersion: eks.aws.m.upbound.io/v1beta1
kind: PodIdentityAssociation
metadata: {name: xr-isolated-provider-aws-s3-pod-identity-association, namespace: crossplane-system}
spec:
  forProvider: {region: eu-west-1, clusterName: prod, namespace: providers, serviceAccount: sa-provider-aws-s3, roleArnRef: {name: xr-isolated-provider-aws-s3-iam-role}}
`,
			},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			compareResources(t, tc.reason, tc.want, ReadyWhenConditionTrue, build(newPlan(t, tc.xr, tc.input, tc.observed), PodIdentityAssociation))
		})
	}
}

package compose

import (
	"testing"

	"github.com/crossplane/function-sdk-go/resource"
	"github.com/google/go-cmp/cmp"
)

func TestCompose(t *testing.T) {
	p := newPlan(t, `
metadata: {name: aws}
spec:
  clusterName: prod
  region: us-east-2
  agent: {install: true}
  role: {policyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"], inlinePolicies: [{name: a, document: '{"Statement":[]}'}]}
  providers:
    - package: xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0
    - package: xpkg.upbound.io/upbound/provider-aws-ec2:v2.3.0
    - package: xpkg.upbound.io/upbound/provider-aws-rds:v2.3.0
      isolated: true
`, "", map[resource.Name]string{"pod-identity-association": readyAssociation, "isolated-provider-aws-rds-pod-identity-association": readyAssociation})
	rs := Compose(p)
	got := make([]resource.Name, 0, len(rs))
	for _, r := range rs {
		got = append(got, r.Name)
	}
	want := []resource.Name{
		"eks-pod-identity-agent",
		"iam-role", "isolated-provider-aws-rds-iam-role",
		PolicyAttachmentResource("arn:aws:iam::aws:policy/ReadOnlyAccess"),
		InlinePolicyResource("a"),
		"pod-identity-association", "isolated-provider-aws-rds-pod-identity-association",
		"service-account",
		"deployment-runtime-config", "isolated-provider-aws-rds-deployment-runtime-config",
		"package-provider-aws-s3", "package-provider-aws-ec2", "package-provider-aws-rds",
		"providerconfig-default-default",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("every step in the guide's order, for each identity: -want, +got:\n%s", diff)
	}
}

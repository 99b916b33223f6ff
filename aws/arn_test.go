package aws

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseIAMARN(t *testing.T) {
	cases := map[string]struct {
		reason       string
		arn, resType string
		want         ARN
		ok           bool
	}{
		"Role": {
			reason: "A role with a path: every part is read.", arn: "arn:aws:iam::123456789012:role/crossplane/team/provider", resType: ResourceRole,
			want: ARN{Partition: "aws", Account: "123456789012", Type: "role", Path: "/crossplane/team/", Name: "provider"}, ok: true,
		},
		"AWSManagedPolicy": {
			reason: "AWS's own policies have the account aws.", arn: "arn:aws-cn:iam::aws:policy/ReadOnlyAccess", resType: ResourcePolicy,
			want: ARN{Partition: "aws-cn", Account: "aws", Type: "policy", Path: "/", Name: "ReadOnlyAccess"}, ok: true,
		},
		"AWSRole":          {reason: "Roles have no account aws.", arn: "arn:aws:iam::aws:role/x", resType: ResourceRole},
		"WrongType":        {reason: "A role is not a policy.", arn: "arn:aws:iam::123456789012:role/x", resType: ResourcePolicy},
		"UnknownPartition": {reason: "Only the partitions the function knows.", arn: "arn:aws-mars:iam::123456789012:role/x", resType: ResourceRole},
		"ShortAccount":     {reason: "Accounts have twelve digits.", arn: "arn:aws:iam::123:role/x", resType: ResourceRole},
		"NoName":           {reason: "A role has a name.", arn: "arn:aws:iam::123456789012:role/", resType: ResourceRole},
		"NotIAM":           {reason: "Only IAM ARNs.", arn: "arn:aws:s3:::bucket", resType: ResourceRole},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			got, ok := ParseIAMARN(tc.arn, tc.resType)
			if ok != tc.ok {
				t.Fatalf("%s\nParseIAMARN(%q) ok = %v, want %v", tc.reason, tc.arn, ok, tc.ok)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("%s\n-want, +got:\n%s", tc.reason, diff)
			}
		})
	}
}

func TestPolicyName(t *testing.T) {
	if got := PolicyName("arn:aws:iam::123456789012:policy/a/b/Name"); got != "Name" {
		t.Errorf("a policy's name is its last path segment, got %q", got)
	}
}

package aws

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// longPath is an IAM path of exactly MaxPathLength characters.
var longPath = "/" + strings.Repeat("p", MaxPathLength-2) + "/"

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
		"ISOPartition": {
			reason: "Every partition AWS publishes has IAM ARNs.", arn: "arn:aws-iso-b:iam::123456789012:role/x", resType: ResourceRole,
			want: ARN{Partition: "aws-iso-b", Account: "123456789012", Type: "role", Path: "/", Name: "x"}, ok: true,
		},
		"EUSCPartition": {
			reason: "The European Sovereign Cloud too.", arn: "arn:aws-eusc:iam::aws:policy/ReadOnlyAccess", resType: ResourcePolicy,
			want: ARN{Partition: "aws-eusc", Account: "aws", Type: "policy", Path: "/", Name: "ReadOnlyAccess"}, ok: true,
		},
		"LongestPath": {
			reason: "A path of exactly MaxPathLength characters, its slashes included.", arn: "arn:aws:iam::123456789012:role/" + longPath[1:] + "x", resType: ResourceRole,
			want: ARN{Partition: "aws", Account: "123456789012", Type: "role", Path: longPath, Name: "x"}, ok: true,
		},
		"PathTooLong":      {reason: "One character past MaxPathLength.", arn: "arn:aws:iam::123456789012:role/p" + longPath[1:] + "x", resType: ResourceRole},
		"AWSRole":          {reason: "Roles have no account aws.", arn: "arn:aws:iam::aws:role/x", resType: ResourceRole},
		"WrongType":        {reason: "A role is not a policy.", arn: "arn:aws:iam::123456789012:role/x", resType: ResourcePolicy},
		"UnknownPartition": {reason: "Only the partitions the function knows.", arn: "arn:aws-mars:iam::123456789012:role/x", resType: ResourceRole},
		"ShortAccount":     {reason: "Accounts have twelve digits.", arn: "arn:aws:iam::123:role/x", resType: ResourceRole},
		"AccountNotDigits": {reason: "Twelve characters are an account only if all are digits.", arn: "arn:aws:iam::12345678901x:role/x", resType: ResourceRole},
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

func TestLongestIAMARNIsWithinMaxARNLength(t *testing.T) {
	// ParseIAMARN does not check MaxARNLength: the longest partition,
	// path and name it accepts make an ARN shorter than that.
	longest := "arn:aws-iso-b:iam::123456789012:policy" + longPath + strings.Repeat("n", MaxPolicyNameLength)
	if _, ok := ParseIAMARN(longest, ResourcePolicy); !ok {
		t.Fatalf("ParseIAMARN refuses the longest policy ARN %q", longest)
	}
	if len(longest) > MaxARNLength {
		t.Errorf("the longest IAM ARN ParseIAMARN accepts has %d characters, more than MaxARNLength (%d)", len(longest), MaxARNLength)
	}
	if _, ok := ParseIAMARN(longest+"n", ResourcePolicy); ok {
		t.Errorf("ParseIAMARN accepts a policy name one character past MaxPolicyNameLength")
	}
}

func TestPolicyName(t *testing.T) {
	if got := PolicyName("arn:aws:iam::123456789012:policy/a/b/Name"); got != "Name" {
		t.Errorf("a policy's name is its last path segment, got %q", got)
	}
}

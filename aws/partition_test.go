package aws

import "testing"

func TestPartitionOf(t *testing.T) {
	cases := map[string]struct {
		reason, region, want string
	}{
		"Commercial": {reason: "Most regions are in aws.", region: "us-east-2", want: PartitionAWS},
		"China":      {reason: "cn-* regions are in aws-cn.", region: "cn-north-1", want: PartitionChina},
		"GovCloud":   {reason: "us-gov-* regions are in aws-us-gov.", region: "us-gov-west-1", want: PartitionGovCloud},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			if got := PartitionOf(tc.region); got != tc.want {
				t.Errorf("%s\nPartitionOf(%q) = %q, want %q", tc.reason, tc.region, got, tc.want)
			}
		})
	}
}

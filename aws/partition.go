package aws

import "strings"

// Partitions the function knows, and the regions that belong to them, from
// "Identify AWS resources with Amazon Resource Names (ARNs)",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html.
const (
	PartitionAWS      = "aws"
	PartitionChina    = "aws-cn"
	PartitionGovCloud = "aws-us-gov"
)

// PartitionOf is the partition of an AWS region: cn-* regions are in aws-cn,
// us-gov-* regions in aws-us-gov, every other one in aws.
func PartitionOf(region string) string {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return PartitionChina
	case strings.HasPrefix(region, "us-gov-"):
		return PartitionGovCloud
	default:
		return PartitionAWS
	}
}

// isPartition tells whether p is a partition the function knows.
func isPartition(p string) bool {
	return p == PartitionAWS || p == PartitionChina || p == PartitionGovCloud
}

// IsRegion reports whether s matches ^[a-z]{2}(-[a-z]+)+-\d{1,2}$, e.g. us-east-2 or us-gov-west-1.
func IsRegion(s string) bool {
	parts := strings.Split(s, "-")
	if len(parts) < 3 || len(parts[0]) != 2 {
		return false
	}
	for _, p := range parts[:len(parts)-1] {
		if p == "" || strings.IndexFunc(p, func(r rune) bool { return r < 'a' || r > 'z' }) >= 0 {
			return false
		}
	}
	n := parts[len(parts)-1]
	return len(n) >= 1 && len(n) <= 2 && strings.IndexFunc(n, func(r rune) bool { return r < '0' || r > '9' }) < 0
}

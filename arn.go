package main

import (
	"regexp"
	"strings"
)

// AWS partitions and the regions that belong to them.
const (
	partitionAWS   = "aws"
	partitionChina = "aws-cn"
	partitionGov   = "aws-us-gov"
)

// partitionOf is the partition of an AWS region: cn-* regions are in aws-cn,
// us-gov-* regions in aws-us-gov, every other one in aws.
func partitionOf(region string) string {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return partitionChina
	case strings.HasPrefix(region, "us-gov-"):
		return partitionGov
	default:
		return partitionAWS
	}
}

// Shapes of the ARNs the spec accepts. Paths are IAM's: '/' separated
// segments of printable ASCII.
var (
	roleARN   = regexp.MustCompile(`^arn:(aws|aws-cn|aws-us-gov):iam::(\d{12}):role/(?:[\x21-\x7E]*/)?[\w+=,.@-]{1,64}$`)
	policyARN = regexp.MustCompile(`^arn:(aws|aws-cn|aws-us-gov):iam::(\d{12}|aws):policy/(?:[\x21-\x7E]*/)?[\w+=,.@-]{1,128}$`)
)

// arnPartition returns the partition of arn if it matches shape.
func arnPartition(shape *regexp.Regexp, arn string) (string, bool) {
	m := shape.FindStringSubmatch(arn)
	if m == nil {
		return "", false
	}
	return m[1], true
}

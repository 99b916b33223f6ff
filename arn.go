package main

import (
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

// IAM resource types the spec accepts ARNs of, with their name limits.
const (
	iamRole   = "role"
	iamPolicy = "policy"
)

// iamARNPartition parses arn as an IAM ARN of the given resource type and
// returns its partition:
//
//	arn:PARTITION:iam::ACCOUNT:TYPE/[PATH/]NAME
//
// where PARTITION is aws, aws-cn or aws-us-gov, ACCOUNT is twelve digits
// (or "aws" for AWS managed policies), PATH is printable ASCII and NAME is
// 1-64 (role) or 1-128 (policy) characters of [\w+=,.@-].
func iamARNPartition(arn, resourceType string) (string, bool) {
	rest, ok := strings.CutPrefix(arn, "arn:")
	if !ok {
		return "", false
	}
	partition, rest, ok := strings.Cut(rest, ":")
	if !ok || partition != partitionAWS && partition != partitionChina && partition != partitionGov {
		return "", false
	}
	if rest, ok = strings.CutPrefix(rest, "iam::"); !ok {
		return "", false
	}
	account, rest, ok := strings.Cut(rest, ":")
	if !ok || !isAccount(account, resourceType == iamPolicy) {
		return "", false
	}
	if rest, ok = strings.CutPrefix(rest, resourceType+"/"); !ok {
		return "", false
	}
	slash := strings.LastIndexByte(rest, '/')
	path, name := rest[:slash+1], rest[slash+1:]
	maxName := maxRoleNameLength
	if resourceType == iamPolicy {
		maxName = maxInlinePolicyName
	}
	if len(name) > maxName || !isIAMName(name) || !isPrintableASCII(path) {
		return "", false
	}
	return partition, true
}

// isAccount: twelve digits, or "aws" where AWS's own policies are allowed.
func isAccount(s string, awsAllowed bool) bool {
	if awsAllowed && s == "aws" {
		return true
	}
	if len(s) != 12 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

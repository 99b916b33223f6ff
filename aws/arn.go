package aws

import "strings"

// IAM resource types whose ARNs an XR may give.
const (
	ResourceRole   = "role"
	ResourcePolicy = "policy"
)

// AWSAccount is the account of AWS managed policies in their ARNs.
const AWSAccount = "aws"

// An ARN of an IAM role or policy:
//
//	arn:PARTITION:iam::ACCOUNT:TYPE/[PATH/]NAME
//
// from "IAM identifiers" (IAM User Guide),
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html.
type ARN struct {
	Partition string
	// Account is twelve digits, or "aws" for AWS managed policies.
	Account string
	// Type is ResourceRole or ResourcePolicy.
	Type string
	// Path is "/" or a path that begins and ends with "/".
	Path string
	Name string
}

// ParseIAMARN parses s as the ARN of an IAM resource of the given type: one
// of the partitions AWS publishes (Partitions), an account of twelve digits
// (or "aws" for policies), a path of at most MaxPathLength characters that
// IAM takes for that type (IsPath, IsPolicyPath) and a name of 1-64 (role)
// or 1-128 (policy)
// characters of [\w+=,.@-]. Those limits keep every IAM role or policy ARN
// below MaxARNLength; a caller that wants to say "too long" rather than "not
// an ARN" of a huge string compares len(s) with MaxARNLength first.
func ParseIAMARN(s, resourceType string) (ARN, bool) {
	rest, ok := strings.CutPrefix(s, "arn:")
	if !ok {
		return ARN{}, false
	}
	partition, rest, ok := strings.Cut(rest, ":")
	if !ok {
		return ARN{}, false
	}
	if _, ok = PartitionNamed(partition); !ok {
		return ARN{}, false
	}
	if rest, ok = strings.CutPrefix(rest, "iam::"); !ok {
		return ARN{}, false
	}
	account, rest, ok := strings.Cut(rest, ":")
	if !ok || !isAccount(account, resourceType == ResourcePolicy) {
		return ARN{}, false
	}
	if rest, ok = strings.CutPrefix(rest, resourceType+"/"); !ok {
		return ARN{}, false
	}
	slash := strings.LastIndexByte(rest, '/')
	path, name := "/"+rest[:slash+1], rest[slash+1:]
	maxName := MaxRoleNameLength
	if resourceType == ResourcePolicy {
		maxName = MaxPolicyNameLength
	}
	validPath := IsPath
	if resourceType == ResourcePolicy {
		validPath = IsPolicyPath
	}
	if len(name) > maxName || !IsIAMName(name) || len(path) > MaxPathLength || !validPath(path) {
		return ARN{}, false
	}
	return ARN{Partition: partition, Account: account, Type: resourceType, Path: path, Name: name}, true
}

// PolicyName is the name of the policy an ARN names: its last path segment.
func PolicyName(arn string) string {
	return arn[strings.LastIndexByte(arn, '/')+1:]
}

// isAccount: twelve digits, or "aws" where AWS's own policies are allowed.
func isAccount(s string, awsAllowed bool) bool {
	if awsAllowed && s == AWSAccount {
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

package aws

import "strings"

// Partitions AWS publishes, by the name ARNs carry, from the partition
// metadata every AWS SDK ships: botocore/data/partitions.json, the same file
// as aws-sdk-go-v2's internal/endpoints/awsrulesfn/partitions.json
// (https://github.com/aws/aws-sdk-go-v2/blob/main/internal/endpoints/awsrulesfn/partitions.json).
// ARNs begin arn:PARTITION: ("Identify AWS resources with Amazon Resource
// Names (ARNs)", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html).
const (
	PartitionAWS      = "aws"
	PartitionChina    = "aws-cn"
	PartitionGovCloud = "aws-us-gov"
	PartitionISO      = "aws-iso"
	PartitionISOB     = "aws-iso-b"
	PartitionISOE     = "aws-iso-e"
	PartitionISOF     = "aws-iso-f"
	// PartitionEUSC is the AWS European Sovereign Cloud.
	PartitionEUSC = "aws-eusc"
)

// A Partition is a group of AWS regions with ARNs of its own.
type Partition struct {
	// Name is the partition as ARNs write it, e.g. aws-us-gov.
	Name string
	// PodIdentity tells whether EKS Pod Identity is available in the
	// partition: whether the EKS Auth API (eks-auth, which serves
	// AssumeRoleForPodIdentity to the agent) has endpoints there. AWS
	// publishes no availability list for Pod Identity; the SDK endpoint
	// metadata (botocore/data/endpoints.json,
	// https://github.com/boto/botocore/blob/develop/botocore/data/endpoints.json)
	// lists eks-auth in aws, aws-cn, aws-us-gov and aws-eusc, and in none of
	// the ISO partitions, although eks itself is in all of them.
	PodIdentity bool
}

// partitionRegions is a partition and the heads of its region regex. Every
// regionRegex of partitions.json has the form ^HEAD\-\w+\-\d+$, where HEAD
// is a literal or a group of literals; they are kept here as the literals
// with their trailing '-'. Because \w does not match '-', a region matches
// at most one partition: us-gov-west-1 is not aws's us- followed by \w+.
type partitionRegions struct {
	Partition
	heads []string
}

// partitions in the order of partitions.json, with their regionRegex:
//
//	aws         ^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$
//	aws-cn      ^cn\-\w+\-\d+$
//	aws-eusc    ^eusc\-(de)\-\w+\-\d+$
//	aws-iso     ^us\-iso\-\w+\-\d+$
//	aws-iso-b   ^us\-isob\-\w+\-\d+$
//	aws-iso-e   ^eu\-isoe\-\w+\-\d+$
//	aws-iso-f   ^us\-isof\-\w+\-\d+$
//	aws-us-gov  ^us\-gov\-\w+\-\d+$
//
// testdata/partitions.json is the SDK's file; partition_test.go checks this
// table against it.
var partitions = []partitionRegions{
	{Partition{Name: PartitionAWS, PodIdentity: true}, []string{"us-", "eu-", "ap-", "sa-", "ca-", "me-", "af-", "il-", "mx-"}},
	{Partition{Name: PartitionChina, PodIdentity: true}, []string{"cn-"}},
	{Partition{Name: PartitionEUSC, PodIdentity: true}, []string{"eusc-de-"}},
	{Partition{Name: PartitionISO}, []string{"us-iso-"}},
	{Partition{Name: PartitionISOB}, []string{"us-isob-"}},
	{Partition{Name: PartitionISOE}, []string{"eu-isoe-"}},
	{Partition{Name: PartitionISOF}, []string{"us-isof-"}},
	{Partition{Name: PartitionGovCloud, PodIdentity: true}, []string{"us-gov-"}},
}

// Partitions are every partition AWS publishes, in the SDK's order.
func Partitions() []Partition {
	out := make([]Partition, len(partitions))
	for i, p := range partitions {
		out[i] = p.Partition
	}
	return out
}

// PartitionOfRegion is the partition whose region pattern region matches,
// e.g. aws-iso for us-iso-east-1 and aws-eusc for eusc-de-east-1. A string
// that matches no partition's pattern is not a region: ok is false. Region
// codes must also be in lower case, as every region the SDK lists is: the
// SDK's patterns allow capitals (\w), but the region is written into ARNs,
// which IAM compares case-sensitively, and into request signatures.
func PartitionOfRegion(region string) (p Partition, ok bool) {
	for _, pr := range partitions {
		for _, head := range pr.heads {
			if rest, found := strings.CutPrefix(region, head); found && isRegionTail(rest) {
				return pr.Partition, true
			}
		}
	}
	return Partition{}, false
}

// isRegionTail reports whether s matches ^[a-z0-9_]+-\d+$: the \w+\-\d+$ that
// follows the head of every partition's region pattern, in lower case.
func isRegionTail(s string) bool {
	dash := strings.IndexByte(s, '-')
	if dash < 1 || dash == len(s)-1 {
		return false
	}
	for i := 0; i < dash; i++ {
		if c := s[i]; !isLower(c) && !isDigit(c) && c != '_' {
			return false
		}
	}
	for i := dash + 1; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// IsRegion reports whether s is an AWS region: whether PartitionOfRegion
// knows its partition.
func IsRegion(s string) bool {
	_, ok := PartitionOfRegion(s)
	return ok
}

// PartitionOf is the name of region's partition. A string that is not a
// region is in aws, the SDK's default partition (awsrulesfn/partition.go,
// getPartition), so that a caller that has already refused the region can
// go on checking ARNs against the partition most likely meant.
func PartitionOf(region string) string {
	if p, ok := PartitionOfRegion(region); ok {
		return p.Name
	}
	return PartitionAWS
}

// PartitionNamed is the partition of the given name, as ARNs write it.
func PartitionNamed(name string) (Partition, bool) {
	for _, pr := range partitions {
		if pr.Name == name {
			return pr.Partition, true
		}
	}
	return Partition{}, false
}

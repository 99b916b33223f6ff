package aws

// IAM quotas, from "IAM and AWS STS quotas" (IAM User Guide),
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html,
// and the CreateRole API reference,
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html.
const (
	// MaxRoleNameLength is the longest IAM role name.
	MaxRoleNameLength = 64
	// MaxPathLength is the longest IAM path.
	MaxPathLength = 512
	// MaxRoleDescriptionLength is the longest role description, in
	// characters.
	MaxRoleDescriptionLength = 1000
	// MinSessionDuration and MaxSessionDuration bound a role's
	// MaxSessionDuration, in seconds.
	MinSessionDuration = 3600
	MaxSessionDuration = 43200
	// MaxManagedPoliciesPerRole is the most managed policies a role can
	// have attached, with a raised quota.
	MaxManagedPoliciesPerRole = 20
	// MaxPolicyNameLength is the longest IAM policy name, managed or inline.
	MaxPolicyNameLength = 128
	// MaxInlinePoliciesSize is the aggregate size of a role's inline policy
	// documents, whitespace not counted.
	MaxInlinePoliciesSize = 10240
)

// Tag limits, from "Tagging IAM resources" (IAM User Guide),
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags.html.
const (
	// MaxTags is the most tags an IAM role or an EKS resource can have.
	MaxTags = 50
	// MaxTagKeyLength is the longest tag key, in characters.
	MaxTagKeyLength = 128
	// MaxTagValueLength is the longest tag value, in characters.
	MaxTagValueLength = 256
)

// STS limits, from the AssumeRole API reference,
// https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html.
const (
	// MinExternalIDLength and MaxExternalIDLength bound an external ID.
	MinExternalIDLength = 2
	MaxExternalIDLength = 1224
)

// EKS limits, from the CreateCluster API reference,
// https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateCluster.html.
const (
	// MaxClusterNameLength is the longest EKS cluster name.
	MaxClusterNameLength = 100
)

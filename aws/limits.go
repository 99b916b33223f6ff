package aws

// Every limit of IAM, STS and EKS the function enforces or relies on, each
// with the page it comes from. The README's "AWS limits" table lists them
// all, with the same values and sources; limits_test.go reads this file and
// fails when the two differ. This file has no imports and refers to
// nothing outside itself, so that the test can evaluate its constants alone.

// IAM names and paths, from "IAM and AWS STS quotas" (IAM User Guide),
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html,
// and the CreateRole API reference,
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html.
const (
	// MaxRoleNameLength is the longest IAM role name.
	MaxRoleNameLength = 64
	// MaxPathLength is the longest IAM path, its slashes included.
	MaxPathLength = 512
	// MaxRoleDescriptionLength is the longest role description, in
	// characters.
	MaxRoleDescriptionLength = 1000
	// MinSessionDuration is the shortest a role's MaxSessionDuration may
	// be, in seconds.
	MinSessionDuration = 3600
	// MaxSessionDuration is the longest a role's MaxSessionDuration may be,
	// in seconds.
	MaxSessionDuration = 43200
	// MaxPolicyNameLength is the longest IAM policy name, managed or inline.
	MaxPolicyNameLength = 128
)

// MaxARNLength is the longest ARN IAM takes, from the AttachRolePolicy API
// reference ("PolicyArn … Maximum length of 2048"),
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachRolePolicy.html.
const MaxARNLength = 2048

// Managed policies per role, from "IAM and AWS STS quotas" (IAM User
// Guide), whose table of IAM object quotas gives "Managed policies attached
// to an IAM role" a default of 10 and a maximum of 20,
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html.
// AWS's Knowledge Center gives the same numbers (10 by default, at most 20
// after a service quota increase),
// https://repost.aws/knowledge-center/iam-increase-policy-size. Third
// parties report a maximum of 25 since May 2026; no AWS page says so yet.
const (
	// DefaultManagedPoliciesPerRole is how many managed policies a role can
	// have attached in an account whose quota was not raised: the 11th
	// attachment fails with LimitExceeded.
	DefaultManagedPoliciesPerRole = 10
	// MaxManagedPoliciesPerRole is the most managed policies a role can
	// have attached once the account's quota is raised as far as it goes.
	MaxManagedPoliciesPerRole = 20
)

// Policy sizes, from "IAM and AWS STS quotas" (IAM User Guide),
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html:
// "IAM does not count white space when calculating the size of a policy
// against these limits."
const (
	// MaxInlinePoliciesSize is the aggregate size of a role's inline policy
	// documents ("Role policy size can't exceed 10,240 characters").
	MaxInlinePoliciesSize = 10240
	// MaxManagedPolicySize is the size of one managed policy document ("The
	// size of each managed policy can't exceed 6,144 characters").
	MaxManagedPolicySize = 6144
	// DefaultTrustPolicySize is the size of a role's trust policy in an
	// account whose quota was not raised ("Role trust policy length: 2,048
	// characters").
	DefaultTrustPolicySize = 2048
	// MaxTrustPolicySize is the size of a role's trust policy once the
	// account's quota is raised as far as it goes (4,096 characters).
	MaxTrustPolicySize = 4096
)

// MaxPolicyDocumentLength is the longest policy document the IAM API takes
// at all, whitespace included, before any quota applies: PolicyDocument
// "Maximum length of 131072" in the PutRolePolicy API reference,
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePolicy.html.
const MaxPolicyDocumentLength = 131072

// Tag limits, from "Tagging IAM resources" (IAM User Guide),
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags.html, the same
// for EKS resources ("Tag your Amazon EKS resources",
// https://docs.aws.amazon.com/eks/latest/userguide/eks-using-tags.html).
const (
	// MaxTags is the most tags an IAM role or an EKS resource can have.
	MaxTags = 50
	// MaxTagKeyLength is the longest tag key, in characters.
	MaxTagKeyLength = 128
	// MaxTagValueLength is the longest tag value, in characters.
	MaxTagValueLength = 256
)

// MaxUserTags is how many tags a user can give a resource that
// provider-upjet-aws tags itself: MaxTags less the provider's three
// (ProviderTagKeys), which it adds to every Role, Policy,
// PodIdentityAssociation and Addon it manages (not to RolePolicy or
// RolePolicyAttachment, which have no tags): upjet's TagInitializer,
// https://github.com/crossplane/upjet/blob/main/pkg/config/resource.go,
// applied to every resource with a tags map by provider-upjet-aws,
// https://github.com/crossplane-contrib/provider-upjet-aws/blob/main/config/namespaced/overrides.go.
const MaxUserTags = MaxTags - 3

// MaxSessionTags is the most session tags one AssumeRole call can pass,
// from the AssumeRole API reference ("You can pass up to 50 session
// tags"), https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html.
const MaxSessionTags = 50

// External ID limits, from the AssumeRole API reference,
// https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html.
const (
	// MinExternalIDLength is the shortest external ID.
	MinExternalIDLength = 2
	// MaxExternalIDLength is the longest external ID.
	MaxExternalIDLength = 1224
)

// MaxClusterNameLength is the longest EKS cluster name, from the
// CreateCluster API reference,
// https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateCluster.html.
const MaxClusterNameLength = 100

package aws

// PodsPrincipal is the service principal of EKS Pod Identity: the same in
// every cluster, which is what makes the trust policy portable.
const PodsPrincipal = "pods.eks.amazonaws.com"

// Session tags EKS Pod Identity sets on every session, unless the
// association disables them, as condition keys of a trust policy, from
// "Grant Pods access to AWS resources based on tags" (EKS User Guide),
// https://docs.aws.amazon.com/eks/latest/userguide/pod-id-abac.html.
const (
	RequestTagClusterARN     = "aws:RequestTag/" + SessionTagClusterARN
	RequestTagClusterName    = "aws:RequestTag/" + SessionTagClusterName
	RequestTagNamespace      = "aws:RequestTag/" + SessionTagNamespace
	RequestTagServiceAccount = "aws:RequestTag/" + SessionTagServiceAccount
)

// Condition operators of "IAM JSON policy elements: Condition operators",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html.
const (
	conditionStringEquals = "StringEquals"
	conditionStringLike   = "StringLike"
)

// STS actions a trust policy allows, from "Actions, resources, and condition
// keys for AWS Security Token Service",
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssecuritytokenservice.html.
const (
	ActionAssumeRole = "sts:AssumeRole"
	ActionTagSession = "sts:TagSession"
)

// ConditionKeyExternalID is the condition key of the external ID an
// AssumeRole call passes ("How to use an external ID when granting access
// to your AWS resources to a third party",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_common-scenarios_third-party.html).
const ConditionKeyExternalID = "sts:ExternalId"

// TrustConditions narrow a Pod Identity trust policy to sessions whose tags
// have these values; an empty value does not narrow.
type TrustConditions struct {
	ClusterName    string
	Namespace      string
	ServiceAccount string
	// Region, together with ClusterName, also pins the cluster's region:
	// StringLike on aws:RequestTag/eks-cluster-arn =
	// arn:PARTITION:eks:REGION:*:cluster/CLUSTERNAME, PARTITION that of
	// the region. eks-cluster-name alone matches a cluster of that name in
	// any region, and cluster names are unique only within a region. The
	// account is left a wildcard because an association's role must be in
	// the cluster's account anyway ("Access AWS Resources using EKS Pod
	// Identity Target IAM Roles", EKS User Guide,
	// https://docs.aws.amazon.com/eks/latest/userguide/pod-id-assign-target-role.html).
	// Region is ignored without ClusterName.
	Region string
}

// ClusterARNPattern is the pattern of the ARN of every EKS cluster named
// clusterName in region, in any account: arn:PARTITION:eks:REGION:*:cluster/NAME
// ("Actions, resources, and condition keys for Amazon Elastic Kubernetes
// Service", resource type cluster,
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelastickubernetesservice.html).
// Cluster names and regions have no * or ?, so the pattern's only wildcard
// is the account.
func ClusterARNPattern(region, clusterName string) string {
	return "arn:" + PartitionOf(region) + ":eks:" + region + ":*:cluster/" + clusterName
}

// TrustPolicy is the trust policy AWS documents for EKS Pod Identity, in
// "Create an IAM role for a Pod Identity association" (EKS User Guide),
// https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html: the
// pods.eks.amazonaws.com service principal may assume the role and tag the
// session. sts:TagSession is required: the agent tags every session with the
// cluster, namespace and ServiceAccount. Conditions, if any, are StringEquals
// on those session tags, and StringLike on the cluster's ARN when
// c.Region is set; without them the policy is the guide's portable one.
func TrustPolicy(c TrustConditions) string {
	st := Statement{
		Effect:    EffectAllow,
		Principal: map[string]string{"Service": PodsPrincipal},
		Action:    []string{ActionAssumeRole, ActionTagSession},
	}
	equals := map[string]string{}
	for key, value := range map[string]string{
		RequestTagClusterName:    c.ClusterName,
		RequestTagNamespace:      c.Namespace,
		RequestTagServiceAccount: c.ServiceAccount,
	} {
		if value != "" {
			equals[key] = value
		}
	}
	if len(equals) > 0 {
		st.Condition = map[string]map[string]string{conditionStringEquals: equals}
	}
	if c.Region != "" && c.ClusterName != "" {
		if st.Condition == nil {
			st.Condition = map[string]map[string]string{}
		}
		st.Condition[conditionStringLike] = map[string]string{RequestTagClusterARN: ClusterARNPattern(c.Region, c.ClusterName)}
	}
	return PolicyDocument{Version: PolicyVersion, Statement: []Statement{st}}.String()
}

// TargetRolePermission is the inline policy the association's role needs to
// use a target role. With a target role EKS "automatically performs two role
// assumptions in sequence: first assuming the role in the association that
// is in this account, then using those credentials to assume the target IAM
// role" (CreatePodIdentityAssociation API reference,
// https://docs.aws.amazon.com/eks/latest/APIReference/API_CreatePodIdentityAssociation.html),
// so the association's role must be allowed sts:AssumeRole and
// sts:TagSession on the target role's ARN ("Access AWS Resources using EKS
// Pod Identity Target IAM Roles", EKS User Guide, "Update the permission
// policy for EKS Pod Identity role",
// https://docs.aws.amazon.com/eks/latest/userguide/pod-id-assign-target-role.html).
// The same statement lets a role assume the next link of a role chain.
func TargetRolePermission(targetRoleARN string) string {
	return PolicyDocument{Version: PolicyVersion, Statement: []Statement{{
		Effect:   EffectAllow,
		Action:   []string{ActionAssumeRole, ActionTagSession},
		Resource: []string{targetRoleARN},
	}}}.String()
}

// ChainedTrust says who assumes a role by role chaining: a Pod Identity
// target role, assumed by the association's role, or a link of a
// ProviderConfig's assumeRoleChain, assumed by the role before it.
type ChainedTrust struct {
	// AssumingRoleARN is the ARN of the role whose sessions assume this
	// one: the principal of the trust policy. For a target role that is the
	// association's role; for the first link of an assumeRoleChain, the
	// role whose credentials the pods get (the association's target role if
	// it has one, else its role); for a later link, the link before it. IAM stores a role principal
	// as the role's unique ID, so a deleted and recreated role must be
	// trusted again ("AWS JSON policy elements: Principal", IAM role
	// principals,
	// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html).
	AssumingRoleARN string
	// ExternalID, if set, is required of the AssumeRole call. For a target
	// role that is the association's externalId, which EKS passes only
	// when the association disables session tags; for an assumeRoleChain
	// link, the link's externalID. The caller decides which applies.
	ExternalID string
}

// ChainedTrustPolicy is the trust policy a role assumed by role chaining
// must have: the assuming role may call sts:AssumeRole and sts:TagSession.
// sts:TagSession is needed even when no tags are passed explicitly: EKS Pod
// Identity's session tags are transitive and go along with every chained
// AssumeRole, and a call that carries session tags needs sts:TagSession
// allowed ("Passing session tags in AWS STS",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html;
// https://github.com/aws/eks-pod-identity-agent/issues/80). With an
// ExternalID, sts:AssumeRole requires it (StringEquals sts:ExternalId) and
// sts:TagSession stays a separate, unconditional statement, as AWS's own
// example for an association that disables session tags has it ("Access
// AWS Resources using EKS Pod Identity Target IAM Roles", EKS User Guide,
// https://docs.aws.amazon.com/eks/latest/userguide/pod-id-assign-target-role.html).
// AWS's example names the account's root as principal and narrows it with
// ArnEquals aws:PrincipalARN; naming the role itself, as here, trusts that
// role's sessions directly, but, as IAM stores it as the role's unique ID,
// must be written again if that role is ever recreated.
func ChainedTrustPolicy(t ChainedTrust) string {
	principal := map[string]string{"AWS": t.AssumingRoleARN}
	if t.ExternalID == "" {
		return PolicyDocument{Version: PolicyVersion, Statement: []Statement{{
			Effect:    EffectAllow,
			Principal: principal,
			Action:    []string{ActionAssumeRole, ActionTagSession},
		}}}.String()
	}
	return PolicyDocument{Version: PolicyVersion, Statement: []Statement{
		{
			Effect:    EffectAllow,
			Principal: principal,
			Action:    []string{ActionAssumeRole},
			Condition: map[string]map[string]string{conditionStringEquals: {ConditionKeyExternalID: t.ExternalID}},
		},
		{
			Effect:    EffectAllow,
			Principal: principal,
			Action:    []string{ActionTagSession},
		},
	}}.String()
}

package aws

// PodsPrincipal is the service principal of EKS Pod Identity: the same in
// every cluster, which is what makes the trust policy portable.
const PodsPrincipal = "pods.eks.amazonaws.com"

// Session tags EKS Pod Identity sets on every session, unless the
// association disables them, as condition keys of a trust policy, from
// "Grant Pods access to AWS resources based on tags" (EKS User Guide),
// https://docs.aws.amazon.com/eks/latest/userguide/pod-id-abac.html.
const (
	RequestTagClusterName    = "aws:RequestTag/eks-cluster-name"
	RequestTagNamespace      = "aws:RequestTag/kubernetes-namespace"
	RequestTagServiceAccount = "aws:RequestTag/kubernetes-service-account"
)

// TrustConditions narrow a Pod Identity trust policy to sessions whose tags
// have these values; an empty value does not narrow.
type TrustConditions struct {
	ClusterName    string
	Namespace      string
	ServiceAccount string
}

// TrustPolicy is the trust policy AWS documents for EKS Pod Identity, in
// "Create an IAM role for a Pod Identity association" (EKS User Guide),
// https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html: the
// pods.eks.amazonaws.com service principal may assume the role and tag the
// session. sts:TagSession is required: the agent tags every session with the
// cluster, namespace and ServiceAccount. Conditions, if any, are StringEquals
// on those session tags; without them the policy is the guide's portable one.
func TrustPolicy(c TrustConditions) string {
	st := Statement{
		Effect:    "Allow",
		Principal: map[string]string{"Service": PodsPrincipal},
		Action:    []string{"sts:AssumeRole", "sts:TagSession"},
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
		st.Condition = map[string]map[string]string{"StringEquals": equals}
	}
	return PolicyDocument{Version: PolicyVersion, Statement: []Statement{st}}.String()
}

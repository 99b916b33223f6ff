// Package aws holds the facts of IAM, STS and EKS that function-pod-identity
// relies on: every limit, the character rules of names, tags and policy
// documents, ARNs and partitions, and the trust policy of EKS Pod Identity.
// Each fact names the AWS page it comes from. The package knows nothing of
// Crossplane: it answers questions about AWS values.
package aws

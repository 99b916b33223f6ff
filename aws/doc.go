// Package aws holds the facts of IAM, STS and EKS that function-pod-identity
// relies on: every limit, the character rules of names, tags and policy
// documents, ARNs and partitions, the trust policy of EKS Pod Identity, and
// the permission and trust policies of the roles it chains to.
// Each fact names the AWS page it comes from. The package imports nothing of
// Crossplane and answers questions about AWS values; the one provider
// behaviour it knows, the tags provider-upjet-aws adds to what it manages, is
// there because it uses up AWS's tag limit, and cites the provider's source.
package aws

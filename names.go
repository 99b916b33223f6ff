package main

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"github.com/crossplane/function-sdk-go/resource"
)

// Names of composed resources come from content, never from list positions,
// so that removing one policy never renames, and so never replaces, another.

// Composition resource names: the keys of the desired composed resources.
const (
	resourceRole           resource.Name = "iam-role"
	resourceAssociation    resource.Name = "pod-identity-association"
	resourceRuntimeConfig  resource.Name = "deployment-runtime-config"
	resourceServiceAccount resource.Name = "service-account"
	resourceAgent          resource.Name = "eks-pod-identity-agent"
)

// maxRoleNameLength is IAM's limit on role names.
const maxRoleNameLength = 64

// hashLength is how many hex digits of a SHA-256 a name carries to stay
// unique: 32 bits, plenty among the resources of one XR.
const hashLength = 8

// hashOf is a short, stable digest of s.
func hashOf(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])[:hashLength]
}

// shorten returns name unchanged if it fits in limit characters, else a prefix
// of it followed by a hash of the whole name, so that two long names that
// share a prefix still differ. IAM and Kubernetes names both allow '-'.
func shorten(name string, limit int) string {
	if len(name) <= limit {
		return name
	}
	prefix := strings.TrimRight(name[:limit-hashLength-1], "-._")
	return prefix + "-" + hashOf(name)
}

// defaultRoleName names the IAM role after the cluster and the XR: unique in
// the account as long as XR names are unique in a cluster.
func defaultRoleName(clusterName, xrName string) string {
	return shorten(clusterName+"-"+xrName, maxRoleNameLength)
}

// slug turns s into the lower-case letters, digits and single dashes a
// Kubernetes name allows.
func slug(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	dash := false
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
			dash = false
			continue
		}
		if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimRight(b.String(), "-")
}

// maxSlugLength keeps readable parts of derived names short.
const maxSlugLength = 40

// contentName is a name for something identified by key (a policy ARN, an
// inline policy name): readable from label, unique from key.
func contentName(label, key string) string {
	s := slug(label)
	if len(s) > maxSlugLength {
		s = strings.TrimRight(s[:maxSlugLength], "-")
	}
	if s == "" {
		return hashOf(key)
	}
	return s + "-" + hashOf(key)
}

// policyAttachmentResource is the composition resource name of the
// attachment of the managed policy arn.
func policyAttachmentResource(arn string) resource.Name {
	return resource.Name("policy-attachment-" + contentName(policyNameOf(arn), arn))
}

// inlinePolicyResource is the composition resource name of an inline policy.
func inlinePolicyResource(name string) resource.Name {
	return resource.Name("inline-policy-" + contentName(name, name))
}

// providerConfigResource is the composition resource name of a ProviderConfig,
// unique per kind, namespace and name.
func providerConfigResource(pc ProviderConfigSpec) resource.Name {
	if pc.Namespace == "" {
		return resource.Name(slug(pc.Kind) + "-" + pc.Name)
	}
	return resource.Name(slug(pc.Kind) + "-" + pc.Namespace + "-" + pc.Name)
}

// policyNameOf is the last path segment of a policy ARN, its name.
func policyNameOf(arn string) string {
	return arn[strings.LastIndexByte(arn, '/')+1:]
}

// providerNameOf derives a Provider's name from its package: the last path
// segment without tag or digest, e.g. provider-aws-s3 from
// xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0.
func providerNameOf(pkg string) string {
	name := pkg[strings.LastIndexByte(pkg, '/')+1:]
	if i := strings.IndexAny(name, "@:"); i >= 0 {
		name = name[:i]
	}
	return name
}

// maxKubernetesLabel is the longest name that is also a DNS label: derived
// ServiceAccount and DeploymentRuntimeConfig names stay within it.
const maxKubernetesLabel = 63

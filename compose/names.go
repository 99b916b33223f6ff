package compose

import (
	"strings"

	"github.com/crossplane/function-sdk-go/resource"

	"github.com/crossplane-contrib/function-pod-identity/aws"
	"github.com/crossplane-contrib/function-pod-identity/spec"
)

// Names of composed resources come from content, never from list positions,
// so that removing one policy never renames, and so never replaces, another.

// Composition resource names of the guide's resources: the keys of the
// desired composed resources.
const (
	ResourceRole           resource.Name = "iam-role"
	ResourceAssociation    resource.Name = "pod-identity-association"
	ResourceRuntimeConfig  resource.Name = "deployment-runtime-config"
	ResourceServiceAccount resource.Name = "service-account"
	ResourceAgent          resource.Name = "eks-pod-identity-agent"
)

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
		return spec.Hash(key)
	}
	return s + "-" + spec.Hash(key)
}

// PolicyAttachmentResource is the composition resource name of the
// attachment of the managed policy arn.
func PolicyAttachmentResource(arn string) resource.Name {
	return resource.Name("policy-attachment-" + contentName(aws.PolicyName(arn), arn))
}

// InlinePolicyResource is the composition resource name of an inline policy.
func InlinePolicyResource(name string) resource.Name {
	return resource.Name("inline-policy-" + contentName(name, name))
}

// ProviderConfigResource is the composition resource name of a
// ProviderConfig, unique per kind, namespace and name.
func ProviderConfigResource(pc spec.ProviderConfig) resource.Name {
	if pc.Namespace == "" {
		return resource.Name(slug(pc.Kind) + "-" + pc.Name)
	}
	return resource.Name(slug(pc.Kind) + "-" + pc.Namespace + "-" + pc.Name)
}

// ProviderResource is the composition resource name of a Provider package.
func ProviderResource(pr spec.Provider) resource.Name {
	return resource.Name("package-" + pr.Name)
}

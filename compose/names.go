package compose

import (
	"strings"

	"github.com/crossplane/function-sdk-go/resource"
	"k8s.io/apimachinery/pkg/util/validation"

	"github.com/crossplane-contrib/function-pod-identity/aws"
	"github.com/crossplane-contrib/function-pod-identity/spec"
)

// Names of composed resources come from content, never from list positions,
// and from exactly what identifies the object they stand for: the AWS role
// a Role manages, the cluster, namespace and ServiceAccount of an
// association, the name of a DeploymentRuntimeConfig. Crossplane keeps an
// object under its composition resource name and ignores a new
// metadata.name for it, so a resource whose identity changes must change
// its composition resource name: the old resource is then deleted (or,
// with Orphan, released) and a new one created, and every reference follows
// the new one. Removing one policy never renames, and so never replaces,
// another.
//
// A resource that Crossplane already observes with the same identity keeps
// its composition resource name and metadata.name, whatever this version
// would call it: upgrading the function never replaces what works.

// A Name is where a composed resource lives: its composition resource name,
// the key under which Crossplane tracks it, and its metadata.name.
type Name struct {
	Key    resource.Name
	Object string
}

// Kinds of composed resources, as the first part of their composition
// resource names.
const (
	KeyRole             = "iam-role"
	KeyPolicyAttachment = "policy-attachment"
	KeyInlinePolicy     = "inline-policy"
	KeyAssociation      = "pod-identity-association"
	KeyServiceAccount   = "service-account"
	KeyRuntimeConfig    = "deployment-runtime-config"
	KeyAgent            = "eks-pod-identity-agent"
	KeyProvider         = "package"
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

// contentName is a name for something identified by key: readable from
// label, unique from key.
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

// identityKey joins the parts of an identity so that no two different
// identities give the same string.
func identityKey(parts ...string) string {
	return strings.Join(parts, "\x00")
}

// managedName is where a managed resource of an identity lives by default:
// its key is the identity's prefix, what it is and a name from content, and
// its metadata.name is the XR's name, unique among XRs, then its key, within
// Kubernetes' limit.
func managedName(xrName, prefix, kind, content string) Name {
	key := resource.Name(prefix + kind + "-" + content)
	return Name{Key: key, Object: spec.Shorten(xrName+"-"+string(key), validation.DNS1123SubdomainMaxLength)}
}

// roleIdentity is what names an IAM role in its account: its name, without
// case. IAM names are unique in the account whatever their path, and are
// not distinguished by case (CreateRole,
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html),
// so a new path or case names the same role, and keeps its Role.
func roleIdentity(r spec.Role) string {
	return strings.ToLower(r.Name)
}

// roleNameContent is what a new Role's composition resource name is made
// from: its path and name, as the names of existing XRs were made.
func roleNameContent(r spec.Role) string {
	path := r.Path
	if path == "" {
		path = "/"
	}
	return identityKey(path, r.Name)
}

// PolicyAttachmentName is the default name of the attachment of the
// managed policy arn to the role whose resource is named role.
func PolicyAttachmentName(xrName, prefix string, role Name, arn string) Name {
	return managedName(xrName, prefix, KeyPolicyAttachment, contentName(aws.PolicyName(arn), identityKey(role.Object, arn)))
}

// InlinePolicyName is the default name of an inline policy of the role
// whose resource is named role.
func InlinePolicyName(xrName, prefix string, role Name, policy string) Name {
	return managedName(xrName, prefix, KeyInlinePolicy, contentName(policy, identityKey(role.Object, policy)))
}

// ProviderConfigKey is the default composition resource name of a
// ProviderConfig: unique per API, kind, namespace and name.
func ProviderConfigKey(apiVersion string, pc spec.ProviderConfig) resource.Name {
	return resource.Name(slug(pc.Kind) + "-" + contentName(pc.Namespace+"-"+pc.Name, identityKey(apiVersion, pc.Kind, pc.Namespace, pc.Name)))
}

// ProviderKey is the composition resource name of a Provider package: its
// name is its identity.
func ProviderKey(name string) resource.Name {
	return resource.Name(KeyProvider + "-" + name)
}

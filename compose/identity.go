package compose

import (
	"github.com/crossplane/function-sdk-go/resource"
	"k8s.io/apimachinery/pkg/util/validation"

	"github.com/crossplane-contrib/function-pod-identity/aws"
	"github.com/crossplane-contrib/function-pod-identity/spec"
)

// An Identity is one ServiceAccount bound to one IAM role by one Pod
// Identity association, with the DeploymentRuntimeConfig that makes provider
// pods run as that ServiceAccount. The guide builds one, shared by every
// provider (Option A); each isolated provider gets its own (Option B).
type Identity struct {
	// Isolated is the provider an isolated identity belongs to; nil for the
	// shared one.
	Isolated *spec.Provider

	ServiceAccount spec.ServiceAccount
	Role           spec.Role
	RuntimeConfig  string
	// Providers are the Provider packages that run as this identity.
	Providers []spec.Provider
}

// Shared tells whether this is the XR's shared identity.
func (id *Identity) Shared() bool {
	return id.Isolated == nil
}

// identities returns the shared identity, with the shared providers, and one
// identity per isolated provider. An isolated identity copies the shared
// role's settings (path, boundary, session duration, tags, trust scope) but
// has its own names and policies.
func identities(s spec.Spec) []Identity {
	out := []Identity{{ServiceAccount: s.ServiceAccount, Role: s.Role, RuntimeConfig: s.RuntimeConfig.Name}}
	for i := range s.Providers {
		pr := &s.Providers[i]
		if !pr.Isolated {
			out[0].Providers = append(out[0].Providers, *pr)
			continue
		}
		role := s.Role
		role.Name = spec.Shorten(s.Role.Name+"-"+pr.Name, aws.MaxRoleNameLength)
		role.PolicyArns, role.InlinePolicies = pr.PolicyArns, pr.InlinePolicies
		out = append(out, Identity{
			Isolated:       pr,
			ServiceAccount: spec.ServiceAccount{Name: spec.Shorten(s.ServiceAccount.Name+"-"+pr.Name, validation.DNS1123LabelMaxLength), Namespace: s.ServiceAccount.Namespace},
			Role:           role,
			RuntimeConfig:  spec.Shorten(s.RuntimeConfig.Name+"-"+pr.Name, validation.DNS1123LabelMaxLength),
			Providers:      []spec.Provider{*pr},
		})
	}
	return out
}

// identityOf returns the identity a provider runs as: its own if isolated,
// else the shared one, which identities always returns first.
func identityOf(ids []Identity, pr spec.Provider) *Identity {
	if pr.Isolated {
		for i := range ids[1:] {
			if id := &ids[1+i]; id.Isolated.Name == pr.Name {
				return id
			}
		}
	}
	return &ids[0]
}

// ResourceName is the composition resource name of one of the identity's
// resources: the shared identity's are the guide's names, an isolated one's
// carry its provider's name.
func (id *Identity) ResourceName(part resource.Name) resource.Name {
	if id.Shared() {
		return part
	}
	return resource.Name("isolated-" + id.Isolated.Name + "-" + string(part))
}

// objectName is the metadata.name of one of the identity's managed
// resources: the XR's name, unique among XRs, then what the resource is.
func (id *Identity) objectName(xrName string, part resource.Name) string {
	return xrName + "-" + string(id.ResourceName(part))
}

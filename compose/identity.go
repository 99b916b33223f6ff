package compose

import (
	"github.com/crossplane/function-sdk-go/resource"
	"k8s.io/apimachinery/pkg/util/validation"

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

	// Where the identity's resources live, decided by the plan.
	roleName, associationName, serviceAccountName, runtimeConfigName Name
}

// Shared tells whether this is the XR's shared identity.
func (id *Identity) Shared() bool {
	return id.Isolated == nil
}

// prefix starts the composition resource names of the identity's
// resources: none for the shared identity, the provider's name for an
// isolated one.
func (id *Identity) prefix() string {
	if id.Shared() {
		return ""
	}
	return "isolated-" + id.Isolated.Name + "-"
}

// RoleName is where the identity's Role lives.
func (id *Identity) RoleName() Name { return id.roleName }

// AssociationName is where the identity's PodIdentityAssociation lives.
func (id *Identity) AssociationName() Name { return id.associationName }

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
		role.Name = spec.IsolatedRoleName(s.Role.Name, pr.Name)
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

// nameResources decides where each of the identity's own resources lives:
// where Crossplane already observes it, or else its name from content.
func (id *Identity) nameResources(p *Plan) {
	xr, s, pre := p.XR.Name, p.Spec(), id.prefix()
	id.roleName = p.reuse("Role", pre+KeyRole, roleIdentity(id.Role), managedName(xr, pre, KeyRole, spec.Hash(roleNameContent(id.Role))))
	association := associationIdentity(s.Region, s.ClusterName, id.ServiceAccount)
	id.associationName = p.reuse("PodIdentityAssociation", pre+KeyAssociation, association, managedName(xr, pre, KeyAssociation, spec.Hash(association)))
	sa := identityKey(id.ServiceAccount.Namespace, id.ServiceAccount.Name)
	id.serviceAccountName = p.reuse("ServiceAccount", pre+KeyServiceAccount, sa,
		Name{Key: resource.Name(pre + KeyServiceAccount + "-" + contentName(id.ServiceAccount.Name, sa)), Object: id.ServiceAccount.Name})
	id.runtimeConfigName = p.reuse("DeploymentRuntimeConfig", pre+KeyRuntimeConfig, id.RuntimeConfig,
		Name{Key: resource.Name(pre + KeyRuntimeConfig + "-" + contentName(id.RuntimeConfig, id.RuntimeConfig)), Object: id.RuntimeConfig})
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

package main

import (
	"github.com/crossplane/function-sdk-go/resource"
)

// An identity is one ServiceAccount bound to one IAM role by one Pod Identity
// association, with the DeploymentRuntimeConfig that makes provider pods run
// as that ServiceAccount. The guide builds one, shared by every provider
// (Option A); each isolated provider gets its own (Option B).
type identity struct {
	// isolated is the provider an isolated identity belongs to; nil for the
	// shared one.
	isolated *ProviderSpec

	serviceAccount ServiceAccount
	role           RoleSpec
	runtimeConfig  string
	// providers are the Provider packages that run as this identity.
	providers []ProviderSpec
}

// identities returns the shared identity, with the shared providers, and one
// identity per isolated provider. An isolated identity copies the shared
// role's settings (path, boundary, session duration, tags, trust scope) but
// has its own name and policies.
func identities(s Spec) []identity {
	shared := identity{serviceAccount: s.ServiceAccount, role: s.Role, runtimeConfig: s.RuntimeConfig.Name}
	out := []identity{shared}
	for i := range s.Providers {
		pr := &s.Providers[i]
		if !pr.Isolated {
			out[0].providers = append(out[0].providers, *pr)
			continue
		}
		role := s.Role
		role.Name = shorten(s.Role.Name+"-"+pr.Name, maxRoleNameLength)
		role.PolicyArns, role.InlinePolicies = pr.PolicyArns, pr.InlinePolicies
		out = append(out, identity{
			isolated:       pr,
			serviceAccount: ServiceAccount{Name: shorten(s.ServiceAccount.Name+"-"+pr.Name, maxKubernetesLabel), Namespace: s.ServiceAccount.Namespace},
			role:           role,
			runtimeConfig:  shorten(s.RuntimeConfig.Name+"-"+pr.Name, maxKubernetesLabel),
			providers:      []ProviderSpec{*pr},
		})
	}
	return out
}

// resourceName is the composition resource name of one of the identity's
// resources: the shared identity's are the guide's names, an isolated one's
// carry its provider's name.
func (id identity) resourceName(part resource.Name) resource.Name {
	if id.isolated == nil {
		return part
	}
	return resource.Name("isolated-" + id.isolated.Name + "-" + string(part))
}

// objectName is the metadata.name of one of the identity's managed
// resources: the XR's name, unique among XRs, then what the resource is.
func (id identity) objectName(xrName string, part resource.Name) string {
	return xrName + "-" + string(id.resourceName(part))
}

// identityOf returns the identity a provider runs as: its own if isolated,
// else the shared one, which identities always returns first.
func identityOf(ids []identity, pr ProviderSpec) identity {
	if pr.Isolated {
		for _, id := range ids[1:] {
			if id.isolated.Name == pr.Name {
				return id
			}
		}
	}
	return ids[0]
}

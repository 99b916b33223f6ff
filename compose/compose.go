package compose

// A Builder composes one kind of resource of the credential chain for one
// identity. Kinds that belong to the XR as a whole, the agent add-on and
// the ProviderConfigs, are composed with the shared identity.
type Builder func(p *Plan, id *Identity) []Resource

// steps are the guide's steps in its order, which is also the order in
// which FirstBlocker looks for what blocks the chain.
var steps = []Builder{
	Addon,                   // 1. the eks-pod-identity-agent add-on
	Role,                    // 2. the IAM role with the Pod Identity trust policy
	RolePolicyAttachments,   // 2.4 its managed policies
	RolePolicies,            // 2.4 its inline policies
	PodIdentityAssociation,  // 4. the association
	ServiceAccount,          // 3. the ServiceAccount, when providers share it
	DeploymentRuntimeConfig, // 3. the DeploymentRuntimeConfig
	Providers,               // 5. the Provider packages
	ProviderConfigs,         // 6. the ProviderConfigs
}

// Compose returns every resource of the credential chain: each step, in the
// guide's order, for each identity.
func Compose(p *Plan) []Resource {
	out := make([]Resource, 0, len(steps)*len(p.Identities))
	for _, build := range steps {
		for i := range p.Identities {
			out = append(out, build(p, &p.Identities[i])...)
		}
	}
	return out
}

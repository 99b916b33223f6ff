package main

import (
	"github.com/crossplane/function-sdk-go/resource"
)

// providerResource is the composition resource name of a Provider package.
func providerResource(pr ProviderSpec) resource.Name {
	return resource.Name("package-" + pr.Name)
}

// providerPackages composes the guide's step 5 for one identity: the
// Provider packages that run as its ServiceAccount. A Provider is composed
// only once the association it depends on is Ready, so that its pods start
// with credentials; once composed it is never withdrawn, even if the
// association later turns not Ready, since withdrawing would uninstall it.
func providerPackages(id identity, associationReady bool, obs observed) []composed {
	out := make([]composed, 0, len(id.providers))
	for _, pr := range id.providers {
		name := providerResource(pr)
		if !associationReady && obs[string(name)] == nil {
			continue
		}
		out = append(out, composed{
			name:      name,
			readiness: readyWhenHealthy,
			object: object("pkg.crossplane.io/v1", "Provider", fields{"name": stringValue(pr.Name)}, fields{
				"spec": objectValue(fields{
					"package": stringValue(pr.Package),
					"runtimeConfigRef": objectValue(fields{
						"apiVersion": stringValue("pkg.crossplane.io/v1beta1"),
						"kind":       stringValue("DeploymentRuntimeConfig"),
						"name":       stringValue(id.runtimeConfig),
					}),
				}),
			}),
		})
	}
	return out
}

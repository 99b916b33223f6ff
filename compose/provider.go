package compose

import (
	"google.golang.org/protobuf/types/known/structpb"
)

// Providers composes the guide's step 5 for one identity: the Provider
// packages that run as its ServiceAccount. A Provider is composed only once
// the association it depends on is Ready, so that its pods start with
// credentials; once composed it is never withdrawn, even if the association
// later turns not Ready, since withdrawing would uninstall it.
func Providers(p *Plan, id *Identity) []Resource {
	associationReady := isReady(ReadyWhenConditionTrue, p.Observed[id.ResourceName(ResourceAssociation)])
	out := make([]Resource, 0, len(id.Providers))
	for _, pr := range id.Providers {
		name := ProviderResource(pr)
		if !associationReady && p.Observed[name] == nil {
			continue
		}
		out = append(out, Resource{
			Name:      name,
			Readiness: ReadyWhenHealthy,
			Object: newObject("pkg.crossplane.io/v1", "Provider", fields{"name": structpb.NewStringValue(pr.Name)}, fields{
				"spec": objectValue(fields{
					"package": structpb.NewStringValue(pr.Package),
					"runtimeConfigRef": objectValue(fields{
						"apiVersion": structpb.NewStringValue("pkg.crossplane.io/v1beta1"),
						"kind":       structpb.NewStringValue("DeploymentRuntimeConfig"),
						"name":       structpb.NewStringValue(id.RuntimeConfig),
					}),
				}),
			}),
		})
	}
	return out
}

package compose

import (
	"google.golang.org/protobuf/types/known/structpb"
)

// ServiceAccount composes the ServiceAccount the identity's providers run as
// and its association matches, whatever the number of providers. Were it
// left to Crossplane's package manager, through a DeploymentRuntimeConfig's
// serviceAccountTemplate, the ProviderRevision of one provider would own it:
// a second XR-composed or package-made owner is refused by the API server,
// providers sharing it fight over it, and upgrading the first provider
// garbage-collects it with its old revision (crossplane/crossplane#4552,
// #5458, #7769).
//
// A ServiceAccount that such a revision of one of the identity's providers
// still owns, made by an earlier version of this function, is handed over
// by hand; the XR reports the command.
func ServiceAccount(_ *Plan, id *Identity) []Resource {
	handover := make([]string, 0, len(id.Providers))
	for _, pr := range id.Providers {
		handover = append(handover, pr.Name)
	}
	return []Resource{{
		Name:      id.serviceAccountName.Key,
		Readiness: ReadyWhenObserved,
		Object: newObject("v1", "ServiceAccount",
			fields{"name": structpb.NewStringValue(id.serviceAccountName.Object), "namespace": structpb.NewStringValue(id.ServiceAccount.Namespace)}, nil),
		guard: &guard{handover: handover},
	}}
}

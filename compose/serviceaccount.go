package compose

import (
	"google.golang.org/protobuf/types/known/structpb"
)

// ServiceAccount composes the ServiceAccount several providers share. One
// provider gets the guide's serviceAccountTemplate instead, which makes
// Crossplane's package manager create it.
func ServiceAccount(_ *Plan, id *Identity) []Resource {
	if !ownsServiceAccount(id) {
		return nil
	}
	return []Resource{{
		Name:      id.ResourceName(ResourceServiceAccount),
		Readiness: ReadyWhenObserved,
		Object: newObject("v1", "ServiceAccount",
			fields{"name": structpb.NewStringValue(id.ServiceAccount.Name), "namespace": structpb.NewStringValue(id.ServiceAccount.Namespace)}, nil),
	}}
}

// ownsServiceAccount tells whether the function composes the identity's
// ServiceAccount: when more than one provider runs as it.
func ownsServiceAccount(id *Identity) bool {
	return len(id.Providers) > 1
}

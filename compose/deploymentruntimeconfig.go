package compose

import (
	"google.golang.org/protobuf/types/known/structpb"
)

// AnnotationAssociationID is set on provider pods with the id of the
// association they get credentials from. Pods only receive Pod Identity
// credentials when they start: when the association appears or is replaced,
// the changed annotation makes Crossplane roll the provider's pods.
const AnnotationAssociationID = "podidentity.fn.crossplane.io/association-id"

// DeploymentRuntimeConfig composes the guide's step 3 for one identity: the
// DeploymentRuntimeConfig that makes provider pods run as the ServiceAccount
// the association matches. Without it the ServiceAccount is named after the
// package revision, with a random suffix no association can know.
//
// One provider gets the guide's serviceAccountTemplate. Several providers
// sharing one serviceAccountTemplate name fight over the ServiceAccount's
// ownership, so for them the function composes the ServiceAccount itself and
// names it in the Deployment template, which Crossplane then leaves alone.
func DeploymentRuntimeConfig(p *Plan, id *Identity) []Resource {
	associationID := p.Observed.atProvider(id.ResourceName(ResourceAssociation), "associationId")
	spec := fields{}
	podSpec := fields{
		// The schema requires a container; package-runtime is the provider's
		// own, which Crossplane merges into.
		"containers": listValue(objectValue(fields{"name": structpb.NewStringValue("package-runtime")})),
	}
	shared := ownsServiceAccount(id)
	if shared {
		podSpec["serviceAccountName"] = structpb.NewStringValue(id.ServiceAccount.Name)
	} else {
		spec["serviceAccountTemplate"] = objectValue(fields{"metadata": objectValue(fields{"name": structpb.NewStringValue(id.ServiceAccount.Name)})})
	}
	if shared || associationID != "" {
		template := fields{"spec": objectValue(podSpec)}
		if associationID != "" {
			template["metadata"] = objectValue(fields{"annotations": objectValue(fields{AnnotationAssociationID: structpb.NewStringValue(associationID)})})
		}
		// Crossplane sets the selector's labels itself; the schema requires
		// the field.
		spec["deploymentTemplate"] = objectValue(fields{"spec": objectValue(fields{"selector": objectValue(fields{}), "template": objectValue(template)})})
	}
	return []Resource{{
		Name:      id.ResourceName(ResourceRuntimeConfig),
		Readiness: ReadyWhenObserved,
		Object: newObject("pkg.crossplane.io/v1beta1", "DeploymentRuntimeConfig",
			fields{"name": structpb.NewStringValue(id.RuntimeConfig)}, fields{"spec": objectValue(spec)}),
	}}
}

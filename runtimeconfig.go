package main

// annotationAssociationID is set on provider pods with the id of the
// association they get credentials from. Pods only receive Pod Identity
// credentials when they start: when the association appears or is replaced,
// the changed annotation makes Crossplane roll the provider's pods.
const annotationAssociationID = "podidentity.fn.crossplane.io/association-id"

// runtimeConfig composes the guide's step 3 for one identity: the
// DeploymentRuntimeConfig that makes provider pods run as the ServiceAccount
// the association matches. Without it the ServiceAccount is named after the
// package revision, with a random suffix no association can know.
//
// One provider gets the guide's serviceAccountTemplate. Several providers
// sharing one serviceAccountTemplate name fight over the ServiceAccount's
// ownership, so for them the function composes the ServiceAccount itself and
// names it in the Deployment template, which Crossplane then leaves alone.
func runtimeConfig(id identity, associationID string) composed {
	spec := fields{}
	podSpec := fields{
		// The schema requires a container; package-runtime is the provider's
		// own, which Crossplane merges into.
		"containers": listValue(objectValue(fields{"name": stringValue("package-runtime")})),
	}
	shared := ownsServiceAccount(id)
	if shared {
		podSpec["serviceAccountName"] = stringValue(id.serviceAccount.Name)
	} else {
		spec["serviceAccountTemplate"] = objectValue(fields{"metadata": objectValue(fields{"name": stringValue(id.serviceAccount.Name)})})
	}
	if shared || associationID != "" {
		template := fields{"spec": objectValue(podSpec)}
		if associationID != "" {
			template["metadata"] = objectValue(fields{"annotations": objectValue(fields{annotationAssociationID: stringValue(associationID)})})
		}
		// Crossplane sets the selector's labels itself; the schema requires
		// the field.
		spec["deploymentTemplate"] = objectValue(fields{"spec": objectValue(fields{"selector": objectValue(fields{}), "template": objectValue(template)})})
	}
	return composed{
		name:      id.resourceName(resourceRuntimeConfig),
		readiness: readyWhenObserved,
		object: object("pkg.crossplane.io/v1beta1", "DeploymentRuntimeConfig",
			fields{"name": stringValue(id.runtimeConfig)}, fields{"spec": objectValue(spec)}),
	}
}

// ownsServiceAccount tells whether the function composes the identity's
// ServiceAccount: when more than one provider runs as it.
func ownsServiceAccount(id identity) bool {
	return len(id.providers) > 1
}

// serviceAccount composes the ServiceAccount several providers share.
func serviceAccount(id identity) composed {
	return composed{
		name:      id.resourceName(resourceServiceAccount),
		readiness: readyWhenObserved,
		object: object("v1", "ServiceAccount",
			fields{"name": stringValue(id.serviceAccount.Name), "namespace": stringValue(id.serviceAccount.Namespace)}, nil),
	}
}

package compose

import (
	"strconv"

	"google.golang.org/protobuf/types/known/structpb"

	"github.com/crossplane-contrib/function-pod-identity/spec"
)

// AnnotationAssociationDigest is set on provider pods with a digest of what
// their association gives them: its id, its role, its target role and
// whether it tags sessions. Pods get Pod Identity credentials only
// when they start, and the agent caches them for hours, so when the
// association appears, is replaced, or changes in place, the changed
// annotation makes Crossplane roll the provider's pods.
const AnnotationAssociationDigest = "podidentity.fn.crossplane.io/association-digest"

// DeploymentRuntimeConfig composes the guide's step 3 for one identity: the
// DeploymentRuntimeConfig that makes provider pods run as the ServiceAccount
// the association matches. It names the ServiceAccount in the Deployment
// template, which the package manager then uses as it is, creating and
// owning none: the XR composes the ServiceAccount itself.
func DeploymentRuntimeConfig(p *Plan, id *Identity) []Resource {
	podSpec := fields{
		// The schema requires a container; package-runtime is the provider's
		// own, which Crossplane merges into.
		"containers":         listValue(objectValue(fields{"name": structpb.NewStringValue("package-runtime")})),
		"serviceAccountName": structpb.NewStringValue(id.ServiceAccount.Name),
	}
	template := fields{"spec": objectValue(podSpec)}
	if a := p.observedAssociation(id); a.id != "" {
		digest := spec.Hash(identityKey(a.id, a.roleArn, a.targetRoleArn, strconv.FormatBool(a.disableSessionTags)))
		template["metadata"] = objectValue(fields{"annotations": objectValue(fields{AnnotationAssociationDigest: structpb.NewStringValue(digest)})})
	}
	// Crossplane sets the selector's labels itself; the schema requires the
	// field.
	deployment := fields{"spec": objectValue(fields{"selector": objectValue(fields{}), "template": objectValue(template)})}
	return []Resource{{
		Name:      id.runtimeConfigName.Key,
		Readiness: ReadyWhenObserved,
		Object: newObject("pkg.crossplane.io/v1beta1", "DeploymentRuntimeConfig",
			fields{"name": structpb.NewStringValue(id.runtimeConfigName.Object)}, fields{"spec": objectValue(fields{"deploymentTemplate": objectValue(deployment)})}),
		guard: &guard{},
	}}
}

package compose

import (
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/crossplane-contrib/function-pod-identity/input/v1beta1"
)

// AnnotationExternalName sets the name of the AWS resource behind a managed
// resource.
const AnnotationExternalName = "crossplane.io/external-name"

// group is the API group of a provider-aws service (iam, eks) in the chosen
// managed-resource API.
func group(api v1beta1.API, service string) string {
	if api == v1beta1.APICluster {
		return service + ".aws.upbound.io"
	}
	return service + ".aws.m.upbound.io"
}

// Management policies of every composed managed resource. None has
// LateInitialize: the provider would copy what it observes into
// spec.forProvider, and a field the function stops sending, a boundary or a
// tag the user removed, would come back from there instead of being
// removed in AWS (crossplane-runtime's managed reconciler late-initialises
// only with LateInitialize or *). Without Delete the AWS resource is kept
// when the managed resource goes: that is Orphan, and the agent add-on,
// which belongs to the cluster and not to one XR, is always orphaned.
var (
	deleteManagementPolicies = []string{"Observe", "Create", "Update", "Delete"}
	orphanManagementPolicies = []string{"Observe", "Create", "Update"}
)

// managedResource is what every composed managed resource shares: its API,
// where it lives, the bootstrap credentials and what happens on deletion.
// orphan keeps the AWS resource when the managed resource is deleted,
// whatever the Input says.
func managedResource(in *v1beta1.Input, service, kind string, name Name, externalName string, orphan bool, forProvider fields) *structpb.Struct {
	mr := in.ManagedResources
	meta := fields{"name": structpb.NewStringValue(name.Object)}
	if mr.API == v1beta1.APINamespaced {
		meta["namespace"] = structpb.NewStringValue(mr.Namespace)
	}
	if externalName != "" {
		meta["annotations"] = objectValue(fields{AnnotationExternalName: structpb.NewStringValue(externalName)})
	}

	spec := fields{"forProvider": objectValue(forProvider)}
	if ref := mr.ProviderConfigRef; ref != nil {
		if mr.API == v1beta1.APICluster {
			spec["providerConfigRef"] = objectValue(fields{"name": structpb.NewStringValue(ref.Name)})
		} else {
			spec["providerConfigRef"] = objectValue(fields{"kind": structpb.NewStringValue(ref.Kind), "name": structpb.NewStringValue(ref.Name)})
		}
	}
	orphan = orphan || mr.DeletionPolicy == v1beta1.DeletionOrphan
	if orphan {
		spec["managementPolicies"] = stringsValue(orphanManagementPolicies)
		if mr.API == v1beta1.APICluster {
			// The legacy API's own way, which the list overrides anyway;
			// kept so that the intent reads the same in both.
			spec["deletionPolicy"] = structpb.NewStringValue(string(v1beta1.DeletionOrphan))
		}
	} else {
		spec["managementPolicies"] = stringsValue(deleteManagementPolicies)
	}
	return newObject(group(mr.API, service)+"/v1beta1", kind, meta, fields{"spec": objectValue(spec)})
}

// reference points a managed resource at another one the XR composes. In the
// namespaced API a reference without a namespace means the referrer's own.
func reference(name string) *structpb.Value {
	return objectValue(fields{"name": structpb.NewStringValue(name)})
}

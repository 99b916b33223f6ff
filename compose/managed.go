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

// orphanManagementPolicies are all management policies but Delete: the
// namespaced API's way to keep the AWS resource when the managed resource
// goes.
var orphanManagementPolicies = []string{"Observe", "Create", "Update", "LateInitialize"}

// managedResource is what every composed managed resource shares: its API,
// where it lives, the bootstrap credentials and what happens on deletion.
func managedResource(in *v1beta1.Input, service, kind, name, externalName string, forProvider fields) *structpb.Struct {
	mr := in.ManagedResources
	meta := fields{"name": structpb.NewStringValue(name)}
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
	if mr.DeletionPolicy == v1beta1.DeletionOrphan {
		if mr.API == v1beta1.APICluster {
			spec["deletionPolicy"] = structpb.NewStringValue(string(v1beta1.DeletionOrphan))
		} else {
			spec["managementPolicies"] = stringsValue(orphanManagementPolicies)
		}
	}
	return newObject(group(mr.API, service)+"/v1beta1", kind, meta, fields{"spec": objectValue(spec)})
}

// reference points a managed resource at another one the XR composes. In the
// namespaced API a reference without a namespace means the referrer's own.
func reference(name string) *structpb.Value {
	return objectValue(fields{"name": structpb.NewStringValue(name)})
}

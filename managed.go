package main

import (
	"maps"
	"slices"

	"github.com/crossplane/function-sdk-go/resource"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/crossplane-contrib/function-pod-identity/input/v1beta1"
)

// annotationExternalName sets the name of the AWS resource behind a managed
// resource.
const annotationExternalName = "crossplane.io/external-name"

// How the function decides that a composed resource is ready.
type readiness int

const (
	// readyWhenConditionTrue: a managed resource is ready when its provider
	// says so with a Ready condition.
	readyWhenConditionTrue readiness = iota
	// readyWhenObserved: a DeploymentRuntimeConfig, ServiceAccount or
	// ProviderConfig has no Ready condition; it is ready once it exists.
	readyWhenObserved
	// readyWhenHealthy: a Provider package is ready when it is installed and
	// healthy.
	readyWhenHealthy
)

// A composed resource as the function desires it.
type composed struct {
	name      resource.Name
	object    *structpb.Struct
	readiness readiness
}

// describe names a composed resource in messages to the user.
func (c composed) describe() string {
	return stringAt(c.object, "kind") + " " + qualifiedName(stringAt(c.object, "metadata", "namespace"), stringAt(c.object, "metadata", "name"))
}

// object is a Kubernetes object of the given apiVersion and kind.
func object(apiVersion, kind string, metadata, rest fields) *structpb.Struct {
	f := make(fields, len(rest)+3)
	maps.Copy(f, rest)
	f["apiVersion"], f["kind"], f["metadata"] = stringValue(apiVersion), stringValue(kind), objectValue(metadata)
	return &structpb.Struct{Fields: f}
}

// group is the API group of a provider-aws service (iam, eks) in the chosen
// managed-resource API.
func (o Options) group(service string) string {
	if o.API == v1beta1.APICluster {
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
func (o Options) managedResource(service, kind, name, externalName string, forProvider fields) *structpb.Struct {
	meta := fields{"name": stringValue(name)}
	if o.API == v1beta1.APINamespaced {
		meta["namespace"] = stringValue(o.Namespace)
	}
	if externalName != "" {
		meta["annotations"] = objectValue(fields{annotationExternalName: stringValue(externalName)})
	}

	spec := fields{"forProvider": objectValue(forProvider)}
	if ref := o.ProviderConfigRef; ref != nil {
		if o.API == v1beta1.APICluster {
			spec["providerConfigRef"] = objectValue(fields{"name": stringValue(ref.Name)})
		} else {
			spec["providerConfigRef"] = objectValue(fields{"kind": stringValue(ref.Kind), "name": stringValue(ref.Name)})
		}
	}
	if o.DeletionPolicy == v1beta1.DeletionOrphan {
		if o.API == v1beta1.APICluster {
			spec["deletionPolicy"] = stringValue(string(v1beta1.DeletionOrphan))
		} else {
			spec["managementPolicies"] = stringsValue(orphanManagementPolicies)
		}
	}
	return object(o.group(service)+"/v1beta1", kind, meta, fields{"spec": objectValue(spec)})
}

// reference points a managed resource at another one the XR composes. In the
// namespaced API a reference without a namespace means the referrer's own.
func reference(name string) *structpb.Value {
	return objectValue(fields{"name": stringValue(name)})
}

// sortedKeys returns m's keys in order, for output that does not depend on
// map iteration.
func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}

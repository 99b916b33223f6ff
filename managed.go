package main

import (
	"maps"
	"slices"

	"github.com/crossplane/function-sdk-go/resource"

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
	object    map[string]any
	readiness readiness
}

// describe names a composed resource in messages to the user.
func (c composed) describe() string {
	meta, _ := c.object["metadata"].(map[string]any)
	ns, _ := meta["namespace"].(string)
	name, _ := meta["name"].(string)
	kind, _ := c.object["kind"].(string)
	return kind + " " + qualifiedName(ns, name)
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
var orphanManagementPolicies = []any{"Observe", "Create", "Update", "LateInitialize"}

// managedResource is what every composed managed resource shares: its API,
// where it lives, the bootstrap credentials and what happens on deletion.
func (o Options) managedResource(service, kind, name, externalName string, forProvider map[string]any) map[string]any {
	meta := map[string]any{"name": name}
	if o.API == v1beta1.APINamespaced {
		meta["namespace"] = o.Namespace
	}
	if externalName != "" {
		meta["annotations"] = map[string]any{annotationExternalName: externalName}
	}

	spec := map[string]any{"forProvider": forProvider}
	if ref := o.ProviderConfigRef; ref != nil {
		if o.API == v1beta1.APICluster {
			spec["providerConfigRef"] = map[string]any{"name": ref.Name}
		} else {
			spec["providerConfigRef"] = map[string]any{"kind": ref.Kind, "name": ref.Name}
		}
	}
	if o.DeletionPolicy == v1beta1.DeletionOrphan {
		if o.API == v1beta1.APICluster {
			spec["deletionPolicy"] = string(v1beta1.DeletionOrphan)
		} else {
			spec["managementPolicies"] = slices.Clone(orphanManagementPolicies)
		}
	}
	return map[string]any{
		"apiVersion": o.group(service) + "/v1beta1",
		"kind":       kind,
		"metadata":   meta,
		"spec":       spec,
	}
}

// reference points a managed resource at another one the XR composes. In the
// namespaced API a reference without a namespace means the referrer's own.
func reference(name string) map[string]any {
	return map[string]any{"name": name}
}

// tagsValue is an AWS tag map as an object field.
func tagsValue(tags map[string]string) map[string]any {
	out := make(map[string]any, len(tags))
	for k, v := range tags {
		out[k] = v
	}
	return out
}

// sortedKeys returns m's keys in order, for output that does not depend on
// map iteration.
func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}

package spec

import (
	"fmt"
	"maps"
	"slices"

	"google.golang.org/protobuf/types/known/structpb"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/crossplane-contrib/function-pod-identity/input/v1beta1"
)

// Load reads the observed XR and the function's Input, defaults both and
// validates them. It returns every problem once: a field whose type is
// wrong is reported by Read, not again by the checks of its value.
func Load(observedXR, input *structpb.Struct) (*XPodIdentity, *v1beta1.Input, field.ErrorList) {
	in, inputErrs := ReadInput(input)
	xr, specErrs := Read(observedXR)
	readErrs := slices.Concat(inputErrs, specErrs)

	SetInputDefaults(in)
	SetDefaults(xr, in)

	errs := readErrs
	wrongType := make(map[string]bool, len(readErrs))
	for _, e := range readErrs {
		wrongType[e.Field] = true
	}
	for _, e := range append(ValidateInput(in), Validate(xr, in)...) {
		if !under(e.Field, wrongType) {
			errs = append(errs, e)
		}
	}
	return xr, in, errs
}

// under tells whether path is one of paths or inside one of them. It looks
// at path's own prefixes, so that it costs the same however many paths
// there are.
func under(path string, paths map[string]bool) bool {
	if paths[path] {
		return true
	}
	for i := range len(path) {
		if (path[i] == '.' || path[i] == '[') && paths[path[:i]] {
			return true
		}
	}
	return false
}

// BootstrapWarning returns a warning when the managed resources would be
// created with credentials that the same XR composes: the chain would have
// to exist before it can create itself, and deleting the XR would pull the
// credentials from under its own managed resources.
func BootstrapWarning(xr *XPodIdentity, in *v1beta1.Input) error {
	mr := in.ManagedResources
	kind, name := DefaultProviderConfigRefKind(mr.API), DefaultProviderConfigName
	if mr.ProviderConfigRef != nil {
		kind, name = mr.ProviderConfigRef.Kind, mr.ProviderConfigRef.Name
	}
	// A namespaced ProviderConfig serves managed resources of its own
	// namespace only.
	namespace := ""
	if mr.API == v1beta1.APINamespaced && kind == KindProviderConfig {
		namespace = mr.Namespace
	}
	for _, pc := range xr.Spec.ProviderConfigs {
		if pc.Kind == kind && pc.Name == name && pc.Namespace == namespace {
			return fmt.Errorf("the IAM role and the association are managed with %s %q, which this XR composes with the Pod Identity credentials it is creating: "+
				"they cannot be created before the role exists, and deleting the XR removes the credentials its own managed resources need to be deleted; "+
				"set input.managedResources.providerConfigRef to separate bootstrap credentials", kind, QualifiedName(namespace, name))
		}
	}
	return nil
}

// QualifiedName is namespace/name, or name for a cluster-scoped object.
func QualifiedName(namespace, name string) string {
	if namespace == "" {
		return name
	}
	return namespace + "/" + name
}

// sortedKeys returns m's keys in order, for output that does not depend on
// map iteration.
func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}

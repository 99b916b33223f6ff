package compose

import (
	"maps"

	"github.com/crossplane/function-sdk-go/resource"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/crossplane-contrib/function-pod-identity/spec"
)

// A Resource is a composed resource as the function desires it.
type Resource struct {
	// Name is the composition resource name: the key under which
	// Crossplane tracks the resource.
	Name      resource.Name
	Object    *structpb.Struct
	Readiness Readiness
	// Ready is whether the resource is ready by its Readiness in what was
	// observed; Compose sets it.
	Ready bool

	// guard is set on resources whose object someone else may have made.
	guard *guard
}

// Describe names a composed resource in messages to the user: its kind and
// where it lives.
func Describe(r Resource) string { return r.describe() }

// describe names a composed resource in messages to the user.
func (r Resource) describe() string {
	return stringAt(r.Object, "kind") + " " + spec.QualifiedName(stringAt(r.Object, "metadata", "namespace"), stringAt(r.Object, "metadata", "name"))
}

// fields are the fields of an object under construction.
type fields = map[string]*structpb.Value

// objectValue is an object of the given fields.
func objectValue(f fields) *structpb.Value {
	return structpb.NewStructValue(&structpb.Struct{Fields: f})
}

// listValue is a list of the given items.
func listValue(items ...*structpb.Value) *structpb.Value {
	return structpb.NewListValue(&structpb.ListValue{Values: items})
}

// stringsValue is a list of strings.
func stringsValue(ss []string) *structpb.Value {
	items := make([]*structpb.Value, len(ss))
	for i, s := range ss {
		items[i] = structpb.NewStringValue(s)
	}
	return listValue(items...)
}

// stringMapValue is an object of strings, such as AWS tags.
func stringMapValue(m map[string]string) *structpb.Value {
	f := make(fields, len(m))
	for k, v := range m {
		f[k] = structpb.NewStringValue(v)
	}
	return objectValue(f)
}

// newObject is a Kubernetes object of the given apiVersion and kind.
func newObject(apiVersion, kind string, metadata, rest fields) *structpb.Struct {
	f := make(fields, len(rest)+3)
	maps.Copy(f, rest)
	f["apiVersion"], f["kind"], f["metadata"] = structpb.NewStringValue(apiVersion), structpb.NewStringValue(kind), objectValue(metadata)
	return &structpb.Struct{Fields: f}
}

package spec

import (
	"google.golang.org/protobuf/types/known/structpb"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/crossplane-contrib/function-pod-identity/input/v1beta1"
)

// Read decodes the observed XR: its name and namespace, and its spec. Fields
// the function does not know are errors inside its own objects, but allowed
// at the top of spec, where Crossplane and other pipeline steps keep theirs.
func Read(xr *structpb.Struct) (*XPodIdentity, field.ErrorList) {
	out := &XPodIdentity{}
	meta := xr.GetFields()["metadata"].GetStructValue().GetFields()
	out.Name = meta["name"].GetStringValue()
	out.Namespace = meta["namespace"].GetStringValue()

	p := field.NewPath("spec")
	spec := xr.GetFields()["spec"]
	if absent(spec) {
		return out, nil
	}
	s, ok := spec.GetKind().(*structpb.Value_StructValue)
	if !ok {
		return out, field.ErrorList{field.TypeInvalid(p, shown(spec), "must be an object")}
	}
	return out, decodeFields(s.StructValue.GetFields(), &out.Spec, p)
}

// ReadInput decodes the function's Input, which is nil when the Composition
// gives none: no Input is an Input of defaults.
func ReadInput(in *structpb.Struct) (*v1beta1.Input, field.ErrorList) {
	out := &v1beta1.Input{}
	if in == nil {
		out.APIVersion, out.Kind = InputAPIVersion, InputKind
		return out, nil
	}
	return out, decode(structpb.NewStructValue(in), out, field.NewPath("input"))
}

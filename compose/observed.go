package compose

import (
	"github.com/crossplane/function-sdk-go/resource"
	"google.golang.org/protobuf/types/known/structpb"
)

// Observed is what Crossplane saw of the composed resources, by composition
// resource name.
type Observed map[resource.Name]*structpb.Struct

// lookup returns the value at path in s, or nil.
func lookup(s *structpb.Struct, path ...string) *structpb.Value {
	var v *structpb.Value
	for _, p := range path {
		v = s.GetFields()[p]
		s = v.GetStructValue()
	}
	return v
}

// stringAt returns the string at path in s, or "".
func stringAt(s *structpb.Struct, path ...string) string {
	return lookup(s, path...).GetStringValue()
}

// atProvider returns a string the provider reported in status.atProvider of
// an observed resource, or "".
func (o Observed) atProvider(name resource.Name, key string) string {
	return stringAt(o[name], "status", "atProvider", key)
}

// A condition as a provider reports it in status.conditions.
type condition struct {
	status, reason, message string
}

// conditionOf returns the condition of type typ of an observed resource.
func conditionOf(s *structpb.Struct, typ string) (condition, bool) {
	for _, c := range lookup(s, "status", "conditions").GetListValue().GetValues() {
		f := c.GetStructValue()
		if stringAt(f, "type") == typ {
			return condition{status: stringAt(f, "status"), reason: stringAt(f, "reason"), message: stringAt(f, "message")}, true
		}
	}
	return condition{}, false
}

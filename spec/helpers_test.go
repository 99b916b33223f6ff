package spec

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/types/known/structpb"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"sigs.k8s.io/yaml"
)

// fromYAML turns a YAML object into a Struct; test data reads better as YAML.
func fromYAML(t *testing.T, y string) *structpb.Struct {
	t.Helper()
	j, err := yaml.YAMLToJSON([]byte(y))
	if err != nil {
		t.Fatalf("bad test YAML: %v\n%s", err, y)
	}
	s := &structpb.Struct{}
	if err := s.UnmarshalJSON(j); err != nil {
		t.Fatalf("bad test YAML: %v\n%s", err, y)
	}
	return s
}

// messages are the errors as a user reads them; nil for none.
func messages(errs field.ErrorList) []string {
	if len(errs) == 0 {
		return nil
	}
	out := make([]string, 0, len(errs))
	for _, e := range errs {
		out = append(out, e.Error())
	}
	return out
}

// kinds are the errors as "path: type", for cases about which fields fail;
// nil for none.
func kinds(errs field.ErrorList) []string {
	if len(errs) == 0 {
		return nil
	}
	out := make([]string, 0, len(errs))
	for _, e := range errs {
		out = append(out, e.Field+": "+e.Type.String())
	}
	return out
}

// compareSpecs compares specs, provenance of defaults included.
var compareSpecs = cmp.AllowUnexported(Role{}, Provider{})

func ptr[T any](v T) *T { return &v }

package e2e

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	rbacv1 "k8s.io/api/rbac/v1"
	extv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	"sigs.k8s.io/yaml"
)

// TestDelegatedRBAC checks example/delegated/rbac.yaml, which the CLI cannot
// validate (RBAC kinds have no CRD): every document is a valid RBAC object,
// and the team's ClusterRole grants creating the XRs of the delegated XRD,
// whose group and plural it must name exactly, and nothing else.
func TestDelegatedRBAC(t *testing.T) {
	dir := filepath.Join(root, "example", "delegated")
	b, err := os.ReadFile(filepath.Join(dir, "definition.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var xrd struct {
		Spec struct {
			Group string                              `json:"group"`
			Names extv1.CustomResourceDefinitionNames `json:"names"`
		} `json:"spec"`
	}
	if err := yaml.Unmarshal(b, &xrd); err != nil {
		t.Fatal(err)
	}
	b, err = os.ReadFile(filepath.Join(dir, "rbac.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var creates []string
	for _, doc := range strings.Split(string(b), "\n---\n") {
		var meta struct {
			Kind string `json:"kind"`
		}
		if err := yaml.Unmarshal([]byte(doc), &meta); err != nil {
			t.Fatal(err)
		}
		var rules []rbacv1.PolicyRule
		switch meta.Kind {
		case "ClusterRole", "Role":
			r := &rbacv1.ClusterRole{}
			if err := yaml.UnmarshalStrict([]byte(doc), r); err != nil {
				t.Fatalf("%s: %v", meta.Kind, err)
			}
			rules = r.Rules
		case "ClusterRoleBinding", "RoleBinding":
			if err := yaml.UnmarshalStrict([]byte(doc), &rbacv1.ClusterRoleBinding{}); err != nil {
				t.Fatalf("%s: %v", meta.Kind, err)
			}
		default:
			t.Fatalf("unexpected kind %q in rbac.yaml", meta.Kind)
		}
		for _, r := range rules {
			if slices.Contains(r.Verbs, "create") || slices.Contains(r.Verbs, "*") {
				for _, g := range r.APIGroups {
					for _, res := range r.Resources {
						creates = append(creates, g+"/"+res)
					}
				}
			}
		}
	}
	if want := []string{xrd.Spec.Group + "/" + xrd.Spec.Names.Plural}; !slices.Equal(creates, want) {
		t.Errorf("rbac.yaml lets the team create %v, want exactly %v", creates, want)
	}
}

// TestDelegatedStatusSchema keeps the status schema of the delegated XRD the
// same as the generated XRD's: the function writes the same status whatever
// the XR's kind, and a field the schema lacks would be pruned.
func TestDelegatedStatusSchema(t *testing.T) {
	status := func(path string) any {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var xrd struct {
			Spec struct {
				Versions []struct {
					Schema struct {
						OpenAPIV3Schema struct {
							Properties map[string]any `json:"properties"`
						} `json:"openAPIV3Schema"`
					} `json:"schema"`
				} `json:"versions"`
			} `json:"spec"`
		}
		if err := yaml.Unmarshal(b, &xrd); err != nil || len(xrd.Spec.Versions) != 1 {
			t.Fatalf("%s: %v", path, err)
		}
		return xrd.Spec.Versions[0].Schema.OpenAPIV3Schema.Properties["status"]
	}
	want := status(filepath.Join(root, "example", "definition.yaml"))
	if diff := cmp.Diff(want, status(filepath.Join(root, "example", "delegated", "definition.yaml"))); diff != "" {
		t.Errorf("example/delegated/definition.yaml's status schema is not example/definition.yaml's: -want, +got:\n%s", diff)
	}
}

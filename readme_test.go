package main

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"sigs.k8s.io/yaml"
)

// A schema is the part of an OpenAPI schema that names fields.
type schema struct {
	Type                 string            `json:"type"`
	Properties           map[string]schema `json:"properties"`
	Items                *schema           `json:"items"`
	AdditionalProperties *schema           `json:"additionalProperties"`
}

// leaves are the paths of every field of s that holds a value rather than
// other fields: strings, numbers, booleans, maps, and lists of those; a list
// item is [].
func (s schema) leaves(path string) []string {
	switch {
	case s.Type == "array" && s.Items != nil:
		return s.Items.leaves(path + "[]")
	case s.Type == "object" && len(s.Properties) > 0:
		var out []string
		for name, p := range s.Properties {
			child := name
			if path != "" {
				child = path + "." + name
			}
			out = append(out, p.leaves(child)...)
		}
		return out
	}
	return []string{path}
}

// readmeTable returns the field paths in the first column of the README table
// whose header's first cell is heading.
func readmeTable(t *testing.T, heading string) []string {
	t.Helper()
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	row := regexp.MustCompile("^\\| `([^`]+)` \\|")
	var out []string
	in := false
	for _, line := range strings.Split(string(b), "\n") {
		switch {
		case strings.HasPrefix(line, "| "+heading+" |"):
			in = true
		case in && !strings.HasPrefix(line, "|"):
			in = false
		case in:
			if m := row.FindStringSubmatch(line); m != nil {
				out = append(out, m[1])
			}
		}
	}
	if len(out) == 0 {
		t.Fatalf("README.md has no table headed %q", heading)
	}
	return out
}

// TestREADMEDocumentsEveryField keeps the README's field tables and the APIs
// in step: the XR's fields come from the XRD, which is generated from the
// types the function reads with, and the Input's from its CRD. Every field is
// in the README, and the README names no field that does not exist.
func TestREADMEDocumentsEveryField(t *testing.T) {
	var xrd struct {
		Spec struct {
			Versions []struct {
				Schema struct {
					OpenAPIV3Schema schema `json:"openAPIV3Schema"`
				} `json:"schema"`
			} `json:"versions"`
		} `json:"spec"`
	}
	readYAML(t, "example/definition.yaml", &xrd)
	var crd struct {
		Spec struct {
			Versions []struct {
				Schema struct {
					OpenAPIV3Schema schema `json:"openAPIV3Schema"`
				} `json:"schema"`
			} `json:"versions"`
		} `json:"spec"`
	}
	b, err := os.ReadFile("package/input/podidentity.fn.crossplane.io_inputs.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(b, &crd); err != nil {
		t.Fatal(err)
	}
	input := crd.Spec.Versions[0].Schema.OpenAPIV3Schema
	for _, meta := range []string{"apiVersion", "kind", "metadata"} {
		delete(input.Properties, meta)
	}
	for name, tc := range map[string]struct {
		heading string
		api     []string
	}{
		"XR":    {heading: "field", api: xrd.Spec.Versions[0].Schema.OpenAPIV3Schema.Properties["spec"].leaves("spec")},
		"Input": {heading: "Input field", api: input.leaves("")},
	} {
		t.Run(name, func(t *testing.T) {
			documented := readmeTable(t, tc.heading)
			var missing, unknown []string
			for _, p := range tc.api {
				if !slices.Contains(documented, p) {
					missing = append(missing, p)
				}
			}
			for _, p := range documented {
				if !slices.ContainsFunc(tc.api, func(leaf string) bool {
					return leaf == p || strings.HasPrefix(leaf, p+".") || strings.HasPrefix(leaf, p+"[]")
				}) {
					unknown = append(unknown, p)
				}
			}
			slices.Sort(missing)
			if diff := cmp.Diff([]string(nil), missing); diff != "" {
				t.Errorf("fields the README does not document: %v", missing)
			}
			if len(unknown) > 0 {
				t.Errorf("the README documents fields that do not exist: %v", unknown)
			}
		})
	}
}

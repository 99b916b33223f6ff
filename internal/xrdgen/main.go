// Command xrdgen writes the XRD of XPodIdentity from the Go types in spec/,
// so that the XRD and the function read the same fields: controller-gen
// makes a CRD of the types, and its spec and status schemas become the
// XRD's. Run it with go generate ./... from the repository.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"sigs.k8s.io/yaml"
)

// Output is the XRD's path in the repository.
const Output = "example/definition.yaml"

// header explains the file to whoever opens it.
const header = `# The XRD a platform team publishes so that application teams can ask for
# Pod Identity credentials without touching IAM. function-pod-identity reads
# only spec; the group, kind and version are the platform team's to choose.
# The scope is Cluster: the XR composes the cluster-scoped
# DeploymentRuntimeConfig and ClusterProviderConfigs, which a namespaced XR
# cannot.
#
# Generated from spec/types.go by go generate ./...; do not edit.
`

func main() {
	root := flag.String("root", ".", "the repository's root")
	flag.Parse()
	b, err := Generate(*root)
	if err == nil {
		err = os.WriteFile(filepath.Join(*root, Output), b, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "xrdgen:", err)
		os.Exit(1)
	}
}

// Generate returns the XRD made from the types in root/spec.
func Generate(root string) ([]byte, error) {
	dir, err := os.MkdirTemp("", "xrdgen-")
	if err != nil {
		return nil, err
	}
	defer func() { _ = os.RemoveAll(dir) }()
	cmd := exec.Command("go", "tool", "controller-gen", "paths=./spec", "crd:crdVersions=v1", "output:crd:artifacts:config="+dir)
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("controller-gen: %w: %s", err, out)
	}
	b, err := os.ReadFile(filepath.Join(dir, "platform.example.org_xpodidentities.yaml")) //nolint:gosec // controller-gen's output
	if err != nil {
		return nil, err
	}
	var crd struct {
		Spec struct {
			Versions []struct {
				Schema struct {
					OpenAPIV3Schema struct {
						Description string         `json:"description"`
						Properties  map[string]any `json:"properties"`
					} `json:"openAPIV3Schema"`
				} `json:"schema"`
			} `json:"versions"`
		} `json:"spec"`
	}
	if err := yaml.Unmarshal(b, &crd); err != nil {
		return nil, err
	}
	if len(crd.Spec.Versions) != 1 {
		return nil, errors.New("controller-gen made no single version of XPodIdentity")
	}
	schema := crd.Spec.Versions[0].Schema.OpenAPIV3Schema
	xrd := map[string]any{
		"apiVersion": "apiextensions.crossplane.io/v2",
		"kind":       "CompositeResourceDefinition",
		"metadata":   map[string]any{"name": "xpodidentities.platform.example.org"},
		"spec": map[string]any{
			"group": "platform.example.org",
			// Two Compositions serve XPodIdentity (the namespaced and the
			// legacy managed-resource API): without a default Crossplane
			// picks either for a new XR.
			"defaultCompositionRef": map[string]any{"name": "xpodidentities.platform.example.org"},
			"names":                 map[string]any{"kind": "XPodIdentity", "plural": "xpodidentities"},
			"scope":                 "Cluster",
			"versions": []any{map[string]any{
				"name": "v1alpha1", "served": true, "referenceable": true,
				"schema": map[string]any{"openAPIV3Schema": map[string]any{
					"description": schema.Description,
					"type":        "object",
					// Crossplane adds apiVersion, kind, metadata and its own
					// fields; the XR's API is its spec and status.
					"properties": map[string]any{"spec": schema.Properties["spec"], "status": schema.Properties["status"]},
				}},
			}},
		},
	}
	out, err := yaml.Marshal(xrd)
	if err != nil {
		return nil, err
	}
	return append([]byte(header), bytes.TrimSpace(out)...), nil
}

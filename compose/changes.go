package compose

import (
	"fmt"
	"strings"

	"github.com/crossplane-contrib/function-pod-identity/input/v1beta1"
	"github.com/crossplane-contrib/function-pod-identity/spec"
)

// unsupportedChanges refuses the changes to a live XR that neither
// Crossplane nor IAM can carry out, so that the XR keeps what it has
// instead of ending with two managed resources for one AWS object.
func (p *Plan) unsupportedChanges() []string {
	var out []string
	if moved := p.managedResourcesMoved(); moved != "" {
		out = append(out, moved)
	}
	for i := range p.Identities {
		if changed := p.rolePathOrCaseChanged(&p.Identities[i]); changed != "" {
			out = append(out, changed)
		}
	}
	return out
}

// managedAPI is the managed-resource API of an API group of provider-aws's
// managed resources, or false for any other group (a ProviderConfig's
// included: its group has no service).
func managedAPI(group string) (v1beta1.API, bool) {
	switch {
	case strings.HasSuffix(group, ".aws.m.upbound.io"):
		return v1beta1.APINamespaced, true
	case strings.HasSuffix(group, ".aws.upbound.io"):
		return v1beta1.APICluster, true
	}
	return "", false
}

// managedResourcesMoved refuses a change of input.managedResources' API or
// namespace while the XR has managed resources. Crossplane keeps a composed
// resource in the namespace it was created in and never changes its kind
// (internal/controller/apiextensions/composite/composition_functions.go),
// so the XR would keep the old managed resources beside new ones for the
// same AWS objects, each reference resolving in its own namespace.
func (p *Plan) managedResourcesMoved() string {
	mr := p.Input.ManagedResources
	count, first := 0, ""
	for _, key := range sortedKeys(p.Observed) {
		o := p.composedByXR(key)
		api, ok := managedAPI(groupOf(stringAt(o, "apiVersion")))
		if !ok {
			continue
		}
		// A namespaced object Crossplane observed has its namespace; one
		// without is taken as where it should be.
		ns := stringAt(o, "metadata", "namespace")
		if api == mr.API && (api == v1beta1.APICluster || ns == "" || ns == mr.Namespace) {
			continue
		}
		count++
		if first == "" {
			first = fmt.Sprintf("%s %s of the %s API", spec.Clip(stringAt(o, "kind")), spec.Clip(spec.QualifiedName(ns, stringAt(o, "metadata", "name"))), api)
		}
	}
	if count == 0 {
		return ""
	}
	want := fmt.Sprintf("the %s API", mr.API)
	if mr.API == v1beta1.APINamespaced {
		want += " in namespace " + mr.Namespace
	}
	found := fmt.Sprintf("%d managed resources of this XR, such as %s, were", count, first)
	if count == 1 {
		found = fmt.Sprintf("a managed resource of this XR, %s, was", first)
	}
	return fmt.Sprintf("input.managedResources asks for %s, but %s composed otherwise: "+
		"Crossplane does not move a composed resource, and two managed resources would manage each AWS object; set input.managedResources back", want, found)
}

// rolePathOrCaseChanged refuses a change of a role's path, or of the case
// of its name, alone. IAM cannot change either in place (a role's path is
// fixed at creation, and provider-aws refuses to update it), and a role of
// the same name is the same role whatever its path and case: a new Role
// beside the old would manage the same role, and deleting the old one would
// delete it.
func (p *Plan) rolePathOrCaseChanged(id *Identity) string {
	o := p.composedAs(id.roleName.Key, group(p.Input.ManagedResources.API, "iam"), "Role")
	name := stringAt(o, "metadata", "annotations", AnnotationExternalName)
	if name == "" {
		return ""
	}
	path := stringAt(o, "spec", "forProvider", "path")
	if path == "" {
		path = "/"
	}
	want := id.Role.Path
	if want == "" {
		want = "/"
	}
	if name == id.Role.Name && path == want {
		return ""
	}
	return fmt.Sprintf("spec.role.path or the case of the role's name would change role %s%s to %s%s: IAM can change neither in place, "+
		"and a role of the same name is the same role whatever its path and case; keep %s%s, or choose another name, which composes a new role",
		spec.Clip(path), spec.Clip(name), want, id.Role.Name, spec.Clip(path), spec.Clip(name))
}

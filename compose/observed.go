package compose

import (
	"slices"
	"strings"

	"github.com/crossplane/function-sdk-go/resource"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/crossplane-contrib/function-pod-identity/input/v1beta1"
	"github.com/crossplane-contrib/function-pod-identity/spec"
)

// Observed is what Crossplane saw of the composed resources, by composition
// resource name. Everything in it is input: a value from it is used only
// from an object of the expected kind and shape.
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

// controllerUID is the uid of an object's controller, or "".
func controllerUID(s *structpb.Struct) string {
	for _, ref := range lookup(s, "metadata", "ownerReferences").GetListValue().GetValues() {
		if r := ref.GetStructValue(); lookup(r, "controller").GetBoolValue() {
			return stringAt(r, "uid")
		}
	}
	return ""
}

// is tells whether an observed object has the given kind and its apiVersion
// is in the given group.
func is(s *structpb.Struct, group, kind string) bool {
	return stringAt(s, "kind") == kind && groupOf(stringAt(s, "apiVersion")) == group
}

// observedIdentity says what object an observed composed resource stands
// for, in the terms its builder uses, or "" for a resource no builder
// names by identity.
func observedIdentity(s *structpb.Struct) string {
	fp := func(f string) string { return stringAt(s, "spec", "forProvider", f) }
	name := func() string { return stringAt(s, "metadata", "name") }
	external := func() string { return stringAt(s, "metadata", "annotations", AnnotationExternalName) }
	kind := stringAt(s, "kind")
	if g, ok := identityGroups[kind]; ok && !slices.Contains(g, groupOf(stringAt(s, "apiVersion"))) {
		return "" // another API's kind of that name, such as RBAC's Role
	}
	switch kind {
	case "Role":
		return roleIdentity(spec.Role{Path: fp("path"), Name: external()})
	case "RolePolicyAttachment":
		if ref := stringAt(s, "spec", "forProvider", "policyArnRef", "name"); ref != "" {
			return identityKey(stringAt(s, "spec", "forProvider", "roleRef", "name"), "ref:"+ref)
		}
		return identityKey(stringAt(s, "spec", "forProvider", "roleRef", "name"), fp("policyArn"))
	case "Policy":
		return identityKey(fp("path"), external())
	case "RolePolicy":
		return identityKey(stringAt(s, "spec", "forProvider", "roleRef", "name"), external())
	case "PodIdentityAssociation":
		return associationIdentity(fp("region"), fp("clusterName"), spec.ServiceAccount{Namespace: fp("namespace"), Name: fp("serviceAccount")})
	case "Addon":
		return addonIdentity(fp("region"), fp("clusterName"))
	case "ServiceAccount":
		return identityKey(stringAt(s, "metadata", "namespace"), name())
	case "DeploymentRuntimeConfig":
		return name()
	case "ProviderConfig", "ClusterProviderConfig":
		return identityKey(stringAt(s, "apiVersion"), stringAt(s, "kind"), stringAt(s, "metadata", "namespace"), name())
	}
	return ""
}

// identityGroups are the API groups of the kinds observedIdentity knows
// by kind alone: those of either managed-resource API, of Crossplane's
// package manager and of Kubernetes' core. A ProviderConfig's identity has
// its apiVersion already.
var identityGroups = map[string][]string{
	"Role":                    {group(v1beta1.APINamespaced, "iam"), group(v1beta1.APICluster, "iam")},
	"RolePolicyAttachment":    {group(v1beta1.APINamespaced, "iam"), group(v1beta1.APICluster, "iam")},
	"Policy":                  {group(v1beta1.APINamespaced, "iam"), group(v1beta1.APICluster, "iam")},
	"RolePolicy":              {group(v1beta1.APINamespaced, "iam"), group(v1beta1.APICluster, "iam")},
	"PodIdentityAssociation":  {group(v1beta1.APINamespaced, "eks"), group(v1beta1.APICluster, "eks")},
	"Addon":                   {group(v1beta1.APINamespaced, "eks"), group(v1beta1.APICluster, "eks")},
	"ServiceAccount":          {""},
	"DeploymentRuntimeConfig": {"pkg.crossplane.io"},
}

// A reusable names, by kind and identity, the observed resources that a
// desired resource of the same identity takes over.
type reusable map[string]Name

// reusableFrom indexes the observed resources the XR controls by what they
// stand for. Only a resource whose composition resource name and
// metadata.name are valid object names can lend its names: both are input,
// and the function makes no other.
func reusableFrom(o Observed, xrUID string) reusable {
	out := reusable{}
	keys := make([]resource.Name, 0, len(o))
	for k := range o {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		s := o[k]
		if xrUID != "" && controllerUID(s) != xrUID {
			continue
		}
		id := observedIdentity(s)
		name := stringAt(s, "metadata", "name")
		if id == "" || !validObjectName(name) || !validObjectName(string(k)) {
			continue
		}
		index := identityKey(stringAt(s, "kind"), id)
		if _, taken := out[index]; !taken {
			out[index] = Name{Key: k, Object: name}
		}
	}
	return out
}

// reuse returns the names of the observed resource of the given kind and
// identity whose composition resource name starts with keyPrefix, so that
// it is kept as it is; or def when there is none.
func (p *Plan) reuse(kind, keyPrefix, identity string, def Name) Name {
	if n, ok := p.reusable[identityKey(kind, identity)]; ok && strings.HasPrefix(string(n.Key), keyPrefix) {
		return n
	}
	return def
}

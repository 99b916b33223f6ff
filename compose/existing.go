package compose

import (
	"fmt"
	"strings"

	"google.golang.org/protobuf/types/known/structpb"

	"github.com/crossplane-contrib/function-pod-identity/spec"
)

// AnnotationAdopt hands an existing object over to an XR: an object that no
// controller owns and that carries this annotation with the XR's name is
// taken over by the XR that composes it. Without it the XR never takes
// over an object it did not create.
const AnnotationAdopt = "podidentity.fn.crossplane.io/adopt"

// Existing is what Crossplane found of the objects the function asked about,
// by requirement name. A name that is absent was not asked about yet; a name
// with no objects was asked about and nothing was found.
type Existing map[string][]*structpb.Struct

// A Requirement asks Crossplane for existing objects of one kind: the one
// of a name, or, without a name, all of them. An empty namespace means a
// cluster-scoped object, or, without a name, every namespace.
type Requirement struct {
	APIVersion string
	Kind       string
	Namespace  string
	Name       string
}

// guard marks a composed resource that stands for an object someone else may
// already have made: a ServiceAccount, a DeploymentRuntimeConfig, a Provider
// or a ProviderConfig. Crossplane would take over such an object if no
// controller owns it, and fail to apply it if another does.
type guard struct {
	// handover names the Providers whose package manager may own the
	// object from an earlier version of this function, which hands it over.
	handover []string
}

// requirementName is the name under which the function asks about the
// object a composed resource stands for.
func requirementName(r Resource) string {
	return "existing/" + string(r.Name)
}

// requirementOf asks for the object a composed resource stands for.
func requirementOf(r Resource) Requirement {
	return Requirement{
		APIVersion: stringAt(r.Object, "apiVersion"),
		Kind:       stringAt(r.Object, "kind"),
		Namespace:  stringAt(r.Object, "metadata", "namespace"),
		Name:       stringAt(r.Object, "metadata", "name"),
	}
}

// ownership is what the XR may do with the object a guarded resource stands
// for.
type ownership int

const (
	// unknown: Crossplane has not been asked yet.
	unknown ownership = iota
	// free: there is none, the XR controls it, or it was handed over.
	free
	// handingOver: Crossplane's package manager owns it from an earlier
	// version of this function; it is released by hand.
	handingOver
	// taken: someone else made it.
	taken
)

// ownershipOf decides what the XR may do with the object r stands for, and
// says why when it may not.
func (p *Plan) ownershipOf(r Resource) (ownership, string) {
	if p.composed(r) != nil {
		return free, ""
	}
	found, asked := p.Existing[requirementName(r)]
	if !asked {
		return unknown, ""
	}
	want := requirementOf(r)
	for _, o := range found {
		if stringAt(o, "metadata", "name") != want.Name || stringAt(o, "metadata", "namespace") != want.Namespace || !is(o, groupOf(want.APIVersion), want.Kind) {
			continue // not what was asked for
		}
		uid, controller := controllerUID(o), controllerOf(o)
		switch {
		case p.xrUID != "" && uid == p.xrUID:
			return free, ""
		case controller == "" && stringAt(o, "metadata", "annotations", AnnotationAdopt) == p.XR.Name:
			return free, ""
		case r.guard != nil && isHandedOverBy(controller, r.guard.handover):
			return handingOver, fmt.Sprintf("%s is still controlled by %s, which Crossplane's package manager made it for from the serviceAccountTemplate of an earlier version of this function; "+
				"release it to this XR with: kubectl patch serviceaccount -n %s %s --type=merge -p '{\"metadata\":{\"ownerReferences\":null,\"annotations\":{%q:%q}}}'",
				r.describe(), controller, want.Namespace, want.Name, AnnotationAdopt, p.XR.Name)
		case controller != "":
			return taken, fmt.Sprintf("%s already exists and is controlled by %s: this XR does not take over what it did not create; choose another name", r.describe(), controller)
		default:
			return taken, fmt.Sprintf("%s already exists and was not created by this XR: it is not taken over; delete it, choose another name, or annotate it %s=%s to hand it over",
				r.describe(), AnnotationAdopt, p.XR.Name)
		}
	}
	return free, ""
}

// controllerOf names an object's controller as "Kind name", or "".
func controllerOf(s *structpb.Struct) string {
	for _, ref := range lookup(s, "metadata", "ownerReferences").GetListValue().GetValues() {
		if r := ref.GetStructValue(); lookup(r, "controller").GetBoolValue() {
			return spec.Clip(stringAt(r, "kind")) + " " + spec.Clip(stringAt(r, "name"))
		}
	}
	return ""
}

// isHandedOverBy tells whether controller is a ProviderRevision of one of
// the providers: Crossplane names a revision after its Provider and a hash.
func isHandedOverBy(controller string, providers []string) bool {
	name, ok := strings.CutPrefix(controller, "ProviderRevision ")
	if !ok {
		return false
	}
	for _, pr := range providers {
		if strings.HasPrefix(name, pr+"-") {
			return true
		}
	}
	return false
}

// groupOf is the API group of an apiVersion.
func groupOf(apiVersion string) string {
	g, _, found := strings.Cut(apiVersion, "/")
	if !found {
		return ""
	}
	return g
}

package compose

import (
	"github.com/crossplane/function-sdk-go/resource"
	"google.golang.org/protobuf/types/known/structpb"
	"k8s.io/apimachinery/pkg/util/validation"

	"github.com/crossplane-contrib/function-pod-identity/input/v1beta1"
	"github.com/crossplane-contrib/function-pod-identity/spec"
)

// A Plan is what the builders read: the XR and the Input, defaulted and
// validated, the identities they make, what Crossplane observed of the
// composed resources, and what it found of the objects the function asked
// about.
type Plan struct {
	XR         *spec.XPodIdentity
	Input      *v1beta1.Input
	Identities []Identity
	Observed   Observed
	Existing   Existing

	// xrUID is the XR's uid, which controls what it composed; "" where a
	// renderer gives the XR none.
	xrUID    string
	reusable reusable
	// ignoredValues are observed values found wrong while composing.
	ignoredValues []string
}

// NewPlan plans the credential chain of a defaulted, validated XR whose uid
// is xrUID.
func NewPlan(xr *spec.XPodIdentity, in *v1beta1.Input, xrUID string, observed Observed, existing Existing) *Plan {
	p := &Plan{XR: xr, Input: in, Observed: observed, Existing: existing, xrUID: xrUID}
	p.reusable = reusableFrom(observed, xrUID)
	p.keepLegacyRoleName()
	p.Identities = identities(xr.Spec)
	for i := range p.Identities {
		p.Identities[i].nameResources(p)
	}
	return p
}

// keepLegacyRoleName keeps the default role name of the first release,
// <clusterName>-<XR name>, for an XR whose role was created under it: the
// default now has the region too, and a new name would replace the role.
func (p *Plan) keepLegacyRoleName() {
	r, s := &p.XR.Spec.Role, &p.XR.Spec
	if !r.NameDefaulted() {
		return
	}
	legacy := spec.LegacyDefaultRoleName(s.ClusterName, p.XR.Name)
	if n := p.reuse("Role", KeyRole, roleIdentity(spec.Role{Path: r.Path, Name: legacy}), Name{}); n != (Name{}) {
		r.Name = legacy
	}
}

// Spec is the XR's spec.
func (p *Plan) Spec() *spec.Spec {
	return &p.XR.Spec
}

// shared is the XR's shared identity.
func (p *Plan) shared() *Identity {
	return &p.Identities[0]
}

// composedByXR returns what Crossplane observed under a composition
// resource name, if the XR controls it; nil otherwise.
func (p *Plan) composedByXR(key resource.Name) *structpb.Struct {
	s := p.Observed[key]
	if s == nil || (p.xrUID != "" && controllerUID(s) != p.xrUID) {
		return nil
	}
	return s
}

// composedAs returns what Crossplane observed under a composition resource
// name if the XR controls it and it is of the given group and kind; nil
// otherwise.
func (p *Plan) composedAs(key resource.Name, group, kind string) *structpb.Struct {
	if s := p.composedByXR(key); is(s, group, kind) {
		return s
	}
	return nil
}

// composed returns what Crossplane observed of a composed resource: an
// object of its kind, under its name, that the XR controls; nil otherwise.
// Only such an object says that the resource exists or is ready: something
// else under that name, or the same kind controlled by someone else, says
// nothing about it.
func (p *Plan) composed(r Resource) *structpb.Struct {
	return p.composedAs(r.Name, groupOf(stringAt(r.Object, "apiVersion")), stringAt(r.Object, "kind"))
}

// validObjectName tells whether a name observed or derived is one the API
// server accepts for an object.
func validObjectName(name string) bool {
	return len(validation.IsDNS1123Subdomain(name)) == 0
}

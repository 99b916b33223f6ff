package compose

import (
	"github.com/crossplane-contrib/function-pod-identity/input/v1beta1"
	"github.com/crossplane-contrib/function-pod-identity/spec"
)

// A Plan is what the builders read: the XR and the Input, defaulted and
// validated, the identities they make, and what Crossplane observed.
type Plan struct {
	XR         *spec.XPodIdentity
	Input      *v1beta1.Input
	Identities []Identity
	Observed   Observed
}

// NewPlan plans the credential chain of a defaulted, validated XR.
func NewPlan(xr *spec.XPodIdentity, in *v1beta1.Input, observed Observed) *Plan {
	return &Plan{XR: xr, Input: in, Identities: identities(xr.Spec), Observed: observed}
}

// Spec is the XR's spec.
func (p *Plan) Spec() *spec.Spec {
	return &p.XR.Spec
}

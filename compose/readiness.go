package compose

import (
	"fmt"

	"google.golang.org/protobuf/types/known/structpb"

	"github.com/crossplane-contrib/function-pod-identity/spec"
)

// Readiness says how the function decides that a composed resource is ready.
type Readiness int

const (
	// ReadyWhenConditionTrue means that a managed resource is ready when its provider
	// says so with a Ready condition.
	ReadyWhenConditionTrue Readiness = iota
	// ReadyWhenObserved means that a DeploymentRuntimeConfig, ServiceAccount or
	// ProviderConfig has no Ready condition; it is ready once it exists.
	ReadyWhenObserved
	// ReadyWhenHealthy means that a Provider package is ready when it is installed and
	// healthy.
	ReadyWhenHealthy
)

// The reasons of the XR's CredentialsReady condition.
const (
	ReasonAvailable      = "Available"
	ReasonCreating       = "Creating"
	ReasonReconcileError = "ReconcileError"
	// ReasonHandingOver: an object the XR composes is still owned by what
	// made it before, and is released by hand.
	ReasonHandingOver = "HandingOver"
)

// isReady tells whether an observed resource is ready by the given rule.
func isReady(rule Readiness, observed *structpb.Struct) bool {
	if observed == nil {
		return false
	}
	switch rule {
	case ReadyWhenObserved:
		return true
	case ReadyWhenHealthy:
		installed, _ := conditionOf(observed, "Installed")
		healthy, _ := conditionOf(observed, "Healthy")
		return installed.status == "True" && healthy.status == "True"
	case ReadyWhenConditionTrue:
		ready, _ := conditionOf(observed, "Ready")
		return ready.status == "True"
	}
	return false
}

// ready tells whether a composed resource is ready in what was observed:
// only an object of the kind composed under that name that the XR controls
// counts, so that something else reporting Ready there makes nothing ready.
func (p *Plan) ready(r Resource) bool {
	return isReady(r.Readiness, p.composed(r))
}

// A Blocker is the first composed resource that is not ready, in the guide's
// order, and why: the provider's own error, such as an AccessDenied from
// IAM, so that it reaches the XR.
type Blocker struct {
	Reason, Message string
}

// firstBlocker returns what blocks the credential chain, or nil once every
// resource is ready.
func (p *Plan) firstBlocker(rs []Resource) *Blocker {
	for _, r := range rs {
		if !r.Ready {
			return blocked(r, p.composed(r))
		}
	}
	return nil
}

// maxProviderMessage bounds how much of a provider's message the XR's
// condition repeats: enough for an AWS error, not a megabyte of anything.
const maxProviderMessage = 1024

// clipMessage shortens a provider's message for the XR's condition.
func clipMessage(s string) string {
	if len(s) <= maxProviderMessage {
		return s
	}
	cut := maxProviderMessage
	for cut > 0 && s[cut]&0xC0 == 0x80 {
		cut--
	}
	return s[:cut] + "..."
}

// blocked explains why r is not ready.
func blocked(r Resource, observed *structpb.Struct) *Blocker {
	if observed == nil {
		return &Blocker{ReasonCreating, fmt.Sprintf("waiting for %s to be created", r.describe())}
	}
	if synced, ok := conditionOf(observed, "Synced"); ok && synced.status == "False" {
		return &Blocker{ReasonReconcileError, fmt.Sprintf("%s cannot be synced: %s: %s", r.describe(), spec.Clip(synced.reason), clipMessage(synced.message))}
	}
	for _, typ := range []string{"Ready", "Installed", "Healthy"} {
		if c, ok := conditionOf(observed, typ); ok && c.status != "True" && c.message != "" {
			return &Blocker{ReasonCreating, fmt.Sprintf("waiting for %s to become ready: %s: %s", r.describe(), spec.Clip(c.reason), clipMessage(c.message))}
		}
	}
	return &Blocker{ReasonCreating, fmt.Sprintf("waiting for %s to become ready", r.describe())}
}

package compose

import (
	"cmp"
	"fmt"
	"maps"
	"slices"

	"google.golang.org/protobuf/types/known/structpb"

	"github.com/crossplane-contrib/function-pod-identity/spec"
)

// A Builder composes one kind of resource of the credential chain for one
// identity. Kinds that belong to the XR as a whole, the agent add-on and
// the ProviderConfigs, are composed with the shared identity.
type Builder func(p *Plan, id *Identity) []Resource

// steps are the guide's steps in its order, which is also the order in
// which the first resource that blocks the chain is looked for.
var steps = []Builder{
	Addon,                   // 1. the eks-pod-identity-agent add-on
	Role,                    // 2. the IAM role with the Pod Identity trust policy
	PresetPolicies,          // 2.4 the least-privilege presets of its providers
	RolePolicyAttachments,   // 2.4 its managed policies
	RolePolicies,            // 2.4 its inline policies
	PodIdentityAssociation,  // 4. the association
	ServiceAccount,          // 3. the ServiceAccount
	DeploymentRuntimeConfig, // 3. the DeploymentRuntimeConfig
	Providers,               // 5. the Provider packages
	ProviderConfigs,         // 6. the ProviderConfigs
}

// A Result is what composing decided.
type Result struct {
	// Resources are the desired composed resources.
	Resources []Resource
	// Requirements ask Crossplane for existing objects, by name; Crossplane
	// calls the function again with what it found.
	Requirements map[string]Requirement
	// Refusals are changes the function will not make; any refusal is a
	// Fatal result, so that Crossplane keeps what it last applied.
	Refusals []string
	// Warnings report observed values that were ignored.
	Warnings []string
	// Blocker is what keeps the chain from being ready, or nil.
	Blocker *Blocker
	// Status is the XR's status fields.
	Status *structpb.Struct
}

// Compose returns every resource of the credential chain, each step in the
// guide's order for each identity, except those whose object someone else
// made, and says what blocks the chain.
func Compose(p *Plan) *Result {
	r := &Result{Requirements: map[string]Requirement{}}
	built := make([]Resource, 0, len(steps)*len(p.Identities))
	for _, build := range steps {
		for i := range p.Identities {
			built = append(built, build(p, &p.Identities[i])...)
		}
	}
	var handovers []*Blocker
	for _, res := range built {
		if res.guard == nil {
			r.Resources = append(r.Resources, res)
			continue
		}
		if p.composed(res) == nil {
			// Asked every time until the XR composes it, so that the
			// requirements Crossplane compares between calls settle.
			r.Requirements[requirementName(res)] = requirementOf(res)
		}
		switch state, why := p.ownershipOf(res); state {
		case free:
			r.Resources = append(r.Resources, res)
		case unknown:
		case handingOver:
			handovers = append(handovers, &Blocker{Reason: ReasonHandingOver, Message: why})
		case taken:
			r.Refusals = append(r.Refusals, why)
		}
	}
	r.Refusals = append(r.Refusals, collisions(built)...)
	r.Refusals = append(r.Refusals, p.unsupportedChanges()...)
	p.removedProviders(built, r)
	for i := range r.Resources {
		r.Resources[i].Ready = p.ready(r.Resources[i])
	}
	if len(handovers) > 0 {
		r.Blocker = handovers[0]
	} else {
		r.Blocker = p.firstBlocker(r.Resources)
	}
	r.Status = status(p)
	// Last: composing and the status record what they ignored.
	r.Warnings = p.ignored()
	return r
}

// collisions refuses two resources under one composition resource name:
// Crossplane would keep only one. Names come from content with a 32-bit
// hash, which a determined user can make collide.
func collisions(built []Resource) []string {
	seen := make(map[string]Resource, len(built))
	var out []string
	for _, r := range built {
		if first, ok := seen[string(r.Name)]; ok {
			out = append(out, fmt.Sprintf("%s and %s would both be composed as %s; rename one of them", first.identify(), r.identify(), r.Name))
			continue
		}
		seen[string(r.Name)] = r
	}
	return out
}

// identify names a composed resource by what it stands for in AWS as well
// as by kind and name: two resources whose names collide read alike, and
// the user must know which of their policies to rename.
func (r Resource) identify() string {
	if ext := stringAt(r.Object, "metadata", "annotations", AnnotationExternalName); ext != "" {
		return fmt.Sprintf("%s (%q in AWS)", r.describe(), spec.Clip(ext))
	}
	if arn := stringAt(r.Object, "spec", "forProvider", "policyArn"); arn != "" {
		return fmt.Sprintf("%s (of policy %q)", r.describe(), spec.Clip(arn))
	}
	return r.describe()
}

// ignore records an observed value that was not used, for a warning.
func (p *Plan) ignore(field string, of Name, value, why string) {
	p.ignoredValues = append(p.ignoredValues, fmt.Sprintf("ignored %s %q of %s: %s", field, spec.Clip(value), of.Key, why))
}

// otherKind tells whether an observed object is of another kind than the
// one composed under its name, and records it for a warning: whoever can
// point the XR's resource references elsewhere must not choose what its
// values are taken from.
func (p *Plan) otherKind(o *structpb.Struct, of Name, group, kind string) bool {
	if is(o, group, kind) {
		return false
	}
	p.ignore("object", of, stringAt(o, "apiVersion")+" "+stringAt(o, "kind"), "is not a "+kind+" of "+group+", the kind composed under that name")
	return true
}

// ignored are the warnings about ignored observed values, each once, in a
// stable order.
func (p *Plan) ignored() []string {
	out := slices.Clone(p.ignoredValues)
	slices.Sort(out)
	return slices.Compact(out)
}

// sortedKeys returns m's keys in order, for output that does not depend on
// map iteration.
func sortedKeys[K cmp.Ordered, V any](m map[K]V) []K {
	return slices.Sorted(maps.Keys(m))
}

package compose

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"google.golang.org/protobuf/types/known/structpb"

	"github.com/crossplane-contrib/function-pod-identity/spec"
)

// Providers composes the guide's step 5 for one identity: the Provider
// packages that run as its ServiceAccount. A Provider is composed only once
// the association it depends on is Ready, so that its pods start with
// credentials; once composed it is never withdrawn, even if the association
// later turns not Ready, since withdrawing would uninstall it. A Provider
// that becomes isolated keeps running on the shared DeploymentRuntimeConfig
// until its own association is Ready; one that is shared again moves to the
// shared DeploymentRuntimeConfig at once, since its own leaves the XR in the
// same reconcile.
func Providers(p *Plan, id *Identity) []Resource {
	associationReady := p.observedAssociation(id).ready
	out := make([]Resource, 0, len(id.Providers))
	for _, pr := range id.Providers {
		key := ProviderKey(pr.Name)
		observed := p.composedAs(key, "pkg.crossplane.io", "Provider")
		if !associationReady && observed == nil {
			continue
		}
		runtimeConfig := id.runtimeConfigName.Object
		if was := p.runtimeConfigOf(observed); !associationReady && was != "" && p.runtimeConfigDesired(was) {
			runtimeConfig = was
		}
		out = append(out, Resource{
			Name:      key,
			Readiness: ReadyWhenHealthy,
			Object: newObject("pkg.crossplane.io/v1", "Provider", fields{"name": structpb.NewStringValue(pr.Name)}, fields{
				"spec": objectValue(fields{
					"package": structpb.NewStringValue(pr.Package),
					"runtimeConfigRef": objectValue(fields{
						"apiVersion": structpb.NewStringValue("pkg.crossplane.io/v1beta1"),
						"kind":       structpb.NewStringValue("DeploymentRuntimeConfig"),
						"name":       structpb.NewStringValue(runtimeConfig),
					}),
				}),
			}),
			guard: &guard{},
		})
	}
	return out
}

// runtimeConfigOf is the DeploymentRuntimeConfig an observed Provider runs
// with, or "" for none or anything that is not a Provider.
func (p *Plan) runtimeConfigOf(observed *structpb.Struct) string {
	if observed == nil || !is(observed, "pkg.crossplane.io", "Provider") || stringAt(observed, "spec", "runtimeConfigRef", "kind") != "DeploymentRuntimeConfig" {
		return ""
	}
	return stringAt(observed, "spec", "runtimeConfigRef", "name")
}

// runtimeConfigDesired tells whether one of the XR's identities composes a
// DeploymentRuntimeConfig of that name.
func (p *Plan) runtimeConfigDesired(name string) bool {
	for i := range p.Identities {
		if p.Identities[i].runtimeConfigName.Object == name {
			return true
		}
	}
	return false
}

// maxUsersShown is how many managed resources a refusal names.
const maxUsersShown = 3

// removedProviders checks the Providers the XR installed that spec.providers
// no longer lists. Removing one uninstalls it, and Crossplane deletes the
// CRDs of its managed resources: those that still exist are stranded, their
// AWS resources neither managed nor deleted. A Provider serves every
// ProviderConfig in the cluster, not only this XR's, so a removal is refused
// while any managed resource of the provider's family uses any
// ProviderConfig, which provider-aws records in ProviderConfigUsages.
func (p *Plan) removedProviders(desired []Resource, r *Result) {
	wanted := make(map[string]Resource, len(desired))
	for _, d := range desired {
		wanted[string(d.Name)] = d
	}
	var users map[string]familyUsers
	asked, known := false, false
	for _, key := range sortedKeys(p.Observed) {
		o := p.composedAs(key, "pkg.crossplane.io", "Provider")
		if !strings.HasPrefix(string(key), KeyProvider+"-") || o == nil {
			continue
		}
		family, ok := spec.ProviderFamily(stringAt(o, "spec", "package"))
		if !ok {
			continue // not a provider-aws family: no ProviderConfigUsage names its resources
		}
		// A Provider still listed, with a package of the same family, stays;
		// one whose package is now of another family uninstalls its family
		// as surely as a removed one.
		d, listed := wanted[string(key)]
		if now, _ := spec.ProviderFamily(stringAt(d.Object, "spec", "package")); listed && now == family {
			continue
		}
		name := spec.Clip(stringAt(o, "metadata", "name"))
		removal := fmt.Sprintf("spec.providers no longer lists Provider %s, which this XR installed,", name)
		if listed {
			removal = fmt.Sprintf("spec.providers changes the package of Provider %s, which this XR installed, from the %s family to another,", name, spec.Clip(family))
		}
		if !asked {
			usages := p.providerConfigUsages(r)
			asked, known, users = true, usages != nil, usersByFamily(usages)
		}
		if !known {
			// Not known yet: keep it installed as it is until it is.
			kept := Resource{Name: key, Readiness: ReadyWhenHealthy, Object: newObject("pkg.crossplane.io/v1", "Provider",
				fields{"name": structpb.NewStringValue(stringAt(o, "metadata", "name"))}, fields{"spec": lookup(o, "spec")})}
			if listed {
				// Composed with its new package: keep the old one instead.
				r.Resources = slices.DeleteFunc(r.Resources, func(res Resource) bool { return res.Name == key })
			}
			r.Resources = append(r.Resources, kept)
			continue
		}
		if u := users[family]; u.count > 0 {
			more := ""
			if u.count > len(u.shown) {
				more = fmt.Sprintf(" and %d more", u.count-len(u.shown))
			}
			exist := fmt.Sprintf("%d managed resources of its family still exist", u.count)
			if u.count == 1 {
				exist = "a managed resource of its family still exists"
			}
			r.Refusals = append(r.Refusals, fmt.Sprintf("%s but %s (%s%s): "+
				"uninstalling it would delete their CRDs and strand them; delete them first, or keep the entry", removal, exist, strings.Join(u.shown, ", "), more))
		}
	}
}

// familyUsers are the managed resources of one provider family that a
// ProviderConfigUsage records: how many, and the first few by name.
type familyUsers struct {
	count int
	shown []string
}

// usersByFamily indexes ProviderConfigUsages by the provider family of the
// managed resource each records, in one pass: a removal looks its family
// up, whatever the number of Providers removed at once.
func usersByFamily(usages []*structpb.Struct) map[string]familyUsers {
	out := map[string]familyUsers{}
	for _, u := range usages {
		g := groupOf(stringAt(u, "resourceRef", "apiVersion"))
		family, ok := strings.CutSuffix(g, ".aws.m.upbound.io")
		if !ok {
			family, ok = strings.CutSuffix(g, ".aws.upbound.io")
		}
		if !ok {
			continue
		}
		f := out[family]
		f.count++
		if len(f.shown) < maxUsersShown {
			f.shown = append(f.shown, spec.Clip(stringAt(u, "resourceRef", "kind"))+" "+spec.Clip(spec.QualifiedName(stringAt(u, "metadata", "namespace"), stringAt(u, "resourceRef", "name"))))
		}
		out[family] = f
	}
	return out
}

// usageRequirements ask Crossplane for every ProviderConfigUsage of
// provider-aws in the cluster, of both managed-resource APIs: a family's
// managed resources may use either, with any ProviderConfig.
var usageRequirements = map[string]Requirement{
	"usages/aws.m.upbound.io": {APIVersion: "aws.m.upbound.io/v1beta1", Kind: "ProviderConfigUsage"},
	"usages/aws.upbound.io":   {APIVersion: "aws.upbound.io/v1beta1", Kind: "ProviderConfigUsage"},
}

// providerConfigUsages are every ProviderConfigUsage of provider-aws, or nil
// while Crossplane has not found them yet. They are asked for only while a
// removal is pending, since a cluster has one for every managed resource.
func (p *Plan) providerConfigUsages(r *Result) []*structpb.Struct {
	out := []*structpb.Struct{}
	known := true
	for _, name := range slices.Sorted(maps.Keys(usageRequirements)) {
		r.Requirements[name] = usageRequirements[name]
		found, ok := p.Existing[name]
		if !ok {
			known = false
			continue
		}
		out = append(out, found...)
	}
	if !known {
		return nil
	}
	return out
}

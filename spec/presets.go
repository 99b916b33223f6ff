package spec

import (
	"cmp"
	"fmt"
	"slices"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/crossplane-contrib/function-pod-identity/aws"
	"github.com/crossplane-contrib/function-pod-identity/presets"
)

// RolePresets are the least-privilege presets a role gets: an isolated
// provider's role its family's, when its permissions are Preset; the shared
// role (isolated nil) those of its shared providers' families, when
// spec.role.permissions is Preset; each family once, in order of family.
// Validation has made sure every one exists.
func (s *Spec) RolePresets(isolated *Provider) []presets.Preset {
	var pkgs []string
	switch {
	case isolated != nil && isolated.Permissions == PermissionsPreset:
		pkgs = []string{isolated.Package}
	case isolated == nil && s.Role.Permissions == PermissionsPreset:
		for _, pr := range s.Providers {
			if !pr.Isolated {
				pkgs = append(pkgs, pr.Package)
			}
		}
	}
	out := make([]presets.Preset, 0, len(pkgs))
	for _, pkg := range pkgs {
		if p, ok := presets.Lookup(pkg); ok && !slices.ContainsFunc(out, func(q presets.Preset) bool { return q.Family == p.Family }) {
			out = append(out, p)
		}
	}
	slices.SortFunc(out, func(a, b presets.Preset) int { return cmp.Compare(a.Family, b.Family) })
	return out
}

// validatePermissions checks where each role's permissions come from: a
// preset exists for every family that asks for one, and the preset policies
// and the role's own managed policies together stay within the account's
// quota of attached policies.
func (v *validator) permissions(s *Spec, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	supported := []Permissions{PermissionsNone, PermissionsPreset}
	rp := p.Child("role", "permissions")
	if !slices.Contains(supported, s.Role.Permissions) {
		errs = append(errs, field.NotSupported(rp, Permissions(clip(string(s.Role.Permissions))), supported))
	}
	for i := range s.Providers {
		pr, pp := &s.Providers[i], p.Child("providers").Index(i)
		switch {
		case !slices.Contains(supported, pr.Permissions):
			errs = append(errs, field.NotSupported(pp.Child("permissions"), Permissions(clip(string(pr.Permissions))), supported))
		case pr.Permissions == PermissionsPreset && !pr.Isolated:
			errs = append(errs, field.Forbidden(pp.Child("permissions"), "a shared provider runs with spec.role; set spec.role.permissions to Preset to give the shared role its family's preset"))
		case pr.Permissions == PermissionsPreset && pr.Package != "":
			errs = append(errs, noPreset(pr.Package, pp.Child("package"))...)
			errs = append(errs, v.presetQuota(s.RolePresets(pr), len(pr.PolicyArns), pp.Child("permissions"))...)
		case s.Role.Permissions == PermissionsPreset && !pr.Isolated && pr.Package != "":
			errs = append(errs, noPreset(pr.Package, pp.Child("package"))...)
		}
	}
	if s.Role.Permissions == PermissionsPreset {
		errs = append(errs, v.presetQuota(s.RolePresets(nil), len(s.Role.PolicyArns), rp)...)
	}
	// Preset policies are created under spec.role.path, and CreatePolicy
	// takes fewer paths than CreateRole (policyPathType).
	composesPolicies := len(s.RolePresets(nil)) > 0
	for i := range s.Providers {
		if s.Providers[i].Isolated && len(s.RolePresets(&s.Providers[i])) > 0 {
			composesPolicies = true
		}
	}
	if r := s.Role.Path; composesPolicies && r != "" && aws.IsPath(r) && len(r) <= aws.MaxPathLength && !aws.IsPolicyPath(r) {
		errs = append(errs, field.Invalid(p.Child("role", "path"), clip(r), "is also the path of the preset policies, and IAM policy paths may contain only letters, digits and .,+@=_- between single slashes"))
	}
	return errs
}

// noPreset refuses a package whose family has no preset.
func noPreset(pkg string, p *field.Path) field.ErrorList {
	if _, ok := presets.Lookup(pkg); ok {
		return nil
	}
	return field.ErrorList{field.Invalid(p, clip(pkg), fmt.Sprintf(
		"has no least-privilege preset: the presets cover the families of provider-aws %s; use permissions None, with policyArns or inlinePolicies of your own", presets.ProviderVersion()))}
}

// presetQuota checks that a role's preset policies and its own managed
// policies together fit the account's quota of attached policies.
func (v *validator) presetQuota(ps []presets.Preset, own int, p *field.Path) field.ErrorList {
	n := 0
	for _, pr := range ps {
		policies, err := pr.Policies(presets.MaxManagedPolicySize)
		if err != nil {
			return field.ErrorList{field.InternalError(p, err)}
		}
		n += len(policies)
	}
	if n+own > v.managedPolicies {
		return field.ErrorList{field.Invalid(p, fmt.Sprintf("%d preset policies", n), fmt.Sprintf(
			"with the role's %d managed policies they make %d, more than the %d the account lets a role have attached (input.quotas.managedPoliciesPerRole); isolate some providers, or raise the quota",
			own, n+own, v.managedPolicies))}
	}
	return nil
}

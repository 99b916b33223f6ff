package spec

import (
	"fmt"
	"slices"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/crossplane-contrib/function-pod-identity/aws"
	"github.com/crossplane-contrib/function-pod-identity/input/v1beta1"
	"github.com/crossplane-contrib/function-pod-identity/presets"
)

// maxPatternsShown is how many of a guardrail's patterns a message repeats.
const maxPatternsShown = 5

// trustScopeOrder ranks trust scopes from the widest to the narrowest.
var trustScopeOrder = map[TrustScope]int{TrustScopeAny: 0, TrustScopeCluster: 1, TrustScopeNamespace: 2, TrustScopeServiceAccount: 3}

// validateGuardrails applies the platform team's limits from the Input to
// the XR's spec. Each violation names the field and the guardrail it
// breaks.
func validateGuardrails(s *Spec, g v1beta1.Guardrails, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	gp := field.NewPath("input", "guardrails")

	if g.RequirePermissionsBoundary && s.Role.PermissionsBoundaryArn == "" {
		errs = append(errs, field.Required(p.Child("role", "permissionsBoundaryArn"), "the platform requires a permissions boundary on every role (input.guardrails.requirePermissionsBoundary)"))
	}
	if b := s.Role.PermissionsBoundaryArn; b != "" && len(g.AllowedPermissionsBoundaryArns) > 0 && !matchesAny(g.AllowedPermissionsBoundaryArns, b) {
		errs = append(errs, notAllowed(p.Child("role", "permissionsBoundaryArn"), b, gp.Child("allowedPermissionsBoundaryArns"), g.AllowedPermissionsBoundaryArns))
	}
	if least, ok := trustScopeOrder[TrustScope(g.MinimumTrustScope)]; ok && trustScopeOrder[s.Role.TrustScope] < least {
		errs = append(errs, field.Invalid(p.Child("role", "trustScope"), s.Role.TrustScope,
			"the platform requires trust policies narrowed at least to "+g.MinimumTrustScope+" (input.guardrails.minimumTrustScope)"))
	}

	policyArns := func(arns []string, ap *field.Path) {
		if len(g.AllowedPolicyArns) == 0 {
			return
		}
		for i, arn := range arns {
			if !matchesAny(g.AllowedPolicyArns, arn) {
				errs = append(errs, notAllowed(ap.Index(i), arn, gp.Child("allowedPolicyArns"), g.AllowedPolicyArns))
			}
		}
	}
	inline := func(policies []InlinePolicy, ip *field.Path) {
		errs = append(errs, validateInlineGuardrails(policies, g, gp, ip)...)
	}
	policyArns(s.Role.PolicyArns, p.Child("role", "policyArns"))
	inline(s.Role.InlinePolicies, p.Child("role", "inlinePolicies"))
	if t := s.Association.TargetRoleArn; t != "" {
		tp := p.Child("association", "targetRoleArn")
		errs = append(errs, accountAllowed(t, g, tp)...)
		// The permission to assume the target role is an inline policy of
		// the shared role: the actions guardrail applies to it too, and
		// without it the managed-policy guardrail refuses it as it refuses
		// any inline policy, since it lends the providers whatever the
		// target role may do.
		if len(g.AllowedActions) == 0 && len(g.AllowedPolicyArns) > 0 {
			errs = append(errs, field.Forbidden(tp, "needs sts:AssumeRole on the target role, an inline policy of the role; input.guardrails.allowedPolicyArns limits the managed policies a role may have, and input.guardrails.allowedActions is not set, so inline policies, which could grant anything, are refused"))
		}
		if len(g.AllowedActions) > 0 {
			for _, action := range []string{aws.ActionAssumeRole, aws.ActionTagSession} {
				if !actionAllowed(g.AllowedActions, action) {
					errs = append(errs, field.Invalid(tp, clip(t), fmt.Sprintf("needs %s on the target role, which input.guardrails.allowedActions does not admit (%s)", action, patternsShown(g.AllowedActions))))
				}
			}
		}
	}
	errs = append(errs, presetGuardrails(s.RolePresets(nil), g, p.Child("role", "permissions"))...)
	// A bad pattern is reported once, at the Input.
	checkRoles := len(g.AllowedRoles) > 0 && !slices.ContainsFunc(g.AllowedRoles, func(pt string) bool { return !isRolePattern(pt) }) && roleNameChecked(s)
	if checkRoles {
		if id := rolePathName(s.Role.Path, s.Role.Name); !roleAllowed(g.AllowedRoles, s.Role.Path, s.Role.Name) {
			detail := "the role's path and name are"
			if s.Role.NameDefaulted() {
				detail = "the role's path and default name, <clusterName>-<region>-<XR name>, are"
			}
			errs = append(errs, field.Invalid(p.Child("role", "name"), clip(id), fmt.Sprintf("%s not allowed by the platform's guardrails (%s: %s)", detail, gp.Child("allowedRoles"), patternsShown(g.AllowedRoles))))
		}
	}
	for i, pr := range s.Providers {
		pp := p.Child("providers").Index(i)
		// An isolated provider's own role is named after spec.role.name and
		// the provider, under spec.role.path: what the shared role's name
		// admits, a derived name need not. A provider name that is no DNS
		// label is reported as such, not again here.
		if checkRoles && pr.Isolated && isDNSLabel(pr.Name) {
			if name := IsolatedRoleName(s.Role.Name, pr.Name); !roleAllowed(g.AllowedRoles, s.Role.Path, name) {
				errs = append(errs, field.Invalid(pp, clip(rolePathName(s.Role.Path, name)), fmt.Sprintf(
					"the path and name of the provider's own role, <spec.role.name>-<provider name> under spec.role.path, are not allowed by the platform's guardrails (%s: %s)", gp.Child("allowedRoles"), patternsShown(g.AllowedRoles))))
			}
		}
		errs = append(errs, presetGuardrails(s.RolePresets(&s.Providers[i]), g, pp.Child("permissions"))...)
		if len(g.AllowedPackages) > 0 && pr.Package != "" && !matchesAny(g.AllowedPackages, pr.Package) {
			errs = append(errs, notAllowed(pp.Child("package"), pr.Package, gp.Child("allowedPackages"), g.AllowedPackages))
		}
		policyArns(pr.PolicyArns, pp.Child("policyArns"))
		inline(pr.InlinePolicies, pp.Child("inlinePolicies"))
	}
	for i, pc := range s.ProviderConfigs {
		pp := p.Child("providerConfigs").Index(i)
		if len(g.AllowedProviderConfigs) > 0 && pc.Name != "" {
			if id := pc.Kind + "/" + QualifiedName(pc.Namespace, pc.Name); !matchesAny(g.AllowedProviderConfigs, id) {
				errs = append(errs, notAllowed(pp, id, gp.Child("allowedProviderConfigs"), g.AllowedProviderConfigs))
			}
		}
		for j, link := range pc.AssumeRoleChain {
			if link.RoleARN != "" {
				errs = append(errs, accountAllowed(link.RoleARN, g, pp.Child("assumeRoleChain").Index(j).Child("roleARN"))...)
			}
		}
	}
	return errs
}

// validateInlineGuardrails checks inline policies against the actions
// guardrail. Without it, but with a managed-policy guardrail, inline
// policies are refused: they could grant what no allowed managed policy
// does. The documents have been checked already; one that is not a policy
// is reported there.
func validateInlineGuardrails(policies []InlinePolicy, g v1beta1.Guardrails, gp, p *field.Path) field.ErrorList {
	if len(policies) == 0 {
		return nil
	}
	if len(g.AllowedActions) == 0 {
		if len(g.AllowedPolicyArns) > 0 {
			return field.ErrorList{field.Forbidden(p, "input.guardrails.allowedPolicyArns limits the managed policies a role may have, and input.guardrails.allowedActions is not set, so inline policies, which could grant anything, are refused")}
		}
		return nil
	}
	var errs field.ErrorList
	for i, ip := range policies {
		doc, problems := aws.CheckPolicy(ip.Document)
		if len(problems) > 0 {
			continue
		}
		dp := p.Index(i).Child("document")
		for _, st := range doc.Statements {
			if st.Effect != aws.EffectAllow {
				continue
			}
			if st.NotAction {
				errs = append(errs, field.Forbidden(dp.Child(st.Path), "an Allow statement with NotAction allows every action but those, which input.guardrails.allowedActions cannot limit"))
				continue
			}
			for _, a := range st.Actions {
				if !actionAllowed(g.AllowedActions, a.Name) {
					errs = append(errs, notAllowed(dp.Child(a.Path), a.Name, gp.Child("allowedActions"), g.AllowedActions))
				}
			}
		}
	}
	return errs
}

// presetGuardrails applies the actions guardrail to preset policies like to
// any other: every action must match, and without the guardrail but with a
// managed-policy guardrail presets are refused, since they grant whole
// services.
func presetGuardrails(ps []presets.Preset, g v1beta1.Guardrails, p *field.Path) field.ErrorList {
	if len(ps) == 0 {
		return nil
	}
	if len(g.AllowedActions) == 0 {
		if len(g.AllowedPolicyArns) > 0 {
			return field.ErrorList{field.Forbidden(p, "input.guardrails.allowedPolicyArns limits the managed policies a role may have, and input.guardrails.allowedActions is not set, so presets, which grant whole services, are refused")}
		}
		return nil
	}
	var errs field.ErrorList
	for _, pr := range ps {
		for _, st := range pr.Statements() {
			for _, action := range st.Action {
				if !actionAllowed(g.AllowedActions, action) {
					errs = append(errs, field.Invalid(p, PermissionsPreset, fmt.Sprintf("the preset of %s allows %s, which input.guardrails.allowedActions does not admit (%s)", pr.Package, action, patternsShown(g.AllowedActions))))
				}
			}
		}
	}
	return errs
}

// accountAllowed checks the account of a role ARN against the accounts
// guardrail.
func accountAllowed(arn string, g v1beta1.Guardrails, p *field.Path) field.ErrorList {
	if len(g.AllowedAccounts) == 0 {
		return nil
	}
	parsed, ok := aws.ParseIAMARN(arn, aws.ResourceRole)
	if !ok {
		return nil // reported as no role ARN
	}
	if !matchesAny(g.AllowedAccounts, parsed.Account) {
		return field.ErrorList{field.Invalid(p, clip(arn), fmt.Sprintf("is a role of account %s, which input.guardrails.allowedAccounts does not allow (%s)", parsed.Account, patternsShown(g.AllowedAccounts)))}
	}
	return nil
}

// roleNameChecked tells whether the roles' names are checked against the
// roles guardrail: only when they are valid IAM names under a valid path,
// and a default name only when the cluster name and the region it derives
// from are valid, so that a bad name is reported once, where it was
// written. The name checked is the one defaulting gives; an XR whose role
// v0.1.0 created under its default name of the time keeps that name
// (compose's keepLegacyRoleName) without being checked again: that role is
// the XR's own, observed as composed by it.
func roleNameChecked(s *Spec) bool {
	r := s.Role
	if len(r.Name) > aws.MaxRoleNameLength || !aws.IsIAMName(r.Name) || r.Path != "" && (len(r.Path) > aws.MaxPathLength || !aws.IsPath(r.Path)) {
		return false
	}
	if r.NameDefaulted() {
		_, isRegion := aws.PartitionOfRegion(s.Region)
		return isRegion && len(s.ClusterName) <= aws.MaxClusterNameLength && aws.IsClusterName(s.ClusterName)
	}
	return true
}

// rolePathName is a role's path followed by its name, as the roles
// guardrail and IAM's ARNs write it; no path is IAM's "/".
func rolePathName(path, name string) string {
	if path == "" {
		path = "/"
	}
	return path + name
}

// isRolePattern tells whether a roles guardrail's pattern is a path
// followed by a name: it has a '/', and something after the last one.
func isRolePattern(pattern string) bool {
	i := strings.LastIndexByte(pattern, '/')
	return i >= 0 && i < len(pattern)-1
}

// roleAllowed tells whether one of the patterns admits a role. A pattern is
// a role's path followed by its name, and is split at its last '/': the part
// up to it matches the path, the rest the name, so that a '*' in the name
// part never reaches into the path. IAM role names are unique in the
// account whatever their path, and are not distinguished by case (CreateRole,
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html):
// a role of an admitted name under another path, or in other case, is the
// same role. So the name is what a pattern must fence, and it is compared
// without case; the path is compared as IAM policies compare ARNs, with
// case.
//
// The managed Policy of a preset is named <role name>-<document name>,
// under the role's path (compose/policy.go): whatever this admits for the
// role fences the role's preset policies too, which can only take the
// name of a policy that starts with an admitted role's name.
func roleAllowed(patterns []string, path, name string) bool {
	if path == "" {
		path = "/"
	}
	for _, pattern := range patterns {
		i := strings.LastIndexByte(pattern, '/')
		if aws.Glob(pattern[:i+1], path) && aws.Glob(strings.ToLower(pattern[i+1:]), strings.ToLower(name)) {
			return true
		}
	}
	return false
}

// matchesAny tells whether s matches one of the glob patterns.
func matchesAny(patterns []string, s string) bool {
	for _, pattern := range patterns {
		if aws.Glob(pattern, s) {
			return true
		}
	}
	return false
}

// actionAllowed tells whether one of the patterns covers everything an
// action of a policy allows: the action may have wildcards of its own, which
// only a pattern's wildcards cover, and both are compared without case, as
// IAM compares actions.
func actionAllowed(patterns []string, action string) bool {
	action = strings.ToLower(action)
	for _, pattern := range patterns {
		if aws.GlobCovers(strings.ToLower(pattern), action) {
			return true
		}
	}
	return false
}

// notAllowed says which guardrail a value breaks.
func notAllowed(p *field.Path, value string, guardrail *field.Path, patterns []string) *field.Error {
	return field.Invalid(p, clip(value), fmt.Sprintf("is not allowed by the platform's guardrails (%s: %s)", guardrail, patternsShown(patterns)))
}

// patternsShown is a guardrail's patterns as a message repeats them: the first few,
// each clipped.
func patternsShown(patterns []string) string {
	n := min(len(patterns), maxPatternsShown)
	parts := make([]string, 0, n+1)
	for _, pt := range patterns[:n] {
		parts = append(parts, clip(pt))
	}
	if len(patterns) > n {
		parts = append(parts, fmt.Sprintf("and %d more", len(patterns)-n))
	}
	return strings.Join(parts, ", ")
}

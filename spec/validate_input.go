package spec

import (
	"fmt"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/crossplane-contrib/function-pod-identity/aws"
	"github.com/crossplane-contrib/function-pod-identity/input/v1beta1"
)

// ValidateInput checks the defaulted Input. Its paths start at the Input's
// own fields.
func ValidateInput(in *v1beta1.Input) field.ErrorList {
	ip := field.NewPath("input")
	var errs field.ErrorList
	if in.APIVersion != InputAPIVersion {
		errs = append(errs, field.NotSupported(ip.Child("apiVersion"), in.APIVersion, []string{InputAPIVersion}))
	}
	if in.Kind != InputKind {
		errs = append(errs, field.NotSupported(ip.Child("kind"), in.Kind, []string{InputKind}))
	}

	mr, p := in.ManagedResources, ip.Child("managedResources")
	if mr.API != v1beta1.APINamespaced && mr.API != v1beta1.APICluster {
		errs = append(errs, field.NotSupported(p.Child("api"), mr.API, []v1beta1.API{v1beta1.APINamespaced, v1beta1.APICluster}))
	}
	if mr.DeletionPolicy != v1beta1.DeletionDelete && mr.DeletionPolicy != v1beta1.DeletionOrphan {
		errs = append(errs, field.NotSupported(p.Child("deletionPolicy"), mr.DeletionPolicy, []v1beta1.DeletionPolicy{v1beta1.DeletionDelete, v1beta1.DeletionOrphan}))
	}
	errs = append(errs, validateDNSLabel(mr.Namespace, p.Child("namespace"))...)
	if ref := mr.ProviderConfigRef; ref != nil {
		rp := p.Child("providerConfigRef")
		if ref.Name == "" {
			errs = append(errs, field.Required(rp.Child("name"), "the ProviderConfig with the bootstrap credentials"))
		} else {
			errs = append(errs, validateDNSSubdomain(ref.Name, rp.Child("name"))...)
		}
		switch {
		case mr.API == v1beta1.APICluster && ref.Kind != KindProviderConfig:
			errs = append(errs, field.NotSupported(rp.Child("kind"), ref.Kind, []string{KindProviderConfig}))
		case ref.Kind != KindProviderConfig && ref.Kind != KindClusterProviderConfig:
			errs = append(errs, field.NotSupported(rp.Child("kind"), ref.Kind, []string{KindProviderConfig, KindClusterProviderConfig}))
		}
	}
	g, gp := in.Guardrails, ip.Child("guardrails")
	for _, list := range []struct {
		name     string
		patterns []string
	}{
		{"allowedPolicyArns", g.AllowedPolicyArns}, {"allowedPermissionsBoundaryArns", g.AllowedPermissionsBoundaryArns}, {"allowedActions", g.AllowedActions},
		{"allowedAccounts", g.AllowedAccounts}, {"allowedPackages", g.AllowedPackages}, {"allowedProviderConfigs", g.AllowedProviderConfigs},
		{"allowedRoles", g.AllowedRoles},
	} {
		for i, pattern := range list.patterns {
			if pattern == "" {
				errs = append(errs, field.Invalid(gp.Child(list.name).Index(i), pattern, "an empty pattern allows nothing"))
			}
		}
	}
	for i, pattern := range g.AllowedRoles {
		if pattern != "" && !isRolePattern(pattern) {
			errs = append(errs, field.Invalid(gp.Child("allowedRoles").Index(i), clip(pattern), "must be a role's path followed by its name, e.g. /crossplane/team-a-*: the part after the last '/' matches the name, '*/team-a-*' any path"))
		}
	}
	if s := g.MinimumTrustScope; s != "" {
		if _, ok := trustScopeOrder[TrustScope(s)]; !ok {
			errs = append(errs, field.NotSupported(gp.Child("minimumTrustScope"), clip(s), []TrustScope{TrustScopeAny, TrustScopeCluster, TrustScopeNamespace, TrustScopeServiceAccount}))
		}
	}
	if q := in.Quotas.ManagedPoliciesPerRole; q != nil && (*q < 1 || *q > aws.MaxManagedPoliciesPerRole) {
		errs = append(errs, field.Invalid(ip.Child("quotas", "managedPoliciesPerRole"), *q, fmt.Sprintf("must be between 1 and %d, IAM's maximum", aws.MaxManagedPoliciesPerRole)))
	}
	return errs
}

package spec

import (
	"strings"

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
	for i, pattern := range in.Guardrails.AllowedPolicyArns {
		if pattern == "" {
			errs = append(errs, field.Invalid(ip.Child("guardrails", "allowedPolicyArns").Index(i), pattern, "an empty pattern allows nothing"))
		}
	}
	return errs
}

// validateGuardrails applies the platform team's limits from the Input to
// the XR's spec.
func validateGuardrails(s *Spec, g v1beta1.Guardrails, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	if g.RequirePermissionsBoundary && s.Role.PermissionsBoundaryArn == "" {
		errs = append(errs, field.Required(p.Child("role", "permissionsBoundaryArn"), "the platform requires a permissions boundary on every role (input.guardrails.requirePermissionsBoundary)"))
	}
	if len(g.AllowedPolicyArns) == 0 {
		return errs
	}
	allowed := func(arn string) bool {
		for _, pattern := range g.AllowedPolicyArns {
			if aws.Glob(pattern, arn) {
				return true
			}
		}
		return false
	}
	notAllowed := "is not allowed by the platform's guardrails (input.guardrails.allowedPolicyArns: " + strings.Join(g.AllowedPolicyArns, ", ") + ")"
	for i, arn := range s.Role.PolicyArns {
		if !allowed(arn) {
			errs = append(errs, field.Invalid(p.Child("role", "policyArns").Index(i), arn, notAllowed))
		}
	}
	for i, pr := range s.Providers {
		for j, arn := range pr.PolicyArns {
			if !allowed(arn) {
				errs = append(errs, field.Invalid(p.Child("providers").Index(i).Child("policyArns").Index(j), arn, notAllowed))
			}
		}
	}
	return errs
}

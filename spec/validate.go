package spec

import (
	"fmt"
	"regexp"
	"unicode/utf8"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/crossplane-contrib/function-pod-identity/aws"
	"github.com/crossplane-contrib/function-pod-identity/input/v1beta1"
)

// packageRE is an OCI image reference, the form of a Provider's package.
var packageRE = regexp.MustCompile(`^[a-z0-9]+(?:[._-][a-z0-9]+)*(?::[0-9]+)?(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)+(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[a-f0-9]{64})?$`)

// Validate checks the defaulted XR against the defaulted Input and returns
// every problem, each with the path of the field the user wrote. Defaults
// are valid when what they derive from is, so a derived value is not
// checked again. Validate normalises what it checks: inline policy
// documents are replaced by their compact form, so that composing cannot
// fail.
func Validate(xr *XPodIdentity, in *v1beta1.Input) field.ErrorList {
	errs := validateMetadata(xr)
	s := &xr.Spec
	p := field.NewPath("spec")
	partition := aws.PartitionOf(s.Region)

	switch {
	case s.ClusterName == "":
		errs = append(errs, field.Required(p.Child("clusterName"), "the EKS cluster's name"))
	case len(s.ClusterName) > aws.MaxClusterNameLength:
		errs = append(errs, field.TooLong(p.Child("clusterName"), "", aws.MaxClusterNameLength))
	case !aws.IsClusterName(s.ClusterName):
		errs = append(errs, field.Invalid(p.Child("clusterName"), clip(s.ClusterName), "must start with a letter or digit and contain only letters, digits, '-' and '_'"))
	}

	switch {
	case s.Region == "":
		errs = append(errs, field.Required(p.Child("region"), "the EKS cluster's AWS region, e.g. us-east-2"))
	case !aws.IsRegion(s.Region):
		errs = append(errs, field.Invalid(p.Child("region"), clip(s.Region), "must be an AWS region such as us-east-2"))
	}

	errs = append(errs, validateServiceAccount(s.ServiceAccount, p.Child("serviceAccount"))...)
	errs = append(errs, validateRole(&s.Role, partition, p.Child("role"))...)
	errs = append(errs, validateAssociation(s.Association, partition, p.Child("association"))...)
	if s.RuntimeConfig.Name != "" {
		errs = append(errs, validateDNSSubdomain(s.RuntimeConfig.Name, p.Child("runtimeConfig", "name"))...)
	}
	errs = append(errs, validateProviderConfigs(s.ProviderConfigs, in.ManagedResources.API, partition, p.Child("providerConfigs"))...)
	errs = append(errs, validateProviders(s.Providers, partition, p.Child("providers"))...)
	errs = append(errs, validateAgent(s.Agent, p.Child("agent"))...)
	errs = append(errs, validateTrustScope(s, p.Child("role", "trustScope"))...)
	return append(errs, validateGuardrails(s, in.Guardrails, p)...)
}

// validateMetadata checks the XR itself. It must be cluster-scoped: a
// namespaced XR cannot compose the DeploymentRuntimeConfig and the
// ClusterProviderConfigs.
func validateMetadata(xr *XPodIdentity) field.ErrorList {
	p := field.NewPath("metadata")
	var errs field.ErrorList
	if xr.Name == "" {
		errs = append(errs, field.Required(p.Child("name"), "the observed composite resource has no name"))
	}
	if xr.Namespace != "" {
		errs = append(errs, field.Invalid(p.Child("namespace"), xr.Namespace, "XPodIdentity composes cluster-scoped resources, so its XRD must have scope: Cluster"))
	}
	return errs
}

// validateServiceAccount checks the ServiceAccount; its name is empty only
// when the XR has none, which validateMetadata reports.
func validateServiceAccount(sa ServiceAccount, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	if sa.Name != "" {
		errs = append(errs, validateDNSSubdomain(sa.Name, p.Child("name"))...)
	}
	return append(errs, validateDNSLabel(sa.Namespace, p.Child("namespace"))...)
}

func validateRole(r *Role, partition string, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	if !r.nameDefaulted {
		errs = append(errs, validateIAMName(r.Name, aws.MaxRoleNameLength, p.Child("name"))...)
	}
	if r.Path != "" {
		switch {
		case len(r.Path) > aws.MaxPathLength:
			errs = append(errs, field.TooLong(p.Child("path"), "", aws.MaxPathLength))
		case !aws.IsPath(r.Path):
			errs = append(errs, field.Invalid(p.Child("path"), clip(r.Path), "must begin and end with '/' and contain only printable ASCII characters"))
		}
	}
	switch {
	case utf8.RuneCountInString(r.Description) > aws.MaxRoleDescriptionLength:
		errs = append(errs, field.TooLong(p.Child("description"), "", aws.MaxRoleDescriptionLength))
	case !aws.IsDescription(r.Description):
		errs = append(errs, field.Invalid(p.Child("description"), clip(r.Description), "must contain only printable Latin-1 characters, tabs and newlines"))
	}
	if d := r.MaxSessionDuration; d != nil && (*d < aws.MinSessionDuration || *d > aws.MaxSessionDuration) {
		errs = append(errs, field.Invalid(p.Child("maxSessionDuration"), *d, fmt.Sprintf("must be between %d and %d seconds", aws.MinSessionDuration, aws.MaxSessionDuration)))
	}
	if r.PermissionsBoundaryArn != "" {
		errs = append(errs, validateARN(r.PermissionsBoundaryArn, aws.ResourcePolicy, partition, p.Child("permissionsBoundaryArn"))...)
	}
	errs = append(errs, validatePolicyArns(r.PolicyArns, partition, p.Child("policyArns"))...)
	errs = append(errs, validateInlinePolicies(r.InlinePolicies, p.Child("inlinePolicies"))...)
	return append(errs, validateTags(r.Tags, p.Child("tags"))...)
}

// validatePolicyArns checks the managed policies of one role.
func validatePolicyArns(arns []string, partition string, p *field.Path) field.ErrorList {
	if len(arns) > aws.MaxManagedPoliciesPerRole {
		return field.ErrorList{field.TooMany(p, len(arns), aws.MaxManagedPoliciesPerRole)}
	}
	var errs field.ErrorList
	seen := make(map[string]bool, len(arns))
	for i, a := range arns {
		if seen[a] {
			errs = append(errs, field.Duplicate(p.Index(i), a))
			continue
		}
		seen[a] = true
		errs = append(errs, validateARN(a, aws.ResourcePolicy, partition, p.Index(i))...)
	}
	return errs
}

// validateInlinePolicies checks the inline policies of one role and replaces
// each document by its compact form.
func validateInlinePolicies(policies []InlinePolicy, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	names := make(map[string]bool, len(policies))
	size := 0
	for i := range policies {
		ip, ipp := &policies[i], p.Index(i)
		switch {
		case ip.Name == "":
			errs = append(errs, field.Required(ipp.Child("name"), "the inline policy's name"))
		case names[ip.Name]:
			errs = append(errs, field.Duplicate(ipp.Child("name"), ip.Name))
		default:
			errs = append(errs, validateIAMName(ip.Name, aws.MaxPolicyNameLength, ipp.Child("name"))...)
		}
		names[ip.Name] = true

		if ip.Document == "" {
			errs = append(errs, field.Required(ipp.Child("document"), "an IAM policy document in JSON"))
			continue
		}
		doc, err := aws.CompactPolicy(ip.Document)
		if err != nil {
			errs = append(errs, field.Invalid(ipp.Child("document"), clip(ip.Document), err.Error()))
			continue
		}
		ip.Document = doc
		size += len(doc)
	}
	if size > aws.MaxInlinePoliciesSize {
		errs = append(errs, field.Invalid(p, fmt.Sprintf("%d characters", size), fmt.Sprintf("IAM allows at most %d characters of inline policy documents per role, not counting whitespace", aws.MaxInlinePoliciesSize)))
	}
	return errs
}

func validateAssociation(a Association, partition string, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	if a.TargetRoleArn != "" {
		errs = append(errs, validateARN(a.TargetRoleArn, aws.ResourceRole, partition, p.Child("targetRoleArn"))...)
	}
	return append(errs, validateTags(a.Tags, p.Child("tags"))...)
}

func validateProviderConfigs(pcs []ProviderConfig, api v1beta1.API, partition string, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	seen := make(map[string]bool, len(pcs))
	for i, pc := range pcs {
		pp := p.Index(i)
		switch {
		case api == v1beta1.APICluster && pc.Kind != KindProviderConfig:
			errs = append(errs, field.NotSupported(pp.Child("kind"), pc.Kind, []string{KindProviderConfig}))
		case pc.Kind != KindProviderConfig && pc.Kind != KindClusterProviderConfig:
			errs = append(errs, field.NotSupported(pp.Child("kind"), pc.Kind, []string{KindProviderConfig, KindClusterProviderConfig}))
		}

		if pc.Name == "" {
			errs = append(errs, field.Required(pp.Child("name"), "the ProviderConfig's name"))
		} else {
			errs = append(errs, validateDNSSubdomain(pc.Name, pp.Child("name"))...)
		}

		namespaced := api == v1beta1.APINamespaced && pc.Kind == KindProviderConfig
		switch {
		case namespaced && pc.Namespace == "":
			errs = append(errs, field.Required(pp.Child("namespace"), "a namespaced ProviderConfig serves the managed resources of its own namespace"))
		case namespaced:
			errs = append(errs, validateDNSLabel(pc.Namespace, pp.Child("namespace"))...)
		case pc.Namespace != "":
			errs = append(errs, field.Forbidden(pp.Child("namespace"), fmt.Sprintf("a %s of the %s API is cluster-scoped", pc.Kind, api)))
		}

		id := pc.Kind + " " + QualifiedName(pc.Namespace, pc.Name)
		if seen[id] {
			errs = append(errs, field.Duplicate(pp, id))
		}
		seen[id] = true

		for j, link := range pc.AssumeRoleChain {
			errs = append(errs, validateAssumeRole(link, partition, pp.Child("assumeRoleChain").Index(j))...)
		}
	}
	return errs
}

func validateAssumeRole(ar AssumeRole, partition string, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	if ar.RoleARN == "" {
		errs = append(errs, field.Required(p.Child("roleARN"), "the ARN of the role to assume"))
	} else {
		errs = append(errs, validateARN(ar.RoleARN, aws.ResourceRole, partition, p.Child("roleARN"))...)
	}
	if ar.ExternalID != "" {
		switch {
		case len(ar.ExternalID) < aws.MinExternalIDLength || len(ar.ExternalID) > aws.MaxExternalIDLength:
			errs = append(errs, field.Invalid(p.Child("externalID"), clip(ar.ExternalID), fmt.Sprintf("must be %d to %d characters", aws.MinExternalIDLength, aws.MaxExternalIDLength)))
		case !aws.IsExternalID(ar.ExternalID):
			errs = append(errs, field.Invalid(p.Child("externalID"), clip(ar.ExternalID), "must contain only letters, digits and =,.@:/-+_"))
		}
	}
	keys := make(map[string]bool, len(ar.Tags))
	for i, t := range ar.Tags {
		tp := p.Child("tags").Index(i)
		if t.Key == "" {
			errs = append(errs, field.Required(tp.Child("key"), "the session tag's key"))
		}
		errs = append(errs, validateTag(t.Key, t.Value, tp.Child("key"), tp.Child("value"))...)
		keys[t.Key] = true
	}
	for i, k := range ar.TransitiveTagKeys {
		if !keys[k] {
			errs = append(errs, field.Invalid(p.Child("transitiveTagKeys").Index(i), clip(k), "must be the key of one of this role's session tags"))
		}
	}
	return errs
}

func validateProviders(providers []Provider, partition string, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	names := make(map[string]bool, len(providers))
	for i, pr := range providers {
		pp := p.Index(i)
		validPackage := false
		switch {
		case pr.Package == "":
			errs = append(errs, field.Required(pp.Child("package"), "the provider's package, e.g. xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0"))
		case !packageRE.MatchString(pr.Package):
			errs = append(errs, field.Invalid(pp.Child("package"), clip(pr.Package), "must be an OCI image reference such as xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0"))
		default:
			validPackage = true
		}
		if validPackage {
			errs = append(errs, validateNotChainProvider(pr.Package, pp.Child("package"))...)
		}
		// A name derived from the package is reported at the package, and
		// only when the package is valid.
		np := pp.Child("name")
		if pr.nameDefaulted {
			np = pp.Child("package")
		}
		if pr.Name != "" && (validPackage || !pr.nameDefaulted) {
			if names[pr.Name] {
				errs = append(errs, field.Duplicate(np, pr.Name))
			}
			names[pr.Name] = true
			errs = append(errs, validateDNSLabel(pr.Name, np)...)
		}
		if !pr.Isolated {
			if len(pr.PolicyArns) > 0 {
				errs = append(errs, field.Forbidden(pp.Child("policyArns"), "only an isolated provider has a role of its own; shared providers use spec.role's policies"))
			}
			if len(pr.InlinePolicies) > 0 {
				errs = append(errs, field.Forbidden(pp.Child("inlinePolicies"), "only an isolated provider has a role of its own; shared providers use spec.role's policies"))
			}
			continue
		}
		errs = append(errs, validatePolicyArns(pr.PolicyArns, partition, pp.Child("policyArns"))...)
		errs = append(errs, validateInlinePolicies(pr.InlinePolicies, pp.Child("inlinePolicies"))...)
	}
	return errs
}

func validateAgent(a Agent, p *field.Path) field.ErrorList {
	switch {
	case a.Version == "":
		return nil
	case !a.Install:
		return field.ErrorList{field.Forbidden(p.Child("version"), "has no effect unless spec.agent.install is true")}
	case !aws.IsAddonVersion(a.Version):
		return field.ErrorList{field.Invalid(p.Child("version"), clip(a.Version), "must be an EKS add-on version such as v1.3.4-eksbuild.1")}
	}
	return nil
}

func validateTrustScope(s *Spec, p *field.Path) field.ErrorList {
	switch s.Role.TrustScope {
	case TrustScopeAny:
		return nil
	case TrustScopeCluster, TrustScopeNamespace, TrustScopeServiceAccount:
		if s.Association.DisableSessionTags {
			return field.ErrorList{field.Invalid(p, s.Role.TrustScope, "conditions on session tags need them, but spec.association.disableSessionTags stops EKS from sending them: every request would be denied; use trustScope Any or keep session tags")}
		}
		return nil
	default:
		return field.ErrorList{field.NotSupported(p, s.Role.TrustScope, []TrustScope{TrustScopeAny, TrustScopeCluster, TrustScopeNamespace, TrustScopeServiceAccount})}
	}
}

func validateTags(tags map[string]string, p *field.Path) field.ErrorList {
	if len(tags) > aws.MaxTags {
		return field.ErrorList{field.TooMany(p, len(tags), aws.MaxTags)}
	}
	var errs field.ErrorList
	for _, k := range sortedKeys(tags) {
		if k == "" {
			errs = append(errs, field.Invalid(p.Key(k), k, "a tag key must not be empty"))
			continue
		}
		errs = append(errs, validateTag(k, tags[k], p.Key(k), p.Key(k))...)
	}
	return errs
}

// validateTag checks one AWS tag's key and value against IAM's and EKS's
// rules.
func validateTag(key, value string, kp, vp *field.Path) field.ErrorList {
	var errs field.ErrorList
	switch {
	case utf8.RuneCountInString(key) > aws.MaxTagKeyLength:
		errs = append(errs, field.TooLong(kp, "", aws.MaxTagKeyLength))
	case aws.IsReservedTagKey(key):
		errs = append(errs, field.Invalid(kp, clip(key), "the aws: prefix is reserved for AWS"))
	case !aws.IsTagText(key):
		errs = append(errs, field.Invalid(kp, clip(key), "may contain only letters, digits, spaces and _.:/=+-@"))
	}
	switch {
	case utf8.RuneCountInString(value) > aws.MaxTagValueLength:
		errs = append(errs, field.TooLong(vp, "", aws.MaxTagValueLength))
	case !aws.IsTagText(value):
		errs = append(errs, field.Invalid(vp, clip(value), "may contain only letters, digits, spaces and _.:/=+-@"))
	}
	return errs
}

// validateARN checks that a is an IAM ARN of the given resource type in the
// region's partition.
func validateARN(a, resourceType, partition string, p *field.Path) field.ErrorList {
	parsed, ok := aws.ParseIAMARN(a, resourceType)
	switch {
	case !ok:
		return field.ErrorList{field.Invalid(p, clip(a), "must be an IAM "+resourceType+" ARN")}
	case parsed.Partition != partition:
		return field.ErrorList{field.Invalid(p, a, fmt.Sprintf("is in partition %s, but the cluster's region is in partition %s", parsed.Partition, partition))}
	}
	return nil
}

// validateIAMName checks an IAM role or policy name.
func validateIAMName(name string, limit int, p *field.Path) field.ErrorList {
	switch {
	case len(name) > limit:
		return field.ErrorList{field.TooLong(p, "", limit)}
	case !aws.IsIAMName(name):
		return field.ErrorList{field.Invalid(p, clip(name), "may contain only letters, digits and +=,.@_-")}
	}
	return nil
}

// chainProviders are the provider packages that reconcile the credential
// chain's own resources: the IAM role and its policies (iam), the
// association and the add-on (eks), and the ProviderConfigs (the family's
// config provider, and the monolith that holds them all). They must run,
// with bootstrap credentials, before an XPodIdentity can exist, and must
// outlive it to delete its role: an XR that installed them could neither be
// created nor deleted.
var chainProviders = map[string]string{
	"provider-aws-iam":    "it manages the IAM role and policies of this XR",
	"provider-aws-eks":    "it manages the Pod Identity association and the agent add-on of this XR",
	"provider-family-aws": "it serves the ProviderConfigs of every provider-aws family",
	"provider-aws":        "the monolithic provider manages the IAM role and the association of this XR",
}

// validateNotChainProvider refuses a provider the chain itself needs.
func validateNotChainProvider(pkg string, p *field.Path) field.ErrorList {
	why, ok := chainProviders[ProviderName(pkg)]
	if !ok {
		return nil
	}
	return field.ErrorList{field.Forbidden(p, ProviderName(pkg)+" cannot be installed by an XPodIdentity: "+why+
		", so it must already run, with the bootstrap credentials of input.managedResources.providerConfigRef, before the XR is created, and outlive it; install it beside Crossplane instead")}
}

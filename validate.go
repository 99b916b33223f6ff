package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/crossplane-contrib/function-pod-identity/input/v1beta1"
)

// Limits of IAM, EKS and STS the spec is checked against up front, so that a
// mistake is reported by field path now instead of as an AWS error later.
const (
	maxClusterNameLength  = 100
	maxRolePathLength     = 512
	maxDescriptionLength  = 1000
	minSessionDuration    = 3600
	maxSessionDuration    = 43200
	maxManagedPolicies    = 20
	maxInlinePolicyName   = 128
	maxInlinePoliciesSize = 10240
	maxTags               = 50
	maxTagKeyLength       = 128
	maxTagValueLength     = 256
	minExternalIDLength   = 2
	maxExternalIDLength   = 1224
)

var (
	packageRE    = regexp.MustCompile(`^[a-z0-9]+(?:[._-][a-z0-9]+)*(?::[0-9]+)?(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)+(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[a-f0-9]{64})?$`)
	addonVersion = regexp.MustCompile(`^v\d+\.\d+\.\d+(?:-eksbuild\.\d+)?$`)
)

// validateSpec checks what the user wrote, before defaults: defaults are valid
// by construction. It returns every problem, each with its field path.
func validateSpec(s Spec, o Options) field.ErrorList {
	api := o.API
	p := field.NewPath("spec")
	partition := partitionOf(s.Region)
	var errs field.ErrorList

	switch {
	case s.ClusterName == "":
		errs = append(errs, field.Required(p.Child("clusterName"), "the EKS cluster's name"))
	case len(s.ClusterName) > maxClusterNameLength:
		errs = append(errs, field.TooLong(p.Child("clusterName"), "", maxClusterNameLength))
	case !isClusterName(s.ClusterName):
		errs = append(errs, field.Invalid(p.Child("clusterName"), clip(s.ClusterName), "must start with a letter or digit and contain only letters, digits, '-' and '_'"))
	}

	switch {
	case s.Region == "":
		errs = append(errs, field.Required(p.Child("region"), "the EKS cluster's AWS region, e.g. us-east-2"))
	case !isRegion(s.Region):
		errs = append(errs, field.Invalid(p.Child("region"), clip(s.Region), "must be an AWS region such as us-east-2"))
	}

	errs = append(errs, validateServiceAccount(s.ServiceAccount, p.Child("serviceAccount"))...)
	errs = append(errs, validateRole(s.Role, partition, p.Child("role"))...)
	errs = append(errs, validateAssociation(s.Association, partition, p.Child("association"))...)
	if s.RuntimeConfig.Name != "" {
		errs = append(errs, kubernetesName(s.RuntimeConfig.Name, p.Child("runtimeConfig", "name"), isDNSSubdomain, validation.IsDNS1123Subdomain)...)
	}
	errs = append(errs, validateProviderConfigs(s.ProviderConfigs, api, partition, p.Child("providerConfigs"))...)
	errs = append(errs, validateProviders(s.Providers, partition, p.Child("providers"))...)
	errs = append(errs, validateAgent(s.Agent, p.Child("agent"))...)
	errs = append(errs, validateTrustScope(s, p.Child("role", "trustScope"))...)
	errs = append(errs, validateGuardrails(s, o.Guardrails, p)...)
	return errs
}

func validateTrustScope(s Spec, p *field.Path) field.ErrorList {
	switch s.Role.TrustScope {
	case "", trustScopeAny:
		return nil
	case trustScopeCluster, trustScopeNamespace, trustScopeServiceAccount:
		if s.Association.DisableSessionTags {
			return field.ErrorList{field.Invalid(p, s.Role.TrustScope, "conditions on session tags need them, but spec.association.disableSessionTags stops EKS from sending them: every request would be denied; use trustScope Any or keep session tags")}
		}
		return nil
	default:
		return field.ErrorList{field.NotSupported(p, s.Role.TrustScope, []string{trustScopeAny, trustScopeCluster, trustScopeNamespace, trustScopeServiceAccount})}
	}
}

func validateProviders(providers []ProviderSpec, partition string, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	names := make(map[string]bool, len(providers))
	for i, pr := range providers {
		pp := p.Index(i)
		switch {
		case pr.Package == "":
			errs = append(errs, field.Required(pp.Child("package"), "the provider's package, e.g. xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0"))
		case !packageRE.MatchString(pr.Package):
			errs = append(errs, field.Invalid(pp.Child("package"), clip(pr.Package), "must be an OCI image reference such as xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0"))
		}
		name, np := pr.Name, pp.Child("name")
		if name == "" && packageRE.MatchString(pr.Package) {
			name, np = providerNameOf(pr.Package), pp.Child("package")
		}
		if name != "" {
			if names[name] {
				errs = append(errs, field.Duplicate(np, name))
			}
			names[name] = true
			errs = append(errs, kubernetesName(name, np, isDNSLabel, validation.IsDNS1123Label)...)
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

func validateAgent(a AgentSpec, p *field.Path) field.ErrorList {
	switch {
	case a.Version == "":
		return nil
	case !a.Install:
		return field.ErrorList{field.Forbidden(p.Child("version"), "has no effect unless spec.agent.install is true")}
	case !addonVersion.MatchString(a.Version):
		return field.ErrorList{field.Invalid(p.Child("version"), clip(a.Version), "must be an EKS add-on version such as v1.3.4-eksbuild.1")}
	}
	return nil
}

// validateGuardrails applies the platform team's limits from the Input.
func validateGuardrails(s Spec, g v1beta1.Guardrails, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	if g.RequirePermissionsBoundary && s.Role.PermissionsBoundaryArn == "" {
		errs = append(errs, field.Required(p.Child("role", "permissionsBoundaryArn"), "the platform requires a permissions boundary on every role (input.guardrails.requirePermissionsBoundary)"))
	}
	if len(g.AllowedPolicyArns) == 0 {
		return errs
	}
	allowed := func(arn string) bool {
		for _, pattern := range g.AllowedPolicyArns {
			if globMatch(pattern, arn) {
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

func validateServiceAccount(sa ServiceAccount, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	if sa.Name != "" {
		errs = append(errs, kubernetesName(sa.Name, p.Child("name"), isDNSSubdomain, validation.IsDNS1123Subdomain)...)
	}
	if sa.Namespace != "" {
		errs = append(errs, kubernetesName(sa.Namespace, p.Child("namespace"), isDNSLabel, validation.IsDNS1123Label)...)
	}
	return errs
}

func validateRole(r RoleSpec, partition string, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	if r.Name != "" {
		errs = append(errs, iamName(r.Name, maxRoleNameLength, p.Child("name"))...)
	}
	if r.Path != "" {
		switch {
		case len(r.Path) > maxRolePathLength:
			errs = append(errs, field.TooLong(p.Child("path"), "", maxRolePathLength))
		case !isRolePath(r.Path):
			errs = append(errs, field.Invalid(p.Child("path"), clip(r.Path), "must begin and end with '/' and contain only printable ASCII characters"))
		}
	}
	switch {
	case utf8.RuneCountInString(r.Description) > maxDescriptionLength:
		errs = append(errs, field.TooLong(p.Child("description"), "", maxDescriptionLength))
	case !isDescription(r.Description):
		errs = append(errs, field.Invalid(p.Child("description"), clip(r.Description), "must contain only printable Latin-1 characters, tabs and newlines"))
	}
	if d := r.MaxSessionDuration; d != nil && (*d < minSessionDuration || *d > maxSessionDuration) {
		errs = append(errs, field.Invalid(p.Child("maxSessionDuration"), *d, fmt.Sprintf("must be between %d and %d seconds", minSessionDuration, maxSessionDuration)))
	}
	if r.PermissionsBoundaryArn != "" {
		errs = append(errs, arn(r.PermissionsBoundaryArn, iamPolicy, partition, p.Child("permissionsBoundaryArn"))...)
	}

	errs = append(errs, validatePolicyArns(r.PolicyArns, partition, p.Child("policyArns"))...)
	errs = append(errs, validateInlinePolicies(r.InlinePolicies, p.Child("inlinePolicies"))...)
	errs = append(errs, validateTags(r.Tags, p.Child("tags"))...)
	return errs
}

// validatePolicyArns checks the managed policies of one role.
func validatePolicyArns(arns []string, partition string, p *field.Path) field.ErrorList {
	if len(arns) > maxManagedPolicies {
		return field.ErrorList{field.TooMany(p, len(arns), maxManagedPolicies)}
	}
	var errs field.ErrorList
	seen := make(map[string]bool, len(arns))
	for i, a := range arns {
		if seen[a] {
			errs = append(errs, field.Duplicate(p.Index(i), a))
			continue
		}
		seen[a] = true
		errs = append(errs, arn(a, iamPolicy, partition, p.Index(i))...)
	}
	return errs
}

func validateInlinePolicies(policies []InlinePolicy, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	names := make(map[string]bool, len(policies))
	size := 0
	for i, ip := range policies {
		ipp := p.Index(i)
		switch {
		case ip.Name == "":
			errs = append(errs, field.Required(ipp.Child("name"), "the inline policy's name"))
		case names[ip.Name]:
			errs = append(errs, field.Duplicate(ipp.Child("name"), ip.Name))
		default:
			errs = append(errs, iamName(ip.Name, maxInlinePolicyName, ipp.Child("name"))...)
		}
		names[ip.Name] = true

		if ip.Document == "" {
			errs = append(errs, field.Required(ipp.Child("document"), "an IAM policy document in JSON"))
			continue
		}
		doc, err := compactPolicy(ip.Document)
		if err != nil {
			errs = append(errs, field.Invalid(ipp.Child("document"), clip(ip.Document), err.Error()))
			continue
		}
		size += len(doc)
	}
	if size > maxInlinePoliciesSize {
		errs = append(errs, field.Invalid(p, fmt.Sprintf("%d characters", size), fmt.Sprintf("IAM allows at most %d characters of inline policy documents per role, not counting whitespace", maxInlinePoliciesSize)))
	}
	return errs
}

func validateAssociation(a AssociationSpec, partition string, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	if a.TargetRoleArn != "" {
		errs = append(errs, arn(a.TargetRoleArn, iamRole, partition, p.Child("targetRoleArn"))...)
	}
	return append(errs, validateTags(a.Tags, p.Child("tags"))...)
}

func validateProviderConfigs(pcs []ProviderConfigSpec, api v1beta1.API, partition string, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	seen := make(map[string]bool, len(pcs))
	for i, pc := range pcs {
		pp := p.Index(i)
		kind := pc.Kind
		if kind == "" {
			kind = kindProviderConfig
		}
		switch {
		case api == v1beta1.APICluster && kind != kindProviderConfig:
			errs = append(errs, field.NotSupported(pp.Child("kind"), kind, []string{kindProviderConfig}))
		case kind != kindProviderConfig && kind != kindClusterProviderConfig:
			errs = append(errs, field.NotSupported(pp.Child("kind"), kind, []string{kindProviderConfig, kindClusterProviderConfig}))
		}

		if pc.Name == "" {
			errs = append(errs, field.Required(pp.Child("name"), "the ProviderConfig's name"))
		} else {
			errs = append(errs, kubernetesName(pc.Name, pp.Child("name"), isDNSSubdomain, validation.IsDNS1123Subdomain)...)
		}

		namespaced := api == v1beta1.APINamespaced && kind == kindProviderConfig
		switch {
		case namespaced && pc.Namespace == "":
			errs = append(errs, field.Required(pp.Child("namespace"), "a namespaced ProviderConfig serves the managed resources of its own namespace"))
		case namespaced:
			errs = append(errs, kubernetesName(pc.Namespace, pp.Child("namespace"), isDNSLabel, validation.IsDNS1123Label)...)
		case pc.Namespace != "":
			errs = append(errs, field.Forbidden(pp.Child("namespace"), fmt.Sprintf("a %s of the %s API is cluster-scoped", kind, api)))
		}

		id := kind + " " + qualifiedName(pc.Namespace, pc.Name)
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
		errs = append(errs, arn(ar.RoleARN, iamRole, partition, p.Child("roleARN"))...)
	}
	if ar.ExternalID != "" {
		switch {
		case len(ar.ExternalID) < minExternalIDLength || len(ar.ExternalID) > maxExternalIDLength:
			errs = append(errs, field.Invalid(p.Child("externalID"), clip(ar.ExternalID), fmt.Sprintf("must be %d to %d characters", minExternalIDLength, maxExternalIDLength)))
		case !isExternalID(ar.ExternalID):
			errs = append(errs, field.Invalid(p.Child("externalID"), clip(ar.ExternalID), "must contain only letters, digits and =,.@:/-+_"))
		}
	}
	keys := make(map[string]bool, len(ar.Tags))
	for i, t := range ar.Tags {
		tp := p.Child("tags").Index(i)
		if t.Key == "" {
			errs = append(errs, field.Required(tp.Child("key"), "the session tag's key"))
		}
		errs = append(errs, tag(t.Key, t.Value, tp.Child("key"), tp.Child("value"))...)
		keys[t.Key] = true
	}
	for i, k := range ar.TransitiveTagKeys {
		if !keys[k] {
			errs = append(errs, field.Invalid(p.Child("transitiveTagKeys").Index(i), clip(k), "must be the key of one of this role's session tags"))
		}
	}
	return errs
}

func validateTags(tags map[string]string, p *field.Path) field.ErrorList {
	if len(tags) > maxTags {
		return field.ErrorList{field.TooMany(p, len(tags), maxTags)}
	}
	var errs field.ErrorList
	for _, k := range sortedKeys(tags) {
		if k == "" {
			errs = append(errs, field.Invalid(p.Key(k), k, "a tag key must not be empty"))
			continue
		}
		errs = append(errs, tag(k, tags[k], p.Key(k), p.Key(k))...)
	}
	return errs
}

// tag checks one AWS tag's key and value against IAM's and EKS's rules.
func tag(key, value string, kp, vp *field.Path) field.ErrorList {
	var errs field.ErrorList
	switch {
	case utf8.RuneCountInString(key) > maxTagKeyLength:
		errs = append(errs, field.TooLong(kp, "", maxTagKeyLength))
	case strings.HasPrefix(strings.ToLower(key), "aws:"):
		errs = append(errs, field.Invalid(kp, clip(key), "the aws: prefix is reserved for AWS"))
	case !isTag(key):
		errs = append(errs, field.Invalid(kp, clip(key), "may contain only letters, digits, spaces and _.:/=+-@"))
	}
	switch {
	case utf8.RuneCountInString(value) > maxTagValueLength:
		errs = append(errs, field.TooLong(vp, "", maxTagValueLength))
	case !isTag(value):
		errs = append(errs, field.Invalid(vp, clip(value), "may contain only letters, digits, spaces and _.:/=+-@"))
	}
	return errs
}

// arn checks that a is an IAM ARN of the given resource type in the region's
// partition.
func arn(a, resourceType, partition string, p *field.Path) field.ErrorList {
	got, ok := iamARNPartition(a, resourceType)
	switch {
	case !ok:
		return field.ErrorList{field.Invalid(p, clip(a), "must be an IAM "+resourceType+" ARN")}
	case got != partition:
		return field.ErrorList{field.Invalid(p, a, fmt.Sprintf("is in partition %s, but the cluster's region is in partition %s", got, partition))}
	}
	return nil
}

// iamName checks an IAM role or policy name.
func iamName(name string, limit int, p *field.Path) field.ErrorList {
	switch {
	case len(name) > limit:
		return field.ErrorList{field.TooLong(p, "", limit)}
	case !isIAMName(name):
		return field.ErrorList{field.Invalid(p, clip(name), "may contain only letters, digits and +=,.@_-")}
	}
	return nil
}

// kubernetesName checks a Kubernetes object or namespace name: fast with
// isValid, and with Kubernetes' own rule for its messages when that fails.
func kubernetesName(name string, p *field.Path, isValid func(string) bool, rule func(string) []string) field.ErrorList {
	if isValid(name) {
		return nil
	}
	msgs := rule(name)
	errs := make(field.ErrorList, 0, len(msgs))
	for _, msg := range msgs {
		errs = append(errs, field.Invalid(p, clip(name), msg))
	}
	return errs
}

// compactPolicy checks that doc is an IAM policy document, a JSON object
// with a Statement, and returns it without insignificant whitespace, which
// is what IAM counts against its size limits.
func compactPolicy(doc string) (string, error) {
	var b bytes.Buffer
	b.Grow(len(doc))
	if err := json.Compact(&b, []byte(doc)); err != nil {
		return "", fmt.Errorf("must be a JSON policy document: %w", err)
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(b.Bytes(), &fields); err != nil || fields == nil {
		return "", errors.New("must be a JSON object: an IAM policy document with a Statement")
	}
	st := fields["Statement"]
	if len(st) == 0 || (st[0] != '[' && st[0] != '{') {
		return "", errors.New("must be a JSON policy document with a Statement object or list")
	}
	if v, ok := fields["Version"]; ok && string(v) != `"`+policyVersion+`"` && string(v) != `"2008-10-17"` {
		return "", errors.New("policy Version must be " + policyVersion)
	}
	return b.String(), nil
}

// globMatch matches s against a pattern in which '*' is any run of
// characters, '/' included, and '?' is any one character. Policy ARNs have
// '/' in their paths, which path.Match's '*' would not cross.
func globMatch(pattern, s string) bool {
	p, i := 0, 0
	star, mark := -1, 0
	for i < len(s) {
		switch {
		case p < len(pattern) && (pattern[p] == '?' || pattern[p] == s[i]):
			p++
			i++
		case p < len(pattern) && pattern[p] == '*':
			star, mark = p, i
			p++
		case star >= 0:
			p = star + 1
			mark++
			i = mark
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}

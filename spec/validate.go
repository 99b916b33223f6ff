package spec

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/crossplane-contrib/function-pod-identity/aws"
	"github.com/crossplane-contrib/function-pod-identity/input/v1beta1"
)

// packageRE is an OCI image reference, the form of a Provider's package.
var packageRE = regexp.MustCompile(`^[a-z0-9]+(?:[._-][a-z0-9]+)*(?::[0-9]+)?(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)+(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[a-f0-9]{64})?$`)

// MaxXRNameLength is the longest XR name: Crossplane labels every composed
// resource with its XR's name, and a label value has at most 63 characters.
const MaxXRNameLength = 63

// Caps on what one XR composes, beside the list caps of its API types, so
// that the answer to the largest XR the function accepts stays well within
// the 4 MiB Crossplane reads from a function (TestLargestValidAnswerFits
// measures it). An isolated provider brings a role with up to 20
// attachments and 20 inline policies, an association and a ServiceAccount;
// a chain link up to 50 session tags.
const (
	// MaxIsolatedProviders is the most providers with a role of their own.
	MaxIsolatedProviders = 24
	// MaxAssumeRoleChainLinks is the most roles all the ProviderConfigs'
	// chains assume together.
	MaxAssumeRoleChainLinks = 16
)

// A validator checks one XR against the rules that depend on the rest of it
// and on the Input.
type validator struct {
	in        *v1beta1.Input
	partition string
	// managedPolicies is how many managed policies the account lets a role
	// have.
	managedPolicies int
	// sessionTags is whether EKS tags the sessions of the association.
	sessionTags bool
	// targetRole is the association's target role, whose permission the
	// shared role gets.
	targetRole string
}

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
	v := &validator{in: in, managedPolicies: aws.DefaultManagedPoliciesPerRole, sessionTags: !s.Association.DisableSessionTags}
	if q := in.Quotas.ManagedPoliciesPerRole; q != nil {
		v.managedPolicies = int(*q)
	}

	switch {
	case s.ClusterName == "":
		errs = append(errs, field.Required(p.Child("clusterName"), "the EKS cluster's name"))
	case len(s.ClusterName) > aws.MaxClusterNameLength:
		errs = append(errs, field.TooLong(p.Child("clusterName"), "", aws.MaxClusterNameLength))
	case !aws.IsClusterName(s.ClusterName):
		errs = append(errs, field.Invalid(p.Child("clusterName"), clip(s.ClusterName), "must start with a letter or digit and contain only letters, digits, '-' and '_'"))
	}

	partition, isRegion := aws.PartitionOfRegion(s.Region)
	v.partition = partition.Name
	switch {
	case s.Region == "":
		errs = append(errs, field.Required(p.Child("region"), "the EKS cluster's AWS region, e.g. us-east-2"))
	case !isRegion:
		errs = append(errs, field.Invalid(p.Child("region"), clip(s.Region), "must be an AWS region such as us-east-2"))
	case !partition.PodIdentity:
		errs = append(errs, field.Invalid(p.Child("region"), s.Region, "is in partition "+partition.Name+", where EKS Pod Identity is not available"))
	}

	// The permission to assume the target role counts against the shared
	// role's inline policies only when the ARN is one: a bad ARN is
	// reported once, at its own path, not again as inline policies too
	// large.
	if t := s.Association.TargetRoleArn; t != "" && len(v.arn(t, aws.ResourceRole, p.Child("association", "targetRoleArn"))) == 0 {
		v.targetRole = t
	}

	errs = append(errs, validateServiceAccount(s.ServiceAccount, xr.Name, p.Child("serviceAccount"))...)
	errs = append(errs, v.role(&s.Role, true, p.Child("role"))...)
	errs = append(errs, v.association(s.Association, p.Child("association"))...)
	// A name that is the XR's, as the default is, is checked once, as the
	// XR's name.
	if s.RuntimeConfig.Name != "" && s.RuntimeConfig.Name != xr.Name {
		errs = append(errs, validateDNSSubdomain(s.RuntimeConfig.Name, p.Child("runtimeConfig", "name"))...)
	}
	errs = append(errs, v.providerConfigs(s.ProviderConfigs, p.Child("providerConfigs"))...)
	errs = append(errs, v.providers(s.Providers, p.Child("providers"))...)
	errs = append(errs, validateAgent(s.Agent, p.Child("agent"))...)
	errs = append(errs, validateTrustScope(s, p.Child("role", "trustScope"))...)
	errs = append(errs, v.permissions(s, p)...)
	return append(errs, validateGuardrails(s, in.Guardrails, p)...)
}

// validateMetadata checks the XR itself. It must be cluster-scoped: a
// namespaced XR cannot compose the DeploymentRuntimeConfig and the
// ClusterProviderConfigs. Its name is in the names of what it composes and
// in a label on each of them.
func validateMetadata(xr *XPodIdentity) field.ErrorList {
	p := field.NewPath("metadata")
	var errs field.ErrorList
	switch {
	case xr.Name == "":
		errs = append(errs, field.Required(p.Child("name"), "the observed composite resource has no name"))
	case len(xr.Name) > MaxXRNameLength:
		errs = append(errs, field.TooLong(p.Child("name"), "", MaxXRNameLength))
	default:
		errs = append(errs, validateDNSSubdomain(xr.Name, p.Child("name"))...)
	}
	if xr.Namespace != "" {
		errs = append(errs, field.Invalid(p.Child("namespace"), clip(xr.Namespace), "XPodIdentity composes cluster-scoped resources, so its XRD must have scope: Cluster"))
	}
	return errs
}

// validateServiceAccount checks the ServiceAccount. Its name is empty only
// when the XR has none, and the XR's name when defaulted: validateMetadata
// reports both, once.
func validateServiceAccount(sa ServiceAccount, xrName string, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	if sa.Name != "" && sa.Name != xrName {
		errs = append(errs, validateDNSSubdomain(sa.Name, p.Child("name"))...)
	}
	return append(errs, validateDNSLabel(sa.Namespace, p.Child("namespace"))...)
}

// role checks the shared role; shared tells that it is the one that gets the
// permission to assume the association's target role.
func (v *validator) role(r *Role, shared bool, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	if !r.nameDefaulted {
		errs = append(errs, validateIAMName(r.Name, aws.MaxRoleNameLength, p.Child("name"))...)
	}
	if r.Path != "" {
		switch {
		case len(r.Path) > aws.MaxPathLength:
			errs = append(errs, field.TooLong(p.Child("path"), "", aws.MaxPathLength))
		case !aws.IsPath(r.Path):
			errs = append(errs, field.Invalid(p.Child("path"), clip(r.Path), "must be '/' or begin and end with '/' around printable ASCII characters"))
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
		errs = append(errs, v.arn(r.PermissionsBoundaryArn, aws.ResourcePolicy, p.Child("permissionsBoundaryArn"))...)
	}
	errs = append(errs, v.policyArns(r.PolicyArns, p.Child("policyArns"))...)
	generated := 0
	if shared && v.targetRole != "" {
		generated = len(aws.TargetRolePermission(v.targetRole))
	}
	errs = append(errs, validateInlinePolicies(r.InlinePolicies, generated, p.Child("inlinePolicies"))...)
	if shared {
		for i, ip := range r.InlinePolicies {
			if strings.EqualFold(ip.Name, TargetRolePolicyName) {
				errs = append(errs, field.Invalid(p.Child("inlinePolicies").Index(i).Child("name"), clip(ip.Name), "is the name of the inline policy the function writes to let the role assume spec.association.targetRoleArn"))
			}
		}
	}
	return append(errs, validateTags(r.Tags, true, p.Child("tags"))...)
}

// policyArns checks the managed policies of one role, at most the account's
// quota.
func (v *validator) policyArns(arns []string, p *field.Path) field.ErrorList {
	if len(arns) > v.managedPolicies {
		return field.ErrorList{field.Invalid(p, fmt.Sprintf("%d policies", len(arns)), fmt.Sprintf(
			"IAM lets a role have at most %d managed policies attached in this account (input.quotas.managedPoliciesPerRole; AWS's default is %d, at most %d with a quota increase)",
			v.managedPolicies, aws.DefaultManagedPoliciesPerRole, aws.MaxManagedPoliciesPerRole))}
	}
	var errs field.ErrorList
	seen := make(map[string]bool, len(arns))
	for i, a := range arns {
		if seen[a] {
			errs = append(errs, field.Duplicate(p.Index(i), clip(a)))
			continue
		}
		seen[a] = true
		errs = append(errs, v.arn(a, aws.ResourcePolicy, p.Index(i))...)
	}
	return errs
}

// validateInlinePolicies checks the inline policies of one role as IAM
// checks them, and replaces each document by its compact form. generated
// is the size of the inline policy the function adds to the role itself.
func validateInlinePolicies(policies []InlinePolicy, generated int, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	// IAM names are unique without case.
	names := make(map[string]bool, len(policies))
	size := generated
	for i := range policies {
		ip, ipp := &policies[i], p.Index(i)
		folded := strings.ToLower(ip.Name)
		switch {
		case ip.Name == "":
			errs = append(errs, field.Required(ipp.Child("name"), "the inline policy's name"))
		case names[folded]:
			errs = append(errs, field.Duplicate(ipp.Child("name"), clip(ip.Name)))
		default:
			errs = append(errs, validateIAMName(ip.Name, aws.MaxPolicyNameLength, ipp.Child("name"))...)
		}
		names[folded] = true

		if ip.Document == "" {
			errs = append(errs, field.Required(ipp.Child("document"), "an IAM policy document in JSON"))
			continue
		}
		doc, problems := aws.CheckPolicy(ip.Document)
		if len(problems) > 0 {
			errs = append(errs, policyProblems(problems, ip.Document, ipp.Child("document"))...)
			continue
		}
		ip.Document = doc.Compact
		size += doc.Size
	}
	if size > aws.MaxInlinePoliciesSize {
		detail := fmt.Sprintf("IAM allows at most %d characters of inline policy documents per role, not counting whitespace", aws.MaxInlinePoliciesSize)
		if generated > 0 {
			detail += fmt.Sprintf(", %d of them the permission to assume spec.association.targetRoleArn", generated)
		}
		errs = append(errs, field.Invalid(p, fmt.Sprintf("%d characters", size), detail))
	}
	return errs
}

// policyProblems turns the problems IAM would find in a policy document
// into errors at their places inside it; a problem of the whole document
// shows the document.
func policyProblems(problems []aws.Problem, doc string, p *field.Path) field.ErrorList {
	errs := make(field.ErrorList, 0, len(problems))
	for _, pr := range problems {
		at := p
		if pr.Path != "" {
			at = p.Child(pr.Path)
		} else if pr.Value == "" {
			pr.Value = doc
		}
		switch pr.Type {
		case aws.ProblemRequired:
			errs = append(errs, field.Required(at, pr.Detail))
		case aws.ProblemForbidden:
			errs = append(errs, field.Forbidden(at, pr.Detail))
		default:
			errs = append(errs, field.Invalid(at, clip(pr.Value), pr.Detail))
		}
	}
	return errs
}

func (v *validator) association(a Association, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	if a.TargetRoleArn != "" {
		errs = append(errs, v.arn(a.TargetRoleArn, aws.ResourceRole, p.Child("targetRoleArn"))...)
	}
	return append(errs, validateTags(a.Tags, false, p.Child("tags"))...)
}

func (v *validator) providerConfigs(pcs []ProviderConfig, p *field.Path) field.ErrorList {
	api := v.in.ManagedResources.API
	var errs field.ErrorList
	links := 0
	for _, pc := range pcs {
		links += len(pc.AssumeRoleChain)
	}
	if links > MaxAssumeRoleChainLinks {
		errs = append(errs, field.Invalid(p, fmt.Sprintf("%d roles in assumeRoleChains", links), fmt.Sprintf(
			"the role chains of one XR may assume at most %d roles in all, so that its answer fits in what Crossplane reads from a function; split the ProviderConfigs over several XRs", MaxAssumeRoleChainLinks)))
	}
	seen := make(map[string]bool, len(pcs))
	for i, pc := range pcs {
		pp := p.Index(i)
		switch {
		case api == v1beta1.APICluster && pc.Kind != KindProviderConfig:
			errs = append(errs, field.NotSupported(pp.Child("kind"), clip(pc.Kind), []string{KindProviderConfig}))
		case pc.Kind != KindProviderConfig && pc.Kind != KindClusterProviderConfig:
			errs = append(errs, field.NotSupported(pp.Child("kind"), clip(pc.Kind), []string{KindProviderConfig, KindClusterProviderConfig}))
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
			errs = append(errs, field.Forbidden(pp.Child("namespace"), fmt.Sprintf("a %s of the %s API is cluster-scoped", clip(pc.Kind), api)))
		}

		id := pc.Kind + " " + QualifiedName(pc.Namespace, pc.Name)
		if seen[id] {
			errs = append(errs, field.Duplicate(pp, clip(id)))
		}
		seen[id] = true

		errs = append(errs, v.assumeRoleChain(pc.AssumeRoleChain, pp.Child("assumeRoleChain"))...)
	}
	return errs
}

// assumeRoleChain checks the roles a ProviderConfig assumes in turn. Session
// tags are transitive: every link inherits EKS Pod Identity's and the
// earlier links' transitive tags, and STS refuses a session tag with the key
// of an inherited one.
func (v *validator) assumeRoleChain(chain []AssumeRole, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	inherited := map[string]string{} // folded key -> where it comes from
	if v.sessionTags {
		for _, k := range aws.EKSSessionTagKeys() {
			inherited[foldKey(k)] = "the transitive session tag " + k + " of EKS Pod Identity; set spec.association.disableSessionTags to pass your own"
		}
	}
	for j, ar := range chain {
		lp := p.Index(j)
		errs = append(errs, v.assumeRole(ar, lp)...)
		for i, t := range ar.Tags {
			if from, ok := inherited[foldKey(t.Key)]; ok && t.Key != "" {
				errs = append(errs, field.Invalid(lp.Child("tags").Index(i).Child("key"), clip(t.Key), "STS refuses a session tag with the key of an inherited one, and this role inherits "+from))
			}
		}
		for _, k := range ar.TransitiveTagKeys {
			inherited[foldKey(k)] = fmt.Sprintf("the transitive session tag %s of %s", clip(k), lp)
		}
	}
	return errs
}

func (v *validator) assumeRole(ar AssumeRole, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	if ar.RoleARN == "" {
		errs = append(errs, field.Required(p.Child("roleARN"), "the ARN of the role to assume"))
	} else {
		errs = append(errs, v.arn(ar.RoleARN, aws.ResourceRole, p.Child("roleARN"))...)
	}
	if ar.ExternalID != "" {
		switch {
		case len(ar.ExternalID) < aws.MinExternalIDLength || len(ar.ExternalID) > aws.MaxExternalIDLength:
			errs = append(errs, field.Invalid(p.Child("externalID"), clip(ar.ExternalID), fmt.Sprintf("must be %d to %d characters", aws.MinExternalIDLength, aws.MaxExternalIDLength)))
		case !aws.IsExternalID(ar.ExternalID):
			errs = append(errs, field.Invalid(p.Child("externalID"), clip(ar.ExternalID), "must contain only letters, digits and =,.@:/-+_"))
		}
	}
	if len(ar.Tags) > aws.MaxSessionTags {
		errs = append(errs, field.TooMany(p.Child("tags"), len(ar.Tags), aws.MaxSessionTags))
	}
	keys := make([]string, 0, len(ar.Tags))
	for i, t := range ar.Tags {
		tp := p.Child("tags").Index(i)
		if t.Key == "" {
			errs = append(errs, field.Required(tp.Child("key"), "the session tag's key"))
		}
		errs = append(errs, validateTag(t.Key, t.Value, tp.Child("key"), tp.Child("value"))...)
		keys = append(keys, t.Key)
	}
	for _, d := range aws.FoldedDuplicateKeys(keys) {
		errs = append(errs, field.Invalid(p.Child("tags").Index(d.Index).Child("key"), clip(d.Key), "is the same session tag as "+SafeKey(d.First)+": STS compares tag keys without case"))
	}
	folded := make(map[string]bool, len(keys))
	for _, k := range keys {
		folded[foldKey(k)] = true
	}
	for i, k := range ar.TransitiveTagKeys {
		if !folded[foldKey(k)] {
			errs = append(errs, field.Invalid(p.Child("transitiveTagKeys").Index(i), clip(k), "must be the key of one of this role's session tags"))
		}
	}
	return errs
}

func (v *validator) providers(providers []Provider, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	if n := countIsolated(providers); n > MaxIsolatedProviders {
		errs = append(errs, field.Invalid(p, fmt.Sprintf("%d isolated providers", n), fmt.Sprintf(
			"at most %d providers may be isolated in one XR, so that its answer fits in what Crossplane reads from a function; isolate fewer, or split them over several XRs", MaxIsolatedProviders)))
	}
	names := make(map[string]bool, len(providers))
	for i := range providers {
		pr, pp := &providers[i], p.Index(i)
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
				errs = append(errs, field.Duplicate(np, clip(pr.Name)))
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
		errs = append(errs, v.policyArns(pr.PolicyArns, pp.Child("policyArns"))...)
		errs = append(errs, validateInlinePolicies(pr.InlinePolicies, 0, pp.Child("inlinePolicies"))...)
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
		return field.ErrorList{field.NotSupported(p, TrustScope(clip(string(s.Role.TrustScope))), []TrustScope{TrustScopeAny, TrustScopeCluster, TrustScopeNamespace, TrustScopeServiceAccount})}
	}
}

// validateTags checks the tags of a resource provider-aws tags itself,
// which leaves the user aws.MaxUserTags. IAM compares tag keys without
// case, so on a role (iam) Team and team are one tag; EKS compares them
// with case, and reserves the aws: prefix in values too
// (https://docs.aws.amazon.com/eks/latest/APIReference/API_CreatePodIdentityAssociation.html).
func validateTags(tags map[string]string, iam bool, p *field.Path) field.ErrorList {
	if len(tags) > aws.MaxUserTags {
		return field.ErrorList{field.Invalid(p, fmt.Sprintf("%d tags", len(tags)), fmt.Sprintf("at most %d: AWS allows %d, and provider-aws adds %d of its own", aws.MaxUserTags, aws.MaxTags, aws.MaxTags-aws.MaxUserTags))}
	}
	var errs field.ErrorList
	keys := sortedKeys(tags)
	for _, k := range keys {
		kp := keyPath(p, k)
		if k == "" {
			errs = append(errs, field.Invalid(kp, k, "a tag key must not be empty"))
			continue
		}
		errs = append(errs, validateTag(k, tags[k], kp, kp)...)
		if !iam && aws.HasReservedTagPrefix(tags[k]) {
			// "Do not use aws:, AWS:, or any upper or lowercase combination
			// of such as a prefix for either keys or values" (EKS,
			// CreatePodIdentityAssociation, tags).
			errs = append(errs, field.Invalid(kp, clip(tags[k]), "EKS reserves the aws: prefix for AWS, in tag values too"))
		}
		if own, collides := aws.CollidingProviderTag(k); collides && (iam || own == k) {
			errs = append(errs, field.Invalid(kp, clip(k), own+" is a tag provider-aws sets itself, overwriting this one"))
		}
	}
	if iam {
		for _, d := range aws.FoldedDuplicateKeys(keys) {
			errs = append(errs, field.Duplicate(keyPath(p, d.Key), "the same tag as "+SafeKey(d.First)+": IAM compares tag keys without case"))
		}
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
	case aws.HasReservedTagPrefix(key):
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

// arn checks that a is an IAM ARN of the given resource type in the region's
// partition.
func (v *validator) arn(a, resourceType string, p *field.Path) field.ErrorList {
	if len(a) > aws.MaxARNLength {
		return field.ErrorList{field.TooLong(p, "", aws.MaxARNLength)}
	}
	parsed, ok := aws.ParseIAMARN(a, resourceType)
	switch {
	case !ok:
		return field.ErrorList{field.Invalid(p, clip(a), "must be an IAM "+resourceType+" ARN")}
	case v.partition != "" && parsed.Partition != v.partition:
		return field.ErrorList{field.Invalid(p, clip(a), fmt.Sprintf("is in partition %s, but the cluster's region is in partition %s", parsed.Partition, v.partition))}
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

// foldKey is a tag key as STS and IAM compare it.
func foldKey(k string) string {
	return aws.FoldTagKey(k)
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

// countIsolated counts the providers with a role of their own.
func countIsolated(providers []Provider) int {
	n := 0
	for _, pr := range providers {
		if pr.Isolated {
			n++
		}
	}
	return n
}

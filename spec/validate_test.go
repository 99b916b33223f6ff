package spec

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/crossplane-contrib/function-pod-identity/input/v1beta1"
)

func TestValidate(t *testing.T) {
	long := func(n int) string { return strings.Repeat("a", n) }
	cases := map[string]struct {
		reason string
		api    v1beta1.API
		guard  v1beta1.Guardrails
		mod    func(*Spec)
		want   []string // "path: type" of every error
	}{
		"TrustScopes": {reason: "Every trust scope is valid with session tags.", mod: func(s *Spec) { s.Role.TrustScope = TrustScopeServiceAccount }},
		"TrustScopeUnknown": {reason: "Only the four scopes exist.", mod: func(s *Spec) { s.Role.TrustScope = "Account" },
			want: []string{"spec.role.trustScope: Unsupported value"}},
		"TrustScopeWithoutSessionTags": {reason: "Without session tags a condition on them denies everything.",
			mod:  func(s *Spec) { s.Role.TrustScope = TrustScopeNamespace; s.Association.DisableSessionTags = true },
			want: []string{"spec.role.trustScope: Invalid value"}},
		"AnyWithoutSessionTags": {reason: "The portable policy does not need session tags.",
			mod: func(s *Spec) { s.Role.TrustScope = TrustScopeAny; s.Association.DisableSessionTags = true }},
		"ProviderPackageRequired": {reason: "A provider is a package.", mod: func(s *Spec) { s.Providers = []Provider{{Name: "p"}} },
			want: []string{"spec.providers[0].package: Required value"}},
		"ProviderPackageShape": {reason: "A package is an OCI reference.", mod: func(s *Spec) { s.Providers = []Provider{{Package: "provider aws s3"}} },
			want: []string{"spec.providers[0].package: Invalid value"}},
		"ProviderDigest": {reason: "A digest pins a package too.",
			mod: func(s *Spec) {
				s.Providers = []Provider{{Package: "xpkg.upbound.io/upbound/provider-aws-s3@sha256:" + strings.Repeat("a", 64)}}
			}},
		"ProviderNameDuplicate": {reason: "Two packages with one derived name would be one Provider.",
			mod: func(s *Spec) {
				s.Providers = []Provider{{Package: "xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0"}, {Package: "example.com/x/provider-aws-s3:v1"}}
			},
			want: []string{"spec.providers[1].package: Duplicate value"}},
		"ProviderNameLabel": {reason: "Provider names go into other names, so they are DNS labels.",
			mod: func(s *Spec) {
				s.Providers = []Provider{{Package: "xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0", Name: "Provider.S3"}}
			},
			want: []string{"spec.providers[0].name: Invalid value"}},
		"SharedProviderPolicies": {reason: "A shared provider has no role of its own to attach policies to.",
			mod: func(s *Spec) {
				s.Providers = []Provider{{Package: "xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0", PolicyArns: []string{"arn:aws:iam::aws:policy/A"}, InlinePolicies: []InlinePolicy{{Name: "a", Document: "{}"}}}}
			},
			want: []string{"spec.providers[0].policyArns: Forbidden", "spec.providers[0].inlinePolicies: Forbidden"}},
		"IsolatedPolicies": {reason: "An isolated provider's policies are checked like the role's.",
			mod: func(s *Spec) {
				s.Providers = []Provider{{Package: "xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0", Isolated: true,
					PolicyArns: []string{"arn:aws-us-gov:iam::aws:policy/A"}, InlinePolicies: []InlinePolicy{{Name: "a", Document: "[]"}}}}
			},
			want: []string{"spec.providers[0].policyArns[0]: Invalid value", "spec.providers[0].inlinePolicies[0].document: Invalid value"}},
		"AgentVersionAlone": {reason: "A version without install does nothing, which is surely not what was meant.", mod: func(s *Spec) { s.Agent.Version = "v1.3.4-eksbuild.1" },
			want: []string{"spec.agent.version: Forbidden"}},
		"AgentVersionShape": {reason: "EKS add-on versions look like v1.3.4-eksbuild.1.", mod: func(s *Spec) { s.Agent = Agent{Install: true, Version: "latest"} },
			want: []string{"spec.agent.version: Invalid value"}},
		"GuardrailsAllow": {reason: "Policies matching a pattern are allowed; '*' crosses '/' in paths.",
			guard: v1beta1.Guardrails{AllowedPolicyArns: []string{"arn:aws:iam::aws:policy/Amazon*ReadOnly*", "arn:aws:iam::123456789012:policy/crossplane/*"}},
			mod: func(s *Spec) {
				s.Role.PolicyArns = []string{"arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess", "arn:aws:iam::123456789012:policy/crossplane/team/x"}
			}},
		"GuardrailsDeny": {reason: "A policy outside the patterns is named, for the role and for isolated providers.",
			guard: v1beta1.Guardrails{AllowedPolicyArns: []string{"arn:aws:iam::aws:policy/Amazon*ReadOnlyAccess"}},
			mod: func(s *Spec) {
				s.Role.PolicyArns = []string{"arn:aws:iam::aws:policy/AdministratorAccess"}
				s.Providers = []Provider{{Package: "xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0", Isolated: true, PolicyArns: []string{"arn:aws:iam::aws:policy/AmazonS3FullAccess"}}}
			},
			want: []string{"spec.role.policyArns[0]: Invalid value", "spec.providers[0].policyArns[0]: Invalid value"}},
		"GuardrailsBoundary": {reason: "The platform may require a permissions boundary.", guard: v1beta1.Guardrails{RequirePermissionsBoundary: true},
			mod: func(*Spec) {}, want: []string{"spec.role.permissionsBoundaryArn: Required value"}},
		"Valid": {reason: "The minimal spec is valid.", mod: func(*Spec) {}},
		"DerivedRoleNameNotReported": {reason: "A role name derived from a bad cluster name is not reported again: the cluster name is.",
			mod: func(s *Spec) { s.ClusterName = "prod eks" }, want: []string{"spec.clusterName: Invalid value"}},
		"DerivedProviderNameNotReported": {reason: "A provider name derived from a bad package is not reported again: the package is.",
			mod:  func(s *Spec) { s.Providers = []Provider{{Package: "Provider AWS"}} },
			want: []string{"spec.providers[0].package: Invalid value"}},
		"ClusterNameRequired":   {reason: "The association needs the cluster.", mod: func(s *Spec) { s.ClusterName = "" }, want: []string{"spec.clusterName: Required value"}},
		"ClusterNameTooLong":    {reason: "EKS cluster names have at most 100 characters.", mod: func(s *Spec) { s.ClusterName = long(101) }, want: []string{"spec.clusterName: Too long"}},
		"ClusterNameCharacters": {reason: "EKS cluster names start with a letter or digit and hold only letters, digits, - and _.", mod: func(s *Spec) { s.ClusterName = "-prod" }, want: []string{"spec.clusterName: Invalid value"}},
		"RegionRequired":        {reason: "The association is regional.", mod: func(s *Spec) { s.Region = "" }, want: []string{"spec.region: Required value"}},
		"RegionShape":           {reason: "A region looks like us-east-2.", mod: func(s *Spec) { s.Region = "US East" }, want: []string{"spec.region: Invalid value"}},
		"GovRegion":             {reason: "GovCloud regions are regions.", mod: func(s *Spec) { s.Region = "us-gov-west-1" }},
		"ServiceAccountName":    {reason: "ServiceAccount names are DNS subdomains.", mod: func(s *Spec) { s.ServiceAccount.Name = "Provider_AWS" }, want: []string{"spec.serviceAccount.name: Invalid value"}},
		"ServiceAccountNamespace": {reason: "Namespaces are DNS labels.", mod: func(s *Spec) { s.ServiceAccount.Namespace = "crossplane.system" },
			want: []string{"spec.serviceAccount.namespace: Invalid value"}},
		"RoleNameTooLong":    {reason: "IAM role names have at most 64 characters.", mod: func(s *Spec) { s.Role.Name = long(65) }, want: []string{"spec.role.name: Too long"}},
		"RoleNameCharacters": {reason: "IAM role names hold only [\\w+=,.@-].", mod: func(s *Spec) { s.Role.Name = "role/name" }, want: []string{"spec.role.name: Invalid value"}},
		"RoleNameLongest":    {reason: "64 characters is fine.", mod: func(s *Spec) { s.Role.Name = long(64) }},
		"RolePathSlashes":    {reason: "IAM paths begin and end with /.", mod: func(s *Spec) { s.Role.Path = "crossplane" }, want: []string{"spec.role.path: Invalid value"}},
		"RolePathTooLong":    {reason: "IAM paths have at most 512 characters.", mod: func(s *Spec) { s.Role.Path = "/" + long(511) + "/" }, want: []string{"spec.role.path: Too long"}},
		"RolePathNested":     {reason: "Nested paths are fine.", mod: func(s *Spec) { s.Role.Path = "/a/b/" }},
		"DescriptionTooLong": {reason: "IAM descriptions have at most 1000 characters.", mod: func(s *Spec) { s.Role.Description = long(1001) }, want: []string{"spec.role.description: Too long"}},
		"DescriptionControl": {reason: "IAM descriptions hold no control characters but tab and newlines.", mod: func(s *Spec) { s.Role.Description = "a\x00b" }, want: []string{"spec.role.description: Invalid value"}},
		"SessionTooShort":    {reason: "maxSessionDuration is at least an hour.", mod: func(s *Spec) { d := int64(3599); s.Role.MaxSessionDuration = &d }, want: []string{"spec.role.maxSessionDuration: Invalid value"}},
		"SessionTooLong":     {reason: "maxSessionDuration is at most 12 hours.", mod: func(s *Spec) { d := int64(43201); s.Role.MaxSessionDuration = &d }, want: []string{"spec.role.maxSessionDuration: Invalid value"}},
		"BoundaryNotAPolicy": {reason: "A permissions boundary is a policy ARN.", mod: func(s *Spec) { s.Role.PermissionsBoundaryArn = "arn:aws:iam::123456789012:role/r" }, want: []string{"spec.role.permissionsBoundaryArn: Invalid value"}},
		"PolicyArnShape":     {reason: "Managed policies are policy ARNs.", mod: func(s *Spec) { s.Role.PolicyArns = []string{"AmazonS3FullAccess"} }, want: []string{"spec.role.policyArns[0]: Invalid value"}},
		"PolicyArnPartition": {reason: "A policy of another partition cannot be attached.", mod: func(s *Spec) { s.Role.PolicyArns = []string{"arn:aws-cn:iam::aws:policy/A"} }, want: []string{"spec.role.policyArns[0]: Invalid value"}},
		"ChinaPartition":     {reason: "In cn-* regions policies are aws-cn.", mod: func(s *Spec) { s.Region = "cn-north-1"; s.Role.PolicyArns = []string{"arn:aws-cn:iam::aws:policy/A"} }},
		"PolicyArnDuplicate": {reason: "One attachment per policy.", mod: func(s *Spec) { s.Role.PolicyArns = []string{"arn:aws:iam::aws:policy/A", "arn:aws:iam::aws:policy/A"} }, want: []string{"spec.role.policyArns[1]: Duplicate value"}},
		"TwentyPolicies":     {reason: "IAM's hard limit is 20 managed policies per role.", mod: func(s *Spec) { s.Role.PolicyArns = policyArns(20) }},
		"TwentyOnePolicies":  {reason: "More than 20 cannot be attached.", mod: func(s *Spec) { s.Role.PolicyArns = policyArns(21) }, want: []string{"spec.role.policyArns: Too many"}},
		"InlineNameRequired": {reason: "An inline policy needs a name.", mod: func(s *Spec) { s.Role.InlinePolicies = []InlinePolicy{{Document: `{"Statement":[]}`}} }, want: []string{"spec.role.inlinePolicies[0].name: Required value"}},
		"InlineNameDuplicate": {reason: "Inline policy names are unique in a role.", mod: func(s *Spec) {
			s.Role.InlinePolicies = []InlinePolicy{{Name: "a", Document: `{"Statement":[]}`}, {Name: "a", Document: `{"Statement":[]}`}}
		}, want: []string{"spec.role.inlinePolicies[1].name: Duplicate value"}},
		"InlineNotJSON": {reason: "An inline policy is JSON.", mod: func(s *Spec) { s.Role.InlinePolicies = []InlinePolicy{{Name: "a", Document: `{"Statement":`}} }, want: []string{"spec.role.inlinePolicies[0].document: Invalid value"}},
		"InlineNoStatement": {reason: "A policy document has a Statement.", mod: func(s *Spec) {
			s.Role.InlinePolicies = []InlinePolicy{{Name: "a", Document: `{"Version":"2012-10-17"}`}}
		}, want: []string{"spec.role.inlinePolicies[0].document: Invalid value"}},
		"InlineBadVersion": {reason: "Only IAM's policy language versions.", mod: func(s *Spec) {
			s.Role.InlinePolicies = []InlinePolicy{{Name: "a", Document: `{"Version":"2020-01-01","Statement":[]}`}}
		}, want: []string{"spec.role.inlinePolicies[0].document: Invalid value"}},
		"InlineDocRequired": {reason: "An inline policy needs a document.", mod: func(s *Spec) { s.Role.InlinePolicies = []InlinePolicy{{Name: "a"}} }, want: []string{"spec.role.inlinePolicies[0].document: Required value"}},
		"InlineTooLarge": {reason: "A role's inline policies have at most 10240 characters without whitespace.",
			mod: func(s *Spec) {
				s.Role.InlinePolicies = []InlinePolicy{{Name: "a", Document: `{"Statement":[],"x":"` + long(10240) + `"}`}}
			},
			want: []string{"spec.role.inlinePolicies: Invalid value"}},
		"TagReservedPrefix": {reason: "aws: tags are AWS's.", mod: func(s *Spec) { s.Role.Tags = map[string]string{"aws:owner": "me"} }, want: []string{"spec.role.tags[aws:owner]: Invalid value"}},
		"TagKeyTooLong":     {reason: "Tag keys have at most 128 characters.", mod: func(s *Spec) { s.Role.Tags = map[string]string{long(129): "v"} }, want: []string{"spec.role.tags[" + long(129) + "]: Too long"}},
		"TagValueTooLong":   {reason: "Tag values have at most 256 characters.", mod: func(s *Spec) { s.Association.Tags = map[string]string{"k": long(257)} }, want: []string{"spec.association.tags[k]: Too long"}},
		"TagCharacters":     {reason: "Tags hold letters, digits, spaces and _.:/=+-@.", mod: func(s *Spec) { s.Role.Tags = map[string]string{"k": "a;b"} }, want: []string{"spec.role.tags[k]: Invalid value"}},
		"TooManyTags":       {reason: "At most 50 tags.", mod: func(s *Spec) { s.Role.Tags = tags(51) }, want: []string{"spec.role.tags: Too many"}},
		"TargetRoleArn":     {reason: "A target role is a role ARN.", mod: func(s *Spec) { s.Association.TargetRoleArn = "arn:aws:iam::123:role/x" }, want: []string{"spec.association.targetRoleArn: Invalid value"}},
		"RuntimeConfigName": {reason: "DeploymentRuntimeConfig names are DNS subdomains.", mod: func(s *Spec) { s.RuntimeConfig.Name = "Runtime Config" }, want: []string{"spec.runtimeConfig.name: Invalid value"}},
		"ProviderConfigKindCluster": {reason: "The legacy API has no ClusterProviderConfig.", api: v1beta1.APICluster,
			mod:  func(s *Spec) { s.ProviderConfigs = []ProviderConfig{{Kind: KindClusterProviderConfig, Name: "a"}} },
			want: []string{"spec.providerConfigs[0].kind: Unsupported value"}},
		"ProviderConfigNameRequired": {reason: "A ProviderConfig needs a name.", mod: func(s *Spec) { s.ProviderConfigs = []ProviderConfig{{Kind: KindClusterProviderConfig}} },
			want: []string{"spec.providerConfigs[0].name: Required value"}},
		"ProviderConfigNamespaceRequired": {reason: "A namespaced ProviderConfig serves its own namespace, so it needs one.",
			mod:  func(s *Spec) { s.ProviderConfigs = []ProviderConfig{{Name: "a"}} },
			want: []string{"spec.providerConfigs[0].namespace: Required value"}},
		"ClusterProviderConfigNamespace": {reason: "A ClusterProviderConfig has no namespace.",
			mod: func(s *Spec) {
				s.ProviderConfigs = []ProviderConfig{{Kind: KindClusterProviderConfig, Name: "a", Namespace: "b"}}
			},
			want: []string{"spec.providerConfigs[0].namespace: Forbidden"}},
		"LegacyProviderConfigNamespace": {reason: "The legacy ProviderConfig is cluster-scoped.", api: v1beta1.APICluster,
			mod:  func(s *Spec) { s.ProviderConfigs = []ProviderConfig{{Name: "a", Namespace: "b"}} },
			want: []string{"spec.providerConfigs[0].namespace: Forbidden"}},
		"ProviderConfigDuplicate": {reason: "Two ProviderConfigs of one kind, namespace and name would be one object.",
			mod: func(s *Spec) {
				s.ProviderConfigs = []ProviderConfig{{Name: "a", Namespace: "b"}, {Name: "a", Namespace: "b"}}
			},
			want: []string{"spec.providerConfigs[1]: Duplicate value"}},
		"ChainRoleRequired": {reason: "Each link of a role chain is a role.",
			mod:  func(s *Spec) { s.ProviderConfigs = chain(AssumeRole{}) },
			want: []string{"spec.providerConfigs[0].assumeRoleChain[0].roleARN: Required value"}},
		"ChainRoleShape": {reason: "Each link of a role chain is a role ARN.",
			mod:  func(s *Spec) { s.ProviderConfigs = chain(AssumeRole{RoleARN: "arn:aws:iam::aws:policy/A"}) },
			want: []string{"spec.providerConfigs[0].assumeRoleChain[0].roleARN: Invalid value"}},
		"ChainExternalID": {reason: "STS external IDs have 2 to 1224 characters of [\\w+=,.@:/-].",
			mod: func(s *Spec) {
				s.ProviderConfigs = chain(AssumeRole{RoleARN: "arn:aws:iam::111122223333:role/r", ExternalID: "a b"})
			},
			want: []string{"spec.providerConfigs[0].assumeRoleChain[0].externalID: Invalid value"}},
		"ChainTagKeyRequired": {reason: "A session tag has a key.",
			mod: func(s *Spec) {
				s.ProviderConfigs = chain(AssumeRole{RoleARN: "arn:aws:iam::111122223333:role/r", Tags: []SessionTag{{Value: "v"}}})
			},
			want: []string{"spec.providerConfigs[0].assumeRoleChain[0].tags[0].key: Required value"}},
		"ChainTransitiveKey": {reason: "A transitive tag key must be one of the session's tags.",
			mod: func(s *Spec) {
				s.ProviderConfigs = chain(AssumeRole{RoleARN: "arn:aws:iam::111122223333:role/r", Tags: []SessionTag{{Key: "a", Value: "b"}}, TransitiveTagKeys: []string{"c"}})
			},
			want: []string{"spec.providerConfigs[0].assumeRoleChain[0].transitiveTagKeys[0]: Invalid value"}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			xr := &XPodIdentity{ObjectMeta: metav1.ObjectMeta{Name: "xr"}, Spec: Spec{ClusterName: "prod-eks", Region: "us-east-2"}}
			tc.mod(&xr.Spec)
			in := &v1beta1.Input{ManagedResources: v1beta1.ManagedResources{API: tc.api}, Guardrails: tc.guard}
			SetInputDefaults(in)
			SetDefaults(xr, in)
			if diff := cmp.Diff(tc.want, kinds(Validate(xr, in))); diff != "" {
				t.Errorf("%s\nerrors: -want, +got:\n%s", tc.reason, diff)
			}
		})
	}
}

func policyArns(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = "arn:aws:iam::aws:policy/P" + strings.Repeat("x", i)
	}
	return out
}

func tags(n int) map[string]string {
	out := make(map[string]string, n)
	for i := range n {
		out[strings.Repeat("k", i+1)] = "v"
	}
	return out
}

func chain(links ...AssumeRole) []ProviderConfig {
	return []ProviderConfig{{Kind: KindClusterProviderConfig, Name: "chained", AssumeRoleChain: links}}
}

func TestValidateCompactsDocuments(t *testing.T) {
	xr := &XPodIdentity{ObjectMeta: metav1.ObjectMeta{Name: "xr"}, Spec: Spec{ClusterName: "prod", Region: "us-east-2",
		Role: Role{InlinePolicies: []InlinePolicy{{Name: "a", Document: "{ \"Statement\": [ ] }"}}},
		Providers: []Provider{{Package: "xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0", Isolated: true,
			InlinePolicies: []InlinePolicy{{Name: "b", Document: "{\n\"Statement\": {}\n}"}}}},
	}}
	in := &v1beta1.Input{}
	SetInputDefaults(in)
	SetDefaults(xr, in)
	if errs := Validate(xr, in); len(errs) > 0 {
		t.Fatal(errs)
	}
	got := []string{xr.Spec.Role.InlinePolicies[0].Document, xr.Spec.Providers[0].InlinePolicies[0].Document}
	if diff := cmp.Diff([]string{`{"Statement":[]}`, `{"Statement":{}}`}, got); diff != "" {
		t.Errorf("validation normalises documents once, so that composing cannot fail: -want, +got:\n%s", diff)
	}
}

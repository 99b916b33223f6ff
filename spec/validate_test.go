package spec

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/crossplane-contrib/function-pod-identity/aws"
	"github.com/crossplane-contrib/function-pod-identity/input/v1beta1"
)

// allowS3 is a valid identity policy document.
const allowS3 = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`

func TestValidate(t *testing.T) {
	long := func(n int) string { return strings.Repeat("a", n) }
	quota := func(n int64) *int64 { return &n }
	cases := map[string]struct {
		reason string
		api    v1beta1.API
		guard  v1beta1.Guardrails
		quotas v1beta1.Quotas
		xrName string
		mod    func(*Spec)
		want   []string // "path: type" of every error
	}{
		"TrustScopes": {reason: "Every trust scope is valid with session tags.", mod: func(s *Spec) { s.Role.TrustScope = TrustScopeServiceAccount }},
		"PresetPathShared": {reason: "The shared role's presets are created under its path, which CreatePolicy must take.",
			mod: func(s *Spec) {
				s.Role.Path, s.Role.Permissions = "/team*a/", PermissionsPreset
				s.Providers = []Provider{{Package: "xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0"}}
			},
			want: []string{"spec.role.path: Invalid value"}},
		"PresetPathIsolated": {reason: "So are an isolated provider's presets, under the same path.",
			mod: func(s *Spec) {
				s.Role.Path = "/team*a/"
				s.Providers = []Provider{{Package: "xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0", Isolated: true, Permissions: PermissionsPreset}}
			},
			want: []string{"spec.role.path: Invalid value"}},
		"PresetPathLongest": {reason: "A path of the most characters IAM takes is checked as a policy path too.",
			mod: func(s *Spec) {
				s.Role.Path, s.Role.Permissions = "/"+long(aws.MaxPathLength-3)+"*/", PermissionsPreset
				s.Providers = []Provider{{Package: "xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0"}}
			},
			want: []string{"spec.role.path: Invalid value"}},
		"PathWithoutPresets": {reason: "Without presets no policy is created under the role's path: any path CreateRole takes will do.",
			mod: func(s *Spec) {
				s.Role.Path = "/team*a/"
				s.Providers = []Provider{{Package: "xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0", Isolated: true}}
			}},
		"PresetPathNoRolePath": {reason: "A path no role can have is reported once, as such.",
			mod: func(s *Spec) {
				s.Role.Path, s.Role.Permissions = "team", PermissionsPreset
				s.Providers = []Provider{{Package: "xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0"}}
			},
			want: []string{"spec.role.path: Invalid value"}},
		"PresetPathTooLong": {reason: "So is a path too long for any role.",
			mod: func(s *Spec) {
				s.Role.Path, s.Role.Permissions = "/"+long(aws.MaxPathLength-2)+"*/", PermissionsPreset
				s.Providers = []Provider{{Package: "xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0"}}
			},
			want: []string{"spec.role.path: Too long"}},
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
		"ISORegion": {reason: "us-iso-east-1 is in aws-iso, where EKS Pod Identity is not available: said so, not \"not a region\".",
			mod: func(s *Spec) { s.Region = "us-iso-east-1" }, want: []string{"spec.region: Invalid value"}},
		"SovereignCloud": {reason: "eusc-de-east-1 is a region of the European Sovereign Cloud, which has Pod Identity.",
			mod: func(s *Spec) { s.Region = "eusc-de-east-1" }},
		"SovereignCloudARNs": {reason: "ARNs there are of partition aws-eusc.",
			mod:  func(s *Spec) { s.Region = "eusc-de-east-1"; s.Role.PolicyArns = []string{"arn:aws:iam::aws:policy/A"} },
			want: []string{"spec.role.policyArns[0]: Invalid value"}},
		"NowhereRegion": {reason: "A string of a region's shape that no partition has is no region.", mod: func(s *Spec) { s.Region = "zz-nowhere-99" },
			want: []string{"spec.region: Invalid value"}},
		"ARNTooLong": {reason: "IAM ARNs have at most 2,048 characters.", mod: func(s *Spec) {
			s.Association.TargetRoleArn = "arn:aws:iam::123456789012:role/" + strings.Repeat("p/", 1010) + "r"
		}, want: []string{"spec.association.targetRoleArn: Too long"}},
		"TargetPermissionCounts": {reason: "The permission to assume the target role is an inline policy of the role, counted against IAM's 10,240 characters.",
			mod: func(s *Spec) {
				s.Association.TargetRoleArn = "arn:aws:iam::444455556666:role/t"
				s.Role.InlinePolicies = []InlinePolicy{{Name: "a", Document: `{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::` + long(10150) + `"}]}`}}
			},
			want: []string{"spec.role.inlinePolicies: Invalid value"}},
		"ChainTagFromEKS": {reason: "EKS passes kubernetes-namespace on to every role of the chain; STS refuses a link's tag with that key, in any case.",
			mod: func(s *Spec) {
				s.ProviderConfigs = chain(AssumeRole{RoleARN: "arn:aws:iam::111122223333:role/r", Tags: []SessionTag{{Key: "Kubernetes-Namespace", Value: "x"}}})
			},
			want: []string{"spec.providerConfigs[0].assumeRoleChain[0].tags[0].key: Invalid value"}},
		"ChainTagWithoutSessionTags": {reason: "Without EKS's session tags a link may use those keys.",
			mod: func(s *Spec) {
				s.Association.DisableSessionTags = true
				s.ProviderConfigs = chain(AssumeRole{RoleARN: "arn:aws:iam::111122223333:role/r", Tags: []SessionTag{{Key: "kubernetes-namespace", Value: "x"}}})
			}},
		"ChainTagFromAnEarlierLink": {reason: "A transitive tag of an earlier link is inherited too.",
			mod: func(s *Spec) {
				s.ProviderConfigs = chain(
					AssumeRole{RoleARN: "arn:aws:iam::111122223333:role/a", Tags: []SessionTag{{Key: "team", Value: "a"}}, TransitiveTagKeys: []string{"team"}},
					AssumeRole{RoleARN: "arn:aws:iam::111122223333:role/b", Tags: []SessionTag{{Key: "TEAM", Value: "b"}}})
			},
			want: []string{"spec.providerConfigs[0].assumeRoleChain[1].tags[0].key: Invalid value"}},
		"ChainSessionTagCase": {reason: "STS compares session tag keys without case.",
			mod: func(s *Spec) {
				s.ProviderConfigs = chain(AssumeRole{RoleARN: "arn:aws:iam::111122223333:role/r", Tags: []SessionTag{{Key: "a", Value: "1"}, {Key: "A", Value: "2"}}})
			},
			want: []string{"spec.providerConfigs[0].assumeRoleChain[0].tags[1].key: Invalid value"}},
		"ChainFiftySessionTags": {reason: "STS allows 50 session tags.",
			mod: func(s *Spec) {
				s.ProviderConfigs = chain(AssumeRole{RoleARN: "arn:aws:iam::111122223333:role/r", Tags: sessionTags(50)})
			}},
		"ChainFiftyOneSessionTags": {reason: "Not 51.",
			mod: func(s *Spec) {
				s.ProviderConfigs = chain(AssumeRole{RoleARN: "arn:aws:iam::111122223333:role/r", Tags: sessionTags(51)})
			},
			want: []string{"spec.providerConfigs[0].assumeRoleChain[0].tags: Too many"}},
		"XRNameTooLong": {reason: "Crossplane labels composed resources with the XR's name, at most 63 characters.", xrName: long(64), want: []string{"metadata.name: Too long"}},
		"XRNameLongest": {reason: "63 is fine.", xrName: long(63)},
		"GuardrailsActions": {reason: "Every action an inline policy allows must match allowedActions; Deny statements are not limited.",
			guard: v1beta1.Guardrails{AllowedActions: []string{"s3:Get*", "ec2:Describe*"}},
			mod: func(s *Spec) {
				s.Role.InlinePolicies = []InlinePolicy{{Name: "a", Document: `{"Statement":[{"Effect":"Allow","Action":["S3:GETOBJECT","iam:*"],"Resource":"*"},{"Effect":"Deny","Action":"*","Resource":"*"}]}`}}
			},
			want: []string{"spec.role.inlinePolicies[0].document.Statement[0].Action[1]: Invalid value"}},
		"GuardrailsNotAction": {reason: "Allow with NotAction allows everything else: refused under allowedActions.",
			guard: v1beta1.Guardrails{AllowedActions: []string{"s3:*"}},
			mod: func(s *Spec) {
				s.Providers = []Provider{{Package: "xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0", Isolated: true,
					InlinePolicies: []InlinePolicy{{Name: "a", Document: `{"Statement":{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}}`}}}}
			},
			want: []string{"spec.providers[0].inlinePolicies[0].document.Statement: Forbidden"}},
		"GuardrailsInlineBypass": {reason: "With allowedPolicyArns and no allowedActions, inline policies would bypass the guardrail: refused.",
			guard: v1beta1.Guardrails{AllowedPolicyArns: []string{"arn:aws:iam::aws:policy/*ReadOnlyAccess"}},
			mod:   func(s *Spec) { s.Role.InlinePolicies = []InlinePolicy{{Name: "a", Document: allowS3}} },
			want:  []string{"spec.role.inlinePolicies: Forbidden"}},
		"GuardrailsTargetPermission": {reason: "The permission the function adds for a target role is an inline policy too: allowedActions must admit it.",
			guard: v1beta1.Guardrails{AllowedActions: []string{"s3:*", "sts:AssumeRole"}},
			mod:   func(s *Spec) { s.Association.TargetRoleArn = "arn:aws:iam::444455556666:role/t" },
			want:  []string{"spec.association.targetRoleArn: Invalid value"}},
		"GuardrailsTargetPermissionAdmitted": {reason: "With allowedActions beside allowedPolicyArns, a target role whose permission the actions admit is fine.",
			guard: v1beta1.Guardrails{AllowedPolicyArns: []string{"arn:aws:iam::aws:policy/*"}, AllowedActions: []string{"sts:AssumeRole", "sts:TagSession"}},
			mod:   func(s *Spec) { s.Association.TargetRoleArn = "arn:aws:iam::444455556666:role/t" }},
		"GuardrailsBoundaryArns": {reason: "Only the platform's boundaries.",
			guard: v1beta1.Guardrails{AllowedPermissionsBoundaryArns: []string{"arn:aws:iam::123456789012:policy/boundaries/*"}},
			mod:   func(s *Spec) { s.Role.PermissionsBoundaryArn = "arn:aws:iam::aws:policy/AdministratorAccess" },
			want:  []string{"spec.role.permissionsBoundaryArn: Invalid value"}},
		"GuardrailsAccounts": {reason: "A target role and chain roles only in the platform's accounts.",
			guard: v1beta1.Guardrails{AllowedAccounts: []string{"1111222233??"}},
			mod: func(s *Spec) {
				s.Association.TargetRoleArn = "arn:aws:iam::999999999999:role/t"
				s.ProviderConfigs = chain(AssumeRole{RoleARN: "arn:aws:iam::111122223333:role/ok"}, AssumeRole{RoleARN: "arn:aws:iam::888888888888:role/no"})
			},
			want: []string{"spec.association.targetRoleArn: Invalid value", "spec.providerConfigs[0].assumeRoleChain[1].roleARN: Invalid value"}},
		"GuardrailsPackages": {reason: "Only the platform's packages.",
			guard: v1beta1.Guardrails{AllowedPackages: []string{"xpkg.upbound.io/upbound/provider-aws-*"}},
			mod: func(s *Spec) {
				s.Providers = []Provider{{Package: "xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0"}, {Package: "evil.example.com/x/provider-aws-s3:v1", Name: "other"}}
			},
			want: []string{"spec.providers[1].package: Invalid value"}},
		"GuardrailsProviderConfigs": {reason: "Only the platform's ProviderConfigs, by kind, namespace and name.",
			guard: v1beta1.Guardrails{AllowedProviderConfigs: []string{"ProviderConfig/team-a/*"}},
			mod: func(s *Spec) {
				s.ProviderConfigs = []ProviderConfig{{Kind: KindProviderConfig, Namespace: "team-a", Name: "x"}, {Kind: KindClusterProviderConfig, Name: "default"}}
			},
			want: []string{"spec.providerConfigs[1]: Invalid value"}},
		"GuardrailsTrustScope": {reason: "The platform may require narrowed trust policies.",
			guard: v1beta1.Guardrails{MinimumTrustScope: "Namespace"},
			mod:   func(s *Spec) { s.Role.TrustScope = TrustScopeCluster },
			want:  []string{"spec.role.trustScope: Invalid value"}},
		"GuardrailsTrustScopeMet": {reason: "A narrower scope than required is fine.",
			guard: v1beta1.Guardrails{MinimumTrustScope: "Namespace"},
			mod:   func(s *Spec) { s.Role.TrustScope = TrustScopeServiceAccount }},
		"GuardrailsTrustScopeExactlyMet": {reason: "The required scope itself is enough.",
			guard: v1beta1.Guardrails{MinimumTrustScope: "Namespace"},
			mod:   func(s *Spec) { s.Role.TrustScope = TrustScopeNamespace }},
		"GuardrailsRolesAllow": {reason: "Roles matching a pattern are allowed, the shared one and an isolated provider's, named after it; the name is compared without case, as IAM compares names.",
			guard: v1beta1.Guardrails{AllowedRoles: []string{"/crossplane/team-a-*"}},
			mod: func(s *Spec) {
				s.Role.Path, s.Role.Name = "/crossplane/", "TEAM-A-creds"
				s.Providers = []Provider{{Package: "xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0", Isolated: true}}
			}},
		"GuardrailsRolesAnyPath": {reason: "A pattern's path part is a glob too: '*/' admits any path.",
			guard: v1beta1.Guardrails{AllowedRoles: []string{"*/team-a-*"}},
			mod:   func(s *Spec) { s.Role.Path, s.Role.Name = "/a/b/", "team-a-x" }},
		"GuardrailsRolesDefaultPath": {reason: "No path is IAM's '/'.",
			guard: v1beta1.Guardrails{AllowedRoles: []string{"/team-a-*"}},
			mod:   func(s *Spec) { s.Role.Name = "team-a-x" }},
		"GuardrailsRolesDefaultName": {reason: "A default name is checked like a written one.",
			guard: v1beta1.Guardrails{AllowedRoles: []string{"/prod-eks-us-east-2-xr"}}},
		"GuardrailsRolesName": {reason: "An existing role of the account, such as OrganizationAccountAccessRole, would be taken over with its policies.",
			guard: v1beta1.Guardrails{AllowedRoles: []string{"/crossplane/team-a-*"}},
			mod:   func(s *Spec) { s.Role.Path, s.Role.Name = "/crossplane/", "OrganizationAccountAccessRole" },
			want:  []string{"spec.role.name: Invalid value"}},
		"GuardrailsRolesNameBehindPath": {reason: "A '*' of the pattern's name part does not reach into the path: /crossplane/team-a-x/Admin is the role Admin, which IAM finds under any path.",
			guard: v1beta1.Guardrails{AllowedRoles: []string{"/crossplane/team-a-*"}},
			mod:   func(s *Spec) { s.Role.Path, s.Role.Name = "/crossplane/team-a-x/", "Admin" },
			want:  []string{"spec.role.name: Invalid value"}},
		"GuardrailsRolesPath": {reason: "The path must match too, reported at the name with the path in front of it.",
			guard: v1beta1.Guardrails{AllowedRoles: []string{"/crossplane/team-a-*"}},
			mod:   func(s *Spec) { s.Role.Path, s.Role.Name = "/other/", "team-a-x" },
			want:  []string{"spec.role.name: Invalid value"}},
		"GuardrailsRolesPathCase": {reason: "Paths are compared with case, as IAM policies compare ARNs.",
			guard: v1beta1.Guardrails{AllowedRoles: []string{"/crossplane/*"}},
			mod:   func(s *Spec) { s.Role.Path, s.Role.Name = "/Crossplane/", "x" },
			want:  []string{"spec.role.name: Invalid value"}},
		"GuardrailsRolesDefaultNameRefused": {reason: "A default name outside the patterns is refused at spec.role.name.",
			guard: v1beta1.Guardrails{AllowedRoles: []string{"/team-a-*"}},
			want:  []string{"spec.role.name: Invalid value"}},
		"GuardrailsRolesIsolated": {reason: "An isolated provider's own role, <role name>-<provider>, is checked at the provider; a shared provider has no role of its own.",
			guard: v1beta1.Guardrails{AllowedRoles: []string{"/team-a", "/team-a-provider-aws-s3"}},
			mod: func(s *Spec) {
				s.Role.Name = "team-a"
				s.Providers = []Provider{
					{Package: "xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0", Isolated: true},
					{Package: "xpkg.upbound.io/upbound/provider-aws-ec2:v2.3.0", Isolated: true},
					{Package: "xpkg.upbound.io/upbound/provider-aws-sqs:v2.3.0"},
				}
			},
			want: []string{"spec.providers[1]: Invalid value"}},
		"GuardrailsRolesBadNameNotReported": {reason: "A role name IAM would refuse is reported once, as such.",
			guard: v1beta1.Guardrails{AllowedRoles: []string{"/team-a-*"}},
			mod: func(s *Spec) {
				s.Role.Name = "bad name"
				s.Providers = []Provider{{Package: "xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0", Isolated: true}}
			},
			want: []string{"spec.role.name: Invalid value"}},
		"GuardrailsRolesBadPathNotReported": {reason: "So is a path IAM would refuse.",
			guard: v1beta1.Guardrails{AllowedRoles: []string{"/team-a-*"}},
			mod:   func(s *Spec) { s.Role.Path, s.Role.Name = "crossplane", "team-b" },
			want:  []string{"spec.role.path: Invalid value"}},
		"GuardrailsRolesDerivedNameNotReported": {reason: "A default name derived from a bad cluster name is not reported again: the cluster name is.",
			guard: v1beta1.Guardrails{AllowedRoles: []string{"/team-a-*"}},
			mod:   func(s *Spec) { s.ClusterName = "" },
			want:  []string{"spec.clusterName: Required value"}},
		"GuardrailsRolesBadProviderNameNotReported": {reason: "An isolated role named after a bad provider name is not reported again: the provider name is.",
			guard: v1beta1.Guardrails{AllowedRoles: []string{"/team-a"}},
			mod: func(s *Spec) {
				s.Role.Name = "team-a"
				s.Providers = []Provider{{Package: "xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0", Name: "S3", Isolated: true}}
			},
			want: []string{"spec.providers[0].name: Invalid value"}},
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
		"TenPolicies":        {reason: "IAM's default quota is 10 managed policies per role.", mod: func(s *Spec) { s.Role.PolicyArns = policyArns(10) }},
		"ElevenPolicies":     {reason: "An eleventh fails with LimitExceeded unless the account's quota was raised.", mod: func(s *Spec) { s.Role.PolicyArns = policyArns(11) }, want: []string{"spec.role.policyArns: Invalid value"}},
		"TwentyWithQuota":    {reason: "With a raised quota, up to 20.", quotas: v1beta1.Quotas{ManagedPoliciesPerRole: quota(20)}, mod: func(s *Spec) { s.Role.PolicyArns = policyArns(20) }},
		"TwentyOneWithQuota": {reason: "Not past the quota.", quotas: v1beta1.Quotas{ManagedPoliciesPerRole: quota(20)}, mod: func(s *Spec) { s.Role.PolicyArns = policyArns(21) }, want: []string{"spec.role.policyArns: Invalid value"}},
		"IsolatedQuota": {reason: "The quota applies to an isolated provider's role too.",
			mod: func(s *Spec) {
				s.Providers = []Provider{{Package: "xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0", Isolated: true, PolicyArns: policyArns(11)}}
			},
			want: []string{"spec.providers[0].policyArns: Invalid value"}},
		"InlineNameRequired": {reason: "An inline policy needs a name.", mod: func(s *Spec) { s.Role.InlinePolicies = []InlinePolicy{{Document: allowS3}} }, want: []string{"spec.role.inlinePolicies[0].name: Required value"}},
		"InlineNameDuplicate": {reason: "Inline policy names are unique in a role.", mod: func(s *Spec) {
			s.Role.InlinePolicies = []InlinePolicy{{Name: "a", Document: allowS3}, {Name: "a", Document: allowS3}}
		}, want: []string{"spec.role.inlinePolicies[1].name: Duplicate value"}},
		"InlineNotJSON": {reason: "An inline policy is JSON.", mod: func(s *Spec) { s.Role.InlinePolicies = []InlinePolicy{{Name: "a", Document: `{"Statement":`}} }, want: []string{"spec.role.inlinePolicies[0].document: Invalid value"}},
		"InlineNoStatement": {reason: "A policy document has a Statement.", mod: func(s *Spec) {
			s.Role.InlinePolicies = []InlinePolicy{{Name: "a", Document: `{"Version":"2012-10-17"}`}}
		}, want: []string{"spec.role.inlinePolicies[0].document.Statement: Required value"}},
		"InlineBadVersion": {reason: "Only IAM's policy language versions.", mod: func(s *Spec) {
			s.Role.InlinePolicies = []InlinePolicy{{Name: "a", Document: strings.Replace(allowS3, "2012-10-17", "2020-01-01", 1)}}
		}, want: []string{"spec.role.inlinePolicies[0].document.Version: Invalid value"}},
		"InlineVersion2008": {reason: "The earlier language version is IAM's too.", mod: func(s *Spec) {
			s.Role.InlinePolicies = []InlinePolicy{{Name: "a", Document: strings.Replace(allowS3, "2012-10-17", "2008-10-17", 1)}}
		}},
		"InlineGrammar": {reason: "Each statement as IAM checks it: an Effect of Allow or Deny, no Principal in an identity policy; every problem named by its place.", mod: func(s *Spec) {
			s.Role.InlinePolicies = []InlinePolicy{{Name: "a", Document: `{"Statement":[{"Effect":"Maybe","Principal":"*","Action":"s3:*","Resource":"*"}]}`}}
		}, want: []string{"spec.role.inlinePolicies[0].document.Statement[0].Effect: Invalid value", "spec.role.inlinePolicies[0].document.Statement[0].Principal: Forbidden"}},
		"InlineDuplicateKey": {reason: "A document with a key twice, of which JSON decoders keep only the last, is refused.", mod: func(s *Spec) {
			s.Role.InlinePolicies = []InlinePolicy{{Name: "a", Document: `{"Statement":{"Effect":"Deny","Action":"*","Resource":"*"},"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`}}
		}, want: []string{"spec.role.inlinePolicies[0].document.Statement: Invalid value"}},
		"InlineDocRequired": {reason: "An inline policy needs a document.", mod: func(s *Spec) { s.Role.InlinePolicies = []InlinePolicy{{Name: "a"}} }, want: []string{"spec.role.inlinePolicies[0].document: Required value"}},
		"InlineTooLarge": {reason: "A role's inline policies have at most 10240 characters without whitespace.",
			mod: func(s *Spec) {
				s.Role.InlinePolicies = []InlinePolicy{{Name: "a", Document: `{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::` + long(10240) + `"}]}`}}
			},
			want: []string{"spec.role.inlinePolicies: Invalid value"}},
		"TagReservedPrefix": {reason: "aws: tags are AWS's.", mod: func(s *Spec) { s.Role.Tags = map[string]string{"aws:owner": "me"} }, want: []string{"spec.role.tags[aws:owner]: Invalid value"}},
		"TagKeyTooLong":     {reason: "Tag keys have at most 128 characters; a long key is shown clipped and quoted.", mod: func(s *Spec) { s.Role.Tags = map[string]string{long(129): "v"} }, want: []string{`spec.role.tags["` + long(64) + `..."]: Too long`}},
		"TagKeyForgesLines": {reason: "A tag key cannot forge another line into a message: it is quoted.", mod: func(s *Spec) { s.Role.Tags = map[string]string{"a\nspec.x: Forbidden": "v"} },
			want: []string{`spec.role.tags["a\nspec.x: Forbidden"]: Invalid value`}},
		"TagValueTooLong":   {reason: "Tag values have at most 256 characters.", mod: func(s *Spec) { s.Association.Tags = map[string]string{"k": long(257)} }, want: []string{"spec.association.tags[k]: Too long"}},
		"TagCharacters":     {reason: "Tags hold letters, digits, spaces and _.:/=+-@.", mod: func(s *Spec) { s.Role.Tags = map[string]string{"k": "a;b"} }, want: []string{"spec.role.tags[k]: Invalid value"}},
		"FortySevenTags":    {reason: "47 tags fit beside the 3 provider-aws adds.", mod: func(s *Spec) { s.Role.Tags = tags(47) }},
		"FortyEightTags":    {reason: "48 would make 51 in AWS.", mod: func(s *Spec) { s.Role.Tags = tags(48) }, want: []string{"spec.role.tags: Invalid value"}},
		"AssociationTags48": {reason: "The association is tagged by provider-aws too.", mod: func(s *Spec) { s.Association.Tags = tags(48) }, want: []string{"spec.association.tags: Invalid value"}},
		"TagCaseDuplicate":  {reason: "IAM tag keys are case-insensitive: Team and team are one tag.", mod: func(s *Spec) { s.Role.Tags = map[string]string{"Team": "a", "team": "b"} }, want: []string{"spec.role.tags[team]: Duplicate value"}},
		"AssociationTagCase": {reason: "EKS tag keys are case-sensitive: on the association Team and team are two tags.",
			mod: func(s *Spec) { s.Association.Tags = map[string]string{"Team": "a", "team": "b"} }},
		"ProviderTagOnRole": {reason: "provider-aws sets crossplane-name itself; on a role any case of it is the same tag.",
			mod: func(s *Spec) { s.Role.Tags = map[string]string{"Crossplane-Name": "x"} }, want: []string{"spec.role.tags[Crossplane-Name]: Invalid value"}},
		"ProviderTagOnAssociation": {reason: "On the association only the exact key collides.",
			mod: func(s *Spec) { s.Association.Tags = map[string]string{"crossplane-kind": "x", "Crossplane-Kind": "y"} }, want: []string{"spec.association.tags[crossplane-kind]: Invalid value"}},
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
			if tc.xrName != "" {
				xr.Name = tc.xrName
			}
			if tc.mod != nil {
				tc.mod(&xr.Spec)
			}
			in := &v1beta1.Input{ManagedResources: v1beta1.ManagedResources{API: tc.api}, Guardrails: tc.guard, Quotas: tc.quotas}
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
		Role: Role{InlinePolicies: []InlinePolicy{{Name: "a", Document: "{ \"Statement\": {\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\"} }"}}},
		Providers: []Provider{{Package: "xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0", Isolated: true,
			InlinePolicies: []InlinePolicy{{Name: "b", Document: "{\n\"Statement\": [{\"Effect\": \"Deny\",\n\"Action\": \"*\", \"Resource\": \"*\"}]\n}"}}}},
	}}
	in := &v1beta1.Input{}
	SetInputDefaults(in)
	SetDefaults(xr, in)
	if errs := Validate(xr, in); len(errs) > 0 {
		t.Fatal(errs)
	}
	got := []string{xr.Spec.Role.InlinePolicies[0].Document, xr.Spec.Providers[0].InlinePolicies[0].Document}
	if diff := cmp.Diff([]string{`{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}`, `{"Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}`}, got); diff != "" {
		t.Errorf("validation normalises documents once, so that composing cannot fail: -want, +got:\n%s", diff)
	}
}

func sessionTags(n int) []SessionTag {
	out := make([]SessionTag, n)
	for i := range out {
		out[i] = SessionTag{Key: "k" + strings.Repeat("x", i), Value: "v"}
	}
	return out
}

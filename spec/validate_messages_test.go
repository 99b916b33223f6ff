package spec

import (
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/crossplane-contrib/function-pod-identity/aws"
	"github.com/crossplane-contrib/function-pod-identity/input/v1beta1"
)

// TestValidateMessages pins the words of the problems whose numbers or
// values are computed, where "which field, which type" says too little.
func TestValidateMessages(t *testing.T) {
	const target = "arn:aws:iam::444455556666:role/t"
	generated := len(aws.TargetRolePermission(target))
	cases := map[string]struct {
		reason string
		guard  v1beta1.Guardrails
		mod    func(*Spec)
		want   []string
	}{
		"InlineBudget": {
			reason: "Past the budget the message says the budget.",
			mod: func(s *Spec) {
				s.Role.InlinePolicies = []InlinePolicy{{Name: "a", Document: policyOfSize(t, aws.MaxInlinePoliciesSize+1)}}
			},
			want: []string{`spec.role.inlinePolicies: Invalid value: "10241 characters": IAM allows at most 10240 characters of inline policy documents per role, not counting whitespace`},
		},
		"InlineBudgetWithTheTargetRole": {
			reason: "The permission to assume the target role is an inline policy the function writes: the message says how much of the budget it takes.",
			mod: func(s *Spec) {
				s.Association.TargetRoleArn = target
				s.Role.InlinePolicies = []InlinePolicy{{Name: "a", Document: policyOfSize(t, aws.MaxInlinePoliciesSize-generated+1)}}
			},
			want: []string{`spec.role.inlinePolicies: Invalid value: "10241 characters": IAM allows at most 10240 characters of inline policy documents per role, not counting whitespace, ` +
				strconv.Itoa(generated) + " of them the permission to assume spec.association.targetRoleArn"},
		},
		"DocumentNotJSON": {
			reason: "A problem of the document as a whole shows the document.",
			mod:    func(s *Spec) { s.Role.InlinePolicies = []InlinePolicy{{Name: "a", Document: `{"Statement":`}} },
			want:   []string{`spec.role.inlinePolicies[0].document: Invalid value: "{\"Statement\":": is not JSON: unexpected end of JSON input (at byte 13)`},
		},
		"TooManyTags": {
			reason: "The message says how many tags are the user's and why.",
			mod:    func(s *Spec) { s.Role.Tags = tags(aws.MaxUserTags + 1) },
			want:   []string{`spec.role.tags: Invalid value: "48 tags": at most 47: AWS allows 50, and provider-aws adds 3 of its own`},
		},
		"PresetsOverTheQuota": {
			reason: "The message counts the preset's policies, the role's own and their sum.",
			mod: func(s *Spec) {
				s.Role.Permissions = PermissionsPreset
				s.Role.PolicyArns = policyArns(aws.DefaultManagedPoliciesPerRole)
				s.Providers = []Provider{{Package: "xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0"}}
			},
			want: []string{`spec.role.permissions: Invalid value: "1 preset policies": with the role's 10 managed policies they make 11, more than the 10 the account lets a role have attached ` +
				"(input.quotas.managedPoliciesPerRole); isolate some providers, or raise the quota"},
		},
		"ChainProvider": {
			reason: "A provider the chain itself needs is refused, naming it and why.",
			mod:    func(s *Spec) { s.Providers = []Provider{{Package: "xpkg.upbound.io/upbound/provider-aws-iam:v2.5.0"}} },
			want: []string{"spec.providers[0].package: Forbidden: provider-aws-iam cannot be installed by an XPodIdentity: it manages the IAM role and policies of this XR, " +
				"so it must already run, with the bootstrap credentials of input.managedResources.providerConfigRef, before the XR is created, and outlive it; install it beside Crossplane instead"},
		},
		"GuardrailPatternsShown": {
			reason: "A guardrail's patterns are repeated, the first few, then how many more.",
			guard:  v1beta1.Guardrails{AllowedPolicyArns: []string{"p1", "p2", "p3", "p4", "p5", "p6", "p7"}},
			mod:    func(s *Spec) { s.Role.PolicyArns = []string{"arn:aws:iam::aws:policy/A"} },
			want: []string{`spec.role.policyArns[0]: Invalid value: "arn:aws:iam::aws:policy/A": is not allowed by the platform's guardrails ` +
				"(input.guardrails.allowedPolicyArns: p1, p2, p3, p4, p5, and 2 more)"},
		},
		"GuardrailPatternsAllShown": {
			reason: "As many as are shown: no count of more.",
			guard:  v1beta1.Guardrails{AllowedPolicyArns: []string{"p1", "p2", "p3", "p4", "p5"}},
			mod:    func(s *Spec) { s.Role.PolicyArns = []string{"arn:aws:iam::aws:policy/A"} },
			want: []string{`spec.role.policyArns[0]: Invalid value: "arn:aws:iam::aws:policy/A": is not allowed by the platform's guardrails ` +
				"(input.guardrails.allowedPolicyArns: p1, p2, p3, p4, p5)"},
		},
		"GuardrailRoleNoPath": {
			reason: "A role without a path is under IAM's '/', and the message shows it so.",
			guard:  v1beta1.Guardrails{AllowedRoles: []string{"/crossplane/team-a-*"}},
			mod:    func(s *Spec) { s.Role.Name = "OrganizationAccountAccessRole" },
			want: []string{`spec.role.name: Invalid value: "/OrganizationAccountAccessRole": the role's path and name are not allowed by the platform's guardrails ` +
				"(input.guardrails.allowedRoles: /crossplane/team-a-*)"},
		},
		"GuardrailRoleDefaultName": {
			reason: "A default name says where it comes from.",
			guard:  v1beta1.Guardrails{AllowedRoles: []string{"/team-a-*"}},
			mod:    func(s *Spec) { s.Role.Path = "/crossplane/" },
			want: []string{`spec.role.name: Invalid value: "/crossplane/prod-eks-us-east-2-xr": the role's path and default name, <clusterName>-<region>-<XR name>, are not allowed by the platform's guardrails ` +
				"(input.guardrails.allowedRoles: /team-a-*)"},
		},
		"GuardrailIsolatedRole": {
			reason: "An isolated provider's role says how it is named.",
			guard:  v1beta1.Guardrails{AllowedRoles: []string{"/team-a"}},
			mod: func(s *Spec) {
				s.Role.Name = "team-a"
				s.Providers = []Provider{{Package: "xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0", Isolated: true}}
			},
			want: []string{`spec.providers[0]: Invalid value: "/team-a-provider-aws-s3": the path and name of the provider's own role, <spec.role.name>-<provider name> under spec.role.path, ` +
				"are not allowed by the platform's guardrails (input.guardrails.allowedRoles: /team-a)"},
		},
		"GuardrailRoleLongestName": {
			reason: "A name of IAM's 64 characters is checked.",
			guard:  v1beta1.Guardrails{AllowedRoles: []string{"/team-a-*"}},
			mod:    func(s *Spec) { s.Role.Name = strings.Repeat("r", aws.MaxRoleNameLength) },
			want: []string{`spec.role.name: Invalid value: "/` + strings.Repeat("r", 63) + `...": the role's path and name are not allowed by the platform's guardrails ` +
				"(input.guardrails.allowedRoles: /team-a-*)"},
		},
		"GuardrailRoleLongestPath": {
			reason: "So is a path of IAM's 512 characters.",
			guard:  v1beta1.Guardrails{AllowedRoles: []string{"/team-a-*"}},
			mod:    func(s *Spec) { s.Role.Path, s.Role.Name = "/"+strings.Repeat("p", aws.MaxPathLength-2)+"/", "team-a-x" },
			want: []string{`spec.role.name: Invalid value: "/` + strings.Repeat("p", 63) + `...": the role's path and name are not allowed by the platform's guardrails ` +
				"(input.guardrails.allowedRoles: /team-a-*)"},
		},
		"GuardrailRoleLongestClusterName": {
			reason: "And a default name from a cluster name of EKS's 100 characters, shortened.",
			guard:  v1beta1.Guardrails{AllowedRoles: []string{"/team-a-*"}},
			mod:    func(s *Spec) { s.ClusterName = strings.Repeat("c", aws.MaxClusterNameLength) },
			want: []string{`spec.role.name: Invalid value: "` + clip("/"+DefaultRoleName(strings.Repeat("c", aws.MaxClusterNameLength), "us-east-2", "xr")) +
				`": the role's path and default name, <clusterName>-<region>-<XR name>, are not allowed by the platform's guardrails (input.guardrails.allowedRoles: /team-a-*)`},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			xr := &XPodIdentity{ObjectMeta: metav1.ObjectMeta{Name: "xr"}, Spec: Spec{ClusterName: "prod-eks", Region: "us-east-2"}}
			tc.mod(&xr.Spec)
			in := &v1beta1.Input{Guardrails: tc.guard}
			SetInputDefaults(in)
			SetDefaults(xr, in)
			if diff := cmp.Diff(tc.want, messages(Validate(xr, in))); diff != "" {
				t.Errorf("%s\n-want, +got:\n%s", tc.reason, strings.ReplaceAll(diff, "\\n", "\n"))
			}
		})
	}
}

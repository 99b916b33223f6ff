package spec

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/crossplane-contrib/function-pod-identity/input/v1beta1"
	"github.com/crossplane-contrib/function-pod-identity/presets"
)

func TestPermissions(t *testing.T) {
	const s3, sqs = "xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0", "xpkg.upbound.io/upbound/provider-aws-sqs:v2.3.0"
	quota := func(n int64) *int64 { return &n }
	// The twenty families whose presets are largest: the most one role can
	// have with a raised quota. iam and eks serve the XR's own chain, so no
	// XR installs them.
	all := slices.DeleteFunc(presets.All(), func(p presets.Preset) bool { return p.Empty() || p.Family == "iam" || p.Family == "eks" })
	slices.SortFunc(all, func(a, b presets.Preset) int {
		pa, _ := a.Policies(presets.MaxManagedPolicySize)
		pb, _ := b.Policies(presets.MaxManagedPolicySize)
		return len(pb[0].Document.String()) - len(pa[0].Document.String())
	})
	var largest []Provider
	for _, p := range all {
		if len(largest) < 20 {
			largest = append(largest, Provider{Package: "xpkg.upbound.io/upbound/" + p.Package + ":v2.5.0"})
		}
	}
	cases := map[string]struct {
		reason string
		spec   Spec
		guard  v1beta1.Guardrails
		quotas v1beta1.Quotas
		want   []string
	}{
		"IsolatedPreset": {reason: "An isolated provider of a known family gets its preset.",
			spec: Spec{Providers: []Provider{{Package: s3, Isolated: true, Permissions: PermissionsPreset}}}},
		"SharedPreset": {reason: "The shared role gets its shared providers' presets.",
			spec: Spec{Role: Role{Permissions: PermissionsPreset}, Providers: []Provider{{Package: s3}, {Package: sqs}}}},
		"PresetOnASharedProvider": {reason: "A shared provider's permissions are the shared role's.",
			spec: Spec{Providers: []Provider{{Package: s3, Permissions: PermissionsPreset}}},
			want: []string{"spec.providers[0].permissions: Forbidden"}},
		"UnknownFamily": {reason: "A family the table does not have is named; permissions None remains possible.",
			spec: Spec{Providers: []Provider{{Package: "xpkg.upbound.io/upbound/provider-aws-nosuchservice:v2.3.0", Isolated: true, Permissions: PermissionsPreset}}},
			want: []string{"spec.providers[0].package: Invalid value"}},
		"UnknownFamilyOnTheSharedRole": {reason: "Every shared provider needs a preset when the shared role asks for them.",
			spec: Spec{Role: Role{Permissions: PermissionsPreset}, Providers: []Provider{{Package: s3}, {Package: "example.com/x/provider-kubernetes:v1"}}},
			want: []string{"spec.providers[1].package: Invalid value"}},
		"UnknownPermissions": {reason: "Only None and Preset.", spec: Spec{Role: Role{Permissions: "Admin"}}, want: []string{"spec.role.permissions: Unsupported value"}},
		"QuotaWithOwnPolicies": {reason: "Preset policies count against the managed-policy quota with the role's own.",
			spec: Spec{Providers: []Provider{{Package: s3, Isolated: true, Permissions: PermissionsPreset, PolicyArns: policyArns(10)}}},
			want: []string{"spec.providers[0].permissions: Invalid value"}},
		"LargestFamilySet": {reason: "The twenty largest presets on one role fit IAM's limits with a quota of 20.",
			spec:   Spec{Role: Role{Permissions: PermissionsPreset}, Providers: largest},
			quotas: v1beta1.Quotas{ManagedPoliciesPerRole: quota(20)}},
		"GuardrailAdmits": {reason: "allowedActions admits the preset's actions.",
			spec:  Spec{Providers: []Provider{{Package: sqs, Isolated: true, Permissions: PermissionsPreset}}},
			guard: v1beta1.Guardrails{AllowedActions: []string{"sqs:*"}}},
		"GuardrailRefuses": {reason: "Guardrails apply to presets like any other policy.",
			spec:  Spec{Providers: []Provider{{Package: sqs, Isolated: true, Permissions: PermissionsPreset}}},
			guard: v1beta1.Guardrails{AllowedActions: []string{"s3:*"}},
			want:  []string{"spec.providers[0].permissions: Invalid value"}},
		"GuardrailManagedOnly": {reason: "With only allowedPolicyArns, presets, which grant whole services, are refused.",
			spec:  Spec{Role: Role{Permissions: PermissionsPreset}, Providers: []Provider{{Package: sqs}}},
			guard: v1beta1.Guardrails{AllowedPolicyArns: []string{"arn:aws:iam::aws:policy/*"}},
			want:  []string{"spec.role.permissions: Forbidden"}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			tc.spec.ClusterName, tc.spec.Region = "prod", "us-east-2"
			xr := &XPodIdentity{ObjectMeta: metav1.ObjectMeta{Name: "xr"}, Spec: tc.spec}
			in := &v1beta1.Input{Guardrails: tc.guard, Quotas: tc.quotas}
			SetInputDefaults(in)
			SetDefaults(xr, in)
			if diff := cmp.Diff(tc.want, kinds(Validate(xr, in))); diff != "" {
				t.Errorf("%s\n-want, +got:\n%s", tc.reason, diff)
			}
		})
	}
}

func TestRolePresets(t *testing.T) {
	s := &Spec{Role: Role{Permissions: PermissionsPreset}, Providers: []Provider{
		{Package: "xpkg.upbound.io/upbound/provider-aws-sqs:v2.3.0"},
		{Package: "registry.example.com/mirror/provider-aws-ec2:v2.4.0"},
		{Package: "xpkg.upbound.io/upbound/provider-aws-sqs:v2.5.0", Name: "again"},
		{Package: "xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0", Isolated: true, Permissions: PermissionsPreset},
	}}
	families := func(ps []presets.Preset) []string {
		out := make([]string, 0, len(ps))
		for _, p := range ps {
			out = append(out, p.Family)
		}
		return out
	}
	if diff := cmp.Diff([]string{"ec2", "sqs"}, families(s.RolePresets(nil))); diff != "" {
		t.Errorf("the shared role: each shared family once, in order of family, whatever the registry: -want, +got:\n%s", diff)
	}
	if diff := cmp.Diff([]string{"s3"}, families(s.RolePresets(&s.Providers[3]))); diff != "" {
		t.Errorf("an isolated role: its own family: -want, +got:\n%s", diff)
	}
	s.Role.Permissions = PermissionsNone
	if got := s.RolePresets(nil); len(got) != 0 {
		t.Errorf("permissions None: no presets, got %v", families(got))
	}
}

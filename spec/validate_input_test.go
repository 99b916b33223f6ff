package spec

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/types/known/structpb"
)

func TestValidateInput(t *testing.T) {
	const header = "apiVersion: podidentity.fn.crossplane.io/v1beta1\nkind: Input\n"
	cases := map[string]struct {
		reason string
		in     string
		errs   []string
	}{
		"NoInput":  {reason: "Without an Input the defaults apply, and they are valid."},
		"Complete": {reason: "Every field set right.", in: header + "managedResources: {api: Cluster, namespace: aws, deletionPolicy: Orphan, providerConfigRef: {name: bootstrap}}\nguardrails: {allowedPolicyArns: [a], requirePermissionsBoundary: true}"},
		"LegacyClusterProviderConfig": {
			reason: "The legacy API has no ClusterProviderConfig to bootstrap from.",
			in:     header + "managedResources: {api: Cluster, providerConfigRef: {kind: ClusterProviderConfig, name: a}}",
			errs:   []string{"input.managedResources.providerConfigRef.kind: Unsupported value"},
		},
		"RefKind": {
			reason: "Only provider-aws's ProviderConfig kinds.",
			in:     header + "managedResources: {providerConfigRef: {kind: Secret, name: a}}",
			errs:   []string{"input.managedResources.providerConfigRef.kind: Unsupported value"},
		},
		"RefNameRequired": {
			reason: "A reference names something.",
			in:     header + "managedResources: {providerConfigRef: {kind: ProviderConfig}}",
			errs:   []string{"input.managedResources.providerConfigRef.name: Required value"},
		},
		"Namespace": {
			reason: "Namespaces are DNS labels.",
			in:     header + "managedResources: {namespace: Crossplane}",
			errs:   []string{"input.managedResources.namespace: Invalid value"},
		},
		"Enums": {
			reason: "api and deletionPolicy have their values.",
			in:     header + "managedResources: {api: Regional, deletionPolicy: Keep}",
			errs:   []string{"input.managedResources.api: Unsupported value", "input.managedResources.deletionPolicy: Unsupported value"},
		},
		"EmptyPattern": {
			reason: "An empty pattern allows nothing, which is surely a mistake.",
			in:     header + "guardrails: {allowedPolicyArns: ['']}",
			errs:   []string{"input.guardrails.allowedPolicyArns[0]: Invalid value"},
		},
		"NewGuardrails": {
			reason: "Every guardrail and the quota set right.",
			in: header + "guardrails: {allowedActions: ['s3:*'], allowedPermissionsBoundaryArns: [b], allowedAccounts: ['111122223333'], allowedPackages: [p], allowedProviderConfigs: [c], allowedRoles: ['/crossplane/team-a-*', '*/x'], minimumTrustScope: Cluster}\n" +
				"quotas: {managedPoliciesPerRole: 20}",
		},
		"EmptyPatterns": {
			reason: "An empty pattern of any guardrail allows nothing.",
			in:     header + "guardrails: {allowedActions: [''], allowedAccounts: ['', x]}",
			errs:   []string{"input.guardrails.allowedActions[0]: Invalid value", "input.guardrails.allowedAccounts[0]: Invalid value"},
		},
		"RolePatterns": {
			reason: "A role pattern is a path followed by a name: without a '/', or with nothing after the last, it could match no role.",
			in:     header + "guardrails: {allowedRoles: ['team-a-*', '/crossplane/', '', '/ok-*']}",
			errs:   []string{"input.guardrails.allowedRoles[2]: Invalid value", "input.guardrails.allowedRoles[0]: Invalid value", "input.guardrails.allowedRoles[1]: Invalid value"},
		},
		"TrustScopeUnknown": {
			reason: "Only the four scopes.",
			in:     header + "guardrails: {minimumTrustScope: Account}",
			errs:   []string{"input.guardrails.minimumTrustScope: Unsupported value"},
		},
		"QuotaPastIAMs": {
			reason: "IAM allows at most 20 managed policies per role, whatever the quota.",
			in:     header + "quotas: {managedPoliciesPerRole: 21}",
			errs:   []string{"input.quotas.managedPoliciesPerRole: Invalid value"},
		},
		"AnotherFunctionsInput": {
			reason: "Another function's Input is named, not taken for ours.",
			in:     "apiVersion: pt.fn.crossplane.io/v1beta1\nkind: Resources",
			errs:   []string{"input.apiVersion: Unsupported value", "input.kind: Unsupported value"},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			var raw *structpb.Struct
			if tc.in != "" {
				raw = fromYAML(t, tc.in)
			}
			in, errs := ReadInput(raw)
			if len(errs) > 0 {
				t.Fatalf("bad test Input: %v", errs)
			}
			SetInputDefaults(in)
			if diff := cmp.Diff(tc.errs, kinds(ValidateInput(in))); diff != "" {
				t.Errorf("%s\nerrors: -want, +got:\n%s", tc.reason, diff)
			}
		})
	}
}

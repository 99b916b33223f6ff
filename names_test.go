package main

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDefaultRoleName(t *testing.T) {
	cases := map[string]struct {
		reason      string
		cluster, xr string
		want        string
	}{
		"Short": {reason: "A name that fits is the cluster and the XR.", cluster: "prod", xr: "crossplane", want: "prod-crossplane"},
		"Long": {
			reason:  "A name longer than IAM's 64 characters keeps a readable prefix and a hash of the whole, never an error.",
			cluster: "production-eu-central-1-platform", xr: "crossplane-aws-providers-for-team-payments",
			want: "production-eu-central-1-platform-crossplane-aws-provide-f07665d4",
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			got := defaultRoleName(tc.cluster, tc.xr)
			if got != tc.want {
				t.Errorf("%s\nwant %q, got %q", tc.reason, tc.want, got)
			}
			if len(got) > maxRoleNameLength || !iamNameRE.MatchString(got) {
				t.Errorf("%s\n%q is not a valid IAM role name", tc.reason, got)
			}
		})
	}
	a := defaultRoleName(strings.Repeat("c", 60), "xr-a")
	b := defaultRoleName(strings.Repeat("c", 60), "xr-b")
	if a == b {
		t.Errorf("two long names with one prefix must still differ, both are %q", a)
	}
}

func TestResourceNames(t *testing.T) {
	cases := map[string]struct {
		reason string
		got    string
		want   string
	}{
		"AttachmentFromARN": {
			reason: "An attachment is named after its policy's name and a hash of the ARN, never its position.",
			got:    string(policyAttachmentResource("arn:aws:iam::aws:policy/AmazonS3FullAccess")),
			want:   "policy-attachment-amazons3fullaccess-" + hashOf("arn:aws:iam::aws:policy/AmazonS3FullAccess"),
		},
		"AttachmentPinned": {
			reason: "The hash is SHA-256; changing it would rename every attachment in every cluster.",
			got:    hashOf("arn:aws:iam::aws:policy/AmazonS3FullAccess"),
			want:   "9471f314",
		},
		"AttachmentLongPolicyName": {
			reason: "Long policy names are cut to a readable length.",
			got:    string(policyAttachmentResource("arn:aws:iam::123456789012:policy/" + strings.Repeat("Very", 30))),
			want:   "policy-attachment-" + strings.Repeat("very", 10) + "-" + hashOf("arn:aws:iam::123456789012:policy/"+strings.Repeat("Very", 30)),
		},
		"InlinePolicy": {
			reason: "Inline policies are named after their name.",
			got:    string(inlinePolicyResource("Assume_Team.A")),
			want:   "inline-policy-assume-team-a-" + hashOf("Assume_Team.A"),
		},
		"NamespacedProviderConfig": {reason: "Kind, namespace and name make a ProviderConfig unique.", got: string(providerConfigResource(ProviderConfigSpec{Kind: "ProviderConfig", Name: "default", Namespace: "default"})), want: "providerconfig-default-default"},
		"ClusterProviderConfig":    {reason: "A cluster-scoped one has no namespace.", got: string(providerConfigResource(ProviderConfigSpec{Kind: "ClusterProviderConfig", Name: "default"})), want: "clusterproviderconfig-default"},
		"SlugOfSymbols":            {reason: "Only symbols leave the hash.", got: contentName("+=,.", "x"), want: hashOf("x")},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, tc.got); diff != "" {
				t.Errorf("%s\n-want, +got:\n%s", tc.reason, diff)
			}
		})
	}
}

package compose

import (
	"strings"
	"testing"

	"github.com/crossplane/function-sdk-go/resource"
	"github.com/google/go-cmp/cmp"

	"github.com/crossplane-contrib/function-pod-identity/spec"
)

func TestResourceNames(t *testing.T) {
	cases := map[string]struct {
		reason string
		got    resource.Name
		want   resource.Name
	}{
		"AttachmentFromARN": {
			reason: "An attachment is named after its policy's name and a hash of the ARN, never its position.",
			got:    PolicyAttachmentResource("arn:aws:iam::aws:policy/AmazonS3FullAccess"),
			want:   "policy-attachment-amazons3fullaccess-9471f314",
		},
		"AttachmentLongPolicyName": {
			reason: "Long policy names are cut to a readable length.",
			got:    PolicyAttachmentResource("arn:aws:iam::123456789012:policy/" + strings.Repeat("Very", 30)),
			want:   resource.Name("policy-attachment-" + strings.Repeat("very", 10) + "-" + spec.Hash("arn:aws:iam::123456789012:policy/"+strings.Repeat("Very", 30))),
		},
		"InlinePolicy": {
			reason: "Inline policies are named after their name.",
			got:    InlinePolicyResource("Assume_Team.A"),
			want:   resource.Name("inline-policy-assume-team-a-" + spec.Hash("Assume_Team.A")),
		},
		"InlineSymbolsOnly": {
			reason: "A name of symbols only leaves the hash.",
			got:    InlinePolicyResource("+=,."),
			want:   resource.Name("inline-policy-" + spec.Hash("+=,.")),
		},
		"NamespacedProviderConfig": {
			reason: "Kind, namespace and name make a ProviderConfig unique.",
			got:    ProviderConfigResource(spec.ProviderConfig{Kind: "ProviderConfig", Name: "default", Namespace: "default"}),
			want:   "providerconfig-default-default",
		},
		"ClusterProviderConfig": {
			reason: "A cluster-scoped one has no namespace.",
			got:    ProviderConfigResource(spec.ProviderConfig{Kind: "ClusterProviderConfig", Name: "default"}),
			want:   "clusterproviderconfig-default",
		},
		"Provider": {reason: "A Provider is named after itself.", got: ProviderResource(spec.Provider{Name: "provider-aws-s3"}), want: "package-provider-aws-s3"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, tc.got); diff != "" {
				t.Errorf("%s\n-want, +got:\n%s", tc.reason, diff)
			}
		})
	}
}

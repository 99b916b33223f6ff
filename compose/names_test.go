package compose

import (
	"strings"
	"testing"

	"github.com/crossplane/function-sdk-go/resource"
	"github.com/google/go-cmp/cmp"

	"github.com/crossplane-contrib/function-pod-identity/spec"
)

// TestNames pins the names of the minimal XR's resources. A name that
// changes replaces the object it names in every cluster, so each is written
// out here, its hash computed independently (SHA-256 of the identity's
// parts joined by NUL), not by the code under test.
func TestNames(t *testing.T) {
	shared := names(t, minimalXR, "")[0]
	role := Name{Key: "iam-role-0754b20b", Object: "xr-iam-role-0754b20b"}
	cases := map[string]struct {
		reason string
		got    any
		want   any
	}{
		"Role": {
			reason: "A role is named after its path and name, the object it stands for in IAM.",
			got:    shared.RoleName(), want: role,
		},
		"Association": {
			reason: "An association after its region, cluster, namespace and ServiceAccount, which EKS cannot change in place.",
			got:    shared.AssociationName(), want: Name{Key: "pod-identity-association-31e8d1e9", Object: "xr-pod-identity-association-31e8d1e9"},
		},
		"ServiceAccount": {
			reason: "A ServiceAccount after its namespace and name; its object is the ServiceAccount itself.",
			got:    shared.serviceAccountName, want: Name{Key: "service-account-xr-d91a104d", Object: "xr"},
		},
		"RuntimeConfig": {
			reason: "A DeploymentRuntimeConfig after its name.",
			got:    shared.runtimeConfigName, want: Name{Key: "deployment-runtime-config-xr-b9cc272c", Object: "xr"},
		},
		"Attachment": {
			reason: "An attachment after its policy's name, readable, and the role and the policy's ARN, unique: one that moves to another role is another attachment.",
			got:    PolicyAttachmentName("xr", "", role, "arn:aws:iam::aws:policy/AmazonS3FullAccess"),
			want:   Name{Key: "policy-attachment-amazons3fullaccess-b50160c7", Object: "xr-policy-attachment-amazons3fullaccess-b50160c7"},
		},
		"InlinePolicy": {
			reason: "An inline policy after its name and the role.",
			got:    InlinePolicyName("xr", "", role, "Assume_Team.A"),
			want:   Name{Key: "inline-policy-assume-team-a-2a84ac4d", Object: "xr-inline-policy-assume-team-a-2a84ac4d"},
		},
		"ProviderConfig": {
			reason: "A ProviderConfig after its API, kind, namespace and name: ProviderConfigs a-b/c and a/b-c differ.",
			got:    ProviderConfigKey("aws.m.upbound.io/v1beta1", spec.ProviderConfig{Kind: "ProviderConfig", Name: "default", Namespace: "default"}),
			want:   resource.Name("providerconfig-default-default-8a64aa8d"),
		},
		"ProviderConfigsThatLookAlike": {
			reason: "Names that read the same still differ.",
			got: ProviderConfigKey("aws.m.upbound.io/v1beta1", spec.ProviderConfig{Kind: "ProviderConfig", Name: "c", Namespace: "a-b"}) ==
				ProviderConfigKey("aws.m.upbound.io/v1beta1", spec.ProviderConfig{Kind: "ProviderConfig", Name: "b-c", Namespace: "a"}),
			want: false,
		},
		"Provider": {reason: "A Provider is named after itself.", got: ProviderKey("provider-aws-s3"), want: resource.Name("package-provider-aws-s3")},
		"LongNamesShortened": {
			reason: "A metadata.name that would pass Kubernetes' 253 characters is shortened with a hash.",
			got:    len(managedName(strings.Repeat("x", 63), "isolated-"+strings.Repeat("p", 63)+"-", KeyPolicyAttachment, strings.Repeat("q", 150)).Object),
			want:   253,
		},
		"SlugKeepsRangeEnds": {
			reason: "The first and last letters and digits are kept, capitals lowered.",
			got:    contentName("aZz09", "x"), want: "azz09-" + spec.Hash("x"),
		},
		"SlugStartsWithALetter": {
			reason: "Symbols before the first letter or digit leave no dash: a name starts with a letter or digit.",
			got:    contentName("_Team", "x"), want: "team-" + spec.Hash("x"),
		},
		"SlugAtMaxLength": {
			reason: "A readable part of exactly maxSlugLength characters is kept whole.",
			got:    contentName(strings.Repeat("a", maxSlugLength-1)+"b", "x"), want: strings.Repeat("a", maxSlugLength-1) + "b-" + spec.Hash("x"),
		},
		"SlugPastMaxLength": {
			reason: "One more and it is cut to maxSlugLength.",
			got:    contentName(strings.Repeat("a", maxSlugLength)+"b", "x"), want: strings.Repeat("a", maxSlugLength) + "-" + spec.Hash("x"),
		},
		"SlugOfSymbols": {
			reason: "A label of symbols only leaves the hash.",
			got:    contentName("+=,.", "x"), want: spec.Hash("x"),
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, tc.got); diff != "" {
				t.Errorf("%s\n-want, +got:\n%s", tc.reason, diff)
			}
		})
	}
}

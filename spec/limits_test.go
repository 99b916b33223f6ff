package spec

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/types/known/structpb"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/crossplane-contrib/function-pod-identity/aws"
	"github.com/crossplane-contrib/function-pod-identity/input/v1beta1"
)

// policyOfSize is a valid inline policy document of exactly n characters as
// IAM counts them.
func policyOfSize(t *testing.T, n int) string {
	t.Helper()
	const head, tail = `{"Statement":{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::`, `"}}`
	doc := head + strings.Repeat("b", n-len(head)-len(tail)) + tail
	if got, problems := aws.CheckPolicy(doc); len(problems) > 0 || got.Size != n {
		t.Fatalf("policyOfSize(%d): size %d, %v", n, got.Size, problems)
	}
	return doc
}

// isolatedProviders are n isolated providers with names of their own.
func isolatedProviders(n int) []Provider {
	out := make([]Provider, n)
	for i := range out {
		out[i] = Provider{Package: fmt.Sprintf("xpkg.upbound.io/upbound/provider-aws-p%02d:v2.3.0", i), Isolated: true}
	}
	return out
}

// chainOf is one ProviderConfig whose chain assumes n roles.
func chainOf(n int) []ProviderConfig {
	links := make([]AssumeRole, n)
	for i := range links {
		links[i] = AssumeRole{RoleARN: fmt.Sprintf("arn:aws:iam::111122223333:role/r%d", i)}
	}
	return chain(links...)
}

// TestValidateAtEveryLimit puts each value the function bounds at its limit,
// where it must be accepted, and one past it, where it must be refused: a
// limit tested only one past it lets an off-by-one through (a role name of 64
// characters shortened would rename, and so replace, the IAM role).
func TestValidateAtEveryLimit(t *testing.T) {
	long := func(n int) string { return strings.Repeat("a", n) }
	tagKey := func(n int) string { return strings.Repeat("k", n) }
	cases := map[string]struct {
		reason string
		// set puts the value at size n.
		set func(xr *XPodIdentity, in *v1beta1.Input, n int)
		// limit is the last size accepted; past is the nearest refused.
		limit, past int
		// atLimit are the errors at the limit, "path: type", if any: a
		// value can be within one limit and break another rule.
		atLimit []string
		// want are the errors one past it.
		want []string
	}{
		"ClusterName": {
			reason: "An EKS cluster name has at most 100 characters (CreateCluster).",
			set:    func(xr *XPodIdentity, _ *v1beta1.Input, n int) { xr.Spec.ClusterName = long(n) },
			limit:  aws.MaxClusterNameLength, past: aws.MaxClusterNameLength + 1,
			want: []string{"spec.clusterName: Too long"},
		},
		"XRName": {
			reason: "The XR's name is a label value on everything it composes: at most 63 characters.",
			set:    func(xr *XPodIdentity, _ *v1beta1.Input, n int) { xr.Name = long(n) },
			limit:  MaxXRNameLength, past: MaxXRNameLength + 1,
			want: []string{"metadata.name: Too long"},
		},
		"RoleName": {
			reason: "An IAM role name has at most 64 characters.",
			set:    func(xr *XPodIdentity, _ *v1beta1.Input, n int) { xr.Spec.Role.Name = long(n) },
			limit:  aws.MaxRoleNameLength, past: aws.MaxRoleNameLength + 1,
			want: []string{"spec.role.name: Too long"},
		},
		"RolePath": {
			reason: "An IAM path has at most 512 characters, its slashes included.",
			set:    func(xr *XPodIdentity, _ *v1beta1.Input, n int) { xr.Spec.Role.Path = "/" + long(n-2) + "/" },
			limit:  aws.MaxPathLength, past: aws.MaxPathLength + 1,
			want: []string{"spec.role.path: Too long"},
		},
		"RoleDescription": {
			reason: "A role description has at most 1000 characters.",
			set:    func(xr *XPodIdentity, _ *v1beta1.Input, n int) { xr.Spec.Role.Description = long(n) },
			limit:  aws.MaxRoleDescriptionLength, past: aws.MaxRoleDescriptionLength + 1,
			want: []string{"spec.role.description: Too long"},
		},
		"RoleDescriptionInCharacters": {
			reason: "Characters, not bytes: 1000 two-byte characters are within the limit.",
			set:    func(xr *XPodIdentity, _ *v1beta1.Input, n int) { xr.Spec.Role.Description = strings.Repeat("é", n) },
			limit:  aws.MaxRoleDescriptionLength, past: aws.MaxRoleDescriptionLength + 1,
			want: []string{"spec.role.description: Too long"},
		},
		"ShortestSession": {
			reason: "A role's maximum session is at least an hour.",
			set:    func(xr *XPodIdentity, _ *v1beta1.Input, n int) { xr.Spec.Role.MaxSessionDuration = ptr(int64(n)) },
			limit:  aws.MinSessionDuration, past: aws.MinSessionDuration - 1,
			want: []string{"spec.role.maxSessionDuration: Invalid value"},
		},
		"LongestSession": {
			reason: "A role's maximum session is at most twelve hours.",
			set:    func(xr *XPodIdentity, _ *v1beta1.Input, n int) { xr.Spec.Role.MaxSessionDuration = ptr(int64(n)) },
			limit:  aws.MaxSessionDuration, past: aws.MaxSessionDuration + 1,
			want: []string{"spec.role.maxSessionDuration: Invalid value"},
		},
		"InlinePolicyName": {
			reason: "An inline policy name has at most 128 characters.",
			set: func(xr *XPodIdentity, _ *v1beta1.Input, n int) {
				xr.Spec.Role.InlinePolicies = []InlinePolicy{{Name: long(n), Document: allowS3}}
			},
			limit: aws.MaxPolicyNameLength, past: aws.MaxPolicyNameLength + 1,
			want: []string{"spec.role.inlinePolicies[0].name: Too long"},
		},
		"ManagedPolicies": {
			reason: "A role has at most 10 managed policies in an account whose quota was not raised.",
			set:    func(xr *XPodIdentity, _ *v1beta1.Input, n int) { xr.Spec.Role.PolicyArns = policyArns(n) },
			limit:  aws.DefaultManagedPoliciesPerRole, past: aws.DefaultManagedPoliciesPerRole + 1,
			want: []string{"spec.role.policyArns: Invalid value"},
		},
		"ManagedPoliciesRaisedQuota": {
			reason: "With the quota raised as far as it goes, 20; an isolated provider's role has the same quota.",
			set: func(xr *XPodIdentity, in *v1beta1.Input, n int) {
				in.Quotas.ManagedPoliciesPerRole = ptr(int64(aws.MaxManagedPoliciesPerRole))
				xr.Spec.Providers = []Provider{{Package: "xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0", Isolated: true, PolicyArns: policyArns(n)}}
			},
			limit: aws.MaxManagedPoliciesPerRole, past: aws.MaxManagedPoliciesPerRole + 1,
			want: []string{"spec.providers[0].policyArns: Invalid value"},
		},
		"InlinePoliciesSize": {
			reason: "A role's inline policies have at most 10,240 characters in all, not counting whitespace.",
			set: func(xr *XPodIdentity, _ *v1beta1.Input, n int) {
				xr.Spec.Role.InlinePolicies = []InlinePolicy{{Name: "a", Document: policyOfSize(t, n-len(allowS3))}, {Name: "b", Document: allowS3}}
			},
			limit: aws.MaxInlinePoliciesSize, past: aws.MaxInlinePoliciesSize + 1,
			want: []string{"spec.role.inlinePolicies: Invalid value"},
		},
		"RoleTags": {
			reason: "A role has at most 50 tags, 3 of them provider-aws's own.",
			set:    func(xr *XPodIdentity, _ *v1beta1.Input, n int) { xr.Spec.Role.Tags = tags(n) },
			limit:  aws.MaxUserTags, past: aws.MaxUserTags + 1,
			want: []string{"spec.role.tags: Invalid value"},
		},
		"AssociationTags": {
			reason: "So has an association.",
			set:    func(xr *XPodIdentity, _ *v1beta1.Input, n int) { xr.Spec.Association.Tags = tags(n) },
			limit:  aws.MaxUserTags, past: aws.MaxUserTags + 1,
			want: []string{"spec.association.tags: Invalid value"},
		},
		"TagKey": {
			reason: "A tag key has at most 128 characters.",
			set:    func(xr *XPodIdentity, _ *v1beta1.Input, n int) { xr.Spec.Role.Tags = map[string]string{tagKey(n): "v"} },
			limit:  aws.MaxTagKeyLength, past: aws.MaxTagKeyLength + 1,
			want: []string{keyPath(field.NewPath("spec", "role", "tags"), tagKey(aws.MaxTagKeyLength+1)).String() + ": Too long"},
		},
		"TagValue": {
			reason: "A tag value has at most 256 characters.",
			set: func(xr *XPodIdentity, _ *v1beta1.Input, n int) {
				xr.Spec.Association.Tags = map[string]string{"k": long(n)}
			},
			limit: aws.MaxTagValueLength, past: aws.MaxTagValueLength + 1,
			want: []string{"spec.association.tags[k]: Too long"},
		},
		"SessionTags": {
			reason: "One AssumeRole call passes at most 50 session tags.",
			set: func(xr *XPodIdentity, _ *v1beta1.Input, n int) {
				xr.Spec.ProviderConfigs = chain(AssumeRole{RoleARN: "arn:aws:iam::111122223333:role/r", Tags: sessionTags(n)})
			},
			limit: aws.MaxSessionTags, past: aws.MaxSessionTags + 1,
			want: []string{"spec.providerConfigs[0].assumeRoleChain[0].tags: Too many"},
		},
		"ShortestExternalID": {
			reason: "An external ID has at least 2 characters.",
			set: func(xr *XPodIdentity, _ *v1beta1.Input, n int) {
				xr.Spec.ProviderConfigs = chain(AssumeRole{RoleARN: "arn:aws:iam::111122223333:role/r", ExternalID: long(n)})
			},
			limit: aws.MinExternalIDLength, past: aws.MinExternalIDLength - 1,
			want: []string{"spec.providerConfigs[0].assumeRoleChain[0].externalID: Invalid value"},
		},
		"LongestExternalID": {
			reason: "And at most 1224.",
			set: func(xr *XPodIdentity, _ *v1beta1.Input, n int) {
				xr.Spec.ProviderConfigs = chain(AssumeRole{RoleARN: "arn:aws:iam::111122223333:role/r", ExternalID: long(n)})
			},
			limit: aws.MaxExternalIDLength, past: aws.MaxExternalIDLength + 1,
			want: []string{"spec.providerConfigs[0].assumeRoleChain[0].externalID: Invalid value"},
		},
		"ARN": {
			reason: "IAM takes ARNs of at most 2048 characters: one that long is read (and here found no policy ARN, whose name is too long), one longer is refused unread.",
			set: func(xr *XPodIdentity, _ *v1beta1.Input, n int) {
				const prefix = "arn:aws:iam::123456789012:policy/"
				xr.Spec.Role.PermissionsBoundaryArn = prefix + long(n-len(prefix))
			},
			limit: aws.MaxARNLength, past: aws.MaxARNLength + 1,
			atLimit: []string{"spec.role.permissionsBoundaryArn: Invalid value"},
			want:    []string{"spec.role.permissionsBoundaryArn: Too long"},
		},
		"IsolatedProviders": {
			reason: "At most 24 providers with a role of their own, so that the answer fits in what Crossplane reads.",
			set:    func(xr *XPodIdentity, _ *v1beta1.Input, n int) { xr.Spec.Providers = isolatedProviders(n) },
			limit:  MaxIsolatedProviders, past: MaxIsolatedProviders + 1,
			want: []string{"spec.providers: Invalid value"},
		},
		"ChainLinks": {
			reason: "At most 16 roles in all the chains, for the same reason.",
			set:    func(xr *XPodIdentity, _ *v1beta1.Input, n int) { xr.Spec.ProviderConfigs = chainOf(n) },
			limit:  MaxAssumeRoleChainLinks, past: MaxAssumeRoleChainLinks + 1,
			want: []string{"spec.providerConfigs: Invalid value"},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			for _, at := range []struct {
				n    int
				want []string
			}{{tc.limit, tc.atLimit}, {tc.past, tc.want}} {
				xr := &XPodIdentity{ObjectMeta: metav1.ObjectMeta{Name: "xr"}, Spec: Spec{ClusterName: "prod-eks", Region: "us-east-2"}}
				in := &v1beta1.Input{}
				tc.set(xr, in, at.n)
				SetInputDefaults(in)
				SetDefaults(xr, in)
				if diff := cmp.Diff(at.want, kinds(Validate(xr, in))); diff != "" {
					t.Errorf("%s\nat %d: errors -want, +got:\n%s", tc.reason, at.n, diff)
				}
			}
		})
	}
}

// TestValidateInputAtEveryLimit does the same for the Input's bounds.
func TestValidateInputAtEveryLimit(t *testing.T) {
	cases := map[string]struct {
		reason      string
		limit, past int64
		want        []string
	}{
		"FewestManagedPolicies": {reason: "An account lets a role have at least one managed policy.", limit: 1, past: 0,
			want: []string{"input.quotas.managedPoliciesPerRole: Invalid value"}},
		"MostManagedPolicies": {reason: "And at most 20, with the quota raised as far as it goes.", limit: aws.MaxManagedPoliciesPerRole, past: aws.MaxManagedPoliciesPerRole + 1,
			want: []string{"input.quotas.managedPoliciesPerRole: Invalid value"}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			for _, at := range []struct {
				n    int64
				want []string
			}{{tc.limit, nil}, {tc.past, tc.want}} {
				in := &v1beta1.Input{TypeMeta: metav1.TypeMeta{APIVersion: InputAPIVersion, Kind: InputKind}, Quotas: v1beta1.Quotas{ManagedPoliciesPerRole: ptr(at.n)}}
				SetInputDefaults(in)
				if diff := cmp.Diff(at.want, kinds(ValidateInput(in))); diff != "" {
					t.Errorf("%s\nat %d: errors -want, +got:\n%s", tc.reason, at.n, diff)
				}
			}
		})
	}
}

// capped has a list and a map of at most two items.
type capped struct {
	L []string          `json:"l,omitempty" max:"2"`
	M map[string]string `json:"m,omitempty" max:"2"`
}

// TestDecodeAtMaxItems reads lists and maps of exactly their most items, and
// one more, which is refused before anything else is read.
func TestDecodeAtMaxItems(t *testing.T) {
	cases := map[string]struct {
		reason string
		in     string
		want   capped
		errs   []string
	}{
		"ListAtMost": {reason: "A list of its most items is read.", in: `{l: [a, b]}`, want: capped{L: []string{"a", "b"}}},
		"ListPast": {reason: "One more is too many, and only the first items are read.", in: `{l: [a, b, c]}`, want: capped{L: []string{"a", "b"}},
			errs: []string{"x.l: Too many: 3: must have at most 2 items"}},
		"MapAtMost": {reason: "A map of its most items is read.", in: `{m: {a: "1", b: "2"}}`, want: capped{M: map[string]string{"a": "1", "b": "2"}}},
		"MapPast": {reason: "One more is too many.", in: `{m: {a: "1", b: "2", c: "3"}}`,
			errs: []string{"x.m: Too many: 3: must have at most 2 items"}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			var got capped
			errs := decode(structpb.NewStructValue(fromYAML(t, tc.in)), &got, field.NewPath("x"))
			if diff := cmp.Diff(tc.errs, messages(errs)); diff != "" {
				t.Errorf("%s\nerrors: -want, +got:\n%s", tc.reason, diff)
			}
			if tc.errs == nil {
				if diff := cmp.Diff(tc.want, got); diff != "" {
					t.Errorf("%s\ndecoded: -want, +got:\n%s", tc.reason, diff)
				}
			}
		})
	}
}

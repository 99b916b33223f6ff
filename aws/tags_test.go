package aws

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/crossplane-contrib/function-pod-identity/internal/edgestrings"
)

func TestMaxUserTags(t *testing.T) {
	if want := MaxTags - len(ProviderTagKeys()); MaxUserTags != want {
		t.Errorf("MaxUserTags = %d; MaxTags less the provider's %d tags is %d", MaxUserTags, len(ProviderTagKeys()), want)
	}
}

func TestFoldedDuplicateKeys(t *testing.T) {
	cases := map[string]struct {
		reason string
		keys   []string
		want   []DuplicateKey
	}{
		"None":      {reason: "Distinct keys are no duplicates.", keys: []string{"team", "cost-center", "env"}},
		"Empty":     {reason: "No keys, no duplicates."},
		"ExactCase": {reason: "The same key twice is a duplicate too.", keys: []string{"a", "a"}, want: []DuplicateKey{{Index: 1, Key: "a", FirstIndex: 0, First: "a"}}},
		"Case": {
			reason: "IAM: you cannot have separate Department and department tag keys.",
			keys:   []string{"Department", "team", "department"},
			want:   []DuplicateKey{{Index: 2, Key: "department", FirstIndex: 0, First: "Department"}},
		},
		"EachWithItsFirst": {
			reason: "Every later key is reported against the first of its kind.",
			keys:   []string{"Team", "TEAM", "env", "team", "ENV"},
			want: []DuplicateKey{
				{Index: 1, Key: "TEAM", FirstIndex: 0, First: "Team"},
				{Index: 3, Key: "team", FirstIndex: 0, First: "Team"},
				{Index: 4, Key: "ENV", FirstIndex: 2, First: "env"},
			},
		},
		"Unicode": {
			reason: "Letters beyond ASCII fold too: Ä is ä, and the Kelvin sign is k.",
			keys:   []string{"Ärger", "ärger", "k8s", "\u212a8s"},
			want: []DuplicateKey{
				{Index: 1, Key: "ärger", FirstIndex: 0, First: "Ärger"},
				{Index: 3, Key: "\u212a8s", FirstIndex: 2, First: "k8s"},
			},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, FoldedDuplicateKeys(tc.keys)); diff != "" {
				t.Errorf("%s\n-want, +got:\n%s", tc.reason, diff)
			}
		})
	}
}

func TestFoldCaseIsEqualFold(t *testing.T) {
	// foldCase(a) == foldCase(b) exactly when strings.EqualFold(a, b):
	// FoldedDuplicateKeys finds what a pairwise EqualFold would.
	inputs := append(edgestrings.Candidates(400), "K", "k", "\u212a", "S", "s", "\u017f", "ǅ", "ǆ", "Ǆ", "Σ", "σ", "ς", "İ", "i", "ı", "ß", "ẞ")
	upper := make([]string, 0, 2*len(inputs))
	for _, s := range inputs {
		upper = append(upper, strings.ToUpper(s), strings.ToLower(s))
	}
	inputs = append(inputs, upper...)
	for _, a := range inputs {
		fa := foldCase(a)
		for _, b := range inputs {
			if got, want := fa == foldCase(b), strings.EqualFold(a, b); got != want {
				t.Errorf("foldCase(%q) == foldCase(%q) is %v, strings.EqualFold says %v", a, b, got, want)
			}
		}
	}
}

func TestCollidingEKSSessionTag(t *testing.T) {
	cases := map[string]struct {
		reason string
		key    string
		want   string
		ok     bool
	}{
		"Exact":       {reason: "A chain link passing eks-cluster-arn collides with the inherited tag.", key: "eks-cluster-arn", want: SessionTagClusterARN, ok: true},
		"OtherCase":   {reason: "STS compares keys without case.", key: "Kubernetes-Namespace", want: SessionTagNamespace, ok: true},
		"PodUID":      {reason: "All six tags count, the pod's too.", key: "KUBERNETES-POD-UID", want: SessionTagPodUID, ok: true},
		"Prefix":      {reason: "Only the whole key.", key: "eks-cluster", ok: false},
		"Longer":      {reason: "Only the whole key.", key: "kubernetes-namespaces", ok: false},
		"OrdinaryTag": {reason: "Other keys are the link's own.", key: "team", ok: false},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			got, ok := CollidingEKSSessionTag(tc.key)
			if got != tc.want || ok != tc.ok {
				t.Errorf("%s\nCollidingEKSSessionTag(%q) = %q, %v; want %q, %v", tc.reason, tc.key, got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestEKSSessionTagKeys(t *testing.T) {
	// The six keys of "Grant Pods access to AWS resources based on tags".
	want := []string{"eks-cluster-arn", "eks-cluster-name", "kubernetes-namespace", "kubernetes-service-account", "kubernetes-pod-name", "kubernetes-pod-uid"}
	if diff := cmp.Diff(want, EKSSessionTagKeys()); diff != "" {
		t.Errorf("EKS Pod Identity's session tags (-want, +got):\n%s", diff)
	}
}

func TestCollidingProviderTag(t *testing.T) {
	cases := map[string]struct {
		reason string
		key    string
		want   string
		ok     bool
	}{
		"Exact":     {reason: "The provider overwrites its own keys.", key: "crossplane-name", want: ProviderTagKeyName, ok: true},
		"OtherCase": {reason: "On an IAM role a key in another case is the same tag.", key: "Crossplane-Kind", want: ProviderTagKeyKind, ok: true},
		"Config":    {reason: "All three keys.", key: "crossplane-providerconfig", want: ProviderTagKeyProviderConfig, ok: true},
		"Namespace": {reason: "crossplane-runtime knows crossplane-namespace, but upjet does not copy it.", key: "crossplane-namespace", ok: false},
		"Other":     {reason: "Other keys are the user's.", key: "team", ok: false},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			got, ok := CollidingProviderTag(tc.key)
			if got != tc.want || ok != tc.ok {
				t.Errorf("%s\nCollidingProviderTag(%q) = %q, %v; want %q, %v", tc.reason, tc.key, got, ok, tc.want, tc.ok)
			}
		})
	}
}

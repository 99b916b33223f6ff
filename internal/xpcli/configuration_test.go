package xpcli

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDependencyName(t *testing.T) {
	cases := map[string]struct {
		reason     string
		repository string
		want       string
		wantErr    bool
	}{
		"Function": {
			reason:     "This function, as the Configuration installs it: the registry goes, '/' becomes '-'.",
			repository: FunctionRepository,
			want:       "crossplane-contrib-function-pod-identity",
		},
		"Provider": {
			reason:     "provider-aws-iam, as Crossplane names it when a Configuration depends on it.",
			repository: "xpkg.upbound.io/upbound/provider-aws-iam",
			want:       "upbound-provider-aws-iam",
		},
		"DotsAndUnderscores": {
			reason:     "Characters a DNS label cannot hold go ('_') or become '-' ('.'), as in ToDNSLabel.",
			repository: "registry.example.org/team.a/fn_x",
			want:       "team-a-fnx",
		},
		"Long": {
			reason:     "ToDNSLabel reads at most 63 bytes, and trims a '-' at the cut.",
			repository: "xpkg.example.org/" + strings.Repeat("a", 62) + "/b",
			want:       strings.Repeat("a", 62),
		},
		"NotARepository": {
			reason:     "A reference that does not parse names no package.",
			repository: "xpkg.example.org/UPPER:tag:more",
			wantErr:    true,
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			got, err := DependencyName(tc.repository)
			if (err != nil) != tc.wantErr {
				t.Fatalf("%s\nDependencyName() error = %v, want error: %t", tc.reason, err, tc.wantErr)
			}
			if got != tc.want {
				t.Errorf("%s\nDependencyName() = %q, want %q", tc.reason, got, tc.want)
			}
		})
	}
}

func TestCallFunctionAs(t *testing.T) {
	const head = "apiVersion: apiextensions.crossplane.io/v1\nkind: Composition\nspec:\n  pipeline:\n"
	cases := map[string]struct {
		reason      string
		composition string
		want        string
		wantErr     bool
	}{
		"Renamed": {
			reason: "Every step that calls the function calls it by its new name; comments stay.",
			composition: head + "    - step: a\n      functionRef:\n        name: fn # here\n" +
				"    # the second\n    - step: b\n      functionRef:\n        name: fn\n",
			want: head + "    - step: a\n      functionRef:\n        name: installed-fn # here\n" +
				"    # the second\n    - step: b\n      functionRef:\n        name: installed-fn\n",
		},
		"OtherFunction": {
			reason:      "A step that calls another function cannot be packaged: the Configuration depends on this one only.",
			composition: head + "    - step: a\n      functionRef:\n        name: function-patch-and-transform\n",
			wantErr:     true,
		},
		"FlowStyle": {
			reason:      "A reference the rename does not recognise is an error, not a Composition calling a function that is not installed.",
			composition: head + "    - step: a\n      functionRef: {name: fn}\n",
			wantErr:     true,
		},
		"NoPipeline": {
			reason:      "A Composition without a pipeline calls no function at all.",
			composition: "apiVersion: apiextensions.crossplane.io/v1\nkind: Composition\nspec: {}\n",
			wantErr:     true,
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			got, err := callFunctionAs([]byte(tc.composition), "fn", "installed-fn")
			if (err != nil) != tc.wantErr {
				t.Fatalf("%s\ncallFunctionAs() error = %v, want error: %t", tc.reason, err, tc.wantErr)
			}
			if diff := cmp.Diff(tc.want, string(got)); diff != "" {
				t.Errorf("%s\ncallFunctionAs(), -want, +got:\n%s", tc.reason, diff)
			}
		})
	}
}

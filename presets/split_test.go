package presets

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// TestSplitCutsTheFirstOfEqualLists shows which condition list a statement
// with one action is cut by when two cuttable lists are equally long: the
// first in operator and key order, so that the same statement is always cut
// the same way.
func TestSplitCutsTheFirstOfEqualLists(t *testing.T) {
	with := func(equals, like []string) Statement {
		return Statement{Effect: "Allow", Action: []string{"a:*"}, Resource: []string{"*"},
			Condition: map[string]map[string][]string{"StringEquals": {"k1": equals}, "StringLike": {"k2": like}}}
	}
	whole := with([]string{"v1", "v2"}, []string{"w1", "w2"})
	got, err := Split("fam", []Statement{whole}, size(with([]string{"v1"}, []string{"w1", "w2"})))
	if err != nil {
		t.Fatal(err)
	}
	want := []Policy{
		{Document: PolicyDocument{Version: policyVersion, Statement: []Statement{with([]string{"v1"}, []string{"w1", "w2"})}}},
		{Document: PolicyDocument{Version: policyVersion, Statement: []Statement{with([]string{"v2"}, []string{"w1", "w2"})}}},
	}
	if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(Policy{}, "Name")); diff != "" {
		t.Errorf("cut by StringEquals' list, the first of two of equal length: -want, +got:\n%s", diff)
	}
}

func TestPackageName(t *testing.T) {
	cases := map[string]struct {
		reason string
		ref    string
		want   string
	}{
		"Tag":         {reason: "The last path segment without its tag.", ref: "xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0", want: "provider-aws-s3"},
		"Digest":      {reason: "Or without its digest.", ref: "xpkg.upbound.io/upbound/provider-aws-s3@sha256:abc", want: "provider-aws-s3"},
		"Port":        {reason: "A registry's port is not a tag.", ref: "localhost:5000/provider-aws-s3", want: "provider-aws-s3"},
		"OnlyADigest": {reason: "A segment that is only a digest names nothing.", ref: "xpkg.upbound.io/upbound/@sha256:abc", want: ""},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			if got := packageName(tc.ref); got != tc.want {
				t.Errorf("%s\npackageName(%q) = %q, want %q", tc.reason, tc.ref, got, tc.want)
			}
		})
	}
}

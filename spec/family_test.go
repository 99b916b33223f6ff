package spec

import "testing"

func TestProviderFamily(t *testing.T) {
	cases := map[string]struct {
		reason string
		pkg    string
		want   string
		wantOK bool
	}{
		"Family":      {reason: "A provider-aws family is named after its service.", pkg: "xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0", want: "s3", wantOK: true},
		"Mirror":      {reason: "Whatever the registry.", pkg: "registry.example.com/mirror/provider-aws-ec2@sha256:abc", want: "ec2", wantOK: true},
		"NoFamily":    {reason: "provider-aws- alone names no family.", pkg: "xpkg.upbound.io/upbound/provider-aws-:v1"},
		"OtherVendor": {reason: "A provider of something else is no family.", pkg: "xpkg.crossplane.io/crossplane-contrib/provider-kubernetes:v0.15.0"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			got, ok := ProviderFamily(tc.pkg)
			if ok != tc.wantOK || (ok && got != tc.want) {
				t.Errorf("%s\nProviderFamily(%q) = %q, %v; want %q, %v", tc.reason, tc.pkg, got, ok, tc.want, tc.wantOK)
			}
		})
	}
}

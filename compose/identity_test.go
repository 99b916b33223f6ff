package compose

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/crossplane-contrib/function-pod-identity/spec"
)

func TestIdentities(t *testing.T) {
	long := strings.Repeat("n", 60)
	cases := map[string]struct {
		reason string
		xr     string
		want   []Identity
	}{
		"SharedOnly": {
			reason: "Without isolated providers there is one identity, with the shared providers.",
			xr:     `{metadata: {name: xr}, spec: {clusterName: prod, region: eu-west-1, providers: [{package: "a.io/x/p:v1"}]}}`,
			want: []Identity{{
				ServiceAccount: spec.ServiceAccount{Name: "xr", Namespace: "crossplane-system"}, RuntimeConfig: "xr",
				Role:      spec.Role{Name: "prod-eu-west-1-xr", Description: spec.DefaultRoleDescription, TrustScope: spec.TrustScopeAny, Permissions: spec.PermissionsNone},
				Providers: []spec.Provider{{Package: "a.io/x/p:v1", Name: "p", Permissions: spec.PermissionsNone}},
			}},
		},
		"Isolated": {
			reason: "An isolated provider's identity copies the role's settings, has its own names in the same namespace, and only its own policies.",
			xr: `{metadata: {name: xr}, spec: {clusterName: prod, region: eu-west-1, serviceAccount: {namespace: providers},
				role: {path: /p/, tags: {a: b}, trustScope: Namespace, policyArns: ["arn:aws:iam::aws:policy/A"]},
				providers: [{package: "a.io/x/p:v1", isolated: true, policyArns: ["arn:aws:iam::aws:policy/B"]}]}}`,
			want: []Identity{
				{
					ServiceAccount: spec.ServiceAccount{Name: "xr", Namespace: "providers"}, RuntimeConfig: "xr",
					Role: spec.Role{Name: "prod-eu-west-1-xr", Path: "/p/", Description: spec.DefaultRoleDescription, Tags: map[string]string{"a": "b"},
						TrustScope: spec.TrustScopeNamespace, Permissions: spec.PermissionsNone, PolicyArns: []string{"arn:aws:iam::aws:policy/A"}},
				},
				{
					Isolated:       &spec.Provider{Package: "a.io/x/p:v1", Name: "p", Isolated: true, Permissions: spec.PermissionsNone, PolicyArns: []string{"arn:aws:iam::aws:policy/B"}},
					ServiceAccount: spec.ServiceAccount{Name: "xr-p", Namespace: "providers"}, RuntimeConfig: "xr-p",
					Role: spec.Role{Name: "prod-eu-west-1-xr-p", Path: "/p/", Description: spec.DefaultRoleDescription, Tags: map[string]string{"a": "b"},
						TrustScope: spec.TrustScopeNamespace, Permissions: spec.PermissionsNone, PolicyArns: []string{"arn:aws:iam::aws:policy/B"}},
					Providers: []spec.Provider{{Package: "a.io/x/p:v1", Name: "p", Isolated: true, Permissions: spec.PermissionsNone, PolicyArns: []string{"arn:aws:iam::aws:policy/B"}}},
				},
			},
		},
		"LongNamesShortened": {
			reason: "Derived names stay within 64 (role) and 63 (DNS label) characters, with a hash of the whole.",
			xr:     `{metadata: {name: xr}, spec: {clusterName: prod, region: eu-west-1, serviceAccount: {name: ` + long + `}, role: {name: r` + long + `}, runtimeConfig: {name: ` + long + `}, providers: [{package: "a.io/x/provider:v1", isolated: true}]}}`,
			want: []Identity{
				{
					ServiceAccount: spec.ServiceAccount{Name: long, Namespace: "crossplane-system"}, RuntimeConfig: long,
					Role: spec.Role{Name: "r" + long, Description: spec.DefaultRoleDescription, TrustScope: spec.TrustScopeAny, Permissions: spec.PermissionsNone},
				},
				{
					Isolated:       &spec.Provider{Package: "a.io/x/provider:v1", Name: "provider", Isolated: true, Permissions: spec.PermissionsNone},
					ServiceAccount: spec.ServiceAccount{Name: spec.Shorten(long+"-provider", 63), Namespace: "crossplane-system"}, RuntimeConfig: spec.Shorten(long+"-provider", 63),
					Role:      spec.Role{Name: spec.Shorten("r"+long+"-provider", 64), Description: spec.DefaultRoleDescription, TrustScope: spec.TrustScopeAny, Permissions: spec.PermissionsNone},
					Providers: []spec.Provider{{Package: "a.io/x/provider:v1", Name: "provider", Isolated: true, Permissions: spec.PermissionsNone}},
				},
			},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			got := newPlan(t, tc.xr, "", nil).Identities
			if diff := cmp.Diff(tc.want, got, cmpopts.IgnoreUnexported(Identity{}, spec.Role{}, spec.Provider{})); diff != "" {
				t.Errorf("%s\n-want, +got:\n%s", tc.reason, diff)
			}
			for _, id := range got {
				if len(id.Role.Name) > 64 || len(id.ServiceAccount.Name) > 63 || len(id.RuntimeConfig) > 63 {
					t.Errorf("%s\nnames over their limits: %q, %q, %q", tc.reason, id.Role.Name, id.ServiceAccount.Name, id.RuntimeConfig)
				}
			}
		})
	}
}

func TestIdentityOf(t *testing.T) {
	p := newPlan(t, providersXR, "", nil)
	for _, pr := range p.Spec().Providers {
		id := identityOf(p.Identities, pr)
		if pr.Isolated != !id.Shared() || (pr.Isolated && id.Isolated.Name != pr.Name) {
			t.Errorf("%s runs as the wrong identity: %+v", pr.Name, id)
		}
	}
}

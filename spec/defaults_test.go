package spec

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/crossplane-contrib/function-pod-identity/aws"
	"github.com/crossplane-contrib/function-pod-identity/input/v1beta1"
)

func TestSetDefaults(t *testing.T) {
	cases := map[string]struct {
		reason string
		api    v1beta1.API
		spec   Spec
		want   Spec
	}{
		"Namespaced": {
			reason: "Names derive from the XR's name and the cluster; the ProviderConfig is the guide's default/default.",
			api:    v1beta1.APINamespaced,
			spec:   Spec{ClusterName: "prod", Region: "us-east-2"},
			want: Spec{
				ClusterName: "prod", Region: "us-east-2",
				ServiceAccount:  ServiceAccount{Name: "xr", Namespace: "crossplane-system"},
				Role:            Role{Name: "prod-us-east-2-xr", nameDefaulted: true, Description: DefaultRoleDescription, TrustScope: TrustScopeAny, Permissions: PermissionsNone},
				RuntimeConfig:   RuntimeConfig{Name: "xr"},
				ProviderConfigs: []ProviderConfig{{Kind: "ProviderConfig", Name: "default", Namespace: "default"}},
			},
		},
		"Cluster": {
			reason: "The legacy ProviderConfig is cluster-scoped.",
			api:    v1beta1.APICluster,
			spec:   Spec{ClusterName: "prod"},
			want: Spec{
				ClusterName:     "prod",
				ServiceAccount:  ServiceAccount{Name: "xr", Namespace: "crossplane-system"},
				Role:            Role{Name: "prod--xr", nameDefaulted: true, Description: DefaultRoleDescription, TrustScope: TrustScopeAny, Permissions: PermissionsNone},
				RuntimeConfig:   RuntimeConfig{Name: "xr"},
				ProviderConfigs: []ProviderConfig{{Kind: "ProviderConfig", Name: "default"}},
			},
		},
		"GivenValuesKept": {
			reason: "Every default is overridable; a ProviderConfig's kind defaults to ProviderConfig; a provider's name to its package's.",
			api:    v1beta1.APINamespaced,
			spec: Spec{
				ServiceAccount:  ServiceAccount{Name: "sa", Namespace: "ns"},
				Role:            Role{Name: "r", Description: "d", TrustScope: TrustScopeCluster},
				RuntimeConfig:   RuntimeConfig{Name: "rc"},
				ProviderConfigs: []ProviderConfig{{Name: "pc", Namespace: "ns"}},
				Providers:       []Provider{{Package: "xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0"}, {Package: "p/q", Name: "mine"}},
			},
			want: Spec{
				ServiceAccount:  ServiceAccount{Name: "sa", Namespace: "ns"},
				Role:            Role{Name: "r", Description: "d", TrustScope: TrustScopeCluster, Permissions: PermissionsNone},
				RuntimeConfig:   RuntimeConfig{Name: "rc"},
				ProviderConfigs: []ProviderConfig{{Kind: "ProviderConfig", Name: "pc", Namespace: "ns"}},
				Providers: []Provider{{Package: "xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0", Name: "provider-aws-s3", nameDefaulted: true, Permissions: PermissionsNone},
					{Package: "p/q", Name: "mine", Permissions: PermissionsNone}},
			},
		},
		"NoProviderConfigs": {
			reason: "An empty list stays empty.",
			api:    v1beta1.APINamespaced,
			spec:   Spec{ProviderConfigs: []ProviderConfig{}},
			want: Spec{
				ServiceAccount:  ServiceAccount{Name: "xr", Namespace: "crossplane-system"},
				Role:            Role{Name: "--xr", nameDefaulted: true, Description: DefaultRoleDescription, TrustScope: TrustScopeAny, Permissions: PermissionsNone},
				RuntimeConfig:   RuntimeConfig{Name: "xr"},
				ProviderConfigs: []ProviderConfig{},
			},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			xr := &XPodIdentity{ObjectMeta: metav1.ObjectMeta{Name: "xr"}, Spec: tc.spec}
			SetDefaults(xr, &v1beta1.Input{ManagedResources: v1beta1.ManagedResources{API: tc.api}})
			if diff := cmp.Diff(tc.want, xr.Spec, compareSpecs); diff != "" {
				t.Errorf("%s\n-want, +got:\n%s", tc.reason, diff)
			}
		})
	}
}

func TestSetInputDefaults(t *testing.T) {
	cases := map[string]struct {
		reason string
		in     v1beta1.ManagedResources
		want   v1beta1.ManagedResources
	}{
		"Nothing": {
			reason: "The namespaced API, in Crossplane's namespace, deleting with the XR, with the provider's default credentials.",
			want:   v1beta1.ManagedResources{API: v1beta1.APINamespaced, Namespace: "crossplane-system", DeletionPolicy: v1beta1.DeletionDelete},
		},
		"NamespacedRef": {
			reason: "A namespaced managed resource's reference means a ClusterProviderConfig unless it says otherwise.",
			in:     v1beta1.ManagedResources{ProviderConfigRef: &v1beta1.ProviderConfigReference{Name: "b"}},
			want: v1beta1.ManagedResources{API: v1beta1.APINamespaced, Namespace: "crossplane-system", DeletionPolicy: v1beta1.DeletionDelete,
				ProviderConfigRef: &v1beta1.ProviderConfigReference{Kind: "ClusterProviderConfig", Name: "b"}},
		},
		"LegacyRef": {
			reason: "The legacy API has only ProviderConfig.",
			in:     v1beta1.ManagedResources{API: v1beta1.APICluster, DeletionPolicy: v1beta1.DeletionOrphan, ProviderConfigRef: &v1beta1.ProviderConfigReference{Name: "b"}},
			want: v1beta1.ManagedResources{API: v1beta1.APICluster, Namespace: "crossplane-system", DeletionPolicy: v1beta1.DeletionOrphan,
				ProviderConfigRef: &v1beta1.ProviderConfigReference{Kind: "ProviderConfig", Name: "b"}},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			in := &v1beta1.Input{ManagedResources: tc.in}
			SetInputDefaults(in)
			if diff := cmp.Diff(tc.want, in.ManagedResources); diff != "" {
				t.Errorf("%s\n-want, +got:\n%s", tc.reason, diff)
			}
		})
	}
}

func TestDefaultRoleName(t *testing.T) {
	cases := map[string]struct {
		reason              string
		cluster, region, xr string
		want                string
	}{
		"Short": {reason: "A name that fits is the cluster, its region and the XR.", cluster: "prod", region: "us-east-2", xr: "crossplane", want: "prod-us-east-2-crossplane"},
		"Exactly64": {
			reason:  "A name of exactly 64 characters fits and is kept: shortening it would rename, and so replace, the role.",
			cluster: strings.Repeat("c", 30), region: "us-east-2", xr: strings.Repeat("x", 23), want: strings.Repeat("c", 30) + "-us-east-2-" + strings.Repeat("x", 23),
		},
		"Long": {
			reason:  "A name longer than IAM's 64 characters keeps a readable prefix and a hash of the whole, never an error.",
			cluster: "production-eu-central-1-platform", region: "eu-central-1", xr: "crossplane-aws-providers-for-team-payments",
			want: "production-eu-central-1-platform-eu-central-1-crossplan-6b61f248",
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			got := DefaultRoleName(tc.cluster, tc.region, tc.xr)
			if got != tc.want {
				t.Errorf("%s\nwant %q, got %q", tc.reason, tc.want, got)
			}
			if len(got) > aws.MaxRoleNameLength || !aws.IsIAMName(got) {
				t.Errorf("%s\n%q is not a valid IAM role name", tc.reason, got)
			}
		})
	}
	a := DefaultRoleName(strings.Repeat("c", 60), "us-east-2", "xr-a")
	b := DefaultRoleName(strings.Repeat("c", 60), "us-east-2", "xr-b")
	if a == b {
		t.Errorf("two long names with one prefix must still differ, both are %q", a)
	}
	if DefaultRoleName("prod", "us-east-1", "xr") == DefaultRoleName("prod", "eu-west-1", "xr") {
		t.Error("clusters of one name in two regions of one account must not share a role")
	}
	if got := LegacyDefaultRoleName("prod", "xr"); got != "prod-xr" {
		t.Errorf("the first release's default is <cluster>-<XR>, got %q", got)
	}
}

func TestProviderName(t *testing.T) {
	cases := map[string]struct {
		reason, pkg, want string
	}{
		"Tag":         {reason: "The last path segment without its tag.", pkg: "xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0", want: "provider-aws-s3"},
		"Digest":      {reason: "Or without its digest.", pkg: "xpkg.upbound.io/upbound/provider-aws-s3@sha256:abc", want: "provider-aws-s3"},
		"Port":        {reason: "A registry's port is not a tag.", pkg: "registry:5000/team/provider-aws-ec2", want: "provider-aws-ec2"},
		"OnlyADigest": {reason: "A segment that is only a digest names nothing.", pkg: "xpkg.upbound.io/upbound/@sha256:abc", want: ""},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			if got := ProviderName(tc.pkg); got != tc.want {
				t.Errorf("%s\nProviderName(%q) = %q, want %q", tc.reason, tc.pkg, got, tc.want)
			}
		})
	}
}

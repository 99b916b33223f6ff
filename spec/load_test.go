package spec

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/types/known/structpb"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/crossplane-contrib/function-pod-identity/input/v1beta1"
)

func TestLoad(t *testing.T) {
	cases := map[string]struct {
		reason string
		xr     string
		input  string
		errs   []string
	}{
		"Valid": {reason: "A valid XR without an Input loads without errors.", xr: `{metadata: {name: x}, spec: {clusterName: prod, region: us-east-2}}`},
		"WrongTypeOnce": {
			reason: "A field of the wrong type is reported by reading, not again by the checks of its value, nor are the fields inside it.",
			xr:     `{metadata: {name: x}, spec: {clusterName: 42, region: us-east-2, role: {tags: [a]}, providerConfigs: [{name: 1, namespace: default}]}}`,
			errs: []string{
				"spec.clusterName: Invalid value: 42: must be a string",
				`spec.role.tags: Invalid value: "<list>": must be an object`,
				"spec.providerConfigs[0].name: Invalid value: 1: must be a string",
			},
		},
		"InputFirst": {
			reason: "The Input's problems come first, then the XR's, reading before checking.",
			xr:     `{metadata: {name: x, namespace: team-a}, spec: {clusterName: 1, region: Ohio}}`,
			input:  `{apiVersion: podidentity.fn.crossplane.io/v1beta1, kind: Input, managedResources: {api: 1, deletionPolicy: Keep}}`,
			errs: []string{
				"input.managedResources.api: Invalid value: 1: must be a string",
				"spec.clusterName: Invalid value: 1: must be a string",
				`input.managedResources.deletionPolicy: Unsupported value: "Keep": supported values: "Delete", "Orphan"`,
				`metadata.namespace: Invalid value: "team-a": XPodIdentity composes cluster-scoped resources, so its XRD must have scope: Cluster`,
				`spec.region: Invalid value: "Ohio": must be an AWS region such as us-east-2`,
			},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			var in *structpb.Struct
			if tc.input != "" {
				in = fromYAML(t, tc.input)
			}
			_, _, errs := Load(fromYAML(t, tc.xr), in)
			if diff := cmp.Diff(tc.errs, messages(errs)); diff != "" {
				t.Errorf("%s\n-want, +got:\n%s", tc.reason, diff)
			}
		})
	}
}

func TestUnder(t *testing.T) {
	paths := map[string]bool{"spec.role": true, "spec.providers[1]": true}
	cases := map[string]struct {
		path string
		want bool
	}{
		"Itself":        {path: "spec.role", want: true},
		"Child":         {path: "spec.role.tags", want: true},
		"Index":         {path: "spec.providers[1].name", want: true},
		"SiblingPrefix": {path: "spec.roles", want: false},
		"OtherIndex":    {path: "spec.providers[10]", want: false},
		"Parent":        {path: "spec", want: false},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			if got := under(tc.path, paths); got != tc.want {
				t.Errorf("under(%q) = %v, want %v", tc.path, got, tc.want)
			}
		})
	}
}

func TestBootstrapWarning(t *testing.T) {
	cases := map[string]struct {
		reason string
		mr     v1beta1.ManagedResources
		pcs    []ProviderConfig
		warn   bool
	}{
		"OwnDefault": {
			reason: "Without a reference the namespaced managed resources use ClusterProviderConfig default, which this XR composes.",
			pcs:    []ProviderConfig{{Kind: KindClusterProviderConfig, Name: "default"}}, warn: true,
		},
		"Separate": {
			reason: "Separate bootstrap credentials are the way it should be.",
			mr:     v1beta1.ManagedResources{ProviderConfigRef: &v1beta1.ProviderConfigReference{Kind: KindClusterProviderConfig, Name: "bootstrap"}},
			pcs:    []ProviderConfig{{Kind: KindClusterProviderConfig, Name: "default"}},
		},
		"NamespacedInItsNamespace": {
			reason: "A namespaced ProviderConfig serves the managed resources of its own namespace only: the one in the managed resources' namespace counts.",
			mr:     v1beta1.ManagedResources{Namespace: "crossplane-system", ProviderConfigRef: &v1beta1.ProviderConfigReference{Kind: KindProviderConfig, Name: "default"}},
			pcs:    []ProviderConfig{{Kind: KindProviderConfig, Name: "default", Namespace: "crossplane-system"}}, warn: true,
		},
		"NamespacedElsewhere": {
			reason: "One in another namespace does not.",
			mr:     v1beta1.ManagedResources{Namespace: "crossplane-system", ProviderConfigRef: &v1beta1.ProviderConfigReference{Kind: KindProviderConfig, Name: "default"}},
			pcs:    []ProviderConfig{{Kind: KindProviderConfig, Name: "default", Namespace: "default"}},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			in := &v1beta1.Input{ManagedResources: tc.mr}
			SetInputDefaults(in)
			xr := &XPodIdentity{ObjectMeta: metav1.ObjectMeta{Name: "x"}, Spec: Spec{ProviderConfigs: tc.pcs}}
			if got := BootstrapWarning(xr, in) != nil; got != tc.warn {
				t.Errorf("%s\nwarning: %v, want %v", tc.reason, got, tc.warn)
			}
		})
	}
}

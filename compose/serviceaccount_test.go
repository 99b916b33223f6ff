package compose

import (
	"testing"

	"github.com/crossplane/function-sdk-go/resource"
)

func TestServiceAccount(t *testing.T) {
	cases := map[string]struct {
		reason string
		xr     string
		want   map[resource.Name]string
	}{
		"OneProvider": {reason: "One provider gets the guide's serviceAccountTemplate: the package manager makes the ServiceAccount.", xr: oneProviderXR},
		"NoProviders": {reason: "Without providers there is no one to run as it.", xr: minimalXR},
		"SharedByThree": {
			reason: "Providers sharing a ServiceAccount: the function composes it.",
			xr:     threeProvidersXR,
			want: map[resource.Name]string{"service-account": `
apiVersion: v1
kind: ServiceAccount
metadata: {name: provider-aws, namespace: crossplane-system}
`},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			compareResources(t, tc.reason, tc.want, ReadyWhenObserved, build(newPlan(t, tc.xr, "", nil), ServiceAccount))
		})
	}
}

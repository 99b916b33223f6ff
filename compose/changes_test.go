package compose

import (
	"testing"

	"github.com/crossplane/function-sdk-go/resource"
	"github.com/google/go-cmp/cmp"
)

func TestUnsupportedChanges(t *testing.T) {
	const xr = `{metadata: {name: xr}, spec: {clusterName: prod, region: eu-west-1, role: {name: platform, path: /crossplane/}}}`
	role := func(apiVersion, namespace, path, name string) string {
		return `{apiVersion: ` + apiVersion + `, kind: Role, metadata: {name: xr-iam-role, namespace: "` + namespace + `", annotations: {crossplane.io/external-name: ` + name + `}}, spec: {forProvider: {path: "` + path + `"}}}`
	}
	const namespaced = "iam.aws.m.upbound.io/v1beta1"
	cases := map[string]struct {
		reason   string
		input    string
		observed string
		want     []string
	}{
		"Unchanged": {
			reason:   "The role as it was composed: nothing to refuse.",
			observed: role(namespaced, "crossplane-system", "/crossplane/", "platform"),
		},
		"NoNamespaceObserved": {
			reason:   "An observed object without a namespace is taken to be where it should be.",
			observed: role(namespaced, "", "/crossplane/", "platform"),
		},
		"PathChanged": {
			reason:   "IAM cannot change a role's path, and the same name under another path is the same role: a second Role would manage it.",
			observed: role(namespaced, "crossplane-system", "/", "platform"),
			want: []string{"spec.role.path or the case of the role's name would change role /platform to /crossplane/platform: IAM can change neither in place, " +
				"and a role of the same name is the same role whatever its path and case; keep /platform, or choose another name, which composes a new role"},
		},
		"NameCaseChanged": {
			reason:   "IAM names are not distinguished by case: Platform and platform are one role.",
			observed: role(namespaced, "crossplane-system", "/crossplane/", "Platform"),
			want: []string{"spec.role.path or the case of the role's name would change role /crossplane/Platform to /crossplane/platform: IAM can change neither in place, " +
				"and a role of the same name is the same role whatever its path and case; keep /crossplane/Platform, or choose another name, which composes a new role"},
		},
		"NamespaceChanged": {
			reason:   "Crossplane keeps a composed resource in its namespace: managed resources in the new one would manage the same AWS objects.",
			input:    "managedResources: {namespace: aws}",
			observed: role(namespaced, "crossplane-system", "/crossplane/", "platform"),
			want: []string{"input.managedResources asks for the Namespaced API in namespace aws, but a managed resource of this XR, Role crossplane-system/xr-iam-role of the Namespaced API, was composed otherwise: " +
				"Crossplane does not move a composed resource, and two managed resources would manage each AWS object; set input.managedResources back"},
		},
		"APIChanged": {
			reason:   "Crossplane never changes a composed resource's kind: cluster-scoped managed resources would manage the same AWS objects as the namespaced ones.",
			input:    "managedResources: {api: Cluster}",
			observed: role(namespaced, "crossplane-system", "/crossplane/", "platform"),
			want: []string{"input.managedResources asks for the Cluster API, but a managed resource of this XR, Role crossplane-system/xr-iam-role of the Namespaced API, was composed otherwise: " +
				"Crossplane does not move a composed resource, and two managed resources would manage each AWS object; set input.managedResources back"},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			p := newPlan(t, xr, tc.input, map[resource.Name]string{KeyRole: tc.observed})
			if p.Identities[0].RoleName().Key != KeyRole {
				t.Fatalf("the role does not keep its observed name: %v", p.Identities[0].RoleName())
			}
			if diff := cmp.Diff(tc.want, p.unsupportedChanges()); diff != "" {
				t.Errorf("%s\n-want, +got:\n%s", tc.reason, diff)
			}
		})
	}
}

package xpcli

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestXRUID(t *testing.T) {
	xr := func(apiVersion, kind, namespace, name, uid string) map[string]any {
		return map[string]any{"apiVersion": apiVersion, "kind": kind, "metadata": map[string]any{"namespace": namespace, "name": name, "uid": uid}}
	}
	cases := map[string]struct {
		reason string
		xr     map[string]any
		want   string
	}{
		"Example": {
			reason: "The uid Crossplane v2.4.0's render engine gave example/xr.yaml's XR in its render output, for the ownerReferences of every composed resource.",
			xr:     xr("platform.example.org/v1alpha1", "XPodIdentity", "", "crossplane-provider-aws", ""),
			want:   "da866fec-4a83-5cfe-bdd3-79e75d5ed177",
		},
		"LegacyExample": {
			reason: "The engine's uid of example/legacy/xr.yaml's XR: the name is part of it.",
			xr:     xr("platform.example.org/v1alpha1", "XPodIdentity", "", "crossplane-provider-aws-legacy", ""),
			want:   "e607ef49-f216-5977-9490-b5e2ce9172a0",
		},
		"Namespaced": {
			reason: "The namespace is part of it: two XRs of one name in two namespaces differ.",
			xr:     xr("platform.example.org/v1alpha1", "XPodIdentity", "team-a", "warn", ""),
			want:   "e66ab8a7-27c0-5315-87d5-bb336c407b26",
		},
		"Given": {
			reason: "An XR's own metadata.uid is kept by the engine, and so is the controller reference's uid.",
			xr:     xr("platform.example.org/v1alpha1", "XPodIdentity", "", "crossplane-provider-aws", "11111111-2222-4333-8444-555555555555"),
			want:   "11111111-2222-4333-8444-555555555555",
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			if got := XRUID(tc.xr); got != tc.want {
				t.Errorf("%s\nXRUID() = %s, want %s", tc.reason, got, tc.want)
			}
		})
	}
}

// An XR's render, as crank v2.2.1 and the current CLI (crossplane/cli
// v2.4.1, Crossplane v2.4.0's engine) printed it with -x -r, trimmed to one
// composed resource: the function returned a Warning.
const (
	crankRender = `---
apiVersion: platform.example.org/v1alpha1
kind: XPodIdentity
metadata:
  name: warn
spec:
  clusterName: c
status:
  conditions:
  - lastTransitionTime: "2024-01-01T00:00:00Z"
    message: 'Unready resources: iam-role'
    reason: Creating
    status: "False"
    type: Ready
  - lastTransitionTime: "2024-01-01T00:00:00Z"
    message: waiting for Role crossplane-system/warn-iam-role to be created
    reason: Creating
    status: "False"
    type: CredentialsReady
  roleName: r
---
apiVersion: iam.aws.m.upbound.io/v1beta1
kind: Role
metadata:
  annotations:
    crossplane.io/composition-resource-name: iam-role
  name: warn-iam-role
  ownerReferences:
  - apiVersion: platform.example.org/v1alpha1
    blockOwnerDeletion: true
    controller: true
    kind: XPodIdentity
    name: warn
    uid: ""
---
apiVersion: render.crossplane.io/v1beta1
kind: Result
message: 'the IAM role and the association are managed with ClusterProviderConfig
  "bootstrap"'
severity: SEVERITY_WARNING
step: pod-identity
`
	currentRender = `---
apiVersion: platform.example.org/v1alpha1
kind: XPodIdentity
metadata:
  name: warn
spec:
  clusterName: c
  crossplane:
    resourceRefs:
    - apiVersion: iam.aws.m.upbound.io/v1beta1
      kind: Role
      name: warn-iam-role
      namespace: crossplane-system
status:
  conditions:
  - lastTransitionTime: "2024-01-01T00:00:00Z"
    reason: WatchCircuitClosed
    status: "True"
    type: Responsive
  - lastTransitionTime: "2024-01-01T00:00:00Z"
    message: waiting for Role crossplane-system/warn-iam-role to be created
    reason: Creating
    status: "False"
    type: CredentialsReady
  - lastTransitionTime: "2024-01-01T00:00:00Z"
    reason: ReconcileSuccess
    status: "True"
    type: Synced
  - lastTransitionTime: "2024-01-01T00:00:00Z"
    message: 'Unready resources: iam-role'
    reason: Creating
    status: "False"
    type: Ready
  roleName: r
---
apiVersion: iam.aws.m.upbound.io/v1beta1
kind: Role
metadata:
  annotations:
    crossplane.io/composition-resource-name: iam-role
  name: warn-iam-role
  ownerReferences:
  - apiVersion: platform.example.org/v1alpha1
    blockOwnerDeletion: true
    controller: true
    kind: XPodIdentity
    name: warn
    uid: 777bb601-aa28-590d-b6a8-9dc7ffba81f3
---
apiVersion: render.crossplane.io/v1beta1
kind: Result
message: 'Successfully selected composition: xpodidentities.platform.example.org'
reason: SelectComposition
severity: Normal
---
apiVersion: render.crossplane.io/v1beta1
kind: Result
message: Composed resource "iam-role" is not yet ready
reason: ComposeResources
severity: Normal
---
apiVersion: render.crossplane.io/v1beta1
kind: Result
message: 'Pipeline step "pod-identity": the IAM role and the association are managed
  with ClusterProviderConfig "bootstrap"'
reason: ComposeResources
severity: Warning
`
	// decided is what the function decided in both.
	decided = `---
apiVersion: platform.example.org/v1alpha1
kind: XPodIdentity
metadata:
  name: warn
spec:
  clusterName: c
status:
  conditions:
  - lastTransitionTime: "2024-01-01T00:00:00Z"
    message: waiting for Role crossplane-system/warn-iam-role to be created
    reason: Creating
    status: "False"
    type: CredentialsReady
  - lastTransitionTime: "2024-01-01T00:00:00Z"
    message: 'Unready resources: iam-role'
    reason: Creating
    status: "False"
    type: Ready
  roleName: r
---
apiVersion: iam.aws.m.upbound.io/v1beta1
kind: Role
metadata:
  annotations:
    crossplane.io/composition-resource-name: iam-role
  name: warn-iam-role
  ownerReferences:
  - apiVersion: platform.example.org/v1alpha1
    blockOwnerDeletion: true
    controller: true
    kind: XPodIdentity
    name: warn
    uid: 777bb601-aa28-590d-b6a8-9dc7ffba81f3
---
apiVersion: render.crossplane.io/v1beta1
kind: Result
message: the IAM role and the association are managed with ClusterProviderConfig "bootstrap"
severity: Warning
step: pod-identity
`
)

func TestDecisions(t *testing.T) {
	cases := map[string]struct {
		reason   string
		rendered string
		want     string
		wantErr  bool
	}{
		"Crank": {
			reason:   "crank's output: Ready first, an empty uid for an XR without one, results as SEVERITY_ names with their step.",
			rendered: crankRender,
			want:     decided,
		},
		"Current": {
			reason:   "The current CLI's: Crossplane's own conditions, resourceRefs and events go, the function's Warning keeps its step and message; the same as crank's.",
			rendered: currentRender,
			want:     decided,
		},
		"ResultsSorted": {
			reason: "Results are compared whatever order a CLI prints them in.",
			rendered: "---\napiVersion: x/v1\nkind: X\nmetadata: {name: x}\n---\n" +
				"apiVersion: render.crossplane.io/v1beta1\nkind: Result\nmessage: 'Pipeline step \"b\": two'\nseverity: Normal\n---\n" +
				"apiVersion: render.crossplane.io/v1beta1\nkind: Result\nmessage: 'Pipeline step \"a\": one'\nseverity: Warning\n",
			want: "---\napiVersion: x/v1\nkind: X\nmetadata:\n  name: x\n---\n" +
				"apiVersion: render.crossplane.io/v1beta1\nkind: Result\nmessage: one\nseverity: Warning\nstep: a\n---\n" +
				"apiVersion: render.crossplane.io/v1beta1\nkind: Result\nmessage: two\nseverity: Normal\nstep: b\n",
		},
		"OtherCrossplaneFieldsStay": {
			reason: "Only resourceRefs goes from spec.crossplane: a compositionRef is the example's own.",
			rendered: "---\napiVersion: x/v1\nkind: X\nmetadata: {name: x}\n" +
				"spec: {crossplane: {compositionRef: {name: c}, resourceRefs: [{kind: Role, name: r}]}}\n",
			want: "---\napiVersion: x/v1\nkind: X\nmetadata:\n  name: x\nspec:\n  crossplane:\n    compositionRef:\n      name: c\n",
		},
		"OtherOwnersStay": {
			reason: "Only the controller reference to the XR is given the XR's uid; another owner's stays as it is.",
			rendered: "---\napiVersion: x/v1\nkind: X\nmetadata: {name: x}\n---\n" +
				"apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: sa\n  ownerReferences:\n  - {apiVersion: x/v1, kind: Other, name: x, uid: '', controller: false}\n",
			want: "---\napiVersion: x/v1\nkind: X\nmetadata:\n  name: x\n---\n" +
				"apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: sa\n  ownerReferences:\n  - apiVersion: x/v1\n    controller: false\n    kind: Other\n    name: x\n    uid: \"\"\n",
		},
		"Empty": {
			reason:   "A render without an XR is not one: nothing to compare.",
			rendered: "---\n",
			wantErr:  true,
		},
		"NotYAML": {
			reason:   "Output that is not YAML is an error, not an empty render.",
			rendered: "---\n{\n",
			wantErr:  true,
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			got, err := Decisions([]byte(tc.rendered))
			if (err != nil) != tc.wantErr {
				t.Fatalf("%s\nDecisions() error = %v, want error: %t", tc.reason, err, tc.wantErr)
			}
			if diff := cmp.Diff(tc.want, string(got)); diff != "" {
				t.Errorf("%s\nDecisions(), -want, +got:\n%s", tc.reason, diff)
			}
		})
	}
}

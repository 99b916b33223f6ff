package compose

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestReadiness(t *testing.T) {
	role := Resource{Name: "iam-role", Object: fromYAML(t, "{apiVersion: iam.aws.m.upbound.io/v1beta1, kind: Role, metadata: {name: r, namespace: ns}}")}
	provider := Resource{Name: "package-provider-aws-ec2", Readiness: ReadyWhenHealthy, Object: fromYAML(t, "{apiVersion: pkg.crossplane.io/v1, kind: Provider, metadata: {name: provider-aws-ec2}}")}
	config := Resource{Name: "deployment-runtime-config", Readiness: ReadyWhenObserved, Object: fromYAML(t, "{apiVersion: pkg.crossplane.io/v1beta1, kind: DeploymentRuntimeConfig, metadata: {name: rc}}")}
	cases := map[string]struct {
		reason   string
		r        Resource
		observed string // "" means not observed
		// xrUID is the XR's uid; "" where a renderer gives it none, and
		// then no controller is checked.
		xrUID string
		want  *Blocker
	}{
		"NotCreated":      {reason: "What does not exist yet is waited for.", r: role, want: &Blocker{"Creating", "waiting for Role ns/r to be created"}},
		"ConfigObserved":  {reason: "A DeploymentRuntimeConfig is ready once it exists.", r: config, observed: "{apiVersion: pkg.crossplane.io/v1beta1, kind: DeploymentRuntimeConfig}"},
		"ConfigMissing":   {reason: "And not before.", r: config, want: &Blocker{"Creating", "waiting for DeploymentRuntimeConfig rc to be created"}},
		"ReadyTrue":       {reason: "A managed resource is ready when its provider says so.", r: role, observed: `{apiVersion: iam.aws.m.upbound.io/v1beta1, kind: Role, status: {conditions: [{type: Ready, status: "True"}]}}`},
		"NoConditionsYet": {reason: "A managed resource without conditions is not ready.", r: role, observed: "{apiVersion: iam.aws.m.upbound.io/v1beta1, kind: Role}", want: &Blocker{"Creating", "waiting for Role ns/r to become ready"}},
		"ReadyFalse": {
			reason: "The provider's Ready message explains the wait.", r: role,
			observed: `{apiVersion: iam.aws.m.upbound.io/v1beta1, kind: Role, status: {conditions: [{type: Ready, status: "False", reason: Creating, message: "creating the role"}]}}`,
			want:     &Blocker{"Creating", "waiting for Role ns/r to become ready: Creating: creating the role"},
		},
		"SyncedUnknown": {
			reason: "Synced Unknown is no error: the Ready condition explains the wait.", r: role,
			observed: `{apiVersion: iam.aws.m.upbound.io/v1beta1, kind: Role, status: {conditions: [{type: Synced, status: "Unknown", reason: Pending, message: "not yet"}, {type: Ready, status: "False", reason: Creating, message: "creating"}]}}`,
			want:     &Blocker{"Creating", "waiting for Role ns/r to become ready: Creating: creating"},
		},
		"LongMessageClipped": {
			reason: "A provider's message of hundreds of kilobytes reaches the XR's condition clipped to 1 KiB.", r: role,
			observed: `{apiVersion: iam.aws.m.upbound.io/v1beta1, kind: Role, status: {conditions: [{type: Synced, status: "False", reason: ReconcileError, message: "` + strings.Repeat("x", 330000) + `"}]}}`,
			want:     &Blocker{"ReconcileError", "Role ns/r cannot be synced: ReconcileError: " + strings.Repeat("x", 1024) + "..."},
		},
		"ProviderHealthy": {
			reason: "A Provider is ready when it is installed and healthy.", r: provider,
			observed: `{apiVersion: pkg.crossplane.io/v1, kind: Provider, status: {conditions: [{type: Installed, status: "True"}, {type: Healthy, status: "True"}]}}`,
		},
		"AnotherKindReady": {
			reason: "Something else reporting Ready under the role's name makes nothing ready: the role is still to be created.", r: role,
			observed: `{apiVersion: v1, kind: Secret, status: {conditions: [{type: Ready, status: "True"}, {type: Synced, status: "False", reason: X, message: "forged"}]}}`,
			want:     &Blocker{"Creating", "waiting for Role ns/r to be created"},
		},
		"SameKindOtherGroup": {
			reason: "A Role of another API group is not the role.", r: role,
			observed: `{apiVersion: rbac.authorization.k8s.io/v1, kind: Role, status: {conditions: [{type: Ready, status: "True"}]}}`,
			want:     &Blocker{"Creating", "waiting for Role ns/r to be created"},
		},
		"ControlledByTheXR": {
			reason: "A resource the XR controls is ready when its provider says so.", r: role, xrUID: "xr-uid",
			observed: `{apiVersion: iam.aws.m.upbound.io/v1beta1, kind: Role, metadata: {ownerReferences: [{controller: true, uid: xr-uid}]}, status: {conditions: [{type: Ready, status: "True"}]}}`,
		},
		"ControlledBySomeoneElse": {
			reason: "A Role under the role's name that another owner controls is not the XR's: its Ready says nothing of the role, and its message does not reach the XR.", r: role, xrUID: "xr-uid",
			observed: `{apiVersion: iam.aws.m.upbound.io/v1beta1, kind: Role, metadata: {ownerReferences: [{controller: true, uid: other}]}, status: {conditions: [{type: Ready, status: "True"}, {type: Synced, status: "False", reason: X, message: "forged"}]}}`,
			want:     &Blocker{"Creating", "waiting for Role ns/r to be created"},
		},
		"ProviderInstalledOnly": {
			reason: "Installed is not enough.", r: provider,
			observed: `{apiVersion: pkg.crossplane.io/v1, kind: Provider, status: {conditions: [{type: Installed, status: "True"}]}}`,
			want:     &Blocker{"Creating", "waiting for Provider provider-aws-ec2 to become ready"},
		},
		"ProviderUnhealthy": {
			reason: "An unhealthy Provider's own message explains the wait.", r: provider,
			observed: `{apiVersion: pkg.crossplane.io/v1, kind: Provider, status: {conditions: [{type: Installed, status: "True"}, {type: Healthy, status: "False", reason: UnhealthyPackageRevision, message: "pod crash-looping"}]}}`,
			want:     &Blocker{"Creating", "waiting for Provider provider-aws-ec2 to become ready: UnhealthyPackageRevision: pod crash-looping"},
		},
		"SyncedFalse": {
			reason: "A Synced error, such as AccessDenied, is the message, even when Ready says something else.", r: role,
			observed: `{apiVersion: iam.aws.m.upbound.io/v1beta1, kind: Role, status: {conditions: [{type: Ready, status: "False", reason: Creating}, {type: Synced, status: "False", reason: ReconcileError, message: "AccessDenied"}]}}`,
			want:     &Blocker{"ReconcileError", "Role ns/r cannot be synced: ReconcileError: AccessDenied"},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			p := &Plan{Observed: Observed{}, xrUID: tc.xrUID}
			if tc.observed != "" {
				p.Observed[tc.r.Name] = fromYAML(t, tc.observed)
			}
			r := tc.r
			if r.Ready = p.ready(r); r.Ready != (tc.want == nil) {
				t.Errorf("%s\nready: %v, want %v", tc.reason, r.Ready, tc.want == nil)
			}
			if diff := cmp.Diff(tc.want, p.firstBlocker([]Resource{r})); diff != "" {
				t.Errorf("%s\n-want, +got:\n%s", tc.reason, diff)
			}
		})
	}
}

func TestFirstBlockerIsTheFirstInOrder(t *testing.T) {
	a := Resource{Name: "a", Readiness: ReadyWhenObserved, Object: fromYAML(t, "{kind: A, metadata: {name: a}}"), Ready: true}
	b := Resource{Name: "b", Readiness: ReadyWhenObserved, Object: fromYAML(t, "{kind: B, metadata: {name: b}}")}
	c := Resource{Name: "c", Readiness: ReadyWhenObserved, Object: fromYAML(t, "{kind: C, metadata: {name: c}}")}
	got := (&Plan{Observed: Observed{"a": fromYAML(t, "{kind: A}")}}).firstBlocker([]Resource{a, b, c})
	if diff := cmp.Diff(&Blocker{"Creating", "waiting for B b to be created"}, got); diff != "" {
		t.Errorf("the first resource that is not ready, in order, blocks: -want, +got:\n%s", diff)
	}
}

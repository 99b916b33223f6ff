package main

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/types/known/structpb"
)

func TestReadiness(t *testing.T) {
	role := composed{name: resourceRole, object: fromYAML(t, "{kind: Role, metadata: {name: r, namespace: ns}}")}
	provider := composed{name: "package-provider-aws-ec2", readiness: readyWhenHealthy, object: fromYAML(t, "{kind: Provider, metadata: {name: provider-aws-ec2}}")}
	config := composed{name: resourceRuntimeConfig, readiness: readyWhenObserved, object: fromYAML(t, "{kind: DeploymentRuntimeConfig, metadata: {name: rc}}")}
	type want struct {
		ready           bool
		reason, message string
	}
	cases := map[string]struct {
		reason   string
		c        composed
		observed string // "" means not observed
		want     want
	}{
		"NotCreated":      {reason: "What does not exist yet is waited for.", c: role, want: want{reason: "Creating", message: "waiting for Role ns/r to be created"}},
		"ConfigObserved":  {reason: "A DeploymentRuntimeConfig is ready once it exists.", c: config, observed: "{kind: DeploymentRuntimeConfig}", want: want{ready: true}},
		"ReadyTrue":       {reason: "A managed resource is ready when its provider says so.", c: role, observed: `{status: {conditions: [{type: Ready, status: "True"}]}}`, want: want{ready: true}},
		"NoConditionsYet": {reason: "A managed resource without conditions is not ready.", c: role, observed: "{kind: Role}", want: want{reason: "Creating", message: "waiting for Role ns/r to become ready"}},
		"ReadyFalse": {
			reason: "The provider's Ready message explains the wait.", c: role,
			observed: `{status: {conditions: [{type: Ready, status: "False", reason: Creating, message: "creating the role"}]}}`,
			want:     want{reason: "Creating", message: "waiting for Role ns/r to become ready: Creating: creating the role"},
		},
		"ProviderHealthy": {
			reason: "A Provider is ready when it is installed and healthy.", c: provider,
			observed: `{status: {conditions: [{type: Installed, status: "True"}, {type: Healthy, status: "True"}]}}`,
			want:     want{ready: true},
		},
		"ProviderUnhealthy": {
			reason: "An unhealthy Provider's own message explains the wait.", c: provider,
			observed: `{status: {conditions: [{type: Installed, status: "True"}, {type: Healthy, status: "False", reason: UnhealthyPackageRevision, message: "pod crash-looping"}]}}`,
			want:     want{reason: "Creating", message: "waiting for Provider provider-aws-ec2 to become ready: UnhealthyPackageRevision: pod crash-looping"},
		},
		"SyncedFalse": {
			reason: "A Synced error, such as AccessDenied, is the message, even when Ready says something else.", c: role,
			observed: `{status: {conditions: [{type: Ready, status: "False", reason: Creating}, {type: Synced, status: "False", reason: ReconcileError, message: "AccessDenied"}]}}`,
			want:     want{reason: "ReconcileError", message: "Role ns/r cannot be synced: ReconcileError: AccessDenied"},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			var obs *structpb.Struct
			if tc.observed != "" {
				obs = fromYAML(t, tc.observed)
			}
			got := want{ready: isReady(tc.c, obs)}
			if !got.ready {
				got.reason, got.message = blocked(tc.c, obs)
			}
			if diff := cmp.Diff(tc.want, got, cmp.AllowUnexported(want{})); diff != "" {
				t.Errorf("%s\n-want, +got:\n%s", tc.reason, diff)
			}
		})
	}
}

package compose

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestCollisions shows how two resources under one composition resource
// name are refused: each is named by what it is in AWS where it has a name
// there, by the policy it attaches, or else by kind and name, since two
// colliding resources have names that read alike.
func TestCollisions(t *testing.T) {
	role := Resource{Name: "k", Object: fromYAML(t, `{kind: Role, metadata: {name: r, namespace: ns, annotations: {crossplane.io/external-name: team-a}}}`)}
	attachment := Resource{Name: "k", Object: fromYAML(t, `{kind: RolePolicyAttachment, metadata: {name: a, namespace: ns}, spec: {forProvider: {policyArn: "arn:aws:iam::aws:policy/A"}}}`)}
	config := Resource{Name: "k", Object: fromYAML(t, `{kind: ProviderConfig, metadata: {name: c, namespace: ns}}`)}
	other := Resource{Name: "other", Object: fromYAML(t, `{kind: ProviderConfig, metadata: {name: o}}`)}
	cases := map[string]struct {
		reason string
		built  []Resource
		want   []string
	}{
		"None": {reason: "Resources of names of their own do not collide.", built: []Resource{role, other}},
		"ByAWSName": {
			reason: "A resource with a name in AWS is named by it.",
			built:  []Resource{role, config},
			want:   []string{`Role ns/r ("team-a" in AWS) and ProviderConfig ns/c would both be composed as k; rename one of them`},
		},
		"ByPolicy": {
			reason: "An attachment is named by its policy.",
			built:  []Resource{attachment, other, config},
			want:   []string{`RolePolicyAttachment ns/a (of policy "arn:aws:iam::aws:policy/A") and ProviderConfig ns/c would both be composed as k; rename one of them`},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, collisions(tc.built)); diff != "" {
				t.Errorf("%s\n-want, +got:\n%s", tc.reason, diff)
			}
		})
	}
}

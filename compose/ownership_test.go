package compose

import (
	"testing"

	"github.com/crossplane/function-sdk-go/resource"
	"github.com/google/go-cmp/cmp"
)

// TestComposedByXR shows which observed resources are the XR's own: those it
// controls, or, in a render, where the XR has no uid, every one.
func TestComposedByXR(t *testing.T) {
	observed := func(controller string) map[resource.Name]string {
		return map[resource.Name]string{"package-p": `{apiVersion: pkg.crossplane.io/v1, kind: Provider, metadata: {name: p, ownerReferences: [{controller: true, uid: ` + controller + `}]}}`}
	}
	cases := map[string]struct {
		reason   string
		uid      string
		observed map[resource.Name]string
		want     bool
	}{
		"Controlled":          {reason: "What the XR controls is its own.", uid: "u", observed: observed("u"), want: true},
		"ControlledByAnother": {reason: "What another controls under the same name is not.", uid: "u", observed: observed("other")},
		"Render":              {reason: "A renderer gives the XR no uid: what is observed is taken as the XR's.", observed: observed("other"), want: true},
		"Absent":              {reason: "Nothing observed is nothing composed.", uid: "u"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			p := newPlanWith(t, minimalXR, "", tc.uid, tc.observed, nil)
			if got := p.composedByXR("package-p") != nil; got != tc.want {
				t.Errorf("%s\ncomposedByXR: %v, want %v", tc.reason, got, tc.want)
			}
		})
	}
}

// TestReuseOnlyWhatTheXRControls shows that a role the XR observes under
// another composition resource name keeps that name only if the XR controls
// it: another XR's object is never taken as this one's.
func TestReuseOnlyWhatTheXRControls(t *testing.T) {
	fresh := names(t, minimalXR, "")[0].RoleName()
	observed := func(controller string) map[resource.Name]string {
		return map[resource.Name]string{"iam-role-earlier": `{apiVersion: iam.aws.m.upbound.io/v1beta1, kind: Role,
			metadata: {name: xr-iam-role-earlier, annotations: {crossplane.io/external-name: prod-eu-west-1-xr}, ownerReferences: [{controller: true, uid: ` + controller + `}]},
			spec: {forProvider: {path: /}}}`}
	}
	earlier := Name{Key: "iam-role-earlier", Object: "xr-iam-role-earlier"}
	cases := map[string]struct {
		reason   string
		uid      string
		observed map[resource.Name]string
		want     Name
	}{
		"Controlled":          {reason: "The XR's own role keeps its earlier names.", uid: "u", observed: observed("u"), want: earlier},
		"ControlledByAnother": {reason: "Another's is not reused: the role gets its own names.", uid: "u", observed: observed("other"), want: fresh},
		"Render":              {reason: "In a render, without the XR's uid, what is observed is reused.", observed: observed("other"), want: earlier},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			got := newPlanWith(t, minimalXR, "", tc.uid, tc.observed, nil).Identities[0].RoleName()
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("%s\n-want, +got:\n%s", tc.reason, diff)
			}
		})
	}
}

// TestPresetAttachmentKeepsItsName shows that the attachment of a preset's
// policy, which names the policy by reference, keeps the names it is
// observed under: its identity is the role and the referenced policy.
func TestPresetAttachmentKeepsItsName(t *testing.T) {
	const xr = `{metadata: {name: xr}, spec: {clusterName: prod, region: eu-west-1, role: {permissions: Preset},
		providers: [{package: "xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0"}]}}`
	p := newPlan(t, xr, "", nil)
	id := &p.Identities[0]
	pps := p.presetPolicies(id)
	if len(pps) == 0 {
		t.Fatal("the s3 preset has no policy")
	}
	observed := map[resource.Name]string{"policy-attachment-earlier": `{apiVersion: iam.aws.m.upbound.io/v1beta1, kind: RolePolicyAttachment, metadata: {name: xr-earlier},
		spec: {forProvider: {roleRef: {name: ` + id.roleName.Object + `}, policyArnRef: {name: ` + pps[0].name.Object + `}}}}`}
	kept := false
	for _, r := range build(newPlan(t, xr, "", observed), RolePolicyAttachments) {
		kept = kept || (r.Name == "policy-attachment-earlier" && stringAt(r.Object, "metadata", "name") == "xr-earlier")
	}
	if !kept {
		t.Error("the preset's attachment observed under earlier names is composed under them, so that it is not replaced")
	}
}

package compose

import (
	"strings"
	"testing"

	"github.com/crossplane/function-sdk-go/resource"
	"github.com/google/go-cmp/cmp"
)

func TestComposeOrder(t *testing.T) {
	const xr = `
metadata: {name: aws}
spec:
  clusterName: prod
  region: us-east-2
  agent: {install: true}
  role: {policyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"], inlinePolicies: [{name: a, document: '{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}'}]}
  providers:
    - package: xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0
    - package: xpkg.upbound.io/upbound/provider-aws-ec2:v2.3.0
    - package: xpkg.upbound.io/upbound/provider-aws-rds:v2.3.0
      isolated: true
`
	ids := names(t, xr, "")
	p := newPlanWith(t, xr, "", "", map[resource.Name]string{ids[0].AssociationName().Key: readyAssociation, ids[1].AssociationName().Key: readyAssociation},
		map[string][]string{})
	// Every guarded object was asked about and none exists.
	for _, res := range build(p, ServiceAccount) {
		p.Existing[requirementName(res)] = nil
	}
	for _, b := range []Builder{DeploymentRuntimeConfig, Providers, ProviderConfigs} {
		for _, res := range build(p, b) {
			p.Existing[requirementName(res)] = nil
		}
	}
	composed := Compose(p).Resources
	got := make([]resource.Name, 0, len(composed))
	for _, r := range composed {
		got = append(got, r.Name)
	}
	want := []resource.Name{
		p.agentName().Key,
		ids[0].RoleName().Key, ids[1].RoleName().Key,
		PolicyAttachmentName("aws", "", ids[0].RoleName(), "arn:aws:iam::aws:policy/ReadOnlyAccess").Key,
		InlinePolicyName("aws", "", ids[0].RoleName(), "a").Key,
		ids[0].AssociationName().Key, ids[1].AssociationName().Key,
		ids[0].serviceAccountName.Key, ids[1].serviceAccountName.Key,
		ids[0].runtimeConfigName.Key, ids[1].runtimeConfigName.Key,
		"package-provider-aws-s3", "package-provider-aws-ec2", "package-provider-aws-rds",
		ProviderConfigKey("aws.m.upbound.io/v1beta1", p.Spec().ProviderConfigs[0]),
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("every step in the guide's order, for each identity: -want, +got:\n%s", diff)
	}
}

// TestComposeNeverTakesOver shows how the XR finds out whether the objects a
// ServiceAccount, DeploymentRuntimeConfig, Provider or ProviderConfig stands
// for exist, and what it does with those it did not create.
func TestComposeNeverTakesOver(t *testing.T) {
	const uid = "xr-uid"
	shared := names(t, oneProviderXR, "")[0]
	sa, drc := shared.serviceAccountName, shared.runtimeConfigName
	saReq := "existing/" + string(sa.Key)
	drcReq := "existing/" + string(drc.Key)
	existingSA := func(meta string) []string {
		return []string{`{apiVersion: v1, kind: ServiceAccount, metadata: {name: provider-aws, namespace: crossplane-system, ` + meta + `}}`}
	}
	type want struct {
		composed     bool // the ServiceAccount is desired
		required     bool // the ServiceAccount is asked about
		refusal      string
		blockerCause string
	}
	cases := map[string]struct {
		reason   string
		observed map[resource.Name]string
		existing map[string][]string
		want     want
	}{
		"NotAskedYet": {
			reason: "Before Crossplane says whether it exists, the ServiceAccount is asked about and not composed: composing it could take over someone else's.",
			want:   want{required: true},
		},
		"Absent": {
			reason:   "Asked and absent: it is composed, and still asked about, so that the requirements settle between calls.",
			existing: map[string][]string{saReq: nil},
			want:     want{composed: true, required: true},
		},
		"AlreadyComposed": {
			reason:   "Once the XR controls it, nothing is asked.",
			observed: map[resource.Name]string{sa.Key: `{apiVersion: v1, kind: ServiceAccount, metadata: {name: provider-aws, ownerReferences: [{controller: true, uid: xr-uid}]}}`},
			want:     want{composed: true},
		},
		"ControlledByTheXR": {
			reason:   "An object the XR controls under another name, say after an upgrade, is the XR's.",
			existing: map[string][]string{saReq: existingSA("ownerReferences: [{kind: XPodIdentity, name: xr, controller: true, uid: xr-uid}]")},
			want:     want{composed: true, required: true},
		},
		"HandedOver": {
			reason:   "An object no controller owns, annotated with the XR's name, is handed over.",
			existing: map[string][]string{saReq: existingSA("annotations: {podidentity.fn.crossplane.io/adopt: xr}")},
			want:     want{composed: true, required: true},
		},
		"HandedToAnother": {
			reason:   "Annotated for another XR, it is not this one's.",
			existing: map[string][]string{saReq: existingSA("annotations: {podidentity.fn.crossplane.io/adopt: other}")},
			want: want{required: true, refusal: "ServiceAccount crossplane-system/provider-aws already exists and was not created by this XR: it is not taken over; " +
				"delete it, choose another name, or annotate it podidentity.fn.crossplane.io/adopt=xr to hand it over"},
		},
		"SomeoneElses": {
			reason:   "An object another controller owns is never taken over: the XR refuses, naming it and its controller.",
			existing: map[string][]string{saReq: existingSA("ownerReferences: [{kind: Deployment, name: app, controller: true, uid: other}]")},
			want: want{required: true, refusal: "ServiceAccount crossplane-system/provider-aws already exists and is controlled by Deployment app: " +
				"this XR does not take over what it did not create; choose another name"},
		},
		"FromTheTemplateOfAnEarlierVersion": {
			reason: "A ServiceAccount a ProviderRevision of one of the identity's providers owns was made by the package manager for an earlier version of this function: " +
				"it is not composed, everything else is, and the XR says how to release it.",
			existing: map[string][]string{saReq: existingSA("ownerReferences: [{kind: ProviderRevision, name: provider-aws-s3-0a1b2c3d4e5f, controller: true, uid: rev}]")},
			want:     want{required: true, blockerCause: ReasonHandingOver},
		},
		"ARevisionOfAnotherProvider": {
			reason:   "A revision of a provider this identity does not run is someone else's.",
			existing: map[string][]string{saReq: existingSA("ownerReferences: [{kind: ProviderRevision, name: provider-other-0a1b2c3d4e5f, controller: true, uid: rev}]")},
			want: want{required: true, refusal: "ServiceAccount crossplane-system/provider-aws already exists and is controlled by ProviderRevision provider-other-0a1b2c3d4e5f: " +
				"this XR does not take over what it did not create; choose another name"},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			existing := tc.existing
			if existing != nil {
				existing[drcReq] = nil
			}
			p := newPlanWith(t, oneProviderXR, "", uid, tc.observed, existing)
			r := Compose(p)
			got := want{}
			for _, res := range r.Resources {
				got.composed = got.composed || res.Name == sa.Key
			}
			_, got.required = r.Requirements[saReq]
			if len(r.Refusals) > 0 {
				got.refusal = r.Refusals[0]
			}
			if r.Blocker != nil && r.Blocker.Reason == ReasonHandingOver {
				got.blockerCause = ReasonHandingOver
			}
			if diff := cmp.Diff(tc.want, got, cmp.AllowUnexported(want{})); diff != "" {
				t.Errorf("%s\n-want, +got:\n%s", tc.reason, diff)
			}
			if req, ok := r.Requirements[saReq]; ok {
				if diff := cmp.Diff(Requirement{APIVersion: "v1", Kind: "ServiceAccount", Namespace: "crossplane-system", Name: "provider-aws"}, req); diff != "" {
					t.Errorf("%s\nthe requirement asks for the object itself: -want, +got:\n%s", tc.reason, diff)
				}
			}
		})
	}
}

func TestHandOverMessage(t *testing.T) {
	shared := names(t, oneProviderXR, "")[0]
	p := newPlanWith(t, oneProviderXR, "", "u", nil, map[string][]string{
		"existing/" + string(shared.serviceAccountName.Key): {`{apiVersion: v1, kind: ServiceAccount, metadata: {name: provider-aws, namespace: crossplane-system,
			ownerReferences: [{kind: ProviderRevision, name: provider-aws-s3-0a1b2c3d4e5f, controller: true, uid: rev}]}}`},
	})
	want := &Blocker{Reason: ReasonHandingOver, Message: "ServiceAccount crossplane-system/provider-aws is still controlled by ProviderRevision provider-aws-s3-0a1b2c3d4e5f, " +
		"which Crossplane's package manager made it for from the serviceAccountTemplate of an earlier version of this function; release it to this XR with: " +
		`kubectl patch serviceaccount -n crossplane-system provider-aws --type=merge -p '{"metadata":{"ownerReferences":null,"annotations":{"podidentity.fn.crossplane.io/adopt":"xr"}}}'`}
	if diff := cmp.Diff(want, Compose(p).Blocker); diff != "" {
		t.Errorf("the XR says exactly how to hand the ServiceAccount over: -want, +got:\n%s", diff)
	}
}

func TestRemovedProviders(t *testing.T) {
	const xr = `{metadata: {name: aws}, spec: {clusterName: prod, region: us-east-2}}`
	const usages, legacyUsages = "usages/aws.m.upbound.io", "usages/aws.upbound.io"
	installed := func(pkg string) string {
		return `{apiVersion: pkg.crossplane.io/v1, kind: Provider, metadata: {name: p, ownerReferences: [{controller: true, uid: u}]},
			spec: {package: "` + pkg + `", runtimeConfigRef: {name: aws}}}`
	}
	usage := func(apiVersion, kind, name string) string {
		return `{apiVersion: aws.m.upbound.io/v1beta1, kind: ProviderConfigUsage, metadata: {namespace: team-a, labels: {crossplane.io/provider-config: bootstrap}},
			resourceRef: {apiVersion: ` + apiVersion + `, kind: ` + kind + `, name: ` + name + `}}`
	}
	legacyUsage := func(apiVersion, kind, name string) string {
		return `{apiVersion: aws.upbound.io/v1beta1, kind: ProviderConfigUsage, resourceRef: {apiVersion: ` + apiVersion + `, kind: ` + kind + `, name: ` + name + `}}`
	}
	cases := map[string]struct {
		reason   string
		provider string
		usages   []string
		legacy   []string
		known    bool
		kept     bool
		refusal  string
	}{
		"UsagesNotKnownYet": {
			reason:   "While Crossplane has not said which managed resources exist, the removed Provider stays installed.",
			provider: "xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0", kept: true,
		},
		"Unused": {
			reason:   "No managed resource of the family exists: the Provider is uninstalled.",
			provider: "xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0", known: true,
			usages: []string{usage("ec2.aws.m.upbound.io/v1beta1", "Instance", "web")},
		},
		"InUse": {
			reason:   "Managed resources of the family exist, whichever ProviderConfig they use (here the bootstrap one): the removal is refused, naming a few.",
			provider: "xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0", known: true,
			usages: []string{
				usage("s3.aws.m.upbound.io/v1beta1", "Bucket", "a"), usage("s3.aws.m.upbound.io/v1beta1", "Bucket", "b"),
				usage("s3.aws.upbound.io/v1beta1", "BucketPolicy", "c"), usage("s3.aws.m.upbound.io/v1beta1", "Bucket", "d"),
			},
			refusal: "spec.providers no longer lists Provider p, which this XR installed, but 4 managed resources of its family still exist " +
				"(Bucket team-a/a, Bucket team-a/b, BucketPolicy team-a/c and 1 more): uninstalling it would delete their CRDs and strand them; delete them first, or keep the entry",
		},
		"InUseThroughTheLegacyAPI": {
			reason:   "A managed resource of the legacy cluster-scoped API strands just the same.",
			provider: "xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0", known: true,
			legacy: []string{legacyUsage("s3.aws.upbound.io/v1beta1", "Bucket", "old")},
			refusal: "spec.providers no longer lists Provider p, which this XR installed, but a managed resource of its family still exists " +
				"(Bucket old): uninstalling it would delete their CRDs and strand them; delete them first, or keep the entry",
		},
		"InUseByThree": {
			reason:   "As many as are named: no count of more.",
			provider: "xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0", known: true,
			usages: []string{
				usage("s3.aws.m.upbound.io/v1beta1", "Bucket", "a"), usage("s3.aws.m.upbound.io/v1beta1", "Bucket", "b"),
				usage("s3.aws.upbound.io/v1beta1", "BucketPolicy", "c"),
			},
			refusal: "spec.providers no longer lists Provider p, which this XR installed, but 3 managed resources of its family still exist " +
				"(Bucket team-a/a, Bucket team-a/b, BucketPolicy team-a/c): uninstalling it would delete their CRDs and strand them; delete them first, or keep the entry",
		},
		"NotAnAWSFamily": {
			reason:   "A provider that is no provider-aws family serves no ProviderConfig of the XR: it is uninstalled without asking.",
			provider: "xpkg.crossplane.io/crossplane-contrib/provider-kubernetes:v0.15.0",
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			existing := map[string][]string{}
			if tc.known {
				existing[usages], existing[legacyUsages] = tc.usages, tc.legacy
			}
			p := newPlanWith(t, xr, "", "u", map[resource.Name]string{"package-p": installed(tc.provider)}, existing)
			r := Compose(p)
			kept := false
			for _, res := range r.Resources {
				kept = kept || res.Name == "package-p"
			}
			refusal := ""
			if len(r.Refusals) > 0 {
				refusal = r.Refusals[0]
			}
			if kept != tc.kept || refusal != tc.refusal {
				t.Errorf("%s\nkept %v, refusal %q; want %v, %q", tc.reason, kept, refusal, tc.kept, tc.refusal)
			}
			_, asked := r.Requirements[usages]
			_, askedLegacy := r.Requirements[legacyUsages]
			if want := tc.provider != "xpkg.crossplane.io/crossplane-contrib/provider-kubernetes:v0.15.0"; asked != want || askedLegacy != want {
				t.Errorf("%s\nusages asked about: %v, legacy usages: %v", tc.reason, asked, askedLegacy)
			}
		})
	}
}

// TestComposeReportsWhatItIgnores checks that every observed value found
// wrong is reported, those the XR's status leaves out included: the status
// is built before the warnings are collected.
func TestComposeReportsWhatItIgnores(t *testing.T) {
	const xr = `{metadata: {name: aws}, spec: {clusterName: prod, region: us-east-2, agent: {install: true}}}`
	agent := newPlan(t, xr, "", nil).agentName().Key
	p := newPlan(t, xr, "", map[resource.Name]string{
		agent: `{apiVersion: eks.aws.m.upbound.io/v1beta1, kind: Addon, status: {conditions: [{type: Ready, status: "True"}], atProvider: {addonVersion: "latest\nand more"}}}`,
	})
	want := []string{`ignored status.atProvider.addonVersion "latest\nand more" of ` + string(agent) + `: is not an EKS add-on version`}
	if diff := cmp.Diff(want, Compose(p).Warnings); diff != "" {
		t.Errorf("an add-on version the status leaves out is reported: -want, +got:\n%s", diff)
	}
}

// TestLegacyRoleNameOnlyFromTheRole checks that the first release's default
// role name is kept only for the XR's own IAM Role under the role's
// composition resource name: another Role the XR controls, an IAM role of
// an earlier pipeline step or an RBAC Role with that external name, must not
// make the XR's role that same AWS role.
func TestLegacyRoleNameOnlyFromTheRole(t *testing.T) {
	const xr = `{metadata: {name: xr}, spec: {clusterName: prod, region: eu-west-1}}`
	role := func(apiVersion string) string {
		return `{apiVersion: ` + apiVersion + `, kind: Role, metadata: {name: old, annotations: {crossplane.io/external-name: prod-xr}, ownerReferences: [{controller: true, uid: u}]}, spec: {forProvider: {path: /}}}`
	}
	cases := map[string]struct {
		reason string
		key    resource.Name
		object string
		want   string
	}{
		"TheXRsRole": {
			reason: "The role v0.1.0 created under the legacy default keeps its name.",
			key:    KeyRole, object: role("iam.aws.m.upbound.io/v1beta1"), want: "prod-xr",
		},
		"AnotherStepsRole": {
			reason: "An IAM Role under another composition resource name is not the XR's role.",
			key:    "node-role", object: role("iam.aws.m.upbound.io/v1beta1"), want: "prod-eu-west-1-xr",
		},
		"RBACRole": {
			reason: "A Role of another API group is no IAM role at all.",
			key:    KeyRole, object: role("rbac.authorization.k8s.io/v1"), want: "prod-eu-west-1-xr",
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			p := newPlanWith(t, xr, "", "u", map[resource.Name]string{tc.key: tc.object}, nil)
			if got := p.Spec().Role.Name; got != tc.want {
				t.Errorf("%s\nrole name %q, want %q", tc.reason, got, tc.want)
			}
		})
	}
}

// TestReusedNamesAreValid checks that a composition resource name is reused
// only if it is one the function could have made: the observed map's keys
// are input too, and a key of any length or character would become the
// desired resource's key and be repeated in every message naming it.
func TestReusedNamesAreValid(t *testing.T) {
	const xr = `{metadata: {name: xr}, spec: {clusterName: prod, region: eu-west-1}}`
	def := newPlan(t, xr, "", nil).Identities[0].RoleName()
	bad := resource.Name(KeyRole + "-\n" + strings.Repeat("x", 300))
	p := newPlanWith(t, xr, "", "u", map[resource.Name]string{
		bad: `{apiVersion: iam.aws.m.upbound.io/v1beta1, kind: Role, metadata: {name: xr-role, annotations: {crossplane.io/external-name: prod-eu-west-1-xr}, ownerReferences: [{controller: true, uid: u}]}, spec: {forProvider: {path: /}}}`,
	}, nil)
	if got := p.Identities[0].RoleName(); got != def {
		t.Errorf("the role took the names %q/%q from an invalid observed key; want the default %v", got.Key, got.Object, def)
	}
}

// TestProviderFamilySwapped checks that a Provider entry whose package moves
// to another provider-aws family, under the same name, counts as removing
// the old family: Crossplane deactivates the old package's revision, and
// its managed resources are stranded all the same.
func TestProviderFamilySwapped(t *testing.T) {
	const xr = `{metadata: {name: aws}, spec: {clusterName: prod, region: us-east-2, providers: [{name: p, package: "xpkg.upbound.io/upbound/provider-aws-ec2:v2.3.0"}]}}`
	const installed = `{apiVersion: pkg.crossplane.io/v1, kind: Provider, metadata: {name: p, ownerReferences: [{controller: true, uid: u}]},
		spec: {package: "xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0", runtimeConfigRef: {apiVersion: pkg.crossplane.io/v1beta1, kind: DeploymentRuntimeConfig, name: aws}}}`
	const bucket = `{apiVersion: aws.m.upbound.io/v1beta1, kind: ProviderConfigUsage, metadata: {namespace: team-a}, resourceRef: {apiVersion: s3.aws.m.upbound.io/v1beta1, kind: Bucket, name: data}}`
	cases := map[string]struct {
		reason   string
		existing map[string][]string
		pkg      string
		refusal  []string
	}{
		"UsagesNotKnownYet": {
			reason:   "Until Crossplane has said which managed resources exist, the Provider keeps its old package.",
			existing: map[string][]string{},
			pkg:      "xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0",
		},
		"Unused": {
			reason:   "No managed resource of the old family: the new package is installed.",
			existing: map[string][]string{"usages/aws.m.upbound.io": nil, "usages/aws.upbound.io": nil},
			pkg:      "xpkg.upbound.io/upbound/provider-aws-ec2:v2.3.0",
		},
		"InUse": {
			reason:   "A Bucket of the old family exists: the change is refused like a removal.",
			existing: map[string][]string{"usages/aws.m.upbound.io": {bucket}, "usages/aws.upbound.io": nil},
			pkg:      "xpkg.upbound.io/upbound/provider-aws-ec2:v2.3.0",
			refusal: []string{"spec.providers changes the package of Provider p, which this XR installed, from the s3 family to another, but a managed resource of its family still exists " +
				"(Bucket team-a/data): uninstalling it would delete their CRDs and strand them; delete them first, or keep the entry"},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			p := newPlanWith(t, xr, "", "u", map[resource.Name]string{"package-p": installed}, tc.existing)
			r := Compose(p)
			var pkgs []string
			for _, res := range r.Resources {
				if res.Name == "package-p" {
					pkgs = append(pkgs, stringAt(res.Object, "spec", "package"))
				}
			}
			if diff := cmp.Diff([]string{tc.pkg}, pkgs); diff != "" {
				t.Errorf("%s\nthe Provider's package, composed once: -want, +got:\n%s", tc.reason, diff)
			}
			if diff := cmp.Diff(tc.refusal, r.Refusals); diff != "" {
				t.Errorf("%s\nrefusals: -want, +got:\n%s", tc.reason, diff)
			}
		})
	}
}

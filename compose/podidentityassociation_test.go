package compose

import (
	"testing"

	"github.com/crossplane/function-sdk-go/resource"
	"github.com/google/go-cmp/cmp"
)

func TestPodIdentityAssociation(t *testing.T) {
	const (
		byRef    = `{metadata: {name: xr}, spec: {clusterName: prod, region: eu-west-1, serviceAccount: {name: sa}}}`
		targeted = `{metadata: {name: xr}, spec: {clusterName: prod, region: eu-west-1, serviceAccount: {name: sa},
			association: {targetRoleArn: "arn:aws:iam::444455556666:role/t", disableSessionTags: true, tags: {a: b}}}}`
		isolatedXR = `{metadata: {name: xr}, spec: {clusterName: prod, region: eu-west-1, serviceAccount: {name: sa, namespace: providers},
			association: {targetRoleArn: "arn:aws:iam::444455556666:role/t"},
			providers: [{package: "xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0", isolated: true}]}}`
	)
	plain := names(t, byRef, "")[0]
	legacy := names(t, targeted, "managedResources: {api: Cluster}")[0]
	ids := names(t, isolatedXR, "")
	cases := map[string]struct {
		reason   string
		xr       string
		input    string
		observed map[resource.Name]string
		want     map[resource.Name]string
	}{
		"ByReference": {
			reason: "Before the role exists, the association refers to it; the provider resolves the ARN.",
			xr:     byRef,
			want: map[resource.Name]string{plain.AssociationName().Key: `
apiVersion: eks.aws.m.upbound.io/v1beta1
kind: PodIdentityAssociation
metadata: {name: ` + plain.AssociationName().Object + `, namespace: crossplane-system}
spec:
  managementPolicies: [Observe, Create, Update, Delete]
  forProvider: {region: eu-west-1, clusterName: prod, namespace: crossplane-system, serviceAccount: sa, roleArnRef: {name: ` + plain.RoleName().Object + `}}
`},
		},
		"ObservedArnAndTarget": {
			reason: "Once the role's ARN is observed the association names it; targetRoleArn, disableSessionTags and tags pass through. Legacy API.",
			xr:     targeted,
			input:  "managedResources: {api: Cluster}",
			observed: map[resource.Name]string{legacy.RoleName().Key: `{apiVersion: iam.aws.upbound.io/v1beta1, kind: Role,
				status: {atProvider: {arn: 'arn:aws:iam::123456789012:role/prod-eu-west-1-xr'}}}`},
			want: map[resource.Name]string{legacy.AssociationName().Key: `
apiVersion: eks.aws.upbound.io/v1beta1
kind: PodIdentityAssociation
metadata: {name: ` + legacy.AssociationName().Object + `}
spec:
  managementPolicies: [Observe, Create, Update, Delete]
  forProvider:
    region: eu-west-1
    clusterName: prod
    namespace: crossplane-system
    serviceAccount: sa
    roleArnRef: {name: ` + legacy.RoleName().Object + `}
    roleArn: arn:aws:iam::123456789012:role/prod-eu-west-1-xr
    targetRoleArn: arn:aws:iam::444455556666:role/t
    disableSessionTags: true
    tags: {a: b}
`},
		},
		"IsolatedInItsNamespace": {
			reason: "An isolated provider's association matches its own ServiceAccount, in spec.serviceAccount's namespace, and has no target role.",
			xr:     isolatedXR,
			want: map[resource.Name]string{
				ids[0].AssociationName().Key: `
apiVersion: eks.aws.m.upbound.io/v1beta1
kind: PodIdentityAssociation
metadata: {name: ` + ids[0].AssociationName().Object + `, namespace: crossplane-system}
spec:
  managementPolicies: [Observe, Create, Update, Delete]
  forProvider: {region: eu-west-1, clusterName: prod, namespace: providers, serviceAccount: sa, roleArnRef: {name: ` + ids[0].RoleName().Object + `}, targetRoleArn: "arn:aws:iam::444455556666:role/t"}
`,
				ids[1].AssociationName().Key: `
apiVersion: eks.aws.m.upbound.io/v1beta1
kind: PodIdentityAssociation
metadata: {name: ` + ids[1].AssociationName().Object + `, namespace: crossplane-system}
spec:
  managementPolicies: [Observe, Create, Update, Delete]
  forProvider: {region: eu-west-1, clusterName: prod, namespace: providers, serviceAccount: sa-provider-aws-s3, roleArnRef: {name: ` + ids[1].RoleName().Object + `}}
`,
			},
		},
		"KeepsAnObservedName": {
			reason: "The association an earlier version composed for the same ServiceAccount keeps its names: EKS cannot recreate it without a gap.",
			xr:     byRef,
			observed: map[resource.Name]string{"pod-identity-association": `{apiVersion: eks.aws.m.upbound.io/v1beta1, kind: PodIdentityAssociation,
				metadata: {name: xr-pod-identity-association}, spec: {forProvider: {region: eu-west-1, clusterName: prod, namespace: crossplane-system, serviceAccount: sa}}}`},
			want: map[resource.Name]string{"pod-identity-association": `
apiVersion: eks.aws.m.upbound.io/v1beta1
kind: PodIdentityAssociation
metadata: {name: xr-pod-identity-association, namespace: crossplane-system}
spec:
  managementPolicies: [Observe, Create, Update, Delete]
  forProvider: {region: eu-west-1, clusterName: prod, namespace: crossplane-system, serviceAccount: sa, roleArnRef: {name: ` + plain.RoleName().Object + `}}
`},
		},
		"NewServiceAccountNewAssociation": {
			reason: "An association cannot change its ServiceAccount in place: a new ServiceAccount is a new association.",
			xr:     byRef,
			observed: map[resource.Name]string{"pod-identity-association": `{apiVersion: eks.aws.m.upbound.io/v1beta1, kind: PodIdentityAssociation,
				metadata: {name: xr-pod-identity-association}, spec: {forProvider: {region: eu-west-1, clusterName: prod, namespace: crossplane-system, serviceAccount: old}}}`},
			want: map[resource.Name]string{plain.AssociationName().Key: `
apiVersion: eks.aws.m.upbound.io/v1beta1
kind: PodIdentityAssociation
metadata: {name: ` + plain.AssociationName().Object + `, namespace: crossplane-system}
spec:
  managementPolicies: [Observe, Create, Update, Delete]
  forProvider: {region: eu-west-1, clusterName: prod, namespace: crossplane-system, serviceAccount: sa, roleArnRef: {name: ` + plain.RoleName().Object + `}}
`},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			compareResources(t, tc.reason, tc.want, ReadyWhenConditionTrue, build(newPlan(t, tc.xr, tc.input, tc.observed), PodIdentityAssociation))
		})
	}
}

func TestObservedAssociation(t *testing.T) {
	const xr = `{metadata: {name: xr}, spec: {clusterName: prod, region: us-east-2, serviceAccount: {name: sa}}}`
	key := names(t, xr, "")[0].AssociationName().Key
	const good = `{associationId: a-0123456789abcdef0, associationArn: "arn:aws:eks:us-east-2:123456789012:podidentityassociation/prod/a-0123456789abcdef0",
		roleArn: "arn:aws:iam::123456789012:role/r", targetRoleArn: "arn:aws:iam::444455556666:role/t", disableSessionTags: true, externalId: "us-east-2/123456789012/prod/crossplane-system/sa"}`
	observed := func(kind, atProvider string) map[resource.Name]string {
		return map[resource.Name]string{key: `{apiVersion: eks.aws.m.upbound.io/v1beta1, kind: ` + kind + `, status: {conditions: [{type: Ready, status: "True"}], atProvider: ` + atProvider + `}}`}
	}
	cases := map[string]struct {
		reason   string
		observed map[resource.Name]string
		want     association
		ignored  int
	}{
		"Everything": {
			reason: "Every value of EKS's shapes is taken.", observed: observed("PodIdentityAssociation", good),
			want: association{ready: true, id: "a-0123456789abcdef0", arn: "arn:aws:eks:us-east-2:123456789012:podidentityassociation/prod/a-0123456789abcdef0",
				roleArn: "arn:aws:iam::123456789012:role/r", targetRoleArn: "arn:aws:iam::444455556666:role/t", disableSessionTags: true, externalID: "us-east-2/123456789012/prod/crossplane-system/sa"},
		},
		"OtherKind": {reason: "A Secret reporting Ready under the association's name is no association: nothing is taken, not even its readiness, and it is reported.", observed: observed("Secret", good), ignored: 1},
		"Malformed": {
			reason: "An id of the wrong length, an ARN of another cluster, a policy ARN as role, and an external id with a newline are each ignored and reported.",
			observed: observed("PodIdentityAssociation", `{associationId: a-0123456789abcdef0123, associationArn: "arn:aws:eks:us-east-2:123456789012:podidentityassociation/other/a-0123456789abcdef0",
				roleArn: "arn:aws:iam::aws:policy/AdministratorAccess", externalId: "a\nb"}`),
			want:    association{ready: true},
			ignored: 4,
		},
		"ArnOfAnotherAssociation": {
			reason:   "An association ARN must name this association's id.",
			observed: observed("PodIdentityAssociation", `{associationId: a-0123456789abcdef0, associationArn: "arn:aws:eks:us-east-2:123456789012:podidentityassociation/prod/a-999999999999999999"}`),
			want:     association{ready: true, id: "a-0123456789abcdef0"},
			ignored:  1,
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			p := newPlan(t, xr, "", tc.observed)
			if diff := cmp.Diff(tc.want, p.observedAssociation(&p.Identities[0]), cmp.AllowUnexported(association{})); diff != "" {
				t.Errorf("%s\n-want, +got:\n%s", tc.reason, diff)
			}
			if got := len(p.ignored()); got != tc.ignored {
				t.Errorf("%s\n%d values ignored and reported, want %d: %v", tc.reason, got, tc.ignored, p.ignored())
			}
		})
	}
}

package main

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"google.golang.org/protobuf/types/known/structpb"

	fnv1 "github.com/crossplane/function-sdk-go/proto/v1"
)

// providersXR has two shared providers and one isolated one.
const providersXR = `
metadata: {name: aws}
spec:
  clusterName: prod
  region: us-east-2
  serviceAccount: {name: provider-aws}
  role: {policyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"]}
  providers:
    - package: xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0
    - package: xpkg.upbound.io/upbound/provider-aws-ec2:v2.3.0
    - package: xpkg.upbound.io/upbound/provider-aws-rds:v2.3.0
      isolated: true
      policyArns: ["arn:aws:iam::aws:policy/AmazonRDSFullAccess"]
`

// observedAssociation is an association as the provider reports it.
func observedAssociation(t *testing.T, ready string) *fnv1.Resource {
	t.Helper()
	return &fnv1.Resource{Resource: fromYAML(t, `
kind: PodIdentityAssociation
status:
  conditions: [{type: Ready, status: "`+ready+`"}]
  atProvider: {associationId: a-1}
`)}
}

func desiredNames(rsp *fnv1.RunFunctionResponse) []string {
	return sortedKeys(rsp.GetDesired().GetResources())
}

func TestProviderLifecycle(t *testing.T) {
	rds := "isolated-provider-aws-rds-"
	rdsAttachment := rds + string(policyAttachmentResource("arn:aws:iam::aws:policy/AmazonRDSFullAccess"))
	sharedAttachment := string(policyAttachmentResource("arn:aws:iam::aws:policy/ReadOnlyAccess"))
	cases := map[string]struct {
		reason   string
		observed map[string]*fnv1.Resource
		want     []string
	}{
		"NoProviderBeforeTheAssociation": {
			reason: "Provider pods that start before their association get no credentials, so no Provider is composed yet. The shared ServiceAccount is composed because two providers share it.",
			want: []string{
				"deployment-runtime-config", "iam-role", rds + "deployment-runtime-config", rds + "iam-role", rdsAttachment, rds + "pod-identity-association",
				"pod-identity-association", sharedAttachment, "providerconfig-default-default", "service-account",
			},
		},
		"SharedProvidersOnceTheirAssociationIsReady": {
			reason:   "The shared association is Ready: the shared providers are composed; the isolated one still waits for its own association.",
			observed: map[string]*fnv1.Resource{"pod-identity-association": nil},
			want: []string{
				"deployment-runtime-config", "iam-role", rds + "deployment-runtime-config", rds + "iam-role", rdsAttachment, rds + "pod-identity-association",
				"package-provider-aws-ec2", "package-provider-aws-s3",
				"pod-identity-association", sharedAttachment, "providerconfig-default-default", "service-account",
			},
		},
		"NeverWithdrawn": {
			reason: "A composed Provider stays even when its association is no longer Ready: withdrawing it would uninstall it.",
			observed: map[string]*fnv1.Resource{
				rds + "pod-identity-association": nil, // replaced below by a not-Ready one
				"package-provider-aws-rds":       {Resource: &structpb.Struct{}},
			},
			want: []string{
				"deployment-runtime-config", "iam-role", rds + "deployment-runtime-config", rds + "iam-role", rdsAttachment, rds + "pod-identity-association",
				"package-provider-aws-rds",
				"pod-identity-association", sharedAttachment, "providerconfig-default-default", "service-account",
			},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			obs := map[string]*fnv1.Resource{}
			for k, v := range tc.observed {
				switch {
				case v != nil:
					obs[k] = v
				case name == "NeverWithdrawn":
					obs[k] = observedAssociation(t, "False")
				default:
					obs[k] = observedAssociation(t, "True")
				}
			}
			rsp := run(t, newRequest(t, providersXR, func(r *fnv1.RunFunctionRequest) { r.Observed.Resources = obs }))
			if len(rsp.GetResults()) > 0 {
				t.Fatalf("unexpected results: %v", rsp.GetResults())
			}
			if diff := cmp.Diff(tc.want, desiredNames(rsp), cmpopts.SortSlices(func(a, b string) bool { return a < b })); diff != "" {
				t.Errorf("%s\ndesired resources: -want, +got:\n%s", tc.reason, diff)
			}
		})
	}
}

func TestIsolatedIdentity(t *testing.T) {
	rsp := run(t, newRequest(t, providersXR, func(r *fnv1.RunFunctionRequest) {
		r.Observed.Resources = map[string]*fnv1.Resource{"isolated-provider-aws-rds-pod-identity-association": observedAssociation(t, "True")}
	}))
	got := map[string]any{}
	for _, name := range []string{"isolated-provider-aws-rds-iam-role", "isolated-provider-aws-rds-pod-identity-association", "isolated-provider-aws-rds-deployment-runtime-config", "package-provider-aws-rds"} {
		got[name] = rsp.GetDesired().GetResources()[name].GetResource().AsMap()
	}
	want := map[string]any{
		"isolated-provider-aws-rds-iam-role": fromYAML(t, `
metadata: {name: aws-isolated-provider-aws-rds-iam-role, annotations: {crossplane.io/external-name: prod-aws-provider-aws-rds}}`).AsMap(),
		"isolated-provider-aws-rds-pod-identity-association": fromYAML(t, `
metadata: {name: aws-isolated-provider-aws-rds-pod-identity-association}
spec: {forProvider: {serviceAccount: provider-aws-provider-aws-rds, namespace: crossplane-system, roleArnRef: {name: aws-isolated-provider-aws-rds-iam-role}}}`).AsMap(),
		"isolated-provider-aws-rds-deployment-runtime-config": fromYAML(t, `
metadata: {name: aws-provider-aws-rds}
spec:
  serviceAccountTemplate: {metadata: {name: provider-aws-provider-aws-rds}}
  deploymentTemplate: {spec: {template: {metadata: {annotations: {podidentity.fn.crossplane.io/association-id: a-1}}}}}`).AsMap(),
		"package-provider-aws-rds": fromYAML(t, `
apiVersion: pkg.crossplane.io/v1
kind: Provider
metadata: {name: provider-aws-rds}
spec:
  package: xpkg.upbound.io/upbound/provider-aws-rds:v2.3.0
  runtimeConfigRef: {apiVersion: pkg.crossplane.io/v1beta1, kind: DeploymentRuntimeConfig, name: aws-provider-aws-rds}`).AsMap(),
	}
	if diff := cmp.Diff(want, got, subsetOf()); diff != "" {
		t.Errorf("an isolated provider has its own role, ServiceAccount, association and DeploymentRuntimeConfig: -want, +got:\n%s", diff)
	}
}

func TestProviderStatus(t *testing.T) {
	rsp := run(t, newRequest(t, providersXR, func(r *fnv1.RunFunctionRequest) {
		r.Observed.Resources = map[string]*fnv1.Resource{
			"iam-role":                 {Resource: fromYAML(t, "status: {atProvider: {arn: 'arn:aws:iam::123456789012:role/prod-aws'}}")},
			"pod-identity-association": observedAssociation(t, "True"),
			"package-provider-aws-s3":  {Resource: fromYAML(t, `status: {conditions: [{type: Installed, status: "True"}, {type: Healthy, status: "True"}]}`)},
			"package-provider-aws-ec2": {Resource: fromYAML(t, `status: {conditions: [{type: Installed, status: "True"}, {type: Healthy, status: "False", reason: UnhealthyPackageRevision, message: "pod crash-looping"}]}`)},
		}
	}))
	got := rsp.GetDesired().GetComposite().GetResource().GetFields()["status"].GetStructValue().GetFields()["providers"].GetListValue().AsSlice()
	wantList := []any{
		map[string]any{"name": "provider-aws-s3", "serviceAccount": "provider-aws", "roleArn": "arn:aws:iam::123456789012:role/prod-aws", "associationId": "a-1", "ready": true},
		map[string]any{"name": "provider-aws-ec2", "serviceAccount": "provider-aws", "roleArn": "arn:aws:iam::123456789012:role/prod-aws", "associationId": "a-1", "ready": false},
		map[string]any{"name": "provider-aws-rds", "serviceAccount": "provider-aws-provider-aws-rds", "ready": false},
	}
	if diff := cmp.Diff(wantList, got); diff != "" {
		t.Errorf("status.providers, in spec order, with each provider's own role and association: -want, +got:\n%s", diff)
	}
}

func TestAgent(t *testing.T) {
	rsp := run(t, newRequest(t, `
metadata: {name: aws}
spec: {clusterName: prod, region: us-east-2, agent: {install: true, version: v1.3.4-eksbuild.1}}
`, func(r *fnv1.RunFunctionRequest) {
		r.Observed.Resources = map[string]*fnv1.Resource{"eks-pod-identity-agent": {Resource: fromYAML(t, `
status: {conditions: [{type: Ready, status: "True"}], atProvider: {addonVersion: v1.3.4-eksbuild.1}}`)}}
	}))
	want := fromYAML(t, `
apiVersion: eks.aws.m.upbound.io/v1beta1
kind: Addon
metadata: {name: aws-eks-pod-identity-agent, namespace: crossplane-system}
spec: {forProvider: {addonName: eks-pod-identity-agent, clusterName: prod, region: us-east-2, addonVersion: v1.3.4-eksbuild.1}}
`)
	agent := rsp.GetDesired().GetResources()["eks-pod-identity-agent"]
	if diff := cmp.Diff(want.AsMap(), agent.GetResource().AsMap()); diff != "" {
		t.Errorf("the guide's step 1 as an Addon: -want, +got:\n%s", diff)
	}
	if agent.GetReady() != fnv1.Ready_READY_TRUE {
		t.Error("the Addon is Ready")
	}
	status := rsp.GetDesired().GetComposite().GetResource().GetFields()["status"].GetStructValue().AsMap()["agent"]
	if diff := cmp.Diff(map[string]any{"ready": true, "version": "v1.3.4-eksbuild.1"}, status); diff != "" {
		t.Errorf("status.agent: -want, +got:\n%s", diff)
	}
}

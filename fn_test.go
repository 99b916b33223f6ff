package main

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/testing/protocmp"
	"google.golang.org/protobuf/types/known/structpb"
	"sigs.k8s.io/yaml"

	fnv1 "github.com/crossplane/function-sdk-go/proto/v1"

	"github.com/crossplane-contrib/function-pod-identity/internal/simprovider"
)

var update = flag.Bool("update", false, "rewrite the expected responses in testdata/runfunction")

// guideXR is the guide's scenario as an XR.
const guideXR = `
apiVersion: platform.example.org/v1alpha1
kind: XPodIdentity
metadata:
  name: crossplane-provider-aws
  uid: 6f1c1d52-3f47-4e0e-9d0a-000000000001
spec:
  clusterName: your-cluster-name
  region: us-east-2
  serviceAccount:
    name: provider-aws-pod-identity
    namespace: crossplane-system
  role:
    name: crossplane-provider-aws-pod-identity
    policyArns:
      - arn:aws:iam::aws:policy/AmazonS3FullAccess
  runtimeConfig:
    name: pod-identity-runtimeconfig
  providers:
    - package: xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0
`

// TestRunFunction compares whole responses with the expected ones in
// testdata/runfunction, one file per case; go test -run TestRunFunction
// -update rewrites them, and the diff is reviewed like code.
func TestRunFunction(t *testing.T) {
	request := func(xr string, mods ...func(*fnv1.RunFunctionRequest)) *fnv1.RunFunctionRequest {
		req := &fnv1.RunFunctionRequest{Observed: &fnv1.State{Composite: &fnv1.Resource{Resource: fromYAML(t, xr)}}}
		for _, m := range mods {
			m(req)
		}
		return req
	}
	withInput := func(y string) func(*fnv1.RunFunctionRequest) {
		return func(req *fnv1.RunFunctionRequest) {
			req.Input = fromYAML(t, "{apiVersion: podidentity.fn.crossplane.io/v1beta1, kind: Input, "+y+"}")
		}
	}
	observed := func(resources map[string]*fnv1.Resource) func(*fnv1.RunFunctionRequest) {
		return func(req *fnv1.RunFunctionRequest) { req.Observed.Resources = resources }
	}
	guide := request(guideXR)
	first := callLikeCrossplane(t, guide, nil)
	steady := steadyObserved(t, guide)
	denied := simprovider.Observe(guide.GetObserved().GetComposite().GetResource(), first.GetDesired().GetResources(), false)
	for _, r := range denied {
		for _, c := range r.GetResource().GetFields()["status"].GetStructValue().GetFields()["conditions"].GetListValue().GetValues() {
			if f := c.GetStructValue().GetFields(); f["type"].GetStringValue() == "Synced" {
				f["reason"] = structpb.NewStringValue("ReconcileError")
				f["message"] = structpb.NewStringValue("create failed: AccessDenied: User is not authorized to perform: iam:CreateRole")
			}
		}
	}

	// steadyWith is the steady state with some of what was observed
	// changed, as whoever can write a composed resource's status could.
	steadyWith := func(change func(obs map[string]*fnv1.Resource)) map[string]*fnv1.Resource {
		obs := make(map[string]*fnv1.Resource, len(steady))
		for k, r := range steady {
			obs[k] = proto.CloneOf(r)
		}
		change(obs)
		return obs
	}
	const roleKey, associationKey = "iam-role-7609b62d", "pod-identity-association-aaa880cb"

	cases := map[string]struct {
		reason string
		req    *fnv1.RunFunctionRequest
		// cluster holds the objects Crossplane finds when the function
		// asks; with nil the function is called once.
		cluster []*structpb.Struct
		once    bool
	}{
		"FirstCallAsks": {
			reason: "The first call composes the managed resources and asks whether the ServiceAccount, DeploymentRuntimeConfig and ProviderConfig it would compose exist; it composes them only once it knows.",
			req:    request(guideXR, func(r *fnv1.RunFunctionRequest) { r.Meta = &fnv1.RequestMeta{Tag: "hello"} }),
			once:   true,
		},
		"GuideScenario": {
			reason: "The guide's steps 2 to 6 once Crossplane has said nothing of that name exists: nothing is ready, the role is waited for, the Provider waits for the association.",
			req:    request(guideXR),
		},
		"SteadyState": {
			reason: "Once every managed resource is Ready and everything else exists, all are ready, the status carries the observed ARNs, " +
				"the association names the role's ARN, the provider pods carry the credentials' digest, and the Provider is installed.",
			req: request(guideXR, observed(steady)),
		},
		"AccessDeniedReachesTheXR": {
			reason: "The provider's error on the first blocking resource is the XR's condition message, so an AccessDenied is seen where users look.",
			req:    request(guideXR, observed(denied)),
		},
		"EarlierStepsKept": {
			reason: "Resources, XR status, connection details and readiness that earlier pipeline steps desired are passed on untouched beside the function's own.",
			req: request(guideXR, func(r *fnv1.RunFunctionRequest) {
				r.Desired = &fnv1.State{
					Composite: &fnv1.Resource{Resource: fromYAML(t, "status: {fromEarlierStep: kept}"), ConnectionDetails: map[string][]byte{"endpoint": []byte("https://x")}, Ready: fnv1.Ready_READY_TRUE},
					Resources: map[string]*fnv1.Resource{"bucket": {Resource: fromYAML(t, "kind: Bucket"), Ready: fnv1.Ready_READY_TRUE}},
				}
			}),
		},
		"BootstrapFromOwnProviderConfig": {
			reason: "Managing the role with the ProviderConfig the XR composes is a chicken-and-egg; the function warns and carries on.",
			req:    request(guideXR, withInput("managedResources: {namespace: default, providerConfigRef: {kind: ProviderConfig, name: default}}")),
		},
		"AllDefaults": {
			reason: "With only the required fields every name derives from the XR and the cluster, and the ProviderConfig is the guide's default/default.",
			req:    request("metadata: {name: team-x}\nspec: {clusterName: prod, region: eu-west-1}"),
		},
		"LegacyAPI": {
			reason: "The Cluster API composes cluster-scoped *.aws.upbound.io kinds, the legacy ProviderConfig, and Orphan as deletionPolicy beside management policies without Delete.",
			req: request("metadata: {name: team-x}\nspec: {clusterName: prod, region: eu-west-1}",
				withInput("managedResources: {api: Cluster, deletionPolicy: Orphan, providerConfigRef: {name: bootstrap}}")),
		},
		"TakeOverRefused": {
			reason: "A ProviderConfig of that name that someone else made is not taken over: the XR refuses with a Fatal result naming it, and nothing changes.",
			req:    request("metadata: {name: team-x}\nspec: {clusterName: prod, region: eu-west-1}"),
			cluster: []*structpb.Struct{fromYAML(t, `{apiVersion: aws.m.upbound.io/v1beta1, kind: ProviderConfig, metadata: {name: default, namespace: default,
				ownerReferences: [{apiVersion: platform.example.org/v1alpha1, kind: XPodIdentity, name: other, controller: true, uid: other-uid}]}}`)},
		},
		"ObservedValuesChecked": {
			reason: "Whatever is keyed as the role is used only if it is a Role reporting this role's ARN: here a ConfigMap and another account's role ARN are ignored and reported.",
			req: request(guideXR, observed(map[string]*fnv1.Resource{
				"iam-role-7609b62d": {Resource: fromYAML(t, `{apiVersion: v1, kind: ConfigMap, metadata: {name: crossplane-provider-aws-iam-role-7609b62d, ownerReferences: [{controller: true, uid: 6f1c1d52-3f47-4e0e-9d0a-000000000001}]},
					status: {atProvider: {arn: "arn:aws:iam::123456789012:role/crossplane-provider-aws-pod-identity"}}}`)},
				"pod-identity-association-aaa880cb": {Resource: fromYAML(t, `{apiVersion: eks.aws.m.upbound.io/v1beta1, kind: PodIdentityAssociation, metadata: {name: x, ownerReferences: [{controller: true, uid: 6f1c1d52-3f47-4e0e-9d0a-000000000001}]},
					spec: {forProvider: {region: us-east-2, clusterName: your-cluster-name, namespace: crossplane-system, serviceAccount: provider-aws-pod-identity}},
					status: {conditions: [{type: Ready, status: "True"}], atProvider: {associationId: "a-0123456789abcdef0\nevil", roleArn: "arn:aws:iam::999999999999:policy/x"}}}`)},
			})),
		},
		"ObservedRoleOfAnotherAccount": {
			reason: "A Role whose status names another account's role is not this one: its ARN never reaches the association, which goes back to referring to the role, nor the XR's status; it is reported.",
			req: request(guideXR, observed(steadyWith(func(obs map[string]*fnv1.Resource) {
				setAt(obs[roleKey].GetResource(), structpb.NewStringValue("arn:aws:iam::999999999999:role/OrganizationAccountAccessRole"), "status", "atProvider", "arn")
			}))),
		},
		"ObservedRoleInAnotherPartition": {
			reason: "The role's own name in another partition than the region's is no role of this cluster either.",
			req: request(guideXR, observed(steadyWith(func(obs map[string]*fnv1.Resource) {
				setAt(obs[roleKey].GetResource(), structpb.NewStringValue("arn:aws-us-gov:iam::123456789012:role/crossplane-provider-aws-pod-identity"), "status", "atProvider", "arn")
			}))),
		},
		"FakeAssociationReleasesNothing": {
			reason: "A Secret reporting Ready under the association's name is no association: the Provider package is not released, and nothing of it is used.",
			req: request(guideXR, observed(map[string]*fnv1.Resource{
				associationKey: {Resource: fromYAML(t, `{apiVersion: v1, kind: Secret, metadata: {name: x, namespace: crossplane-system, ownerReferences: [{controller: true, uid: 6f1c1d52-3f47-4e0e-9d0a-000000000001}]},
					status: {conditions: [{type: Ready, status: "True"}], atProvider: {associationId: a-0123456789abcdef0, roleArn: "arn:aws:iam::999999999999:role/admin"}}}`)},
			})),
		},
		"ObservedHugeValuesClipped": {
			reason: "A role ARN with a newline, a 270 KB association id and a 330 KB provider message: the ARN and the id reach no resource and the status, and are reported clipped; the message reaches the XR's condition clipped to 1 KiB.",
			req: request(guideXR, observed(steadyWith(func(obs map[string]*fnv1.Resource) {
				role := obs[roleKey].GetResource()
				setAt(role, structpb.NewStringValue("arn:aws:iam::123456789012:role/crossplane-provider-aws-pod-identity\n"), "status", "atProvider", "arn")
				setAt(role, structpb.NewListValue(&structpb.ListValue{Values: []*structpb.Value{structpb.NewStructValue(fromYAML(t,
					`{type: Synced, status: "False", reason: ReconcileError, message: "`+strings.Repeat("AccessDenied ", 330000/13)+`"}`))}}), "status", "conditions")
				setAt(obs[associationKey].GetResource(), structpb.NewStringValue("a-"+strings.Repeat("0", 270000)), "status", "atProvider", "associationId")
			}))),
		},
		"EveryBadFieldInOneFatal": {
			reason: "Validation names every problem, by path, in one Fatal result, and passes the desired state on untouched.",
			req: request(`
metadata: {name: x}
spec:
  region: Ohio
  serviceAccount: {name: Not_A_Name}
  role:
    name: "has space"
    maxSessionDuration: 60
    policyArns: [arn:aws:iam::aws:policy/A, arn:aws:iam::aws:policy/A]
  providerConfigs:
    - {kind: Secret, name: default}
  providers:
    - package: xpkg.upbound.io/upbound/provider-aws-iam:v2.3.0
`, func(r *fnv1.RunFunctionRequest) {
				r.Desired = &fnv1.State{Resources: map[string]*fnv1.Resource{"bucket": {Resource: fromYAML(t, "kind: Bucket")}}}
			}),
		},
		"WrongTypesAndUnknownFields": {
			reason: "A value of the wrong type or a misspelt field is named once, by path, not also by the checks of its value; Crossplane's own fields are not ours to reject.",
			req: request(`
metadata: {name: x}
spec:
  clusterName: 42
  region: us-east-2
  role: {tags: [a]}
  agent: {instal: true}
  crossplane: {compositionRef: {name: c}}
`),
		},
		"BadInput": {
			reason: "A bad Input is the platform team's mistake; it is reported with its path like the spec's.",
			req:    request(guideXR, withInput("managedResources: {api: Regional, deletionPolicy: Keep}")),
		},
		"NamespacedXR": {
			reason: "A namespaced XR cannot compose the cluster-scoped DeploymentRuntimeConfig, so its XRD is wrong.",
			req:    request(strings.Replace(guideXR, "name: crossplane-provider-aws\n", "name: crossplane-provider-aws\n  namespace: team-a\n", 1)),
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			before := proto.Clone(tc.req)
			var got *fnv1.RunFunctionResponse
			if tc.once {
				got = run(t, tc.req)
			} else {
				got = callLikeCrossplane(t, tc.req, tc.cluster)
			}
			golden := filepath.Join("testdata", "runfunction", name+".yaml")
			if *update {
				writeResponse(t, golden, tc.reason, got)
			}
			b, err := os.ReadFile(golden) //nolint:gosec // the test's own files
			if err != nil {
				t.Fatalf("%v (go test -run TestRunFunction -update writes it)", err)
			}
			if diff := cmp.Diff(responseFromYAML(t, string(b)), got, protocmp.Transform()); diff != "" {
				t.Errorf("%s\n%s: -want, +got:\n%s", tc.reason, golden, diff)
			}
			if diff := cmp.Diff(before, tc.req, protocmp.Transform()); diff != "" {
				t.Errorf("%s\nthe request was modified: -before, +after:\n%s", tc.reason, diff)
			}
		})
	}
}

// steadyObserved is what Crossplane observes once every resource of the
// request has been composed, and the provider reports it Ready with the
// ARNs and ids AWS would.
func steadyObserved(t *testing.T, req *fnv1.RunFunctionRequest) map[string]*fnv1.Resource {
	t.Helper()
	_, obs := steady(t, req)
	return obs
}

// writeResponse writes a response as YAML in the protobuf JSON mapping,
// headed by why the case exists.
func writeResponse(t *testing.T, path, reason string, rsp *fnv1.RunFunctionResponse) {
	t.Helper()
	j, err := protojson.Marshal(rsp)
	if err != nil {
		t.Fatal(err)
	}
	y, err := yaml.JSONToYAML(j)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, append([]byte("# "+reason+"\n"), y...), 0o644); err != nil {
		t.Fatal(err)
	}
}

// setAt sets the value at path in s, making the objects on the way.
func setAt(s *structpb.Struct, v *structpb.Value, path ...string) {
	for _, p := range path[:len(path)-1] {
		next := s.GetFields()[p].GetStructValue()
		if next == nil {
			next = &structpb.Struct{Fields: map[string]*structpb.Value{}}
			s.Fields[p] = structpb.NewStructValue(next)
		}
		s = next
	}
	s.Fields[path[len(path)-1]] = v
}

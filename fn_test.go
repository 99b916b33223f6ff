package main

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/testing/protocmp"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/structpb"
	"sigs.k8s.io/yaml"

	"github.com/crossplane/function-sdk-go/logging"
	fnv1 "github.com/crossplane/function-sdk-go/proto/v1"
	"github.com/crossplane/function-sdk-go/response"
)

// fromYAML turns a YAML object into a Struct; test data reads better as YAML.
func fromYAML(t testing.TB, y string) *structpb.Struct {
	t.Helper()
	j, err := yaml.YAMLToJSON([]byte(y))
	if err != nil {
		t.Fatalf("bad test YAML: %v\n%s", err, y)
	}
	s := &structpb.Struct{}
	if err := s.UnmarshalJSON(j); err != nil {
		t.Fatalf("bad test YAML: %v\n%s", err, y)
	}
	return s
}

// unready is a desired resource that is not ready yet.
func unready(t *testing.T, y string) *fnv1.Resource {
	t.Helper()
	return &fnv1.Resource{Resource: fromYAML(t, y), Ready: fnv1.Ready_READY_FALSE}
}

// guideXR is the guide's scenario as an XR.
const guideXR = `
apiVersion: platform.example.org/v1alpha1
kind: XPodIdentity
metadata:
  name: crossplane-provider-aws
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
`

const guideTrustPolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"]}]}`

const s3Attachment = "policy-attachment-amazons3fullaccess-" // + hash

func newRequest(t *testing.T, xr string, mods ...func(*fnv1.RunFunctionRequest)) *fnv1.RunFunctionRequest {
	t.Helper()
	req := &fnv1.RunFunctionRequest{
		Meta:     &fnv1.RequestMeta{Tag: "hello"},
		Observed: &fnv1.State{Composite: &fnv1.Resource{Resource: fromYAML(t, xr)}},
	}
	for _, m := range mods {
		m(req)
	}
	return req
}

func withInput(t *testing.T, y string) func(*fnv1.RunFunctionRequest) {
	return func(req *fnv1.RunFunctionRequest) { req.Input = fromYAML(t, y) }
}

// nopLogger discards the function's logs in tests.
var nopLogger = logging.NewNopLogger()

func run(t testing.TB, req *fnv1.RunFunctionRequest) *fnv1.RunFunctionResponse {
	t.Helper()
	f := &Function{log: nopLogger}
	rsp, err := f.RunFunction(context.Background(), req)
	if err != nil {
		t.Fatalf("RunFunction returned an error: %v", err)
	}
	return rsp
}

func TestRunFunctionGuideScenario(t *testing.T) {
	attachment := string(policyAttachmentResource("arn:aws:iam::aws:policy/AmazonS3FullAccess"))
	if !strings.HasPrefix(attachment, s3Attachment) {
		t.Fatalf("attachment name %q does not come from the policy's ARN", attachment)
	}
	want := &fnv1.RunFunctionResponse{
		Meta: &fnv1.ResponseMeta{Tag: "hello", Ttl: durationpb.New(response.DefaultTTL)},
		Desired: &fnv1.State{
			Composite: &fnv1.Resource{Resource: fromYAML(t, `
status:
  roleName: crossplane-provider-aws-pod-identity
  runtimeConfigName: pod-identity-runtimeconfig
  serviceAccount: {name: provider-aws-pod-identity, namespace: crossplane-system}
`)},
			Resources: map[string]*fnv1.Resource{
				"iam-role": unready(t, `
apiVersion: iam.aws.m.upbound.io/v1beta1
kind: Role
metadata:
  name: crossplane-provider-aws-iam-role
  namespace: crossplane-system
  annotations: {crossplane.io/external-name: crossplane-provider-aws-pod-identity}
spec:
  forProvider:
    assumeRolePolicy: '`+guideTrustPolicy+`'
    description: IAM role for Crossplane AWS Provider using EKS Pod Identity
`),
				attachment: unready(t, `
apiVersion: iam.aws.m.upbound.io/v1beta1
kind: RolePolicyAttachment
metadata:
  name: crossplane-provider-aws-`+attachment+`
  namespace: crossplane-system
spec:
  forProvider:
    policyArn: arn:aws:iam::aws:policy/AmazonS3FullAccess
    roleRef: {name: crossplane-provider-aws-iam-role}
`),
				"pod-identity-association": unready(t, `
apiVersion: eks.aws.m.upbound.io/v1beta1
kind: PodIdentityAssociation
metadata:
  name: crossplane-provider-aws-pod-identity-association
  namespace: crossplane-system
spec:
  forProvider:
    region: us-east-2
    clusterName: your-cluster-name
    namespace: crossplane-system
    serviceAccount: provider-aws-pod-identity
    roleArnRef: {name: crossplane-provider-aws-iam-role}
`),
				"deployment-runtime-config": unready(t, `
apiVersion: pkg.crossplane.io/v1beta1
kind: DeploymentRuntimeConfig
metadata:
  name: pod-identity-runtimeconfig
spec:
  serviceAccountTemplate:
    metadata: {name: provider-aws-pod-identity}
`),
				"providerconfig-default-default": unready(t, `
apiVersion: aws.m.upbound.io/v1beta1
kind: ProviderConfig
metadata: {name: default, namespace: default}
spec:
  credentials: {source: PodIdentity}
`),
			},
		},
		Conditions: []*fnv1.Condition{{
			Type:    "CredentialsReady",
			Status:  fnv1.Status_STATUS_CONDITION_FALSE,
			Reason:  "Creating",
			Message: proto.String("waiting for Role crossplane-system/crossplane-provider-aws-iam-role to be created"),
			Target:  fnv1.Target_TARGET_COMPOSITE.Enum(),
		}},
	}
	got := run(t, newRequest(t, guideXR))
	if diff := cmp.Diff(want, got, protocmp.Transform()); diff != "" {
		t.Errorf("the guide's scenario: -want, +got:\n%s", diff)
	}
}

// observeAll plays the provider: every desired resource of rsp is observed,
// with the given conditions on managed resources and status.atProvider
// fields by composition resource name.
func observeAll(t *testing.T, rsp *fnv1.RunFunctionResponse, conditions string, atProvider map[string]string) map[string]*fnv1.Resource {
	t.Helper()
	out := map[string]*fnv1.Resource{}
	for name, r := range rsp.GetDesired().GetResources() {
		o := proto.Clone(r.GetResource()).(*structpb.Struct)
		status := fromYAML(t, "conditions: "+conditions)
		if ap, ok := atProvider[name]; ok {
			status.Fields["atProvider"] = structpb.NewStructValue(fromYAML(t, ap))
		}
		if strings.Contains(o.GetFields()["apiVersion"].GetStringValue(), ".upbound.io/") &&
			!strings.HasPrefix(o.GetFields()["apiVersion"].GetStringValue(), "aws.") {
			o.Fields["status"] = structpb.NewStructValue(status)
		}
		out[name] = &fnv1.Resource{Resource: o}
	}
	return out
}

const readyConditions = `[{type: Ready, status: "True", reason: Available}, {type: Synced, status: "True", reason: ReconcileSuccess}]`

func TestRunFunction(t *testing.T) {
	first := run(t, newRequest(t, guideXR))
	roleArn := "arn:aws:iam::123456789012:role/crossplane-provider-aws-pod-identity"
	atProvider := map[string]string{
		"iam-role":                 "arn: " + roleArn,
		"pod-identity-association": "{associationId: a-0123456789abcdef0, associationArn: 'arn:aws:eks:us-east-2:123456789012:podidentityassociation/your-cluster-name/a-0123456789abcdef0'}",
	}
	steady := observeAll(t, first, readyConditions, atProvider)

	type want struct {
		results    []*fnv1.Result
		conditions []*fnv1.Condition
		status     string
		ready      map[string]fnv1.Ready
		desired    map[string]string // composition resource name -> YAML fields that must be in it
		resources  []string          // every desired resource, when the case is about which exist
		kept       []string          // resources of earlier steps that must be passed on
	}
	cases := map[string]struct {
		reason string
		req    *fnv1.RunFunctionRequest
		want   want
	}{
		"EveryBadFieldInOneFatal": {
			reason: "Validation names every problem, by path, in one Fatal result, and passes the desired state on untouched.",
			req: newRequest(t, `
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
`, func(r *fnv1.RunFunctionRequest) {
				r.Desired = &fnv1.State{Resources: map[string]*fnv1.Resource{"bucket": {Resource: fromYAML(t, "kind: Bucket")}}}
			}),
			want: want{
				results: []*fnv1.Result{{
					Severity: fnv1.Severity_SEVERITY_FATAL,
					Message: `invalid XPodIdentity: spec.clusterName: Required value: the EKS cluster's name; ` +
						`spec.region: Invalid value: "Ohio": must be an AWS region such as us-east-2; ` +
						`spec.serviceAccount.name: Invalid value: "Not_A_Name": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*'); ` +
						`spec.role.name: Invalid value: "has space": may contain only letters, digits and +=,.@_-; ` +
						`spec.role.maxSessionDuration: Invalid value: 60: must be between 3600 and 43200 seconds; ` +
						`spec.role.policyArns[1]: Duplicate value: "arn:aws:iam::aws:policy/A"; ` +
						`spec.providerConfigs[0].kind: Unsupported value: "Secret": supported values: "ProviderConfig", "ClusterProviderConfig"`,
					Target: fnv1.Target_TARGET_COMPOSITE.Enum(),
				}},
				kept: []string{"bucket"},
			},
		},
		"WrongTypesAndUnknownFields": {
			reason: "A value of the wrong type or a misspelt field is named once, by path, not also by the checks of its value.",
			req: newRequest(t, `
metadata: {name: x}
spec:
  clusterName: 42
  region: us-east-2
  role: {policyArn: [a], tags: [a]}
  crossplane: {compositionRef: {name: c}}
`),
			want: want{results: []*fnv1.Result{{
				Severity: fnv1.Severity_SEVERITY_FATAL,
				Message: `invalid XPodIdentity: spec.clusterName: Invalid value: 42: must be a string; ` +
					`spec.role.policyArn: Forbidden: unknown field; supported fields: name, path, description, maxSessionDuration, permissionsBoundaryArn, policyArns, inlinePolicies, tags, trustScope; ` +
					`spec.role.tags: Invalid value: "<list>": must be an object`,
				Target: fnv1.Target_TARGET_COMPOSITE.Enum(),
			}}},
		},
		"BadInput": {
			reason: "A bad Input is the platform team's mistake; it is reported with its path like the spec's.",
			req: newRequest(t, guideXR, withInput(t, `
apiVersion: podidentity.fn.crossplane.io/v1beta1
kind: Input
managedResources: {api: Regional, deletionPolicy: Keep}
`)),
			want: want{results: []*fnv1.Result{{
				Severity: fnv1.Severity_SEVERITY_FATAL,
				Message: `invalid XPodIdentity: input.managedResources.api: Unsupported value: "Regional": supported values: "Namespaced", "Cluster"; ` +
					`input.managedResources.deletionPolicy: Unsupported value: "Keep": supported values: "Delete", "Orphan"`,
				Target: fnv1.Target_TARGET_COMPOSITE.Enum(),
			}}},
		},
		"NamespacedXR": {
			reason: "A namespaced XR cannot compose the cluster-scoped DeploymentRuntimeConfig, so its XRD is wrong.",
			req:    newRequest(t, strings.Replace(guideXR, "name: crossplane-provider-aws\n", "name: crossplane-provider-aws\n  namespace: team-a\n", 1)),
			want: want{results: []*fnv1.Result{{
				Severity: fnv1.Severity_SEVERITY_FATAL,
				Message:  `invalid XPodIdentity: metadata.namespace: Invalid value: "team-a": XPodIdentity composes cluster-scoped resources, so its XRD must have scope: Cluster`,
				Target:   fnv1.Target_TARGET_COMPOSITE.Enum(),
			}}},
		},
		"BootstrapFromOwnProviderConfig": {
			reason: "Managing the role with the ProviderConfig the XR composes is a chicken-and-egg; the function warns and carries on.",
			req: newRequest(t, guideXR, withInput(t, `
apiVersion: podidentity.fn.crossplane.io/v1beta1
kind: Input
managedResources: {namespace: default, providerConfigRef: {kind: ProviderConfig, name: default}}
`)),
			want: want{
				results: []*fnv1.Result{{
					Severity: fnv1.Severity_SEVERITY_WARNING,
					Message: `the IAM role and the association are managed with ProviderConfig "default/default", which this XR composes with the Pod Identity credentials it is creating: ` +
						`they cannot be created before the role exists, and deleting the XR removes the credentials its own managed resources need to be deleted; ` +
						`set input.managedResources.providerConfigRef to separate bootstrap credentials`,
					Target: fnv1.Target_TARGET_COMPOSITE.Enum(),
				}},
				conditions: credentialsReady(false, "Creating", "waiting for Role default/crossplane-provider-aws-iam-role to be created"),
				status:     `{roleName: crossplane-provider-aws-pod-identity, runtimeConfigName: pod-identity-runtimeconfig, serviceAccount: {name: provider-aws-pod-identity, namespace: crossplane-system}}`,
			},
		},
		"SteadyState": {
			reason: "Once every managed resource is Ready and the configs exist, all are ready, the status carries the observed ARNs and the association names the role's ARN.",
			req: newRequest(t, guideXR, func(r *fnv1.RunFunctionRequest) {
				r.Observed.Resources = steady
			}),
			want: want{
				conditions: credentialsReady(true, "Available", ""),
				status: `{roleName: crossplane-provider-aws-pod-identity, runtimeConfigName: pod-identity-runtimeconfig, serviceAccount: {name: provider-aws-pod-identity, namespace: crossplane-system},
                  roleArn: '` + roleArn + `', associationId: a-0123456789abcdef0, associationArn: 'arn:aws:eks:us-east-2:123456789012:podidentityassociation/your-cluster-name/a-0123456789abcdef0'}`,
				ready: map[string]fnv1.Ready{
					"iam-role": fnv1.Ready_READY_TRUE, "pod-identity-association": fnv1.Ready_READY_TRUE,
					"deployment-runtime-config": fnv1.Ready_READY_TRUE, "providerconfig-default-default": fnv1.Ready_READY_TRUE,
					string(policyAttachmentResource("arn:aws:iam::aws:policy/AmazonS3FullAccess")): fnv1.Ready_READY_TRUE,
				},
				desired: map[string]string{"pod-identity-association": "spec: {forProvider: {roleArn: '" + roleArn + "'}}"},
			},
		},
		"AccessDeniedReachesTheXR": {
			reason: "The provider's error on the first blocking resource is the XR's condition message, so an AccessDenied is seen where users look.",
			req: newRequest(t, guideXR, func(r *fnv1.RunFunctionRequest) {
				r.Observed.Resources = observeAll(t, first, `[{type: Synced, status: "False", reason: ReconcileError, message: "create failed: AccessDenied: User is not authorized to perform: iam:CreateRole"}]`, nil)
			}),
			want: want{
				conditions: credentialsReady(false, "ReconcileError", "Role crossplane-system/crossplane-provider-aws-iam-role cannot be synced: ReconcileError: create failed: AccessDenied: User is not authorized to perform: iam:CreateRole"),
				status:     `{roleName: crossplane-provider-aws-pod-identity, runtimeConfigName: pod-identity-runtimeconfig, serviceAccount: {name: provider-aws-pod-identity, namespace: crossplane-system}}`,
				ready: map[string]fnv1.Ready{
					"iam-role": fnv1.Ready_READY_FALSE, "pod-identity-association": fnv1.Ready_READY_FALSE,
					"deployment-runtime-config": fnv1.Ready_READY_TRUE, "providerconfig-default-default": fnv1.Ready_READY_TRUE,
					string(policyAttachmentResource("arn:aws:iam::aws:policy/AmazonS3FullAccess")): fnv1.Ready_READY_FALSE,
				},
			},
		},
		"AllDefaults": {
			reason: "With only the required fields every name derives from the XR and the cluster, and the ProviderConfig is the guide's default/default.",
			req:    newRequest(t, "metadata: {name: team-x}\nspec: {clusterName: prod, region: eu-west-1}"),
			want: want{
				conditions: credentialsReady(false, "Creating", "waiting for Role crossplane-system/team-x-iam-role to be created"),
				status:     `{roleName: prod-team-x, runtimeConfigName: team-x, serviceAccount: {name: team-x, namespace: crossplane-system}}`,
				resources:  []string{"deployment-runtime-config", "iam-role", "pod-identity-association", "providerconfig-default-default"},
				desired: map[string]string{
					"iam-role":                       "metadata: {name: team-x-iam-role, namespace: crossplane-system, annotations: {crossplane.io/external-name: prod-team-x}}",
					"pod-identity-association":       "spec: {forProvider: {clusterName: prod, region: eu-west-1, namespace: crossplane-system, serviceAccount: team-x}}",
					"deployment-runtime-config":      "{metadata: {name: team-x}, spec: {serviceAccountTemplate: {metadata: {name: team-x}}}}",
					"providerconfig-default-default": "{apiVersion: aws.m.upbound.io/v1beta1, kind: ProviderConfig, metadata: {name: default, namespace: default}}",
				},
			},
		},
		"LegacyAPI": {
			reason: "The Cluster API composes cluster-scoped *.aws.upbound.io kinds, the legacy ProviderConfig, and Orphan as deletionPolicy.",
			req: newRequest(t, "metadata: {name: team-x}\nspec: {clusterName: prod, region: eu-west-1}", withInput(t, `
apiVersion: podidentity.fn.crossplane.io/v1beta1
kind: Input
managedResources: {api: Cluster, deletionPolicy: Orphan, providerConfigRef: {name: bootstrap}}
`)),
			want: want{
				conditions: credentialsReady(false, "Creating", "waiting for Role team-x-iam-role to be created"),
				status:     `{roleName: prod-team-x, runtimeConfigName: team-x, serviceAccount: {name: team-x, namespace: crossplane-system}}`,
				resources:  []string{"deployment-runtime-config", "iam-role", "pod-identity-association", "providerconfig-default"},
				desired: map[string]string{
					"iam-role":                 "{apiVersion: iam.aws.upbound.io/v1beta1, metadata: {name: team-x-iam-role}, spec: {deletionPolicy: Orphan, providerConfigRef: {name: bootstrap}}}",
					"pod-identity-association": "{apiVersion: eks.aws.upbound.io/v1beta1, metadata: {name: team-x-pod-identity-association}, spec: {deletionPolicy: Orphan, providerConfigRef: {name: bootstrap}}}",
					"providerconfig-default":   "{apiVersion: aws.upbound.io/v1beta1, kind: ProviderConfig, metadata: {name: default}, spec: {credentials: {source: PodIdentity}}}",
				},
			},
		},
		"RoleChainAndTarget": {
			reason: "Two ProviderConfigs, one with a role chain, beside a cross-account targetRoleArn on the association.",
			req: newRequest(t, `
metadata: {name: team-x}
spec:
  clusterName: prod
  region: eu-west-1
  association: {targetRoleArn: "arn:aws:iam::444455556666:role/target", disableSessionTags: true}
  providerConfigs:
    - {kind: ClusterProviderConfig, name: platform}
    - {name: team-a, namespace: team-a, assumeRoleChain: [{roleARN: "arn:aws:iam::111122223333:role/deployer", externalID: ext-1}]}
`),
			want: want{
				conditions: credentialsReady(false, "Creating", "waiting for Role crossplane-system/team-x-iam-role to be created"),
				status:     `{roleName: prod-team-x, runtimeConfigName: team-x, serviceAccount: {name: team-x, namespace: crossplane-system}}`,
				resources:  []string{"clusterproviderconfig-platform", "deployment-runtime-config", "iam-role", "pod-identity-association", "providerconfig-team-a-team-a"},
				desired: map[string]string{
					"pod-identity-association":       "spec: {forProvider: {targetRoleArn: 'arn:aws:iam::444455556666:role/target', disableSessionTags: true}}",
					"clusterproviderconfig-platform": "{kind: ClusterProviderConfig, metadata: {name: platform}, spec: {credentials: {source: PodIdentity}}}",
					"providerconfig-team-a-team-a":   "{kind: ProviderConfig, metadata: {name: team-a, namespace: team-a}, spec: {credentials: {source: PodIdentity}, assumeRoleChain: [{roleARN: 'arn:aws:iam::111122223333:role/deployer', externalID: ext-1}]}}",
				},
			},
		},
		"EarlierStepsKept": {
			reason: "Resources and XR status that earlier pipeline steps desired are passed on untouched beside the function's own.",
			req: newRequest(t, guideXR, func(r *fnv1.RunFunctionRequest) {
				r.Desired = &fnv1.State{
					Composite: &fnv1.Resource{Resource: fromYAML(t, "status: {fromEarlierStep: kept}")},
					Resources: map[string]*fnv1.Resource{"bucket": {Resource: fromYAML(t, "kind: Bucket"), Ready: fnv1.Ready_READY_TRUE}},
				}
			}),
			want: want{
				conditions: credentialsReady(false, "Creating", "waiting for Role crossplane-system/crossplane-provider-aws-iam-role to be created"),
				status:     `{fromEarlierStep: kept, roleName: crossplane-provider-aws-pod-identity, runtimeConfigName: pod-identity-runtimeconfig, serviceAccount: {name: provider-aws-pod-identity, namespace: crossplane-system}}`,
				kept:       []string{"bucket"},
			},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			before := proto.Clone(tc.req).(*fnv1.RunFunctionRequest)
			rsp := run(t, tc.req)
			if diff := cmp.Diff(before, tc.req, protocmp.Transform()); diff != "" {
				t.Errorf("%s\nthe request was modified: -before, +after:\n%s", tc.reason, diff)
			}
			if diff := cmp.Diff(tc.want.results, rsp.GetResults(), protocmp.Transform()); diff != "" {
				t.Errorf("%s\nresults: -want, +got:\n%s", tc.reason, diff)
			}
			if diff := cmp.Diff(tc.want.conditions, rsp.GetConditions(), protocmp.Transform()); diff != "" {
				t.Errorf("%s\nconditions: -want, +got:\n%s", tc.reason, diff)
			}
			fatal := len(tc.want.results) > 0 && tc.want.results[0].GetSeverity() == fnv1.Severity_SEVERITY_FATAL
			if fatal {
				if diff := cmp.Diff(tc.req.GetDesired(), rsp.GetDesired(), protocmp.Transform()); diff != "" {
					t.Errorf("%s\na Fatal result must pass the desired state on unchanged: -want, +got:\n%s", tc.reason, diff)
				}
				return
			}
			if tc.want.status != "" {
				want := fromYAML(t, tc.want.status)
				got := rsp.GetDesired().GetComposite().GetResource().GetFields()["status"].GetStructValue()
				if diff := cmp.Diff(want, got, protocmp.Transform()); diff != "" {
					t.Errorf("%s\nXR status: -want, +got:\n%s", tc.reason, diff)
				}
			}
			for name, ready := range tc.want.ready {
				if got := rsp.GetDesired().GetResources()[name].GetReady(); got != ready {
					t.Errorf("%s\n%s: ready %v, want %v", tc.reason, name, got, ready)
				}
			}
			for name, fields := range tc.want.desired {
				got := rsp.GetDesired().GetResources()[name].GetResource().AsMap()
				if diff := cmp.Diff(fromYAML(t, fields).AsMap(), got, subsetOf()); diff != "" {
					t.Errorf("%s\n%s: -want, +got:\n%s", tc.reason, name, diff)
				}
			}
			if tc.want.resources != nil {
				if diff := cmp.Diff(tc.want.resources, sortedKeys(rsp.GetDesired().GetResources())); diff != "" {
					t.Errorf("%s\ndesired resources: -want, +got:\n%s", tc.reason, diff)
				}
			}
			for _, name := range tc.want.kept {
				if diff := cmp.Diff(tc.req.GetDesired().GetResources()[name], rsp.GetDesired().GetResources()[name], protocmp.Transform()); diff != "" {
					t.Errorf("%s\n%s from an earlier step: -want, +got:\n%s", tc.reason, name, diff)
				}
			}
		})
	}
}

// credentialsReady is the one condition the function sets on the XR.
func credentialsReady(ready bool, reason, message string) []*fnv1.Condition {
	c := &fnv1.Condition{Type: "CredentialsReady", Status: fnv1.Status_STATUS_CONDITION_FALSE, Reason: reason, Target: fnv1.Target_TARGET_COMPOSITE.Enum()}
	if ready {
		c.Status = fnv1.Status_STATUS_CONDITION_TRUE
	}
	if message != "" {
		c.Message = proto.String(message)
	}
	return []*fnv1.Condition{c}
}

// subsetOf makes cmp ignore map keys that want does not have, so a case can
// name only the fields it is about.
func subsetOf() cmp.Option {
	return cmp.FilterPath(func(p cmp.Path) bool {
		mi, ok := p.Last().(cmp.MapIndex)
		if !ok {
			return false
		}
		vx, _ := mi.Values()
		return !vx.IsValid()
	}, cmp.Ignore())
}

func TestRunFunctionIsDeterministic(t *testing.T) {
	req := newRequest(t, `
metadata: {name: platform-aws}
spec:
  clusterName: platform
  region: us-west-2
  role:
    policyArns: [arn:aws:iam::aws:policy/B, arn:aws:iam::aws:policy/A, arn:aws:iam::123456789012:policy/x/y/C]
    inlinePolicies: [{name: a, document: '{"Statement": []}'}, {name: b, document: '{"Statement": {}}'}]
    tags: {z: "1", a: "2", m: "3"}
  association: {tags: {b: "1", a: "2"}}
  providerConfigs:
    - {kind: ClusterProviderConfig, name: one}
    - {name: two, namespace: ns, assumeRoleChain: [{roleARN: "arn:aws:iam::111122223333:role/r", tags: [{key: k, value: v}], transitiveTagKeys: [k]}]}
`)
	marshal := proto.MarshalOptions{Deterministic: true}
	first, err := marshal.Marshal(run(t, req))
	if err != nil {
		t.Fatal(err)
	}
	for range 20 {
		again, err := marshal.Marshal(run(t, req))
		if err != nil {
			t.Fatal(err)
		}
		if string(again) != string(first) {
			t.Fatal("the same request gave a different response")
		}
	}
}

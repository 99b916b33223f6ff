package main

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/testing/protocmp"

	fnv1 "github.com/crossplane/function-sdk-go/proto/v1"
)

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

// The guide's resources as the function composes them on the first
// reconcile, one flow-style YAML object each.
const (
	guideTrustPolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"]}]}`
	guideRole        = `{apiVersion: iam.aws.m.upbound.io/v1beta1, kind: Role,
		metadata: {name: crossplane-provider-aws-iam-role, namespace: crossplane-system, annotations: {crossplane.io/external-name: crossplane-provider-aws-pod-identity}},
		spec: {forProvider: {assumeRolePolicy: '` + guideTrustPolicy + `', description: IAM role for Crossplane AWS Provider using EKS Pod Identity}}}`
	guideAttachmentName = "policy-attachment-amazons3fullaccess-9471f314"
	guideAttachment     = `{apiVersion: iam.aws.m.upbound.io/v1beta1, kind: RolePolicyAttachment,
		metadata: {name: crossplane-provider-aws-policy-attachment-amazons3fullaccess-9471f314, namespace: crossplane-system},
		spec: {forProvider: {policyArn: 'arn:aws:iam::aws:policy/AmazonS3FullAccess', roleRef: {name: crossplane-provider-aws-iam-role}}}}`
	guideAssociation = `{apiVersion: eks.aws.m.upbound.io/v1beta1, kind: PodIdentityAssociation,
		metadata: {name: crossplane-provider-aws-pod-identity-association, namespace: crossplane-system},
		spec: {forProvider: {clusterName: your-cluster-name, namespace: crossplane-system, region: us-east-2, roleArnRef: {name: crossplane-provider-aws-iam-role}, serviceAccount: provider-aws-pod-identity}}}`
	guideRuntimeConfig = `{apiVersion: pkg.crossplane.io/v1beta1, kind: DeploymentRuntimeConfig, metadata: {name: pod-identity-runtimeconfig},
		spec: {serviceAccountTemplate: {metadata: {name: provider-aws-pod-identity}}}}`
	guideProviderConfig = `{apiVersion: aws.m.upbound.io/v1beta1, kind: ProviderConfig, metadata: {name: default, namespace: default}, spec: {credentials: {source: PodIdentity}}}`
	guideStatus         = `roleName: crossplane-provider-aws-pod-identity, runtimeConfigName: pod-identity-runtimeconfig, serviceAccount: {name: provider-aws-pod-identity, namespace: crossplane-system}`
)

// What the provider reports of the guide's role and association.
const (
	guideRoleArn        = "arn:aws:iam::123456789012:role/crossplane-provider-aws-pod-identity"
	guideAssociationArn = "arn:aws:eks:us-east-2:123456789012:podidentityassociation/your-cluster-name/a-0123456789abcdef0"
)

// observeAll plays the provider: every desired resource of rsp is observed,
// managed resources with the given conditions and status.atProvider.
func observeAll(t *testing.T, rsp *fnv1.RunFunctionResponse, conditions string, atProvider map[string]string) map[string]*fnv1.Resource {
	t.Helper()
	out := map[string]*fnv1.Resource{}
	for name, r := range rsp.GetDesired().GetResources() {
		o := proto.CloneOf(r.GetResource())
		status := fromYAML(t, "conditions: "+conditions)
		if ap, ok := atProvider[name]; ok {
			status.Fields["atProvider"] = fromYAML(t, ap).GetFields()["atProvider"]
		}
		if apiVersion := o.GetFields()["apiVersion"].GetStringValue(); strings.Contains(apiVersion, ".aws.m.upbound.io/") && !strings.HasPrefix(apiVersion, "aws.") {
			o.Fields["status"] = structValue(status)
		}
		out[name] = &fnv1.Resource{Resource: o}
	}
	return out
}

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
	first := run(t, request(guideXR))
	steady := observeAll(t, first, `[{type: Ready, status: "True", reason: Available}, {type: Synced, status: "True", reason: ReconcileSuccess}]`, map[string]string{
		"iam-role":                 "atProvider: {arn: '" + guideRoleArn + "'}",
		"pod-identity-association": "atProvider: {associationId: a-0123456789abcdef0, associationArn: '" + guideAssociationArn + "'}",
	})
	denied := observeAll(t, first, `[{type: Synced, status: "False", reason: ReconcileError, message: "create failed: AccessDenied: User is not authorized to perform: iam:CreateRole"}]`, nil)

	cases := map[string]struct {
		reason string
		req    *fnv1.RunFunctionRequest
		want   string // the whole response, as YAML in the protobuf JSON mapping
	}{
		"GuideScenario": {
			reason: "The guide's steps 2 to 6 on the first reconcile: nothing is ready, the role is waited for, the tag comes back.",
			req:    request(guideXR, func(r *fnv1.RunFunctionRequest) { r.Meta = &fnv1.RequestMeta{Tag: "hello"} }),
			want: `
meta: {tag: hello, ttl: 60s}
desired:
  composite: {resource: {status: {` + guideStatus + `}}}
  resources:
    iam-role: {ready: READY_FALSE, resource: ` + guideRole + `}
    ` + guideAttachmentName + `: {ready: READY_FALSE, resource: ` + guideAttachment + `}
    pod-identity-association: {ready: READY_FALSE, resource: ` + guideAssociation + `}
    deployment-runtime-config: {ready: READY_FALSE, resource: ` + guideRuntimeConfig + `}
    providerconfig-default-default: {ready: READY_FALSE, resource: ` + guideProviderConfig + `}
conditions:
  - {type: CredentialsReady, status: STATUS_CONDITION_FALSE, reason: Creating, message: waiting for Role crossplane-system/crossplane-provider-aws-iam-role to be created, target: TARGET_COMPOSITE}
`,
		},
		"SteadyState": {
			reason: "Once every managed resource is Ready and the configs exist, all are ready, the status carries the observed ARNs, the association names the role's ARN and the provider pods carry the association's id.",
			req:    request(guideXR, func(r *fnv1.RunFunctionRequest) { r.Observed.Resources = steady }),
			want: `
meta: {ttl: 60s}
desired:
  composite: {resource: {status: {` + guideStatus + `, roleArn: '` + guideRoleArn + `', associationId: a-0123456789abcdef0, associationArn: '` + guideAssociationArn + `'}}}
  resources:
    iam-role: {ready: READY_TRUE, resource: ` + guideRole + `}
    ` + guideAttachmentName + `: {ready: READY_TRUE, resource: ` + guideAttachment + `}
    pod-identity-association:
      ready: READY_TRUE
      resource: {apiVersion: eks.aws.m.upbound.io/v1beta1, kind: PodIdentityAssociation,
        metadata: {name: crossplane-provider-aws-pod-identity-association, namespace: crossplane-system},
        spec: {forProvider: {clusterName: your-cluster-name, namespace: crossplane-system, region: us-east-2, roleArnRef: {name: crossplane-provider-aws-iam-role}, serviceAccount: provider-aws-pod-identity,
          roleArn: '` + guideRoleArn + `'}}}
    deployment-runtime-config:
      ready: READY_TRUE
      resource: {apiVersion: pkg.crossplane.io/v1beta1, kind: DeploymentRuntimeConfig, metadata: {name: pod-identity-runtimeconfig},
        spec: {serviceAccountTemplate: {metadata: {name: provider-aws-pod-identity}},
          deploymentTemplate: {spec: {selector: {}, template: {metadata: {annotations: {podidentity.fn.crossplane.io/association-id: a-0123456789abcdef0}}, spec: {containers: [{name: package-runtime}]}}}}}}
    providerconfig-default-default: {ready: READY_TRUE, resource: ` + guideProviderConfig + `}
conditions:
  - {type: CredentialsReady, status: STATUS_CONDITION_TRUE, reason: Available, target: TARGET_COMPOSITE}
`,
		},
		"AccessDeniedReachesTheXR": {
			reason: "The provider's error on the first blocking resource is the XR's condition message, so an AccessDenied is seen where users look.",
			req:    request(guideXR, func(r *fnv1.RunFunctionRequest) { r.Observed.Resources = denied }),
			want: `
meta: {ttl: 60s}
desired:
  composite: {resource: {status: {` + guideStatus + `}}}
  resources:
    iam-role: {ready: READY_FALSE, resource: ` + guideRole + `}
    ` + guideAttachmentName + `: {ready: READY_FALSE, resource: ` + guideAttachment + `}
    pod-identity-association: {ready: READY_FALSE, resource: ` + guideAssociation + `}
    deployment-runtime-config: {ready: READY_TRUE, resource: ` + guideRuntimeConfig + `}
    providerconfig-default-default: {ready: READY_TRUE, resource: ` + guideProviderConfig + `}
conditions:
  - {type: CredentialsReady, status: STATUS_CONDITION_FALSE, reason: ReconcileError, target: TARGET_COMPOSITE,
     message: "Role crossplane-system/crossplane-provider-aws-iam-role cannot be synced: ReconcileError: create failed: AccessDenied: User is not authorized to perform: iam:CreateRole"}
`,
		},
		"EarlierStepsKept": {
			reason: "Resources and XR status that earlier pipeline steps desired are passed on untouched beside the function's own.",
			req: request(guideXR, func(r *fnv1.RunFunctionRequest) {
				r.Desired = &fnv1.State{
					Composite: &fnv1.Resource{Resource: fromYAML(t, "status: {fromEarlierStep: kept}")},
					Resources: map[string]*fnv1.Resource{"bucket": {Resource: fromYAML(t, "kind: Bucket"), Ready: fnv1.Ready_READY_TRUE}},
				}
			}),
			want: `
meta: {ttl: 60s}
desired:
  composite: {resource: {status: {fromEarlierStep: kept, ` + guideStatus + `}}}
  resources:
    bucket: {ready: READY_TRUE, resource: {kind: Bucket}}
    iam-role: {ready: READY_FALSE, resource: ` + guideRole + `}
    ` + guideAttachmentName + `: {ready: READY_FALSE, resource: ` + guideAttachment + `}
    pod-identity-association: {ready: READY_FALSE, resource: ` + guideAssociation + `}
    deployment-runtime-config: {ready: READY_FALSE, resource: ` + guideRuntimeConfig + `}
    providerconfig-default-default: {ready: READY_FALSE, resource: ` + guideProviderConfig + `}
conditions:
  - {type: CredentialsReady, status: STATUS_CONDITION_FALSE, reason: Creating, message: waiting for Role crossplane-system/crossplane-provider-aws-iam-role to be created, target: TARGET_COMPOSITE}
`,
		},
		"BootstrapFromOwnProviderConfig": {
			reason: "Managing the role with the ProviderConfig the XR composes is a chicken-and-egg; the function warns and carries on.",
			req:    request(guideXR, withInput("managedResources: {namespace: default, providerConfigRef: {kind: ProviderConfig, name: default}}")),
			want: `
meta: {ttl: 60s}
desired:
  composite: {resource: {status: {` + guideStatus + `}}}
  resources:
    iam-role: {ready: READY_FALSE, resource: {apiVersion: iam.aws.m.upbound.io/v1beta1, kind: Role,
      metadata: {name: crossplane-provider-aws-iam-role, namespace: default, annotations: {crossplane.io/external-name: crossplane-provider-aws-pod-identity}},
      spec: {providerConfigRef: {kind: ProviderConfig, name: default}, forProvider: {assumeRolePolicy: '` + guideTrustPolicy + `', description: IAM role for Crossplane AWS Provider using EKS Pod Identity}}}}
    ` + guideAttachmentName + `: {ready: READY_FALSE, resource: {apiVersion: iam.aws.m.upbound.io/v1beta1, kind: RolePolicyAttachment,
      metadata: {name: crossplane-provider-aws-policy-attachment-amazons3fullaccess-9471f314, namespace: default},
      spec: {providerConfigRef: {kind: ProviderConfig, name: default}, forProvider: {policyArn: 'arn:aws:iam::aws:policy/AmazonS3FullAccess', roleRef: {name: crossplane-provider-aws-iam-role}}}}}
    pod-identity-association: {ready: READY_FALSE, resource: {apiVersion: eks.aws.m.upbound.io/v1beta1, kind: PodIdentityAssociation,
      metadata: {name: crossplane-provider-aws-pod-identity-association, namespace: default},
      spec: {providerConfigRef: {kind: ProviderConfig, name: default},
        forProvider: {clusterName: your-cluster-name, namespace: crossplane-system, region: us-east-2, roleArnRef: {name: crossplane-provider-aws-iam-role}, serviceAccount: provider-aws-pod-identity}}}}
    deployment-runtime-config: {ready: READY_FALSE, resource: ` + guideRuntimeConfig + `}
    providerconfig-default-default: {ready: READY_FALSE, resource: ` + guideProviderConfig + `}
results:
  - severity: SEVERITY_WARNING
    target: TARGET_COMPOSITE
    message: >-
      the IAM role and the association are managed with ProviderConfig "default/default", which this XR composes with the Pod Identity credentials it is creating:
      they cannot be created before the role exists, and deleting the XR removes the credentials its own managed resources need to be deleted;
      set input.managedResources.providerConfigRef to separate bootstrap credentials
conditions:
  - {type: CredentialsReady, status: STATUS_CONDITION_FALSE, reason: Creating, message: waiting for Role default/crossplane-provider-aws-iam-role to be created, target: TARGET_COMPOSITE}
`,
		},
		"AllDefaults": {
			reason: "With only the required fields every name derives from the XR and the cluster, and the ProviderConfig is the guide's default/default.",
			req:    request("metadata: {name: team-x}\nspec: {clusterName: prod, region: eu-west-1}"),
			want: `
meta: {ttl: 60s}
desired:
  composite: {resource: {status: {roleName: prod-team-x, runtimeConfigName: team-x, serviceAccount: {name: team-x, namespace: crossplane-system}}}}
  resources:
    iam-role: {ready: READY_FALSE, resource: {apiVersion: iam.aws.m.upbound.io/v1beta1, kind: Role,
      metadata: {name: team-x-iam-role, namespace: crossplane-system, annotations: {crossplane.io/external-name: prod-team-x}},
      spec: {forProvider: {assumeRolePolicy: '` + guideTrustPolicy + `', description: IAM role for Crossplane AWS Provider using EKS Pod Identity}}}}
    pod-identity-association: {ready: READY_FALSE, resource: {apiVersion: eks.aws.m.upbound.io/v1beta1, kind: PodIdentityAssociation,
      metadata: {name: team-x-pod-identity-association, namespace: crossplane-system},
      spec: {forProvider: {clusterName: prod, namespace: crossplane-system, region: eu-west-1, roleArnRef: {name: team-x-iam-role}, serviceAccount: team-x}}}}
    deployment-runtime-config: {ready: READY_FALSE, resource: {apiVersion: pkg.crossplane.io/v1beta1, kind: DeploymentRuntimeConfig, metadata: {name: team-x},
      spec: {serviceAccountTemplate: {metadata: {name: team-x}}}}}
    providerconfig-default-default: {ready: READY_FALSE, resource: ` + guideProviderConfig + `}
conditions:
  - {type: CredentialsReady, status: STATUS_CONDITION_FALSE, reason: Creating, message: waiting for Role crossplane-system/team-x-iam-role to be created, target: TARGET_COMPOSITE}
`,
		},
		"LegacyAPI": {
			reason: "The Cluster API composes cluster-scoped *.aws.upbound.io kinds, the legacy ProviderConfig, and Orphan as deletionPolicy.",
			req: request("metadata: {name: team-x}\nspec: {clusterName: prod, region: eu-west-1}",
				withInput("managedResources: {api: Cluster, deletionPolicy: Orphan, providerConfigRef: {name: bootstrap}}")),
			want: `
meta: {ttl: 60s}
desired:
  composite: {resource: {status: {roleName: prod-team-x, runtimeConfigName: team-x, serviceAccount: {name: team-x, namespace: crossplane-system}}}}
  resources:
    iam-role: {ready: READY_FALSE, resource: {apiVersion: iam.aws.upbound.io/v1beta1, kind: Role,
      metadata: {name: team-x-iam-role, annotations: {crossplane.io/external-name: prod-team-x}},
      spec: {deletionPolicy: Orphan, providerConfigRef: {name: bootstrap}, forProvider: {assumeRolePolicy: '` + guideTrustPolicy + `', description: IAM role for Crossplane AWS Provider using EKS Pod Identity}}}}
    pod-identity-association: {ready: READY_FALSE, resource: {apiVersion: eks.aws.upbound.io/v1beta1, kind: PodIdentityAssociation,
      metadata: {name: team-x-pod-identity-association},
      spec: {deletionPolicy: Orphan, providerConfigRef: {name: bootstrap}, forProvider: {clusterName: prod, namespace: crossplane-system, region: eu-west-1, roleArnRef: {name: team-x-iam-role}, serviceAccount: team-x}}}}
    deployment-runtime-config: {ready: READY_FALSE, resource: {apiVersion: pkg.crossplane.io/v1beta1, kind: DeploymentRuntimeConfig, metadata: {name: team-x},
      spec: {serviceAccountTemplate: {metadata: {name: team-x}}}}}
    providerconfig-default: {ready: READY_FALSE, resource: {apiVersion: aws.upbound.io/v1beta1, kind: ProviderConfig, metadata: {name: default}, spec: {credentials: {source: PodIdentity}}}}
conditions:
  - {type: CredentialsReady, status: STATUS_CONDITION_FALSE, reason: Creating, message: waiting for Role team-x-iam-role to be created, target: TARGET_COMPOSITE}
`,
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
`, func(r *fnv1.RunFunctionRequest) {
				r.Desired = &fnv1.State{Resources: map[string]*fnv1.Resource{"bucket": {Resource: fromYAML(t, "kind: Bucket")}}}
			}),
			want: `
meta: {ttl: 60s}
desired: {resources: {bucket: {resource: {kind: Bucket}}}}
results:
  - severity: SEVERITY_FATAL
    target: TARGET_COMPOSITE
    message: >-
      invalid XPodIdentity: spec.clusterName: Required value: the EKS cluster's name;
      spec.region: Invalid value: "Ohio": must be an AWS region such as us-east-2;
      spec.serviceAccount.name: Invalid value: "Not_A_Name": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*');
      spec.role.name: Invalid value: "has space": may contain only letters, digits and +=,.@_-;
      spec.role.maxSessionDuration: Invalid value: 60: must be between 3600 and 43200 seconds;
      spec.role.policyArns[1]: Duplicate value: "arn:aws:iam::aws:policy/A";
      spec.providerConfigs[0].kind: Unsupported value: "Secret": supported values: "ProviderConfig", "ClusterProviderConfig"
`,
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
			want: `
meta: {ttl: 60s}
results:
  - severity: SEVERITY_FATAL
    target: TARGET_COMPOSITE
    message: >-
      invalid XPodIdentity: spec.clusterName: Invalid value: 42: must be a string;
      spec.role.tags: Invalid value: "<list>": must be an object;
      spec.agent.instal: Forbidden: unknown field; supported fields: install, version
`,
		},
		"BadInput": {
			reason: "A bad Input is the platform team's mistake; it is reported with its path like the spec's.",
			req:    request(guideXR, withInput("managedResources: {api: Regional, deletionPolicy: Keep}")),
			want: `
meta: {ttl: 60s}
results:
  - severity: SEVERITY_FATAL
    target: TARGET_COMPOSITE
    message: >-
      invalid XPodIdentity: input.managedResources.api: Unsupported value: "Regional": supported values: "Namespaced", "Cluster";
      input.managedResources.deletionPolicy: Unsupported value: "Keep": supported values: "Delete", "Orphan"
`,
		},
		"NamespacedXR": {
			reason: "A namespaced XR cannot compose the cluster-scoped DeploymentRuntimeConfig, so its XRD is wrong.",
			req:    request(strings.Replace(guideXR, "name: crossplane-provider-aws\n", "name: crossplane-provider-aws\n  namespace: team-a\n", 1)),
			want: `
meta: {ttl: 60s}
results:
  - severity: SEVERITY_FATAL
    target: TARGET_COMPOSITE
    message: 'invalid XPodIdentity: metadata.namespace: Invalid value: "team-a": XPodIdentity composes cluster-scoped resources, so its XRD must have scope: Cluster'
`,
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			before := proto.Clone(tc.req)
			got := run(t, tc.req)
			if diff := cmp.Diff(responseFromYAML(t, tc.want), got, protocmp.Transform()); diff != "" {
				t.Errorf("%s\n-want, +got:\n%s", tc.reason, diff)
			}
			if diff := cmp.Diff(before, tc.req, protocmp.Transform()); diff != "" {
				t.Errorf("%s\nthe request was modified: -before, +after:\n%s", tc.reason, diff)
			}
		})
	}
}

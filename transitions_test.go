package main

import (
	cmpstd "cmp"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/testing/protocmp"
	"google.golang.org/protobuf/types/known/structpb"
	"sigs.k8s.io/yaml"

	fnv1 "github.com/crossplane/function-sdk-go/proto/v1"

	"github.com/crossplane-contrib/function-pod-identity/internal/simprovider"
)

// transitionXR is a live XR: the metadata every case shares, and a spec.
func transitionXR(cluster, spec string) string {
	return `{apiVersion: platform.example.org/v1alpha1, kind: XPodIdentity, metadata: {name: team-a, uid: 00000000-0000-4000-8000-00000000000a},
spec: {clusterName: ` + cluster + `, region: eu-west-1, providerConfigs: [{kind: ClusterProviderConfig, name: team-a}], ` + spec + `}}`
}

// Specs the transitions move between.
const (
	noProviders    = `providers: []`
	s3Shared       = `providers: [{package: xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0}]`
	s3Isolated     = `providers: [{package: xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0, isolated: true}]`
	s3AndEC2Shared = `providers: [{package: xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0}, {package: xpkg.upbound.io/upbound/provider-aws-ec2:v2.3.0}]`
)

// TestTransitions edits a live XR as a user would: it reconciles the spec
// before the edit until steady, edits it, and reconciles once with what was
// observed before. What that call desires is compared with
// testdata/transitions/<case>.yaml (every composed resource added, removed,
// changed, with the fields that changed, or kept; the results and the XR's
// conditions; go test -run TestTransitions -update rewrites them). Every
// call must also keep references consistent: everything that names a role,
// a DeploymentRuntimeConfig or a ServiceAccount names one the same call
// desires, and no object is composed twice. A case that converges is then
// reconciled until steady and must end exactly where a new XR with the
// edited spec would.
func TestTransitions(t *testing.T) {
	usage := func(kind, name string) *structpb.Struct {
		return fromYAML(t, `{apiVersion: aws.m.upbound.io/v1beta1, kind: ProviderConfigUsage, metadata: {name: u-`+strings.ToLower(name)+`, namespace: team-a,
labels: {crossplane.io/provider-config: bootstrap, crossplane.io/provider-config-kind: ClusterProviderConfig}},
providerConfigRef: {kind: ClusterProviderConfig, name: bootstrap}, resourceRef: {apiVersion: ec2.aws.m.upbound.io/v1beta1, kind: `+kind+`, name: `+name+`}}`)
	}
	cases := map[string]struct {
		reason        string
		before, after string
		input         string
		// cluster holds what Crossplane finds when the function asks,
		// after the edit.
		cluster []*structpb.Struct
		// unobserved drops what was observed under keys of this prefix, as
		// if an earlier release had not composed it.
		unobserved string
		// clusterAfter is spec.clusterName after the edit, prod before.
		clusterAfter string
		converges    bool
	}{
		"FirstSharedProvider": {
			reason: "The first shared provider: its Provider is installed at once, since the association it waits for is Ready, on the XR's DeploymentRuntimeConfig; nothing else changes.",
			before: noProviders, after: s3Shared, converges: true,
		},
		"SecondSharedProvider": {
			reason: "A second shared provider joins the first on the same DeploymentRuntimeConfig; the first is untouched.",
			before: s3Shared, after: s3AndEC2Shared, converges: true,
		},
		"SecondSharedProviderRemoved": {
			reason: "Removing a provider uninstalls it when no managed resource of its family exists, under any ProviderConfig; the other stays as it was.",
			before: s3AndEC2Shared, after: s3Shared, converges: true,
		},
		"LastSharedProviderRemoved": {
			reason: "Removing the last provider uninstalls it; the role, association and DeploymentRuntimeConfig stay for the next.",
			before: s3Shared, after: noProviders, converges: true,
		},
		"RemovedProviderStillInUse": {
			reason: "A provider whose family's managed resources still exist is not uninstalled, since its CRDs would go with it, whichever ProviderConfig they use (here not the XR's): a Fatal names them and nothing changes.",
			before: s3AndEC2Shared, after: s3Shared,
			cluster: []*structpb.Struct{usage("VPC", "main"), usage("Subnet", "a"), usage("Subnet", "b"), usage("Subnet", "c")},
		},
		"ServiceAccountOfThePackageManager": {
			reason: "The first release did not compose the ServiceAccount, so the package manager made it for the provider: it is not taken over, the XR says HandingOver and how to hand it over, and composes it once it is.",
			before: s3Shared, after: s3Shared, converges: true, unobserved: "service-account-",
			cluster: []*structpb.Struct{fromYAML(t, `{apiVersion: v1, kind: ServiceAccount, metadata: {name: team-a, namespace: crossplane-system,
ownerReferences: [{apiVersion: pkg.crossplane.io/v1, kind: ProviderRevision, name: provider-aws-s3-0f1e2d3c4b5a, controller: true, uid: r}]}}`)},
		},
		"SharedToIsolated": {
			reason: "Isolating a provider gives it its own ServiceAccount, role, association and DeploymentRuntimeConfig; its Provider keeps running as the shared identity until its own association is Ready, and the shared identity stays.",
			before: s3Shared, after: s3Isolated, converges: true,
		},
		"IsolatedToShared": {
			reason: "Sharing an isolated provider again removes its own identity and moves its Provider back to the shared DeploymentRuntimeConfig.",
			before: s3Isolated, after: s3Shared, converges: true,
		},
		"RoleRenamed": {
			reason: "A role cannot be renamed in AWS: a new role is composed beside the old, the attachments follow it, and the association names the new role, never the old one's ARN.",
			before: s3Shared + `, role: {name: old, policyArns: [arn:aws:iam::aws:policy/AmazonS3FullAccess]}`,
			after:  s3Shared + `, role: {name: new, policyArns: [arn:aws:iam::aws:policy/AmazonS3FullAccess]}`, converges: true,
		},
		"ClusterRenamed": {
			reason: "Another cluster needs another association and add-on, and the derived role name changes with it; the XR ends as a new one on that cluster would.",
			before: s3Shared + `, agent: {install: true}`, after: s3Shared + `, agent: {install: true}`,
			clusterAfter: "staging", converges: true,
		},
		"AgentNoLongerInstalled": {
			reason: "agent.install false removes the Addon from the XR; it is composed without the Delete management policy, so the add-on stays on the cluster.",
			before: s3Shared + `, agent: {install: true}`, after: s3Shared, converges: true,
		},
		"TargetRoleRemoved": {
			reason: "Removing targetRoleArn removes the target role permission with it, and the association forgets the target role.",
			before: s3Shared + `, association: {targetRoleArn: "arn:aws:iam::210987654321:role/target"}`, after: s3Shared, converges: true,
		},
		"PresetsAdded": {
			reason: "Asking for presets adds each family's policy and its attachment; the role and everything else stay.",
			before: s3AndEC2Shared, after: s3AndEC2Shared + `, role: {permissions: Preset}`, converges: true,
		},
		"PolicyOrderChanged": {
			reason: "Reordering policyArns changes nothing: names come from content, not positions.",
			before: s3Shared + `, role: {policyArns: [arn:aws:iam::aws:policy/A, arn:aws:iam::aws:policy/B]}`,
			after:  s3Shared + `, role: {policyArns: [arn:aws:iam::aws:policy/B, arn:aws:iam::aws:policy/A]}`, converges: true,
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			cluster := cmpstd.Or(tc.clusterAfter, "prod")
			before := request(t, transitionXR("prod", tc.before), tc.input)
			after := request(t, transitionXR(cluster, tc.after), tc.input)
			was, observed := steady(t, before)
			if tc.unobserved != "" {
				maps.DeleteFunc(observed, func(key string, _ *fnv1.Resource) bool { return strings.HasPrefix(key, tc.unobserved) })
			}
			after.Observed.Resources = observed
			got := callLikeCrossplane(t, after, tc.cluster)
			checkReferences(t, got)

			golden := filepath.Join("testdata", "transitions", name+".yaml")
			summary := summarize(t, tc.reason, observed, was, got)
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o750); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, summary, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden) //nolint:gosec // the test's own files
			if err != nil {
				t.Fatalf("%v (go test -run TestTransitions -update writes it)", err)
			}
			if diff := cmp.Diff(string(want), string(summary)); diff != "" {
				t.Errorf("%s\n%s: -want, +got:\n%s", tc.reason, golden, diff)
			}

			if !tc.converges {
				return
			}
			ended := converge(t, after, got)
			created := &fnv1.RunFunctionRequest{Input: after.GetInput(), Observed: &fnv1.State{Composite: after.GetObserved().GetComposite()}}
			first, _ := steady(t, created)
			fresh := converge(t, created, first)
			if diff := cmp.Diff(fresh.GetDesired(), ended.GetDesired(), protocmp.Transform()); diff != "" {
				t.Errorf("%s\nthe edited XR did not end where a new one would: -new, +edited:\n%s", tc.reason, diff)
			}
		})
	}
}

// request is a first-reconcile request for an XR and Input written as YAML.
func request(t *testing.T, xr, input string) *fnv1.RunFunctionRequest {
	t.Helper()
	req := &fnv1.RunFunctionRequest{Observed: &fnv1.State{Composite: &fnv1.Resource{Resource: fromYAML(t, xr)}}}
	if input != "" {
		req.Input = fromYAML(t, "{apiVersion: podidentity.fn.crossplane.io/v1beta1, kind: Input, "+input+"}")
	}
	return req
}

// converge reconciles from a response as Crossplane would once nothing
// blocks: what was desired is created and becomes ready, what was not is
// deleted, until nothing new is composed.
func converge(t *testing.T, req *fnv1.RunFunctionRequest, rsp *fnv1.RunFunctionResponse) *fnv1.RunFunctionResponse {
	t.Helper()
	req = proto.CloneOf(req)
	for range 4 {
		req.Observed.Resources = simprovider.Observe(req.GetObserved().GetComposite().GetResource(), rsp.GetDesired().GetResources(), true)
		next := callLikeCrossplane(t, req, nil)
		checkReferences(t, next)
		if proto.Equal(next.GetDesired(), rsp.GetDesired()) {
			return next
		}
		rsp = next
	}
	t.Fatal("no steady state after 4 reconciles")
	return nil
}

// checkReferences checks that whatever a desired object names is desired in
// the same response, and that no object is composed twice.
func checkReferences(t *testing.T, rsp *fnv1.RunFunctionResponse) {
	t.Helper()
	desired := rsp.GetDesired().GetResources()
	names := map[string]string{} // kind/namespace/name -> resource key
	external := map[string]string{}
	for _, key := range slices.Sorted(maps.Keys(desired)) {
		o := desired[key].GetResource().AsMap()
		id := fmt.Sprintf("%s %s/%s", str(o, "kind"), str(o, "metadata", "namespace"), str(o, "metadata", "name"))
		if other, dup := names[id]; dup {
			t.Errorf("%s is composed twice, as %s and %s", id, other, key)
		}
		names[id] = key
		if x := str(o, "metadata", "annotations", "crossplane.io/external-name"); x != "" {
			xid := str(o, "kind") + " " + x
			if other, dup := external[xid]; dup {
				t.Errorf("AWS's %s is composed twice, as %s and %s", xid, other, key)
			}
			external[xid] = key
		}
	}
	exists := func(kind, namespace, name string) bool {
		_, ok := names[fmt.Sprintf("%s %s/%s", kind, namespace, name)]
		return ok
	}
	roles := map[string]string{} // Role name -> the ARN suffix AWS gives it
	for _, r := range desired {
		if o := r.GetResource().AsMap(); str(o, "kind") == "Role" {
			path := str(o, "spec", "forProvider", "path")
			if path == "" {
				path = "/"
			}
			roles[str(o, "metadata", "name")] = ":role" + path + str(o, "metadata", "annotations", "crossplane.io/external-name")
		}
	}
	for _, key := range slices.Sorted(maps.Keys(desired)) {
		o := desired[key].GetResource().AsMap()
		ns := str(o, "metadata", "namespace")
		for _, ref := range []string{"roleRef", "roleArnRef"} {
			if n := str(o, "spec", "forProvider", ref, "name"); n != "" && !exists("Role", ns, n) {
				t.Errorf("%s's %s names Role %s/%s, which is not desired", key, ref, ns, n)
			}
		}
		if arn := str(o, "spec", "forProvider", "roleArn"); arn != "" && !strings.HasSuffix(arn, roles[str(o, "spec", "forProvider", "roleArnRef", "name")]) {
			t.Errorf("%s's roleArn %s is not the ARN of the role its roleArnRef names", key, arn)
		}
		if n := str(o, "spec", "runtimeConfigRef", "name"); n != "" && !exists("DeploymentRuntimeConfig", "", n) {
			t.Errorf("%s's runtimeConfigRef names DeploymentRuntimeConfig %s, which is not desired", key, n)
		}
		if sa := str(o, "spec", "deploymentTemplate", "spec", "template", "spec", "serviceAccountName"); sa != "" {
			if !slices.ContainsFunc(slices.Collect(maps.Values(desired)), func(r *fnv1.Resource) bool {
				a := r.GetResource().AsMap()
				return str(a, "kind") == "PodIdentityAssociation" && str(a, "spec", "forProvider", "serviceAccount") == sa
			}) {
				t.Errorf("%s runs providers as ServiceAccount %s, which no desired association names", key, sa)
			}
		}
	}
}

// str is the string at a path of an unstructured object, or "".
func str(o map[string]any, path ...string) string {
	var v any = o
	for _, p := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return ""
		}
		v = m[p]
	}
	s, _ := v.(string)
	return s
}

// summarize says what a call desires compared with the call before the
// edit, one line per composed resource, beside its results and the XR's
// conditions, as YAML headed by why the case exists.
func summarize(t *testing.T, reason string, observed map[string]*fnv1.Resource, was, got *fnv1.RunFunctionResponse) []byte {
	t.Helper()
	results := make([]string, 0, len(got.GetResults()))
	for _, r := range got.GetResults() {
		results = append(results, strings.TrimPrefix(r.GetSeverity().String(), "SEVERITY_")+": "+r.GetMessage())
	}
	conditions := make([]string, 0, len(got.GetConditions()))
	for _, c := range got.GetConditions() {
		conditions = append(conditions, fmt.Sprintf("%s %s %s: %s", c.GetType(), strings.TrimPrefix(c.GetStatus().String(), "STATUS_CONDITION_"), c.GetReason(), c.GetMessage()))
	}
	summary := map[string]any{"results": results, "conditions": conditions}
	if isFatal(got) {
		// Crossplane applies and deletes nothing after a Fatal result.
		summary["resources"] = "untouched"
	} else {
		summary["resources"] = changes(observed, was.GetDesired().GetResources(), got.GetDesired().GetResources())
	}
	b, err := yaml.Marshal(summary)
	if err != nil {
		t.Fatal(err)
	}
	return append([]byte("# "+reason+"\n"), b...)
}

// changes says, for every composed resource, whether the call adds it,
// removes it (Crossplane deletes what was observed and is no longer
// desired), changes it from what was desired before, with the fields that
// changed, or keeps it.
func changes(observed, before, after map[string]*fnv1.Resource) map[string]string {
	resources := map[string]string{}
	for key, r := range after {
		o := r.GetResource()
		what := str(o.AsMap(), "kind") + " " + strings.TrimPrefix(str(o.AsMap(), "metadata", "namespace")+"/", "/") + str(o.AsMap(), "metadata", "name")
		switch {
		case observed[key] == nil:
			resources[key] = "added " + what
		case proto.Equal(before[key].GetResource(), o):
			resources[key] = "kept " + what
		default:
			resources[key] = "changed " + what + ": " + strings.Join(changedPaths(structpb.NewStructValue(before[key].GetResource()), structpb.NewStructValue(o), ""), ", ")
		}
	}
	for key, r := range observed {
		if _, ok := after[key]; !ok {
			o := r.GetResource().AsMap()
			resources[key] = "removed " + str(o, "kind") + " " + str(o, "metadata", "name")
		}
	}
	return resources
}

// changedPaths are the paths at which two values differ, as deep as both
// are objects.
func changedPaths(a, b *structpb.Value, path string) []string {
	as, bs := a.GetStructValue(), b.GetStructValue()
	if as == nil || bs == nil {
		if proto.Equal(a, b) {
			return nil
		}
		return []string{path}
	}
	var out []string
	keys := slices.Sorted(maps.Keys(as.GetFields()))
	for k := range bs.GetFields() {
		if _, ok := as.GetFields()[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		p := k
		if path != "" {
			p = path + "." + k
		}
		out = append(out, changedPaths(as.GetFields()[k], bs.GetFields()[k], p)...)
	}
	return out
}

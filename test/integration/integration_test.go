package integration

import (
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	kerrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"sigs.k8s.io/yaml"
)

// The tests of the examples share one control plane and run in order:
// TestCompose applies the first wave of examples, the tests after it play,
// check and delete them, and TestDeletion goes through the other waves. The
// day-two tests (daytwo_test.go) run in parallel after them, each with XRs
// and names of its own.

var xrGVR = schema.GroupVersionResource{Group: "platform.example.org", Version: "v1alpha1", Resource: "xpodidentities"}

const (
	annotationCompositionResKey = "crossplane.io/composition-resource-name"
	// The timeout of every wait for Crossplane to act; composed objects
	// appear within a few seconds.
	settle = 60 * time.Second
	// holdFinalizer holds a managed resource on its way out, so that the
	// test sees what it carries when Crossplane deletes it.
	holdFinalizer = "integration-test/hold"
)

// An example XR and what the real Crossplane CLI rendered for it.
type example struct {
	id   string
	xr   *unstructured.Unstructured
	want []string // composition resource names of the first reconcile
	// objects are the cluster-wide or shared objects it composes, such as
	// its ServiceAccounts, as "Kind namespace/name": no other XR may
	// compose them at the same time.
	objects []string
	// orphan: its Composition keeps the AWS resources when it is deleted.
	orphan bool
}

func examples(t *testing.T) []example {
	t.Helper()
	files := []string{"xr.yaml", "xr-defaults.yaml", "xr-role-chain.yaml", "xr-cross-account.yaml", "xr-shared-providers.yaml", "xr-isolated-providers.yaml", "xr-presets.yaml", "legacy/xr.yaml"}
	out := make([]example, 0, len(files))
	for _, rel := range files {
		b, err := os.ReadFile(filepath.Join(cp.paths.repo, "example", rel))
		if err != nil {
			t.Fatal(err)
		}
		xr := &unstructured.Unstructured{}
		if err := yaml.Unmarshal(b, &xr.Object); err != nil {
			t.Fatal(err)
		}
		id := strings.TrimSuffix(strings.ReplaceAll(rel, "/", "-"), ".yaml")
		ex := example{id: id, xr: xr, orphan: strings.HasPrefix(rel, "legacy/")}
		ex.want, ex.objects = rendered(t, id)
		out = append(out, ex)
	}
	return out
}

// rendered reads what crossplane render gave for the example's first
// reconcile: the composition resource names, which the cluster must
// compose the same, and the objects no two XRs may compose.
func rendered(t *testing.T, id string) (names, exclusive []string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(cp.paths.repo, "test", "e2e", "testdata", id+".yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, doc := range documentSeparator.Split(string(b), -1) {
		var m struct {
			Kind     string `json:"kind"`
			Metadata struct {
				Name        string            `json:"name"`
				Namespace   string            `json:"namespace"`
				Annotations map[string]string `json:"annotations"`
			} `json:"metadata"`
		}
		if err := yaml.Unmarshal([]byte(doc), &m); err != nil {
			t.Fatal(err)
		}
		n := m.Metadata.Annotations[annotationCompositionResKey]
		if n == "" {
			continue
		}
		names = append(names, n)
		switch m.Kind {
		case "ServiceAccount", "DeploymentRuntimeConfig", "Provider", "ProviderConfig", "ClusterProviderConfig":
			exclusive = append(exclusive, m.Kind+" "+qualified(m.Metadata.Namespace, m.Metadata.Name))
		}
	}
	slices.Sort(names)
	return names, exclusive
}

// waves splits the examples, in order, into groups that can run side by
// side: an XR never takes over an object another XR composed, so two
// examples that compose the same ServiceAccount (xr.yaml and
// legacy/xr.yaml both use provider-aws-pod-identity; three use
// provider-aws) cannot both converge in one cluster.
func waves(exs []example) [][]example {
	var out [][]example
	var taken []map[string]bool
next:
	for _, ex := range exs {
		for i := range out {
			if !slices.ContainsFunc(ex.objects, func(o string) bool { return taken[i][o] }) {
				out[i] = append(out[i], ex)
				for _, o := range ex.objects {
					taken[i][o] = true
				}
				continue next
			}
		}
		out = append(out, []example{ex})
		taken = append(taken, map[string]bool{})
		for _, o := range ex.objects {
			taken[len(taken)-1][o] = true
		}
	}
	return out
}

func getXR(ctx context.Context, t *testing.T, name string) *unstructured.Unstructured {
	t.Helper()
	xr, err := cp.client.Resource(xrGVR).Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		t.Fatalf("cannot get XR %s: %v", name, err)
	}
	return xr
}

// waitFor polls until check passes, then returns; it fails the test with
// check's last complaint when settle has passed.
func waitFor(t *testing.T, what string, check func() string) {
	t.Helper()
	var last string
	err := poll(context.Background(), settle, func() (bool, error) {
		last = check()
		return last == "", nil
	})
	if err != nil {
		t.Fatalf("%s: %s", what, last)
	}
}

// checkRendered waits until the cluster composed for the example what
// crossplane render showed, and checks that every object is controlled by
// the XR, that no managed resource may be late-initialised, and that every
// DeploymentRuntimeConfig names its ServiceAccount instead of templating
// one.
func checkRendered(ctx context.Context, t *testing.T, ex example) *composition {
	t.Helper()
	var c *composition
	waitFor(t, "composed resources", func() string {
		c = observe(ctx, t, ex.xr.GetName())
		if diff := cmp.Diff(ex.want, slices.Sorted(maps.Keys(c.byKey()))); diff != "" {
			return fmt.Sprintf("the cluster's composed resources differ from crossplane render's: -render, +cluster:\n%s\nXR status: %v", diff, c.xr.Object["status"])
		}
		return ""
	})
	if msg := c.controlled(); msg != "" {
		t.Error(msg)
	}
	if msg := c.managementPolicies(ex.orphan); msg != "" {
		t.Error(msg)
	}
	for _, drc := range c.ofKind("DeploymentRuntimeConfig") {
		sa, _, _ := unstructured.NestedString(drc.Object, "spec", "deploymentTemplate", "spec", "template", "spec", "serviceAccountName")
		if msg := runtimeConfigRunsAs(drc, sa); msg != "" || sa == "" {
			t.Errorf("DeploymentRuntimeConfig %s names no ServiceAccount: %s", drc.GetName(), msg)
		}
	}
	return c
}

// TestCompose applies the first wave of example XRs and checks that the
// cluster composes what crossplane render showed, that the API server
// accepted each object with its CRD, that each is controlled by its XR, and
// that nothing flaps once the XRs are steady.
func TestCompose(t *testing.T) {
	ctx := context.Background()
	first := waves(examples(t))[0]
	for _, need := range []string{"crossplane-provider-aws", "platform-aws", "pod-identity-minimal"} {
		if !slices.ContainsFunc(first, func(ex example) bool { return ex.xr.GetName() == need }) {
			t.Fatalf("the tests after TestCompose need example XR %s in the first wave", need)
		}
	}
	for _, ex := range first {
		if err := cp.apply(ctx, mustYAML(t, ex.xr)); err != nil {
			t.Fatal(err)
		}
	}
	before := map[string]map[string]string{}
	for _, ex := range first {
		t.Run(ex.id, func(t *testing.T) {
			before[ex.id] = resourceVersions(checkRendered(ctx, t, ex))
		})
	}

	// Crossplane reconciles an XR on every change of what it composed: a
	// function that flaps would change them here. Only time shows that
	// nothing changes.
	time.Sleep(5 * time.Second)
	for _, ex := range first {
		after := resourceVersions(observe(ctx, t, ex.xr.GetName()))
		if diff := cmp.Diff(before[ex.id], after); diff != "" {
			t.Errorf("%s: composed resources changed while the XR was steady: -before, +after:\n%s", ex.id, diff)
		}
	}
}

func resourceVersions(c *composition) map[string]string {
	out := make(map[string]string, len(c.objects))
	for _, u := range c.objects {
		out[u.GetKind()+" "+qualified(u.GetNamespace(), u.GetName())] = u.GetResourceVersion()
	}
	return out
}

// convergeTo waits until the XR has converged to want, playing provider-aws
// and the package manager as it goes, and returns what it composed.
func convergeTo(ctx context.Context, t *testing.T, name string, want xrWant) *composition {
	t.Helper()
	var c *composition
	waitFor(t, "XR "+name+" to converge", func() string {
		c = observe(ctx, t, name)
		msg := c.converged(ctx, t, want)
		if msg != "" {
			play(ctx, t, c)
		}
		return msg
	})
	return c
}

// TestProvidersAfterTheAssociation plays provider-aws for the guide's
// scenario and checks that its Provider package appears only once the
// association is Ready, with a digest of the association on the provider
// pods, and that the XR then converges.
func TestProvidersAfterTheAssociation(t *testing.T) {
	ctx := context.Background()
	const name = "crossplane-provider-aws"
	if ps := observe(ctx, t, name).ofKind("Provider"); len(ps) > 0 {
		t.Fatal("the Provider was composed before its association was Ready")
	}
	c := convergeTo(ctx, t, name, xrWant{
		identities: []identityWant{{
			serviceAccount: "provider-aws-pod-identity",
			role:           "crossplane-provider-aws-pod-identity",
			policyArns:     []string{"arn:aws:iam::aws:policy/AmazonS3FullAccess", "arn:aws:iam::aws:policy/AmazonEC2FullAccess", "arn:aws:iam::aws:policy/AmazonRDSFullAccess"},
			runtimeConfig:  "pod-identity-runtimeconfig",
			providers:      []string{"provider-aws-s3"},
		}},
		providerConfigs: []string{"ProviderConfig default/default"},
		agent:           true,
	})
	id, _, _ := unstructured.NestedString(c.xr.Object, "status", "associationId")
	if !associationIDPattern.MatchString(id) {
		t.Errorf("status.associationId is %q", id)
	}
}

// TestStatusConverges plays provider-aws for an XR without Provider packages
// and checks that the XR becomes Ready with the observed ARNs in its status.
func TestStatusConverges(t *testing.T) {
	ctx := context.Background()
	const name = "platform-aws"
	c := convergeTo(ctx, t, name, xrWant{
		identities: []identityWant{{
			serviceAccount: "provider-aws",
			role:           "platform-us-west-2-platform-aws",
			inlinePolicies: []string{"assume-team-a-deployer"},
			runtimeConfig:  "platform-aws",
		}},
		providerConfigs: []string{"ClusterProviderConfig platform", "ProviderConfig team-a/team-a"},
	})
	roleArn, _, _ := unstructured.NestedString(c.xr.Object, "status", "roleArn")
	arn, _, _ := unstructured.NestedString(c.xr.Object, "status", "associationArn")
	id, _, _ := unstructured.NestedString(c.xr.Object, "status", "associationId")
	if want := "arn:aws:iam::123456789012:role/crossplane/platform-us-west-2-platform-aws"; roleArn != want {
		t.Errorf("status.roleArn is %q, want %q", roleArn, want)
	}
	if want := "arn:aws:eks:us-west-2:123456789012:podidentityassociation/platform/" + id; !associationIDPattern.MatchString(id) || arn != want {
		t.Errorf("status.associationId is %q, status.associationArn %q", id, arn)
	}
}

// TestAccessDeniedReachesTheXR sets the error provider-aws reports when its
// credentials may not create the role, and checks that the XR shows it.
func TestAccessDeniedReachesTheXR(t *testing.T) {
	ctx := context.Background()
	const name = "pod-identity-minimal"
	roles := observe(ctx, t, name).ofKind("Role")
	if len(roles) != 1 {
		t.Fatalf("%d roles composed, want 1", len(roles))
	}
	const denied = "create failed: operation error IAM: CreateRole, https response error StatusCode: 403, api error AccessDenied: User is not authorized to perform: iam:CreateRole"
	playManagedError(ctx, t, roles[0], "ReconcileError", denied)
	waitFor(t, "the AccessDenied on the XR", func() string {
		c := condition(getXR(ctx, t, name), "CredentialsReady")
		if msg, _ := c["message"].(string); !strings.Contains(msg, "AccessDenied") || c["status"] != "False" {
			return fmt.Sprintf("CredentialsReady is %v", c)
		}
		return ""
	})
}

// TestDeletion deletes the example XRs, a wave at a time, and checks that
// the garbage collector removes everything they composed, and that the
// managed resources kept in AWS (every one with deletionPolicy Orphan, and
// the agent add-on always) keep their management policies without Delete
// on their way out. The waves after the first are applied, and checked
// against crossplane render, once the wave before them is gone.
func TestDeletion(t *testing.T) {
	ctx := context.Background()
	for i, wave := range waves(examples(t)) {
		for _, ex := range wave {
			t.Run(ex.id, func(t *testing.T) {
				if i > 0 {
					if err := cp.apply(ctx, mustYAML(t, ex.xr)); err != nil {
						t.Fatal(err)
					}
					checkRendered(ctx, t, ex)
				}
				c := observe(ctx, t, ex.xr.GetName())
				if len(c.objects) == 0 {
					t.Fatal("nothing composed")
				}
				deleteXR(ctx, t, c, ex.orphan)
			})
		}
	}
}

// deleteXR deletes the XR and checks that the garbage collector removes
// everything it composed. Every managed resource kept in AWS is held on its
// way out, to check that it still does not let the provider delete the AWS
// resource.
func deleteXR(ctx context.Context, t *testing.T, c *composition, orphan bool) {
	t.Helper()
	var held []*unstructured.Unstructured
	for _, u := range c.objects {
		if strings.Contains(u.GetAPIVersion(), ".aws.") && (orphan || u.GetKind() == "Addon") && !strings.HasSuffix(u.GetKind(), "ProviderConfig") {
			setFinalizer(ctx, t, u, holdFinalizer, true)
			held = append(held, u)
		}
	}
	if err := cp.client.Resource(xrGVR).Delete(ctx, c.xr.GetName(), metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, u := range held {
		checkOrphanedOnItsWayOut(ctx, t, u, orphan)
	}
	gone(ctx, t, "garbage collection", c.objects...)
	waitFor(t, "the XR to be gone", func() string {
		if _, err := cp.client.Resource(xrGVR).Get(ctx, c.xr.GetName(), metav1.GetOptions{}); !kerrors.IsNotFound(err) {
			return fmt.Sprintf("the XR is still there (%v)", err)
		}
		return ""
	})
}

// checkOrphanedOnItsWayOut waits until a managed resource held with
// holdFinalizer is being deleted, checks that it still keeps its AWS
// resource, and releases it.
func checkOrphanedOnItsWayOut(ctx context.Context, t *testing.T, u *unstructured.Unstructured, orphan bool) {
	t.Helper()
	ri, err := cp.resource(u)
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, u.GetKind()+" "+u.GetName()+" being deleted", func() string {
		cur, err := ri.Get(ctx, u.GetName(), metav1.GetOptions{})
		if err != nil {
			return err.Error()
		}
		if cur.GetDeletionTimestamp() == nil {
			return "no deletion timestamp yet"
		}
		if msg := managementPoliciesOf(cur, orphan); msg != "" {
			t.Error(msg + " on its way out")
		}
		if p, _, _ := unstructured.NestedString(cur.Object, "spec", "deletionPolicy"); orphan && !strings.Contains(cur.GetAPIVersion(), ".m.") && p != "Orphan" {
			t.Errorf("%s %s: deletionPolicy %q on its way out, want Orphan", cur.GetKind(), cur.GetName(), p)
		}
		return ""
	})
	setFinalizer(ctx, t, u, holdFinalizer, false)
}

// gone waits until none of the objects exists any longer.
func gone(ctx context.Context, t *testing.T, what string, objs ...*unstructured.Unstructured) {
	t.Helper()
	waitFor(t, what, func() string {
		var left []string
		for _, u := range objs {
			ri, err := cp.resource(u)
			if err != nil {
				return err.Error()
			}
			cur, err := ri.Get(ctx, u.GetName(), metav1.GetOptions{})
			if err == nil && cur.GetUID() == u.GetUID() {
				left = append(left, u.GetKind()+" "+qualified(u.GetNamespace(), u.GetName()))
			}
		}
		if len(left) > 0 {
			slices.Sort(left)
			return "still there: " + strings.Join(left, ", ")
		}
		return ""
	})
}

func mustYAML(t *testing.T, u *unstructured.Unstructured) string {
	t.Helper()
	b, err := yaml.Marshal(u.Object)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

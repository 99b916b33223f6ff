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
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"sigs.k8s.io/yaml"
)

// The tests below share one control plane and run in order: the XRs
// TestCompose creates are played, checked and deleted by the tests after it.

var xrGVR = schema.GroupVersionResource{Group: "platform.example.org", Version: "v1alpha1", Resource: "xpodidentities"}

const (
	defaultComposition          = "xpodidentities.platform.example.org"
	annotationCompositionResKey = "crossplane.io/composition-resource-name"
	// The timeout of every wait for Crossplane to act; composed objects
	// appear within a few seconds.
	settle = 60 * time.Second
)

// An example XR and what the real Crossplane CLI rendered for it.
type example struct {
	id   string
	xr   *unstructured.Unstructured
	want []string // composition resource names of the first reconcile
}

func examples(t *testing.T) []example {
	t.Helper()
	files := []string{"xr.yaml", "xr-defaults.yaml", "xr-role-chain.yaml", "xr-cross-account.yaml", "xr-shared-providers.yaml", "xr-isolated-providers.yaml", "legacy/xr.yaml"}
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
		// Two Compositions serve XPodIdentity; an XR without a reference
		// would get either.
		if _, found, _ := unstructured.NestedString(xr.Object, "spec", "crossplane", "compositionRef", "name"); !found {
			if err := unstructured.SetNestedField(xr.Object, defaultComposition, "spec", "crossplane", "compositionRef", "name"); err != nil {
				t.Fatal(err)
			}
		}
		id := strings.TrimSuffix(strings.ReplaceAll(rel, "/", "-"), ".yaml")
		out = append(out, example{id: id, xr: xr, want: renderedNames(t, id)})
	}
	return out
}

// renderedNames are the composition resource names crossplane render gave
// for the example's first reconcile: the cluster must compose the same.
func renderedNames(t *testing.T, id string) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(cp.paths.repo, "test", "e2e", "testdata", id+".yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, doc := range documentSeparator.Split(string(b), -1) {
		var m struct {
			Metadata struct {
				Annotations map[string]string `json:"annotations"`
			} `json:"metadata"`
		}
		if err := yaml.Unmarshal([]byte(doc), &m); err != nil {
			t.Fatal(err)
		}
		if n := m.Metadata.Annotations[annotationCompositionResKey]; n != "" {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	return names
}

func getXR(ctx context.Context, t *testing.T, name string) *unstructured.Unstructured {
	t.Helper()
	xr, err := cp.client.Resource(xrGVR).Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		t.Fatalf("cannot get XR %s: %v", name, err)
	}
	return xr
}

// composedOf returns what the XR composed, by composition resource name, as
// its resourceRefs name it.
func composedOf(ctx context.Context, t *testing.T, xr *unstructured.Unstructured) map[string]*unstructured.Unstructured {
	t.Helper()
	refs, _, _ := unstructured.NestedSlice(xr.Object, "spec", "crossplane", "resourceRefs")
	out := map[string]*unstructured.Unstructured{}
	for _, r := range refs {
		ref, _ := r.(map[string]any)
		u := &unstructured.Unstructured{Object: map[string]any{"apiVersion": ref["apiVersion"], "kind": ref["kind"]}}
		name, _ := ref["name"].(string)
		ns, _ := ref["namespace"].(string)
		u.SetNamespace(ns)
		ri, err := cp.resource(u)
		if err != nil {
			t.Fatal(err)
		}
		got, err := ri.Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			continue // referenced but not created yet, or gone
		}
		out[got.GetAnnotations()[annotationCompositionResKey]] = got
	}
	return out
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

// TestCompose applies every example XR and checks that the cluster composes
// what crossplane render showed, that the API server accepted each object
// with its CRD, that each is controlled by its XR, and that nothing flaps
// once the XRs are steady.
func TestCompose(t *testing.T) {
	ctx := context.Background()
	exs := examples(t)
	for _, ex := range exs {
		if err := cp.apply(ctx, mustYAML(t, ex.xr)); err != nil {
			t.Fatal(err)
		}
	}
	before := map[string]map[string]string{}
	for _, ex := range exs {
		t.Run(ex.id, func(t *testing.T) {
			var composed map[string]*unstructured.Unstructured
			waitFor(t, "composed resources", func() string {
				xr := getXR(ctx, t, ex.xr.GetName())
				composed = composedOf(ctx, t, xr)
				if diff := cmp.Diff(ex.want, slices.Sorted(maps.Keys(composed))); diff != "" {
					return fmt.Sprintf("the cluster's composed resources differ from crossplane render's: -render, +cluster:\n%s\nXR status: %v", diff, xr.Object["status"])
				}
				return ""
			})
			xr := getXR(ctx, t, ex.xr.GetName())
			for name, u := range composed {
				owner := metav1.GetControllerOf(u)
				if owner == nil || owner.Kind != "XPodIdentity" || owner.Name != xr.GetName() || owner.UID != xr.GetUID() {
					t.Errorf("%s: controller reference %+v, want the XR %s (%s)", name, owner, xr.GetName(), xr.GetUID())
				}
			}
			before[ex.id] = resourceVersions(composed)
		})
	}

	// Crossplane reconciles every XR every 2s (--poll-interval) and on every
	// change of a composed resource: a function that flaps would change
	// them here.
	time.Sleep(7 * time.Second)
	for _, ex := range exs {
		after := resourceVersions(composedOf(ctx, t, getXR(ctx, t, ex.xr.GetName())))
		if diff := cmp.Diff(before[ex.id], after); diff != "" {
			t.Errorf("%s: composed resources changed while the XR was steady: -before, +after:\n%s", ex.id, diff)
		}
	}
}

func resourceVersions(composed map[string]*unstructured.Unstructured) map[string]string {
	out := make(map[string]string, len(composed))
	for name, u := range composed {
		out[name] = u.GetResourceVersion()
	}
	return out
}

// playProvider sets a managed resource's status the way provider-aws would:
// Ready and Synced (or the given Synced condition), and atProvider.
func playProvider(ctx context.Context, t *testing.T, u *unstructured.Unstructured, synced map[string]any, atProvider map[string]any) {
	t.Helper()
	now := time.Now().UTC().Format(time.RFC3339)
	ready := map[string]any{"type": "Ready", "status": "True", "reason": "Available", "lastTransitionTime": now}
	if synced == nil {
		synced = map[string]any{"type": "Synced", "status": "True", "reason": "ReconcileSuccess", "lastTransitionTime": now}
	} else {
		ready = map[string]any{"type": "Ready", "status": "False", "reason": "Creating", "lastTransitionTime": now}
	}
	status := map[string]any{"conditions": []any{ready, synced}}
	if atProvider != nil {
		status["atProvider"] = atProvider
	}
	patch := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": u.GetAPIVersion(), "kind": u.GetKind(),
		"metadata": map[string]any{"name": u.GetName(), "namespace": u.GetNamespace()},
		"status":   status,
	}}
	ri, err := cp.resource(u)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ri.ApplyStatus(ctx, u.GetName(), patch, metav1.ApplyOptions{FieldManager: "provider-aws", Force: true}); err != nil {
		t.Fatalf("cannot set the status of %s %s: %v", u.GetKind(), u.GetName(), err)
	}
}

// playAll makes every managed resource of the XR Ready, with the ARNs and
// ids AWS would report.
func playAll(ctx context.Context, t *testing.T, xrName string) {
	t.Helper()
	for _, u := range composedOf(ctx, t, getXR(ctx, t, xrName)) {
		if !strings.Contains(u.GetAPIVersion(), ".aws.") || strings.HasSuffix(u.GetKind(), "ProviderConfig") {
			continue
		}
		var ap map[string]any
		switch u.GetKind() {
		case "Role":
			ap = map[string]any{"arn": "arn:aws:iam::123456789012:role/" + u.GetAnnotations()["crossplane.io/external-name"]}
		case "PodIdentityAssociation":
			ap = map[string]any{"associationId": "a-" + u.GetName()[:8], "associationArn": "arn:aws:eks:us-east-2:123456789012:podidentityassociation/c/a-" + u.GetName()[:8]}
		}
		playProvider(ctx, t, u, nil, ap)
	}
}

// TestProvidersAfterTheAssociation plays provider-aws for the guide's
// scenario and checks that its Provider package appears only once the
// association is Ready, with the association's id on the provider pods.
func TestProvidersAfterTheAssociation(t *testing.T) {
	ctx := context.Background()
	const name = "crossplane-provider-aws"
	if _, ok := composedOf(ctx, t, getXR(ctx, t, name))["package-provider-aws-s3"]; ok {
		t.Fatal("the Provider was composed before its association was Ready")
	}
	playAll(ctx, t, name)
	waitFor(t, "the Provider after the association is Ready", func() string {
		xr := getXR(ctx, t, name)
		composed := composedOf(ctx, t, xr)
		if _, ok := composed["package-provider-aws-s3"]; !ok {
			return "no Provider composed; XR status: " + fmt.Sprint(xr.Object["status"])
		}
		id, _, _ := unstructured.NestedString(xr.Object, "status", "associationId")
		drc := composed["deployment-runtime-config"]
		got, _, _ := unstructured.NestedString(drc.Object, "spec", "deploymentTemplate", "spec", "template", "metadata", "annotations", "podidentity.fn.crossplane.io/association-id")
		if id == "" || got != id {
			return fmt.Sprintf("the DeploymentRuntimeConfig's association-id annotation is %q, the association's id %q", got, id)
		}
		return ""
	})
}

// TestStatusConverges plays provider-aws for an XR without Provider packages
// and checks that the XR becomes Ready with the observed ARNs in its status.
func TestStatusConverges(t *testing.T) {
	ctx := context.Background()
	const name = "platform-aws"
	playAll(ctx, t, name)
	waitFor(t, "the XR's status", func() string {
		xr := getXR(ctx, t, name)
		roleArn, _, _ := unstructured.NestedString(xr.Object, "status", "roleArn")
		id, _, _ := unstructured.NestedString(xr.Object, "status", "associationId")
		switch {
		case roleArn != "arn:aws:iam::123456789012:role/platform-platform-aws":
			return "status.roleArn is " + roleArn
		case id == "":
			return "no status.associationId"
		case conditionStatus(xr, "CredentialsReady") != "True" || conditionStatus(xr, "Ready") != "True":
			return fmt.Sprintf("conditions %v", xr.Object["status"].(map[string]any)["conditions"])
		}
		return ""
	})
}

// TestAccessDeniedReachesTheXR sets the error provider-aws reports when its
// credentials may not create the role, and checks that the XR shows it.
func TestAccessDeniedReachesTheXR(t *testing.T) {
	ctx := context.Background()
	const name = "pod-identity-minimal"
	role := composedOf(ctx, t, getXR(ctx, t, name))["iam-role"]
	if role == nil {
		t.Fatal("no role composed")
	}
	const denied = "create failed: operation error IAM: CreateRole, https response error StatusCode: 403, api error AccessDenied: User is not authorized to perform: iam:CreateRole"
	playProvider(ctx, t, role, map[string]any{"type": "Synced", "status": "False", "reason": "ReconcileError", "message": denied,
		"lastTransitionTime": time.Now().UTC().Format(time.RFC3339)}, nil)
	waitFor(t, "the AccessDenied on the XR", func() string {
		c := condition(getXR(ctx, t, name), "CredentialsReady")
		if msg, _ := c["message"].(string); !strings.Contains(msg, "AccessDenied") || c["status"] != "False" {
			return fmt.Sprintf("CredentialsReady is %v", c)
		}
		return ""
	})
}

// TestDeletion deletes every example XR and checks that the garbage
// collector removes everything it composed, and that with deletionPolicy
// Orphan the managed resources keep it on their way out.
func TestDeletion(t *testing.T) {
	ctx := context.Background()
	const finalizer = "integration-test/hold"
	for _, ex := range examples(t) {
		t.Run(ex.id, func(t *testing.T) {
			composed := composedOf(ctx, t, getXR(ctx, t, ex.xr.GetName()))
			if len(composed) == 0 {
				t.Fatal("nothing composed")
			}
			role := composed["iam-role"]
			orphan := ex.id == "legacy-xr"
			if orphan {
				// Hold the role on its way out, to see what it carries.
				role.SetFinalizers(append(role.GetFinalizers(), finalizer))
				ri, _ := cp.resource(role)
				var err error
				if role, err = ri.Update(ctx, role, metav1.UpdateOptions{}); err != nil {
					t.Fatal(err)
				}
			}
			if err := cp.client.Resource(xrGVR).Delete(ctx, ex.xr.GetName(), metav1.DeleteOptions{}); err != nil {
				t.Fatal(err)
			}
			if orphan {
				ri, _ := cp.resource(role)
				waitFor(t, "the role being deleted", func() string {
					u, err := ri.Get(ctx, role.GetName(), metav1.GetOptions{})
					if err != nil {
						return err.Error()
					}
					if u.GetDeletionTimestamp() == nil {
						return "no deletion timestamp yet"
					}
					if p, _, _ := unstructured.NestedString(u.Object, "spec", "deletionPolicy"); p != "Orphan" {
						return "deletionPolicy is " + p
					}
					u.SetFinalizers(slices.DeleteFunc(u.GetFinalizers(), func(f string) bool { return f == finalizer }))
					if _, err := ri.Update(ctx, u, metav1.UpdateOptions{}); err != nil {
						return err.Error()
					}
					return ""
				})
			}
			waitFor(t, "garbage collection", func() string {
				var left []string
				for name, u := range composed {
					ri, err := cp.resource(u)
					if err != nil {
						return err.Error()
					}
					if _, err := ri.Get(ctx, u.GetName(), metav1.GetOptions{}); err == nil {
						left = append(left, name)
					}
				}
				if len(left) > 0 {
					slices.Sort(left)
					return "still there: " + strings.Join(left, ", ")
				}
				return ""
			})
		})
	}
}

func mustYAML(t *testing.T, u *unstructured.Unstructured) string {
	t.Helper()
	b, err := yaml.Marshal(u.Object)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

package integration

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/crossplane-contrib/function-pod-identity/internal/simprovider"
)

// provider-aws and Crossplane's package manager cannot run here: one needs
// AWS, the other a registry to pull provider images from. The test plays
// both, writing what they would write, and nothing else:
//
//   - provider-aws: the Ready and Synced conditions and status.atProvider of
//     every managed resource, as AWS would report them (playManaged), and
//     ProviderConfigUsages of the managed resources a provider reconciles
//     (newUsage);
//   - the package manager: the Installed and Healthy conditions of every
//     Provider, which it first pauses so that the real package manager stops
//     trying to pull its image (playProvider); the CRDs a Provider installs
//     (installProviderCRD); the ProviderRevision that owns a ServiceAccount
//     made from a serviceAccountTemplate (newPackageManagerServiceAccount).

const (
	// providerFieldManager writes what provider-aws would write.
	providerFieldManager = "provider-aws"
	// packageManagerFieldManager writes what the package manager would write.
	packageManagerFieldManager = "package-manager"
	// annotationPaused stops Crossplane's package manager from reconciling a
	// package.
	annotationPaused = "crossplane.io/paused"
	// managedFinalizer is the finalizer provider-aws puts on every managed
	// resource it reconciles, and removes once the AWS resource is gone.
	managedFinalizer = "finalizer.managedresource.crossplane.io"
	// defaultAddonVersion is the version EKS installs when none is asked for.
	defaultAddonVersion = "v1.3.8-eksbuild.2"
)

// play makes every object the XR composed look as provider-aws and the package
// manager would once they have acted on it. It writes only what differs from
// what is there, so that a steady XR stays steady.
func play(ctx context.Context, t *testing.T, c *composition) {
	t.Helper()
	region, _, _ := unstructured.NestedString(c.xr.Object, "spec", "region")
	// Roles first: an association resolves its role's ARN from them.
	for _, u := range c.ofKind("Role") {
		playManaged(ctx, t, u, roleAtProvider(u, region))
	}
	for _, u := range c.objects {
		switch u.GetKind() {
		case "Role":
		case "PodIdentityAssociation":
			ap, unresolved := associationAtProvider(c, u)
			if unresolved != "" {
				playManagedError(ctx, t, u, "ReconcileError", unresolved)
				continue
			}
			playManaged(ctx, t, u, ap)
		case "RolePolicyAttachment", "RolePolicy":
			playManaged(ctx, t, u, nil)
		case "Policy":
			playManaged(ctx, t, u, policyAtProvider(u, region))
		case "Addon":
			version, _, _ := unstructured.NestedString(u.Object, "spec", "forProvider", "addonVersion")
			if version == "" {
				version = defaultAddonVersion
			}
			playManaged(ctx, t, u, map[string]any{"addonVersion": version})
		case "Provider":
			playProvider(ctx, t, u)
		}
	}
}

// roleAtProvider is what AWS reports of a Role: its ARN, in the account the
// simulated provider works in, and the role's settings as applied.
func roleAtProvider(u *unstructured.Unstructured, region string) map[string]any {
	fp, _, _ := unstructured.NestedMap(u.Object, "spec", "forProvider")
	path, _ := fp["path"].(string)
	if path == "" {
		path = "/"
	}
	name := u.GetAnnotations()[annotationExternalName]
	ap := map[string]any{"arn": "arn:" + partition(region) + ":iam::" + simprovider.Account + ":role" + path + name, "id": name, "path": path}
	for _, f := range []string{"permissionsBoundary", "tags", "description", "maxSessionDuration"} {
		if v, ok := fp[f]; ok {
			ap[f] = v
		}
	}
	return ap
}

// policyAtProvider is what IAM reports of a managed policy: its ARN, which
// an attachment's policyArnRef resolves to.
func policyAtProvider(u *unstructured.Unstructured, region string) map[string]any {
	path, _, _ := unstructured.NestedString(u.Object, "spec", "forProvider", "path")
	if path == "" {
		path = "/"
	}
	name := u.GetAnnotations()[annotationExternalName]
	return map[string]any{"arn": "arn:" + partition(region) + ":iam::" + simprovider.Account + ":policy" + path + name, "id": name}
}

// associationAtProvider is what EKS reports of an association: an id that
// stays the object's for its lifetime, its ARN, and the role, target role and
// session tags it was last given. The role ARN is the one in the spec, or
// else the one provider-aws resolves from roleArnRef; when that role has no
// ARN yet the association cannot be reconciled, and unresolved says why.
func associationAtProvider(c *composition, u *unstructured.Unstructured) (ap map[string]any, unresolved string) {
	fp, _, _ := unstructured.NestedMap(u.Object, "spec", "forProvider")
	str := func(f string) string { s, _ := fp[f].(string); return s }
	roleArn := str("roleArn")
	if roleArn == "" {
		ref, _, _ := unstructured.NestedString(u.Object, "spec", "forProvider", "roleArnRef", "name")
		for _, r := range c.ofKind("Role") {
			if r.GetName() == ref {
				roleArn, _, _ = unstructured.NestedString(r.Object, "status", "atProvider", "arn")
			}
		}
		if roleArn == "" {
			return nil, "cannot resolve references: mg.Spec.ForProvider.RoleArn: referenced field was empty (referenced resource may not yet be ready)"
		}
	}
	sum := sha256.Sum256([]byte(u.GetUID()))
	id := "a-" + hex.EncodeToString(sum[:])[:17]
	region, cluster := str("region"), str("clusterName")
	ap = map[string]any{
		"associationId":      id,
		"associationArn":     "arn:" + partition(region) + ":eks:" + region + ":" + simprovider.Account + ":podidentityassociation/" + cluster + "/" + id,
		"roleArn":            roleArn,
		"clusterName":        cluster,
		"namespace":          str("namespace"),
		"serviceAccount":     str("serviceAccount"),
		"disableSessionTags": fp["disableSessionTags"] == true,
	}
	if target := str("targetRoleArn"); target != "" {
		ap["targetRoleArn"] = target
		// EKS passes this to the target role's trust policy.
		ap["externalId"] = region + "/" + simprovider.Account + "/" + cluster + "/" + str("namespace") + "/" + str("serviceAccount")
	}
	if tags, ok := fp["tags"]; ok {
		ap["tags"] = tags
	}
	return ap, ""
}

// partition is the AWS partition of a region.
func partition(region string) string {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	}
	return "aws"
}

// lateInitialized are the spec.forProvider fields provider-aws fills from
// what it observes, by kind, when the management policies allow it.
var lateInitialized = map[string][]string{
	"Role":                   {"permissionsBoundary", "tags", "description", "maxSessionDuration"},
	"PodIdentityAssociation": {"targetRoleArn", "disableSessionTags", "tags"},
}

// playManaged sets a managed resource's status as provider-aws would once it
// has applied the spec to AWS: Ready and Synced, with atProvider. Before
// that, as crossplane-runtime's managed reconciler does when the management
// policies include LateInitialize (or *), it copies into spec.forProvider
// what AWS still has and the spec lacks: a field the function stops sending
// then stays in AWS.
func playManaged(ctx context.Context, t *testing.T, u *unstructured.Unstructured, atProvider map[string]any) {
	t.Helper()
	if lateInitialize(ctx, t, u) {
		return // the next round reports the spec as it now is
	}
	now := time.Now().UTC().Format(time.RFC3339)
	writeStatus(ctx, t, u, providerFieldManager, []any{
		map[string]any{"type": "Ready", "status": "True", "reason": "Available", "lastTransitionTime": now},
		map[string]any{"type": "Synced", "status": "True", "reason": "ReconcileSuccess", "lastTransitionTime": now},
	}, atProvider)
}

// playManagedError sets the status provider-aws reports when it cannot
// reconcile a managed resource.
func playManagedError(ctx context.Context, t *testing.T, u *unstructured.Unstructured, reason, message string) {
	t.Helper()
	now := time.Now().UTC().Format(time.RFC3339)
	ap, _, _ := unstructured.NestedMap(u.Object, "status", "atProvider")
	writeStatus(ctx, t, u, providerFieldManager, []any{
		map[string]any{"type": "Ready", "status": "False", "reason": "Creating", "lastTransitionTime": now},
		map[string]any{"type": "Synced", "status": "False", "reason": reason, "message": message, "lastTransitionTime": now},
	}, ap)
}

// lateInitialize copies observed values into spec.forProvider where the spec
// has none, if the resource's management policies let the provider do so;
// it tells whether it changed the spec.
func lateInitialize(ctx context.Context, t *testing.T, u *unstructured.Unstructured) bool {
	t.Helper()
	policies, _, _ := unstructured.NestedStringSlice(u.Object, "spec", "managementPolicies")
	if len(policies) > 0 && !slices.Contains(policies, "LateInitialize") && !slices.Contains(policies, "*") {
		return false
	}
	observed, _, _ := unstructured.NestedMap(u.Object, "status", "atProvider")
	changed := false
	for _, f := range lateInitialized[u.GetKind()] {
		if _, set, _ := unstructured.NestedFieldNoCopy(u.Object, "spec", "forProvider", f); set {
			continue
		}
		if v, ok := observed[f]; ok && v != false {
			if err := unstructured.SetNestedField(u.Object, v, "spec", "forProvider", f); err != nil {
				t.Fatal(err)
			}
			changed = true
		}
	}
	if !changed {
		return false
	}
	ri, err := cp.resource(u)
	if err != nil {
		t.Fatal(err)
	}
	// The managed reconciler updates the whole object; a conflict is retried
	// on the next round.
	if _, err := ri.Update(ctx, u, metav1.UpdateOptions{FieldManager: providerFieldManager}); err != nil && !isConflictOrGone(err) {
		t.Fatalf("cannot late-initialise %s %s: %v", u.GetKind(), u.GetName(), err)
	}
	return true
}

// playProvider plays the package manager for a Provider: it pauses the real
// one, which cannot pull the image, and reports the package installed and
// healthy.
func playProvider(ctx context.Context, t *testing.T, u *unstructured.Unstructured) {
	t.Helper()
	if u.GetAnnotations()[annotationPaused] != "true" {
		patch := &unstructured.Unstructured{Object: map[string]any{
			"apiVersion": u.GetAPIVersion(), "kind": u.GetKind(),
			"metadata": map[string]any{"name": u.GetName(), "annotations": map[string]any{annotationPaused: "true"}},
		}}
		ri, err := cp.resource(u)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ri.Apply(ctx, u.GetName(), patch, metav1.ApplyOptions{FieldManager: packageManagerFieldManager, Force: true}); err != nil && !isConflictOrGone(err) {
			t.Fatalf("cannot pause Provider %s: %v", u.GetName(), err)
		}
		return
	}
	now := time.Now().UTC().Format(time.RFC3339)
	writeStatus(ctx, t, u, packageManagerFieldManager, []any{
		map[string]any{"type": "Installed", "status": "True", "reason": "ActivePackageRevision", "lastTransitionTime": now},
		map[string]any{"type": "Healthy", "status": "True", "reason": "HealthyPackageRevision", "lastTransitionTime": now},
	}, nil)
}

// writeStatus applies conditions and atProvider to u's status, unless u
// already has them: conditions are compared by type, status, reason and
// message.
func writeStatus(ctx context.Context, t *testing.T, u *unstructured.Unstructured, manager string, conditions []any, atProvider map[string]any) {
	t.Helper()
	if hasStatus(u, conditions, atProvider) {
		return
	}
	status := map[string]any{"conditions": conditions}
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
	if _, err := ri.ApplyStatus(ctx, u.GetName(), patch, metav1.ApplyOptions{FieldManager: manager, Force: true}); err != nil && !isConflictOrGone(err) {
		t.Fatalf("cannot set the status of %s %s: %v", u.GetKind(), u.GetName(), err)
	}
}

func hasStatus(u *unstructured.Unstructured, conditions []any, atProvider map[string]any) bool {
	for _, c := range conditions {
		want, _ := c.(map[string]any)
		got := condition(u, want["type"].(string))
		for _, f := range []string{"status", "reason", "message"} {
			if fmt.Sprint(got[f]) != fmt.Sprint(want[f]) {
				return false
			}
		}
	}
	if atProvider == nil {
		return true
	}
	got, _, _ := unstructured.NestedMap(u.Object, "status", "atProvider")
	// Through JSON, so that numbers compare as the API server returns them.
	return reflect.DeepEqual(roundTrip(got), roundTrip(atProvider))
}

// setFinalizer adds or removes a finalizer, as a controller that holds an
// object on its way out would.
func setFinalizer(ctx context.Context, t *testing.T, u *unstructured.Unstructured, finalizer string, present bool) {
	t.Helper()
	ri, err := cp.resource(u)
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, "updating the finalizers of "+u.GetKind()+" "+u.GetName(), func() string {
		cur, err := ri.Get(ctx, u.GetName(), metav1.GetOptions{})
		if err != nil {
			return err.Error()
		}
		fs := slices.DeleteFunc(cur.GetFinalizers(), func(f string) bool { return f == finalizer })
		if present {
			fs = append(fs, finalizer)
		}
		cur.SetFinalizers(fs)
		if _, err := ri.Update(ctx, cur, metav1.UpdateOptions{}); err != nil {
			return err.Error() // a conflict: read again
		}
		return ""
	})
}

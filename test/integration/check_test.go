package integration

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	kerrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/crossplane-contrib/function-pod-identity/compose"
)

const (
	annotationExternalName = "crossplane.io/external-name"
	// labelComposite names the XR that composed an object; Crossplane
	// removes it from an object it garbage-collects.
	labelComposite = "crossplane.io/composite"
)

// associationIDPattern is the form of EKS association ids.
var associationIDPattern = regexp.MustCompile(`^a-[0-9a-z]{17}$`)

// composedKinds are every kind the function composes, in both managed
// resource APIs.
var composedKinds = []schema.GroupVersionKind{
	{Group: "iam.aws.m.upbound.io", Version: "v1beta1", Kind: "Role"},
	{Group: "iam.aws.m.upbound.io", Version: "v1beta1", Kind: "RolePolicyAttachment"},
	{Group: "iam.aws.m.upbound.io", Version: "v1beta1", Kind: "RolePolicy"},
	{Group: "eks.aws.m.upbound.io", Version: "v1beta1", Kind: "PodIdentityAssociation"},
	{Group: "eks.aws.m.upbound.io", Version: "v1beta1", Kind: "Addon"},
	{Group: "aws.m.upbound.io", Version: "v1beta1", Kind: "ProviderConfig"},
	{Group: "aws.m.upbound.io", Version: "v1beta1", Kind: "ClusterProviderConfig"},
	{Group: "iam.aws.upbound.io", Version: "v1beta1", Kind: "Role"},
	{Group: "iam.aws.upbound.io", Version: "v1beta1", Kind: "RolePolicyAttachment"},
	{Group: "iam.aws.upbound.io", Version: "v1beta1", Kind: "RolePolicy"},
	{Group: "eks.aws.upbound.io", Version: "v1beta1", Kind: "PodIdentityAssociation"},
	{Group: "eks.aws.upbound.io", Version: "v1beta1", Kind: "Addon"},
	{Group: "aws.upbound.io", Version: "v1beta1", Kind: "ProviderConfig"},
	{Group: "", Version: "v1", Kind: "ServiceAccount"},
	{Group: "pkg.crossplane.io", Version: "v1beta1", Kind: "DeploymentRuntimeConfig"},
	{Group: "pkg.crossplane.io", Version: "v1", Kind: "Provider"},
}

// A composition is an XR and the objects its resourceRefs name, as they are
// in the cluster.
type composition struct {
	xr      *unstructured.Unstructured
	objects []*unstructured.Unstructured
	// missing are the resourceRefs that name no object.
	missing []string
}

// observe reads the XR and what it composed.
func observe(ctx context.Context, t *testing.T, name string) *composition {
	t.Helper()
	c := &composition{xr: getXR(ctx, t, name)}
	refs, _, _ := unstructured.NestedSlice(c.xr.Object, "spec", "crossplane", "resourceRefs")
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
			c.missing = append(c.missing, fmt.Sprintf("%s %s", ref["kind"], qualified(ns, name)))
			continue
		}
		c.objects = append(c.objects, got)
	}
	return c
}

// ofKind returns the composed objects of a kind.
func (c *composition) ofKind(kind string) []*unstructured.Unstructured {
	var out []*unstructured.Unstructured
	for _, u := range c.objects {
		if u.GetKind() == kind {
			out = append(out, u)
		}
	}
	return out
}

// byKey returns what the XR composed, by composition resource name.
func (c *composition) byKey() map[string]*unstructured.Unstructured {
	out := make(map[string]*unstructured.Unstructured, len(c.objects))
	for _, u := range c.objects {
		out[u.GetAnnotations()[annotationCompositionResKey]] = u
	}
	return out
}

// one returns the only composed object of a kind that match says is the
// one, or nil and why not.
func (c *composition) one(kind, what string, match func(u *unstructured.Unstructured) bool) (*unstructured.Unstructured, string) {
	var found []*unstructured.Unstructured
	for _, u := range c.ofKind(kind) {
		if match(u) {
			found = append(found, u)
		}
	}
	switch len(found) {
	case 1:
		return found[0], ""
	case 0:
		return nil, fmt.Sprintf("no %s %s composed", kind, what)
	}
	names := make([]string, 0, len(found))
	for _, u := range found {
		names = append(names, u.GetName())
	}
	return nil, fmt.Sprintf("%s %s composed %d times: %s", kind, what, len(found), strings.Join(names, ", "))
}

// An identityWant is what one identity of an XR must have composed once it
// has converged: the shared one, or an isolated provider's.
type identityWant struct {
	serviceAccount string
	// role is the AWS role's name: the Role's external name.
	role           string
	policyArns     []string
	inlinePolicies []string
	runtimeConfig  string
	providers      []string
}

// An xrWant is what a converged XR must have composed, and nothing else.
type xrWant struct {
	identities []identityWant
	// providerConfigs are "Kind namespace/name" or "Kind name".
	providerConfigs []string
	agent           bool
	// orphan: the Composition keeps the AWS resources of the managed
	// resources when they are deleted.
	orphan bool
}

// converged tells what keeps the XR from having converged to want, or ""
// once it has: Synced and Ready for its current spec with CredentialsReady
// True; exactly the objects want names composed, each once, controlled by
// the XR, and nothing else labelled as the XR's; every reference at the
// current role, ServiceAccount and DeploymentRuntimeConfig; no managed
// resource late-initialised, and only the orphaned ones without Delete.
func (c *composition) converged(ctx context.Context, t *testing.T, want xrWant) string {
	t.Helper()
	for _, typ := range []string{"Synced", "Ready", "CredentialsReady"} {
		if msg := conditionIsCurrent(c.xr, typ, "True"); msg != "" {
			if r := condition(c.xr, "Responsive"); r["status"] == "False" {
				msg += fmt.Sprintf("; Crossplane's watch circuit breaker is open: %v", r["message"])
			}
			return msg
		}
	}
	if len(c.missing) > 0 {
		return "resourceRefs name objects that do not exist: " + strings.Join(c.missing, ", ")
	}
	if msg := c.controlled(); msg != "" {
		return msg
	}
	counts := map[string]int{}
	for _, id := range want.identities {
		counts["Role"]++
		counts["PodIdentityAssociation"]++
		counts["ServiceAccount"]++
		counts["DeploymentRuntimeConfig"]++
		counts["RolePolicyAttachment"] += len(id.policyArns)
		counts["RolePolicy"] += len(id.inlinePolicies)
		counts["Provider"] += len(id.providers)
	}
	for _, pc := range want.providerConfigs {
		kind, _, _ := strings.Cut(pc, " ")
		counts[kind]++
	}
	if want.agent {
		counts["Addon"] = 1
	}
	maps.DeleteFunc(counts, func(_ string, n int) bool { return n == 0 })
	got := map[string]int{}
	for _, u := range c.objects {
		got[u.GetKind()]++
	}
	if diff := cmp.Diff(counts, got); diff != "" {
		return "composed objects by kind: -want, +got:\n" + diff
	}
	for _, id := range want.identities {
		if msg := c.identityConverged(id); msg != "" {
			return msg
		}
	}
	var pcs []string
	for _, u := range append(c.ofKind("ProviderConfig"), c.ofKind("ClusterProviderConfig")...) {
		pcs = append(pcs, u.GetKind()+" "+qualified(u.GetNamespace(), u.GetName()))
	}
	slices.Sort(pcs)
	if diff := cmp.Diff(sorted(want.providerConfigs), pcs); diff != "" {
		return "ProviderConfigs: -want, +got:\n" + diff
	}
	if msg := c.managementPolicies(want.orphan); msg != "" {
		return msg
	}
	if msg := c.statusProviders(want); msg != "" {
		return msg
	}
	return c.leaks(ctx, t)
}

// identityConverged checks one identity's objects and the references between
// them.
func (c *composition) identityConverged(id identityWant) string {
	role, msg := c.one("Role", "for AWS role "+id.role, func(u *unstructured.Unstructured) bool {
		return u.GetAnnotations()[annotationExternalName] == id.role
	})
	if role == nil {
		return msg
	}
	roleArn, _, _ := unstructured.NestedString(role.Object, "status", "atProvider", "arn")
	var policies, inline []string
	for _, u := range c.ofKind("RolePolicyAttachment") {
		if ref, _, _ := unstructured.NestedString(u.Object, "spec", "forProvider", "roleRef", "name"); ref == role.GetName() {
			arn, _, _ := unstructured.NestedString(u.Object, "spec", "forProvider", "policyArn")
			policies = append(policies, arn)
		}
	}
	for _, u := range c.ofKind("RolePolicy") {
		if ref, _, _ := unstructured.NestedString(u.Object, "spec", "forProvider", "roleRef", "name"); ref == role.GetName() {
			inline = append(inline, u.GetAnnotations()[annotationExternalName])
		}
	}
	slices.Sort(policies)
	slices.Sort(inline)
	if diff := cmp.Diff(sorted(id.policyArns), policies, cmpopts.EquateEmpty()); diff != "" {
		return fmt.Sprintf("policy attachments of Role %s (roleRef): -want, +got:\n%s", role.GetName(), diff)
	}
	if diff := cmp.Diff(sorted(id.inlinePolicies), inline, cmpopts.EquateEmpty()); diff != "" {
		return fmt.Sprintf("inline policies of Role %s (roleRef): -want, +got:\n%s", role.GetName(), diff)
	}

	association, msg := c.one("PodIdentityAssociation", "for ServiceAccount "+id.serviceAccount, func(u *unstructured.Unstructured) bool {
		sa, _, _ := unstructured.NestedString(u.Object, "spec", "forProvider", "serviceAccount")
		return sa == id.serviceAccount
	})
	if association == nil {
		return msg
	}
	ref, _, _ := unstructured.NestedString(association.Object, "spec", "forProvider", "roleArnRef", "name")
	arn, _, _ := unstructured.NestedString(association.Object, "spec", "forProvider", "roleArn")
	reported, _, _ := unstructured.NestedString(association.Object, "status", "atProvider", "roleArn")
	if ref != role.GetName() || roleArn == "" || arn != roleArn || reported != roleArn {
		return fmt.Sprintf("association %s: roleArnRef %q, roleArn %q, reported roleArn %q; want Role %s, %q", association.GetName(), ref, arn, reported, role.GetName(), roleArn)
	}

	if _, msg := c.one("ServiceAccount", id.serviceAccount, func(u *unstructured.Unstructured) bool {
		return u.GetName() == id.serviceAccount && u.GetNamespace() == crossplaneNS
	}); msg != "" {
		return msg
	}
	drc, msg := c.one("DeploymentRuntimeConfig", id.runtimeConfig, func(u *unstructured.Unstructured) bool { return u.GetName() == id.runtimeConfig })
	if drc == nil {
		return msg
	}
	if msg := runtimeConfigRunsAs(drc, id.serviceAccount); msg != "" {
		return msg
	}
	if associationDigest(drc) == "" {
		return fmt.Sprintf("DeploymentRuntimeConfig %s has no %s annotation although its association is Ready", drc.GetName(), compose.AnnotationAssociationDigest)
	}
	for _, name := range id.providers {
		p, msg := c.one("Provider", name, func(u *unstructured.Unstructured) bool { return u.GetName() == name })
		if p == nil {
			return msg
		}
		if ref, _, _ := unstructured.NestedString(p.Object, "spec", "runtimeConfigRef", "name"); ref != id.runtimeConfig {
			return fmt.Sprintf("Provider %s: runtimeConfigRef %q, want %q", name, ref, id.runtimeConfig)
		}
	}
	return ""
}

// runtimeConfigRunsAs checks that a DeploymentRuntimeConfig names the
// ServiceAccount in the Deployment template and leaves it to the XR: with a
// serviceAccountTemplate the package manager would make and own it.
func runtimeConfigRunsAs(drc *unstructured.Unstructured, sa string) string {
	if _, found, _ := unstructured.NestedFieldNoCopy(drc.Object, "spec", "serviceAccountTemplate"); found {
		return fmt.Sprintf("DeploymentRuntimeConfig %s has a serviceAccountTemplate", drc.GetName())
	}
	if got, _, _ := unstructured.NestedString(drc.Object, "spec", "deploymentTemplate", "spec", "template", "spec", "serviceAccountName"); got != sa {
		return fmt.Sprintf("DeploymentRuntimeConfig %s: serviceAccountName %q, want %q", drc.GetName(), got, sa)
	}
	return ""
}

// associationDigest is the association-digest annotation of a
// DeploymentRuntimeConfig's pod template.
func associationDigest(drc *unstructured.Unstructured) string {
	v, _, _ := unstructured.NestedString(drc.Object, "spec", "deploymentTemplate", "spec", "template", "metadata", "annotations", compose.AnnotationAssociationDigest)
	return v
}

// controlled checks that the XR controls every object it composed.
func (c *composition) controlled() string {
	for _, u := range c.objects {
		owner := metav1.GetControllerOf(u)
		if owner == nil || owner.Kind != c.xr.GetKind() || owner.Name != c.xr.GetName() || owner.UID != c.xr.GetUID() {
			return fmt.Sprintf("%s %s: controller %+v, want the XR %s (%s)", u.GetKind(), qualified(u.GetNamespace(), u.GetName()), owner, c.xr.GetName(), c.xr.GetUID())
		}
	}
	return ""
}

// managementPolicies checks that no managed resource lets the provider
// late-initialise it, and that only the agent add-on, and with orphan every
// managed resource, is kept in AWS when it is deleted.
func (c *composition) managementPolicies(orphan bool) string {
	for _, u := range c.objects {
		if msg := managementPoliciesOf(u, orphan); msg != "" {
			return msg
		}
	}
	return ""
}

func managementPoliciesOf(u *unstructured.Unstructured, orphan bool) string {
	if !strings.Contains(u.GetAPIVersion(), ".aws.") || strings.HasSuffix(u.GetKind(), "ProviderConfig") {
		return ""
	}
	want := []string{"Observe", "Create", "Update", "Delete"}
	if orphan || u.GetKind() == "Addon" {
		want = want[:3]
	}
	got, _, _ := unstructured.NestedStringSlice(u.Object, "spec", "managementPolicies")
	if !slices.Equal(got, want) {
		return fmt.Sprintf("%s %s: managementPolicies %v, want %v", u.GetKind(), qualified(u.GetNamespace(), u.GetName()), got, want)
	}
	return ""
}

// statusProviders checks the XR's status.providers: every provider, in
// order, with the ServiceAccount and role ARN it runs with, ready.
func (c *composition) statusProviders(want xrWant) string {
	roles := map[string]string{}
	for _, u := range c.ofKind("Role") {
		arn, _, _ := unstructured.NestedString(u.Object, "status", "atProvider", "arn")
		roles[u.GetAnnotations()[annotationExternalName]] = arn
	}
	wantByName := map[string]map[string]any{}
	for _, id := range want.identities {
		for _, p := range id.providers {
			wantByName[p] = map[string]any{"name": p, "serviceAccount": id.serviceAccount, "roleArn": roles[id.role], "ready": true}
		}
	}
	got, _, _ := unstructured.NestedSlice(c.xr.Object, "status", "providers")
	specProviders, _, _ := unstructured.NestedSlice(c.xr.Object, "spec", "providers")
	if len(got) != len(specProviders) || len(got) != len(wantByName) {
		return fmt.Sprintf("status.providers %v, want one for each of %v", got, wantByName)
	}
	for _, g := range got {
		m, _ := g.(map[string]any)
		name, _ := m["name"].(string)
		w := wantByName[name]
		if w == nil {
			return fmt.Sprintf("status.providers has %q, which is not a provider of the XR", name)
		}
		for k, v := range w {
			if m[k] != v {
				return fmt.Sprintf("status.providers[%s].%s is %v, want %v", name, k, m[k], v)
			}
		}
	}
	return ""
}

// leaks names objects of the composed kinds that are labelled as the XR's but
// that it no longer references: composed twice, or left behind. Crossplane
// removes the label from what it garbage-collects.
func (c *composition) leaks(ctx context.Context, t *testing.T) string {
	t.Helper()
	referenced := map[string]bool{}
	for _, u := range c.objects {
		referenced[string(u.GetUID())] = true
	}
	var left []string
	for _, u := range labelled(ctx, t, c.xr.GetName()) {
		if !referenced[string(u.GetUID())] && u.GetDeletionTimestamp() == nil {
			left = append(left, u.GetKind()+" "+qualified(u.GetNamespace(), u.GetName()))
		}
	}
	if len(left) > 0 {
		return "objects labelled as the XR's that it does not reference: " + strings.Join(left, ", ")
	}
	return ""
}

// labelled lists the objects of every composed kind labelled as the XR's.
func labelled(ctx context.Context, t *testing.T, xr string) []*unstructured.Unstructured {
	t.Helper()
	out := make([]*unstructured.Unstructured, 0, len(composedKinds))
	for _, gvk := range composedKinds {
		u := &unstructured.Unstructured{}
		u.SetGroupVersionKind(gvk)
		ri, err := cp.resource(u)
		if err != nil {
			t.Fatal(err)
		}
		l, err := ri.List(ctx, metav1.ListOptions{LabelSelector: labelComposite + "=" + xr})
		if err != nil {
			t.Fatal(err)
		}
		for i := range l.Items {
			out = append(out, &l.Items[i])
		}
	}
	return out
}

// conditionIsCurrent tells why the XR's condition typ is not status for its
// current spec, or "".
func conditionIsCurrent(xr *unstructured.Unstructured, typ, status string) string {
	c := condition(xr, typ)
	if c == nil {
		return fmt.Sprintf("the XR has no %s condition yet", typ)
	}
	if g, ok := c["observedGeneration"].(int64); ok && g != xr.GetGeneration() {
		return fmt.Sprintf("the XR's %s condition is of generation %d, the spec's %d", typ, g, xr.GetGeneration())
	}
	if c["status"] != status {
		return fmt.Sprintf("the XR's %s condition is %v: %v: %v", typ, c["status"], c["reason"], c["message"])
	}
	return ""
}

// qualified is namespace/name, or name for a cluster-scoped object.
func qualified(namespace, name string) string {
	if namespace == "" {
		return name
	}
	return namespace + "/" + name
}

func sorted(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return out
}

// roundTrip is v through JSON.
func roundTrip(v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		return err.Error()
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		return err.Error()
	}
	return out
}

// isConflictOrGone tells whether a write lost a race that the next round of
// a poll retries.
func isConflictOrGone(err error) bool {
	return kerrors.IsConflict(err) || kerrors.IsNotFound(err)
}

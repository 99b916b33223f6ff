package integration

import (
	"context"
	"fmt"
	"maps"
	"regexp"
	"strings"
	"testing"
	"time"

	kerrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"

	"github.com/crossplane-contrib/function-pod-identity/compose"
)

// The day-two tests change live XRs the way platform teams do over the
// years, and check after every change that the XR converges: Synced and
// Ready again with CredentialsReady True (xrWant, convergeTo), or a Fatal
// result on its Synced condition that changes nothing. Each test has XRs,
// ServiceAccounts, DeploymentRuntimeConfigs, ProviderConfigs and Providers of
// its own, so that they run in parallel.

const (
	testRegion = "us-west-2"
	// Policies the test XRs attach; only their ARNs matter here.
	sqsReadOnly  = "arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess"
	s3FullAccess = "arn:aws:iam::aws:policy/AmazonS3FullAccess"
	// The packages of the providers the test XRs install. No image is pulled:
	// the package manager is played.
	packageS3  = "xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0"
	packageEC2 = "xpkg.upbound.io/upbound/provider-aws-ec2:v2.3.0"
	packageSQS = "xpkg.upbound.io/upbound/provider-aws-sqs:v2.3.0"
	packageSNS = "xpkg.upbound.io/upbound/provider-aws-sns:v2.3.0"
	packageIAM = "xpkg.upbound.io/upbound/provider-aws-iam:v2.3.0"
	packageSFN = "xpkg.upbound.io/upbound/provider-aws-sfn:v2.3.0"
	packageKMS = "xpkg.upbound.io/upbound/provider-aws-kms:v2.3.0"
)

// applyXR server-side applies an XPodIdentity with the given spec. What the
// test applied before and leaves out now is removed, as kubectl apply
// --server-side would.
func applyXR(ctx context.Context, t *testing.T, name string, spec map[string]any) {
	t.Helper()
	xr := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "platform.example.org/v1alpha1", "kind": "XPodIdentity",
		"metadata": map[string]any{"name": name},
		"spec":     spec,
	}}
	if err := cp.apply(ctx, mustYAML(t, xr)); err != nil {
		t.Fatal(err)
	}
}

// provider is an entry of spec.providers.
func provider(name, pkg string) map[string]any {
	return map[string]any{"name": name, "package": pkg}
}

// waitFatal waits until the XR's Synced condition, for its current spec, is
// False with a message that has every part, and returns what it composed.
func waitFatal(ctx context.Context, t *testing.T, name string, parts ...string) *composition {
	t.Helper()
	var c *composition
	waitFor(t, "a Fatal result on XR "+name, func() string {
		c = observe(ctx, t, name)
		if msg := conditionIsCurrent(c.xr, "Synced", "False"); msg != "" {
			return msg
		}
		msg, _ := condition(c.xr, "Synced")["message"].(string)
		for _, p := range parts {
			if !strings.Contains(msg, p) {
				return fmt.Sprintf("the XR's Synced message %q does not say %q", msg, p)
			}
		}
		return ""
	})
	return c
}

// unchanged checks that a refused change left what the XR composed as it was
// before: the same objects, none with a new spec (generation) or, for
// objects without one, changed at all.
func unchanged(ctx context.Context, t *testing.T, before *composition) {
	t.Helper()
	after := observe(ctx, t, before.xr.GetName())
	if b, a := versions(before), versions(after); !maps.Equal(b, a) {
		t.Errorf("a refused change changed what the XR composed: before %v, after %v", b, a)
	}
}

// steady checks that nothing the XR composed changes for a while once it
// has converged: a function that flapped would change something on every
// reconcile, and every change of a composed object makes Crossplane
// reconcile again. Only time shows that nothing changes.
func steady(ctx context.Context, t *testing.T, c *composition) {
	t.Helper()
	time.Sleep(3 * time.Second)
	unchanged(ctx, t, c)
}

// versions are the generations of objects with a spec and the
// resourceVersions of the others, by kind and name.
func versions(c *composition) map[string]string {
	out := make(map[string]string, len(c.objects))
	for _, u := range c.objects {
		v := fmt.Sprint(u.GetGeneration())
		if u.GetGeneration() == 0 {
			v = u.GetResourceVersion()
		}
		if u.GetDeletionTimestamp() != nil {
			v += " (being deleted)"
		}
		out[u.GetKind()+" "+qualified(u.GetNamespace(), u.GetName())] = v
	}
	return out
}

// uids are the uids of objects, by kind and name, to tell an object changed
// in place from one deleted and made again.
func uids(c *composition, kinds ...string) map[string]types.UID {
	out := map[string]types.UID{}
	for _, k := range kinds {
		for _, u := range c.ofKind(k) {
			out[k+" "+qualified(u.GetNamespace(), u.GetName())] = u.GetUID()
		}
	}
	return out
}

// sameUIDs checks that the objects of before are still there, the same
// objects, in after.
func sameUIDs(t *testing.T, what string, before, after map[string]types.UID) {
	t.Helper()
	for k, uid := range before {
		if after[k] != uid {
			t.Errorf("%s: %s was deleted and made again, or went: uid %s, now %q", what, k, uid, after[k])
		}
	}
}

// TestDayTwoSharedProviders goes from none to one, two, one and no shared
// providers, starting from a ServiceAccount that Crossplane's package
// manager made, for provider day2-shared-s3, from the serviceAccountTemplate
// of an earlier version of this function. The XR refuses it while no
// provider of its own made it, reports how to hand it over once one did,
// takes it over once released, and keeps it, the same object, throughout.
func TestDayTwoSharedProviders(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	const (
		name = "day2-shared"
		s3   = "day2-shared-s3"
		ec2  = "day2-shared-ec2"
	)
	rev := newProviderRevision(ctx, t, s3, packageS3)
	sa := newPackageManagerServiceAccount(ctx, t, name, rev)
	spec := func(providers ...map[string]any) map[string]any {
		return map[string]any{
			"clusterName":     "day2",
			"region":          testRegion,
			"role":            map[string]any{"policyArns": []any{s3FullAccess}},
			"providerConfigs": []any{map[string]any{"kind": "ClusterProviderConfig", "name": name}},
			"providers":       toAny(providers),
		}
	}
	want := func(providers ...string) xrWant {
		return xrWant{
			identities: []identityWant{{
				serviceAccount: name, role: "day2-" + testRegion + "-" + name, policyArns: []string{s3FullAccess},
				runtimeConfig: name, providers: providers,
			}},
			providerConfigs: []string{"ClusterProviderConfig " + name},
		}
	}
	checkSA := func(controller string) {
		t.Helper()
		got, err := cp.client.Resource(serviceAccounts).Namespace(crossplaneNS).Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if got.GetUID() != sa.GetUID() {
			t.Fatalf("ServiceAccount %s was deleted and made again: uid %s, was %s", name, got.GetUID(), sa.GetUID())
		}
		if owner := metav1.GetControllerOf(got); owner == nil || owner.Kind+" "+owner.Name != controller {
			t.Fatalf("ServiceAccount %s is controlled by %+v, want %s", name, owner, controller)
		}
	}

	// No provider: the ServiceAccount belongs to a provider this XR does not
	// install, and is not taken over.
	applyXR(ctx, t, name, spec())
	c := waitFatal(ctx, t, name, "ServiceAccount crossplane-system/"+name+" already exists and is controlled by ProviderRevision "+rev.GetName())
	if len(c.objects) > 0 {
		t.Errorf("the refused XR composed %d objects", len(c.objects))
	}
	checkSA("ProviderRevision " + rev.GetName())

	// One provider, whose revision made the ServiceAccount: everything else
	// is composed, and the XR says how to hand the ServiceAccount over.
	applyXR(ctx, t, name, spec(provider(s3, packageS3)))
	var command string
	waitFor(t, "the HandingOver condition", func() string {
		c = observe(ctx, t, name)
		play(ctx, t, c)
		if msg := conditionIsCurrent(c.xr, "Synced", "True"); msg != "" {
			return msg
		}
		cond := condition(c.xr, "CredentialsReady")
		if cond["status"] != "False" || cond["reason"] != compose.ReasonHandingOver {
			return fmt.Sprintf("CredentialsReady is %v", cond)
		}
		command, _ = cond["message"].(string)
		for _, k := range []string{"Role", "PodIdentityAssociation", "DeploymentRuntimeConfig", "ClusterProviderConfig", "Provider"} {
			if len(c.ofKind(k)) != 1 {
				return fmt.Sprintf("%d %s composed while the ServiceAccount is handed over, want 1", len(c.ofKind(k)), k)
			}
		}
		return ""
	})
	if len(c.ofKind("ServiceAccount")) > 0 {
		t.Fatal("the XR composed the ServiceAccount that the package manager still owns")
	}
	checkSA("ProviderRevision " + rev.GetName())
	releaseAsDocumented(ctx, t, command, name)

	// The XR takes the released ServiceAccount over, and keeps it whatever
	// the number of providers.
	convergeTo(ctx, t, name, want(s3))
	checkSA("XPodIdentity " + name)
	applyXR(ctx, t, name, spec(provider(s3, packageS3), provider(ec2, packageEC2)))
	two := convergeTo(ctx, t, name, want(s3, ec2))
	checkSA("XPodIdentity " + name)
	applyXR(ctx, t, name, spec(provider(s3, packageS3)))
	one := convergeTo(ctx, t, name, want(s3))
	removed, _ := two.one("Provider", ec2, func(u *unstructured.Unstructured) bool { return u.GetName() == ec2 })
	gone(ctx, t, "the removed Provider", removed)
	sameUIDs(t, "the remaining Provider", map[string]types.UID{"Provider " + s3: uids(two, "Provider")["Provider "+s3]}, uids(one, "Provider"))
	applyXR(ctx, t, name, spec())
	none := convergeTo(ctx, t, name, want())
	checkSA("XPodIdentity " + name)
	sameUIDs(t, "the role, association and DeploymentRuntimeConfig", uids(two, "Role", "PodIdentityAssociation", "DeploymentRuntimeConfig"), uids(none, "Role", "PodIdentityAssociation", "DeploymentRuntimeConfig"))

	steady(ctx, t, none)
	deleteXR(ctx, t, none, false)
	if err := cp.client.Resource(providerRevisions).Delete(ctx, rev.GetName(), metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
}

var (
	serviceAccounts   = schema.GroupVersionResource{Version: "v1", Resource: "serviceaccounts"}
	providerRevisions = schema.GroupVersionResource{Group: "pkg.crossplane.io", Version: "v1", Resource: "providerrevisions"}
	crds              = schema.GroupVersionResource{Group: "apiextensions.k8s.io", Version: "v1", Resource: "customresourcedefinitions"}
)

// newProviderRevision plays the package manager: the revision of a provider
// it made from a package, named as Crossplane names revisions, after the
// provider and a hash. It is paused, so that the real package manager does
// not try to pull its image.
func newProviderRevision(ctx context.Context, t *testing.T, providerName, pkg string) *unstructured.Unstructured {
	t.Helper()
	rev := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "pkg.crossplane.io/v1", "kind": "ProviderRevision",
		"metadata": map[string]any{
			"name":        providerName + "-0123456789ab",
			"labels":      map[string]any{"pkg.crossplane.io/package": providerName},
			"annotations": map[string]any{annotationPaused: "true"},
		},
		"spec": map[string]any{"desiredState": "Active", "image": pkg, "revision": int64(1)},
	}}
	got, err := cp.client.Resource(providerRevisions).Create(ctx, rev, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// newPackageManagerServiceAccount plays the package manager of Crossplane
// v2.4 given a DeploymentRuntimeConfig with a serviceAccountTemplate: the
// ServiceAccount, controlled by the provider's revision.
func newPackageManagerServiceAccount(ctx context.Context, t *testing.T, name string, rev *unstructured.Unstructured) *unstructured.Unstructured {
	t.Helper()
	sa := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "v1", "kind": "ServiceAccount",
		"metadata": map[string]any{"name": name, "namespace": crossplaneNS},
	}}
	yes := true
	sa.SetOwnerReferences([]metav1.OwnerReference{{
		APIVersion: rev.GetAPIVersion(), Kind: rev.GetKind(), Name: rev.GetName(), UID: rev.GetUID(),
		Controller: &yes, BlockOwnerDeletion: &yes,
	}})
	got, err := cp.client.Resource(serviceAccounts).Namespace(crossplaneNS).Create(ctx, sa, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// handOverCommand is the command the XR's HandingOver condition documents.
var handOverCommand = regexp.MustCompile(`kubectl patch serviceaccount -n (\S+) (\S+) --type=merge -p '([^']+)'`)

// releaseAsDocumented does what the command in the HandingOver message does:
// a JSON merge patch of the ServiceAccount.
func releaseAsDocumented(ctx context.Context, t *testing.T, message, xr string) {
	t.Helper()
	m := handOverCommand.FindStringSubmatch(message)
	if m == nil {
		t.Fatalf("the HandingOver message has no kubectl patch command: %q", message)
	}
	got, err := cp.client.Resource(serviceAccounts).Namespace(m[1]).Patch(ctx, m[2], types.MergePatchType, []byte(m[3]), metav1.PatchOptions{})
	if err != nil {
		t.Fatalf("the documented command %q fails: %v", m[0], err)
	}
	if len(got.GetOwnerReferences()) > 0 || got.GetAnnotations()[compose.AnnotationAdopt] != xr {
		t.Fatalf("after the documented command, ServiceAccount %s has owners %v and annotations %v", got.GetName(), got.GetOwnerReferences(), got.GetAnnotations())
	}
}

// TestDayTwoIsolation moves a provider from the shared identity to one of its
// own and back: the Provider stays the same object and follows its
// DeploymentRuntimeConfig, and the isolated identity goes as a whole. A chain
// provider added on the way is refused without changing anything.
func TestDayTwoIsolation(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	const (
		name = "day2-isolation"
		s3   = "day2-iso-s3"
	)
	spec := func(isolated bool, more ...map[string]any) map[string]any {
		p := provider(s3, packageS3)
		if isolated {
			p["isolated"] = true
			p["policyArns"] = []any{s3FullAccess}
		}
		return map[string]any{
			"clusterName":     "day2",
			"region":          testRegion,
			"role":            map[string]any{"policyArns": []any{sqsReadOnly}},
			"providerConfigs": []any{},
			"providers":       toAny(append([]map[string]any{p}, more...)),
		}
	}
	shared := identityWant{serviceAccount: name, role: "day2-" + testRegion + "-" + name, policyArns: []string{sqsReadOnly}, runtimeConfig: name}
	sharedWithS3 := shared
	sharedWithS3.providers = []string{s3}
	isolated := identityWant{
		serviceAccount: name + "-" + s3, role: "day2-" + testRegion + "-" + name + "-" + s3, policyArns: []string{s3FullAccess},
		runtimeConfig: name + "-" + s3, providers: []string{s3},
	}

	applyXR(ctx, t, name, spec(false))
	before := convergeTo(ctx, t, name, xrWant{identities: []identityWant{sharedWithS3}})
	applyXR(ctx, t, name, spec(true))
	// Before the provider has made the isolated association, the Provider's
	// pods run where they did.
	waitFor(t, "the isolated identity", func() string {
		c := observe(ctx, t, name)
		if msg := conditionIsCurrent(c.xr, "Synced", "True"); msg != "" {
			return msg
		}
		var association *unstructured.Unstructured
		for _, a := range c.ofKind("PodIdentityAssociation") {
			if sa, _, _ := unstructured.NestedString(a.Object, "spec", "forProvider", "serviceAccount"); sa == isolated.serviceAccount {
				association = a
			}
		}
		if association == nil || len(c.ofKind("Provider")) != 1 {
			return "no isolated association yet"
		}
		ref, _, _ := unstructured.NestedString(c.ofKind("Provider")[0].Object, "spec", "runtimeConfigRef", "name")
		// Its pods keep running as the shared identity until the isolated
		// association is Ready, so that they never start without
		// credentials.
		if ready := condition(association, "Ready")["status"]; ready != "True" && ref != shared.runtimeConfig {
			t.Errorf("while the isolated association was not Ready (Ready: %v), Provider %s ran with DeploymentRuntimeConfig %s, not the shared %s", ready, s3, ref, shared.runtimeConfig)
		}
		return ""
	})
	apart := convergeTo(ctx, t, name, xrWant{identities: []identityWant{shared, isolated}})
	sameUIDs(t, "the Provider and the shared identity", uids(before, "Provider", "Role", "PodIdentityAssociation", "ServiceAccount", "DeploymentRuntimeConfig"),
		uids(apart, "Provider", "Role", "PodIdentityAssociation", "ServiceAccount", "DeploymentRuntimeConfig"))
	applyXR(ctx, t, name, spec(false))
	after := convergeTo(ctx, t, name, xrWant{identities: []identityWant{sharedWithS3}})
	sameUIDs(t, "the Provider and the shared identity", uids(before, "Provider", "Role", "PodIdentityAssociation", "ServiceAccount", "DeploymentRuntimeConfig"),
		uids(after, "Provider", "Role", "PodIdentityAssociation", "ServiceAccount", "DeploymentRuntimeConfig"))
	gone(ctx, t, "the isolated identity", isolatedObjects(apart, after)...)

	// provider-aws-iam manages this XR's own role: refused.
	applyXR(ctx, t, name, spec(false, provider("day2-iso-iam", packageIAM)))
	waitFatal(ctx, t, name, "spec.providers[1].package: Forbidden: provider-aws-iam cannot be installed by an XPodIdentity")
	unchanged(ctx, t, after)
	applyXR(ctx, t, name, spec(false))
	after = convergeTo(ctx, t, name, xrWant{identities: []identityWant{sharedWithS3}})
	steady(ctx, t, after)
	deleteXR(ctx, t, after, false)
}

// isolatedObjects are the objects of then that now no longer has.
func isolatedObjects(then, now *composition) []*unstructured.Unstructured {
	kept := map[types.UID]bool{}
	for _, u := range now.objects {
		kept[u.GetUID()] = true
	}
	var out []*unstructured.Unstructured
	for _, u := range then.objects {
		if !kept[u.GetUID()] {
			out = append(out, u)
		}
	}
	return out
}

// TestDayTwoRename changes the cluster, from which the role's name derives,
// then names the role: each time a new Role with new attachments and inline
// policies replaces the old ones, every reference follows, and the
// DeploymentRuntimeConfig's association digest changes once the provider
// reports the new association or role. A new cluster is a new association;
// a new role is the same association, updated in place.
func TestDayTwoRename(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	const (
		name = "day2-rename"
		sqs  = "day2-rename-sqs"
	)
	const document = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:ListQueues","Resource":"*"}]}`
	spec := func(cluster, role string) map[string]any {
		r := map[string]any{
			"policyArns":     []any{sqsReadOnly},
			"inlinePolicies": []any{map[string]any{"name": "list-queues", "document": document}},
		}
		if role != "" {
			r["name"] = role
		}
		return map[string]any{
			"clusterName":     cluster,
			"region":          testRegion,
			"role":            r,
			"providerConfigs": []any{map[string]any{"kind": "ClusterProviderConfig", "name": name}},
			"providers":       []any{provider(sqs, packageSQS)},
		}
	}
	want := func(role string) xrWant {
		return xrWant{
			identities: []identityWant{{
				serviceAccount: name, role: role, policyArns: []string{sqsReadOnly}, inlinePolicies: []string{"list-queues"},
				runtimeConfig: name, providers: []string{sqs},
			}},
			providerConfigs: []string{"ClusterProviderConfig " + name},
		}
	}
	roleChain := []string{"Role", "RolePolicyAttachment", "RolePolicy"}
	replaced := []string{"Role", "RolePolicyAttachment", "RolePolicy", "PodIdentityAssociation"}
	kept := []string{"ServiceAccount", "DeploymentRuntimeConfig", "Provider", "ClusterProviderConfig"}
	keptWithAssociation := []string{"ServiceAccount", "DeploymentRuntimeConfig", "Provider", "ClusterProviderConfig", "PodIdentityAssociation"}

	applyXR(ctx, t, name, spec("day2-blue", ""))
	blue := convergeTo(ctx, t, name, want("day2-blue-"+testRegion+"-"+name))

	// A new cluster: a new association, and a new role, since its name
	// derives from the cluster's.
	applyXR(ctx, t, name, spec("day2-green", ""))
	green := convergeTo(ctx, t, name, want("day2-green-"+testRegion+"-"+name))
	gone(ctx, t, "the old role, its policies and the old association", kindsOf(blue, replaced...)...)
	sameUIDs(t, "the ServiceAccount, DeploymentRuntimeConfig, Provider and ProviderConfig", uids(blue, kept...), uids(green, kept...))
	if cluster, _, _ := unstructured.NestedString(green.ofKind("PodIdentityAssociation")[0].Object, "spec", "forProvider", "clusterName"); cluster != "day2-green" {
		t.Errorf("the association is of cluster %q", cluster)
	}
	if associationDigest(green.ofKind("DeploymentRuntimeConfig")[0]) == associationDigest(blue.ofKind("DeploymentRuntimeConfig")[0]) {
		t.Error("the association digest did not change with the association")
	}

	// A new role name: a new role, the same association pointed at it.
	applyXR(ctx, t, name, spec("day2-green", "day2-renamed"))
	var renamed *composition
	waitFor(t, "the new role", func() string {
		renamed = observe(ctx, t, name)
		for _, r := range renamed.ofKind("Role") {
			if r.GetAnnotations()[annotationExternalName] == "day2-renamed" {
				return ""
			}
		}
		return "no Role day2-renamed yet"
	})
	// The provider has not reported the new role yet: the pods keep
	// credentials they can use, and are not rolled.
	association := renamed.ofKind("PodIdentityAssociation")
	if len(association) != 1 || association[0].GetUID() != green.ofKind("PodIdentityAssociation")[0].GetUID() {
		t.Fatalf("the role's rename replaced the association: %d associations", len(association))
	}
	if got, want := associationDigest(renamed.ofKind("DeploymentRuntimeConfig")[0]), associationDigest(green.ofKind("DeploymentRuntimeConfig")[0]); got != want {
		t.Errorf("the association digest changed to %q before the provider reported the new role", got)
	}
	t.Logf("when the new role appeared, before the provider reported it, the old Role (and its policies) was %s", presence(ctx, t, green.ofKind("Role")[0]))
	final := convergeTo(ctx, t, name, want("day2-renamed"))
	gone(ctx, t, "the old role and its policies", kindsOf(green, roleChain...)...)
	sameUIDs(t, "the association, ServiceAccount, DeploymentRuntimeConfig, Provider and ProviderConfig",
		uids(green, keptWithAssociation...), uids(final, keptWithAssociation...))
	if associationDigest(final.ofKind("DeploymentRuntimeConfig")[0]) == associationDigest(green.ofKind("DeploymentRuntimeConfig")[0]) {
		t.Error("the association digest did not change once the provider reported the new role")
	}
	steady(ctx, t, final)
	deleteXR(ctx, t, final, false)
}

// kindsOf are the objects of the given kinds.
func kindsOf(c *composition, kinds ...string) []*unstructured.Unstructured {
	out := make([]*unstructured.Unstructured, 0, len(c.objects))
	for _, k := range kinds {
		out = append(out, c.ofKind(k)...)
	}
	return out
}

// presence says whether an object is there, on its way out, or gone.
func presence(ctx context.Context, t *testing.T, u *unstructured.Unstructured) string {
	t.Helper()
	ri, err := cp.resource(u)
	if err != nil {
		t.Fatal(err)
	}
	cur, err := ri.Get(ctx, u.GetName(), metav1.GetOptions{})
	switch {
	case kerrors.IsNotFound(err):
		return "already deleted"
	case err != nil:
		return err.Error()
	case cur.GetDeletionTimestamp() != nil:
		return "being deleted"
	}
	return "still there"
}

// TestDayTwoOptionalFields removes, one at a time, every optional field of
// the role and the association: each leaves spec.forProvider, and so AWS,
// although the simulated provider late-initialises any field it may. The
// association digest changes with what the association gives pods.
func TestDayTwoOptionalFields(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	const (
		name     = "day2-optional"
		boundary = "arn:aws:iam::123456789012:policy/day2-boundary"
		target   = "arn:aws:iam::444455556666:role/day2-target"
	)
	role := map[string]any{"permissionsBoundaryArn": boundary, "tags": map[string]any{"team": "platform", "env": "test"}}
	association := map[string]any{"targetRoleArn": target, "disableSessionTags": true, "tags": map[string]any{"purpose": "day2", "owner": "platform"}}
	spec := func() map[string]any {
		return map[string]any{
			"clusterName": "day2", "region": testRegion, "providerConfigs": []any{},
			"role": runtime.DeepCopyJSON(role), "association": runtime.DeepCopyJSON(association),
		}
	}
	// While there is a target role, the role may assume it.
	withTarget := xrWant{identities: []identityWant{{serviceAccount: name, role: "day2-" + testRegion + "-" + name, runtimeConfig: name,
		inlinePolicies: []string{"crossplane-pod-identity-target-role"}}}}
	want := xrWant{identities: []identityWant{{serviceAccount: name, role: "day2-" + testRegion + "-" + name, runtimeConfig: name}}}

	applyXR(ctx, t, name, spec())
	c := convergeTo(ctx, t, name, withTarget)
	forProvider := func(c *composition, kind string) map[string]any {
		fp, _, _ := unstructured.NestedMap(c.ofKind(kind)[0].Object, "spec", "forProvider")
		return fp
	}
	if fp := forProvider(c, "Role"); fp["permissionsBoundary"] != boundary || len(fp["tags"].(map[string]any)) != 2 {
		t.Fatalf("the Role's forProvider is %v", fp)
	}
	if fp := forProvider(c, "PodIdentityAssociation"); fp["targetRoleArn"] != target || fp["disableSessionTags"] != true {
		t.Fatalf("the association's forProvider is %v", fp)
	}
	if id, _, _ := unstructured.NestedString(c.xr.Object, "status", "externalId"); id == "" {
		t.Error("no status.externalId with a target role")
	}
	uidsBefore := uids(c, "Role", "PodIdentityAssociation")

	steps := []struct {
		reason string
		remove func()
		// kind and field leave spec.forProvider and status.atProvider;
		// tags is what is left of the tags, if the step is about them.
		kind, field string
		tags        map[string]any
		// digest: the change changes what the association gives pods.
		digest bool
	}{
		{reason: "a target role removed stops EKS from assuming it", remove: func() { delete(association, "targetRoleArn") }, kind: "PodIdentityAssociation", field: "targetRoleArn", digest: true},
		{reason: "a permissions boundary removed no longer caps the role", remove: func() { delete(role, "permissionsBoundaryArn") }, kind: "Role", field: "permissionsBoundary"},
		{reason: "session tags enabled again", remove: func() { delete(association, "disableSessionTags") }, kind: "PodIdentityAssociation", field: "disableSessionTags", digest: true},
		{reason: "a role tag removed", remove: func() { delete(role["tags"].(map[string]any), "env") }, kind: "Role", tags: map[string]any{"team": "platform"}},
		{reason: "an association tag removed", remove: func() { delete(association["tags"].(map[string]any), "owner") }, kind: "PodIdentityAssociation", tags: map[string]any{"purpose": "day2"}},
	}
	for _, step := range steps {
		digest := associationDigest(c.ofKind("DeploymentRuntimeConfig")[0])
		step.remove()
		applyXR(ctx, t, name, spec())
		c = convergeTo(ctx, t, name, want)
		// The provider applies the new spec, late-initialising what it may,
		// and reports it.
		waitFor(t, step.reason, func() string {
			c = observe(ctx, t, name)
			play(ctx, t, c)
			u := c.ofKind(step.kind)[0]
			fp, _, _ := unstructured.NestedMap(u.Object, "spec", "forProvider")
			ap, _, _ := unstructured.NestedMap(u.Object, "status", "atProvider")
			// The provider reports a boolean that is not set as false.
			set := func(v any) bool { return v != nil && v != false }
			switch {
			case step.field != "" && (set(fp[step.field]) || set(ap[step.field])):
				return fmt.Sprintf("%s is still in forProvider (%v) or atProvider (%v)", step.field, fp[step.field], ap[step.field])
			case step.tags != nil && (fmt.Sprint(fp["tags"]) != fmt.Sprint(step.tags) || fmt.Sprint(ap["tags"]) != fmt.Sprint(step.tags)):
				return fmt.Sprintf("tags are %v in forProvider and %v in atProvider, want %v", fp["tags"], ap["tags"], step.tags)
			case step.digest == (associationDigest(c.ofKind("DeploymentRuntimeConfig")[0]) == digest):
				return fmt.Sprintf("the association digest changed: %v, want %v", !step.digest, step.digest)
			}
			return c.converged(ctx, t, want)
		})
	}
	sameUIDs(t, "the role and the association", uidsBefore, uids(c, "Role", "PodIdentityAssociation"))
	if id, _, _ := unstructured.NestedString(c.xr.Object, "status", "externalId"); id != "" {
		t.Errorf("status.externalId is %q without a target role", id)
	}
	steady(ctx, t, c)
	deleteXR(ctx, t, c, false)
}

// TestDayTwoAgent turns the agent add-on off, on again, and deletes the XR:
// each time Crossplane deletes the Addon managed resource, which still tells
// provider-aws to keep the add-on in AWS, since it serves every Pod Identity
// workload of the cluster.
func TestDayTwoAgent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	const name = "day2-agent"
	spec := func(install bool, version string) map[string]any {
		agent := map[string]any{"install": install}
		if version != "" {
			agent["version"] = version
		}
		return map[string]any{"clusterName": name, "region": testRegion, "providerConfigs": []any{}, "agent": agent}
	}
	identity := identityWant{serviceAccount: name, role: name + "-" + testRegion + "-" + name, runtimeConfig: name}
	checkAddon := func(c *composition, version string) *unstructured.Unstructured {
		t.Helper()
		addon := c.ofKind("Addon")[0]
		if got, want := addon.GetAnnotations()[annotationExternalName], name+":eks-pod-identity-agent"; got != want {
			t.Errorf("the Addon's external name is %q, want %q: provider-aws would not find an add-on installed before", got, want)
		}
		agent, _, _ := unstructured.NestedMap(c.xr.Object, "status", "agent")
		if agent["ready"] != true || agent["version"] != version {
			t.Errorf("status.agent is %v, want ready at %s", agent, version)
		}
		return addon
	}

	applyXR(ctx, t, name, spec(true, "v1.3.4-eksbuild.1"))
	c := convergeTo(ctx, t, name, xrWant{identities: []identityWant{identity}, agent: true})
	addon := checkAddon(c, "v1.3.4-eksbuild.1")
	setFinalizer(ctx, t, addon, holdFinalizer, true)
	applyXR(ctx, t, name, spec(false, ""))
	c = convergeTo(ctx, t, name, xrWant{identities: []identityWant{identity}})
	checkOrphanedOnItsWayOut(ctx, t, addon, false)
	gone(ctx, t, "the Addon", addon)
	if _, found, _ := unstructured.NestedFieldNoCopy(c.xr.Object, "status", "agent"); found {
		t.Error("status.agent without the agent")
	}

	applyXR(ctx, t, name, spec(true, ""))
	c = convergeTo(ctx, t, name, xrWant{identities: []identityWant{identity}, agent: true})
	checkAddon(c, defaultAddonVersion)
	steady(ctx, t, c)
	deleteXR(ctx, t, c, false)
}

// TestDayTwoProviderRemoval removes Provider entries and then deletes the XR
// with a Provider installed. provider-aws-sns has no managed resources and
// goes at once. provider-aws-sqs has a Queue that uses the XR's
// ProviderConfig: its removal is refused until the Queue is gone, and then
// the garbage collector deletes the Provider's CRD. Deleting the XR
// uninstalls the Provider that is left, whatever uses it: the garbage
// collector deletes its CRD, and a QueuePolicy still there is stranded:
// nothing removes provider-aws's finalizer, and the CRD stays, being
// deleted, until someone does.
func TestDayTwoProviderRemoval(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	const (
		name = "day2-removal"
		sns  = "day2-sns"
		sqs  = "day2-sqs"
	)
	xr := removalXR{name: name, providerConfigKind: "ClusterProviderConfig"}
	spec, want := xr.spec, xr.want
	named := func(c *composition, name string) *unstructured.Unstructured {
		t.Helper()
		p, msg := c.one("Provider", name, func(u *unstructured.Unstructured) bool { return u.GetName() == name })
		if p == nil {
			t.Fatal(msg)
		}
		return p
	}

	applyXR(ctx, t, name, spec(provider(sns, packageSNS), provider(sqs, packageSQS)))
	both := convergeTo(ctx, t, name, want(sns, sqs))
	sqsProvider, snsProvider := named(both, sqs), named(both, sns)
	queues := installedBy(ctx, t, "queues.sqs.aws.m.upbound.io", sqsProvider)
	orders := newManaged(ctx, t, queueGVR, "Queue", "day2-orders", map[string]any{"region": testRegion}, name)

	// No managed resource of sns: uninstalled.
	applyXR(ctx, t, name, spec(provider(sqs, packageSQS)))
	onlySQS := convergeTo(ctx, t, name, want(sqs))
	gone(ctx, t, "the sns Provider", snsProvider)

	// A Queue uses the XR's ProviderConfig: refused, nothing changes.
	applyXR(ctx, t, name, spec())
	refused := waitFatal(ctx, t, name, "spec.providers no longer lists Provider "+sqs, "Queue team-a/day2-orders")
	if p := named(refused, sqs); p.GetDeletionTimestamp() != nil || p.GetUID() != sqsProvider.GetUID() {
		t.Fatalf("the refused removal touched Provider %s: %v", sqs, p)
	}
	unchanged(ctx, t, onlySQS)

	// Once the Queue is deleted (provider-aws removes its finalizer once the
	// AWS queue is gone, and the garbage collector its usage), the removal
	// goes through, and the garbage collector deletes the Provider's CRD.
	if err := cp.client.Resource(queueGVR).Namespace("team-a").Delete(ctx, orders.GetName(), metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	setFinalizer(ctx, t, orders, managedFinalizer, false)
	convergeTo(ctx, t, name, want())
	gone(ctx, t, "the sqs Provider and its CRD", sqsProvider, queues)

	// Deleting the XR with the Provider installed and a QueuePolicy of it.
	applyXR(ctx, t, name, spec(provider(sqs, packageSQS)))
	c := convergeTo(ctx, t, name, want(sqs))
	policies := installedBy(ctx, t, "queuepolicies.sqs.aws.m.upbound.io", named(c, sqs))
	stranded := newManaged(ctx, t, queuePolicyGVR, "QueuePolicy", "day2-stranded", map[string]any{
		"region": testRegion, "queueUrl": "https://sqs.us-west-2.amazonaws.com/123456789012/day2-orders",
		"policy": `{"Version":"2012-10-17","Statement":[]}`,
	}, name)
	steady(ctx, t, c)
	deleteXR(ctx, t, c, false)
	waitFor(t, "the CRD of the uninstalled Provider to be deleted", func() string {
		crd, err := cp.client.Resource(crds).Get(ctx, policies.GetName(), metav1.GetOptions{})
		if err != nil {
			return err.Error()
		}
		if c := condition(crd, "Terminating"); crd.GetDeletionTimestamp() == nil || c["status"] != "True" || c["reason"] != "InstanceDeletionInProgress" {
			return fmt.Sprintf("the CRD's deletion timestamp is %v, its Terminating condition %v", crd.GetDeletionTimestamp(), c)
		}
		q, err := cp.client.Resource(queuePolicyGVR).Namespace("team-a").Get(ctx, stranded.GetName(), metav1.GetOptions{})
		if err != nil {
			return err.Error()
		}
		if q.GetDeletionTimestamp() == nil {
			return "the QueuePolicy has no deletion timestamp"
		}
		return ""
	})
	t.Log("the XR's deletion uninstalled Provider " + sqs + ": its CRD is being deleted, and QueuePolicy team-a/day2-stranded waits, being deleted, for a provider to remove its finalizer")
	setFinalizer(ctx, t, stranded, managedFinalizer, false)
	gone(ctx, t, "the CRD once the stranded QueuePolicy is released", policies)
}

// TestDayTwoLegacyProviderRemoval removes a Provider entry of an XR of the
// legacy cluster-scoped API, whose managed resources are orphaned: the
// legacy ProviderConfigUsages carry only the ProviderConfig's name, and one
// of the provider's family holds the removal until it is gone.
func TestDayTwoLegacyProviderRemoval(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	const (
		name = "day2-legacy"
		sfn  = "day2-legacy-sfn"
	)
	xr := removalXR{name: name, providerConfigKind: "ProviderConfig", legacy: true}
	spec, want := xr.spec, xr.want
	applyXR(ctx, t, name, spec(provider(sfn, packageSFN)))
	before := convergeTo(ctx, t, name, want(sfn))
	usage := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "aws.upbound.io/v1beta1", "kind": "ProviderConfigUsage",
		"metadata":          map[string]any{"name": "day2-legacy-machine-usage", "labels": map[string]any{"crossplane.io/provider-config": name}},
		"providerConfigRef": map[string]any{"name": name},
		"resourceRef":       map[string]any{"apiVersion": "sfn.aws.upbound.io/v1beta1", "kind": "StateMachine", "name": "day2-legacy-machine"},
	}}
	if err := cp.apply(ctx, mustYAML(t, usage)); err != nil {
		t.Fatal(err)
	}
	applyXR(ctx, t, name, spec())
	waitFatal(ctx, t, name, "spec.providers no longer lists Provider "+sfn, "StateMachine day2-legacy-machine")
	unchanged(ctx, t, before)
	// provider-aws deletes the usage with the StateMachine.
	ri, err := cp.resource(usage)
	if err != nil {
		t.Fatal(err)
	}
	if err := ri.Delete(ctx, usage.GetName(), metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	after := convergeTo(ctx, t, name, want())
	gone(ctx, t, "the sfn Provider", before.ofKind("Provider")...)
	deleteXR(ctx, t, after, true)
}

// TestDayTwoProviderRemovalStrandsOtherUsers removes a Provider whose family
// has a managed resource that uses a ProviderConfig other than the XR's:
// here the bootstrap ClusterProviderConfig of the Composition, which the
// chain's own managed resources use. A Provider package serves every
// ProviderConfig of the cluster, so uninstalling it deletes that resource's
// CRD and strands it as surely as one of the XR's own; the removal must be
// refused as well, which is why the function asks for every
// ProviderConfigUsage of the cluster while a removal is pending.
func TestDayTwoProviderRemovalStrandsOtherUsers(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	const (
		name = "day2-strand"
		kms  = "day2-strand-kms"
	)
	xr := removalXR{name: name, providerConfigKind: "ClusterProviderConfig"}
	applyXR(ctx, t, name, xr.spec(provider(kms, packageKMS)))
	before := convergeTo(ctx, t, name, xr.want(kms))
	// What provider-aws records for a KMS Key of team-a that uses the bootstrap
	// credentials.
	usage := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "aws.m.upbound.io/v1beta1", "kind": "ProviderConfigUsage",
		"metadata": map[string]any{
			"name": "day2-key-usage", "namespace": "team-a",
			"labels": map[string]any{"crossplane.io/provider-config": "bootstrap", "crossplane.io/provider-config-kind": "ClusterProviderConfig"},
		},
		"providerConfigRef": map[string]any{"kind": "ClusterProviderConfig", "name": "bootstrap"},
		"resourceRef":       map[string]any{"apiVersion": "kms.aws.m.upbound.io/v1beta1", "kind": "Key", "name": "day2-key"},
	}}
	if err := cp.apply(ctx, mustYAML(t, usage)); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ri, err := cp.resource(usage)
		if err == nil {
			_ = ri.Delete(ctx, usage.GetName(), metav1.DeleteOptions{})
		}
		_ = cp.client.Resource(xrGVR).Delete(ctx, name, metav1.DeleteOptions{})
	})

	applyXR(ctx, t, name, xr.spec())
	p := before.ofKind("Provider")[0]
	waitFor(t, "the removal to be refused or done", func() string {
		c := observe(ctx, t, name)
		if presence(ctx, t, p) != "still there" {
			t.Errorf("Provider %s was uninstalled although Key team-a/day2-key, which ClusterProviderConfig bootstrap serves through it, is still there (its ProviderConfigUsage %s/%s): the Key's CRD goes with the Provider and the Key is stranded",
				kms, usage.GetNamespace(), usage.GetName())
			return ""
		}
		if msg := conditionIsCurrent(c.xr, "Synced", "False"); msg != "" {
			return msg
		}
		if m, _ := condition(c.xr, "Synced")["message"].(string); !strings.Contains(m, "Key team-a/day2-key") {
			return "the Fatal result does not name Key team-a/day2-key: " + m
		}
		return ""
	})
}

// removalXR is the XR of a provider-removal test: one shared identity named
// after the XR, and one ProviderConfig of the XR's name.
type removalXR struct {
	name, providerConfigKind string
	// legacy composes the legacy cluster-scoped API, whose Composition
	// orphans what it composes.
	legacy bool
}

// spec is the XR's spec with the given providers.
func (x removalXR) spec(providers ...map[string]any) map[string]any {
	s := map[string]any{
		"clusterName": "day2", "region": testRegion,
		"providerConfigs": []any{map[string]any{"kind": x.providerConfigKind, "name": x.name}},
		"providers":       toAny(providers),
	}
	if x.legacy {
		s["crossplane"] = map[string]any{"compositionRef": map[string]any{"name": "xpodidentities-legacy.platform.example.org"}}
	}
	return s
}

// want is what the XR converges to with the named providers.
func (x removalXR) want(providers ...string) xrWant {
	return xrWant{
		identities:      []identityWant{{serviceAccount: x.name, role: "day2-" + testRegion + "-" + x.name, runtimeConfig: x.name, providers: providers}},
		providerConfigs: []string{x.providerConfigKind + " " + x.name},
		orphan:          x.legacy,
	}
}

var (
	queueGVR       = schema.GroupVersionResource{Group: "sqs.aws.m.upbound.io", Version: "v1beta1", Resource: "queues"}
	queuePolicyGVR = schema.GroupVersionResource{Group: "sqs.aws.m.upbound.io", Version: "v1beta1", Resource: "queuepolicies"}
)

// installedBy plays the package manager installing a Provider: one of the
// package's CRDs, which the stack installed beforehand so that the garbage
// collector knows its kind, gets the Provider as owner, as Crossplane's
// package manager makes the Provider an owner of what its revision
// installs (the revision, which the test does not play, controls it).
func installedBy(ctx context.Context, t *testing.T, crd string, p *unstructured.Unstructured) *unstructured.Unstructured {
	t.Helper()
	yes, no := true, false
	var got *unstructured.Unstructured
	waitFor(t, "CRD "+crd+" to be installed by Provider "+p.GetName(), func() string {
		cur, err := cp.client.Resource(crds).Get(ctx, crd, metav1.GetOptions{})
		if err != nil {
			return err.Error()
		}
		if cur.GetDeletionTimestamp() != nil {
			return "the CRD is being deleted"
		}
		cur.SetOwnerReferences([]metav1.OwnerReference{{APIVersion: p.GetAPIVersion(), Kind: p.GetKind(), Name: p.GetName(), UID: p.GetUID(), Controller: &no, BlockOwnerDeletion: &yes}})
		if got, err = cp.client.Resource(crds).Update(ctx, cur, metav1.UpdateOptions{}); err != nil {
			return err.Error()
		}
		return ""
	})
	return got
}

// newManaged plays a user's managed resource that provider-aws has
// reconciled: it carries the provider's finalizer, and the
// ProviderConfigUsage provider-aws makes for it (crossplane-runtime's
// ProviderConfigUsageTracker: named after the managed resource's uid, in its
// namespace, controlled by it, labelled with the ProviderConfig's name and
// kind).
func newManaged(ctx context.Context, t *testing.T, gvr schema.GroupVersionResource, kind, name string, forProvider map[string]any, clusterProviderConfig string) *unstructured.Unstructured {
	t.Helper()
	mr := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": gvr.GroupVersion().String(), "kind": kind,
		"metadata": map[string]any{"name": name, "namespace": "team-a", "finalizers": []any{managedFinalizer}},
		"spec": map[string]any{
			"forProvider":       forProvider,
			"providerConfigRef": map[string]any{"kind": "ClusterProviderConfig", "name": clusterProviderConfig},
		},
	}}
	got, err := cp.client.Resource(gvr).Namespace("team-a").Create(ctx, mr, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	yes := true
	usage := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "aws.m.upbound.io/v1beta1", "kind": "ProviderConfigUsage",
		"metadata": map[string]any{
			"name": string(got.GetUID()), "namespace": "team-a",
			"labels": map[string]any{"crossplane.io/provider-config": clusterProviderConfig, "crossplane.io/provider-config-kind": "ClusterProviderConfig"},
		},
		"providerConfigRef": map[string]any{"kind": "ClusterProviderConfig", "name": clusterProviderConfig},
		"resourceRef":       map[string]any{"apiVersion": got.GetAPIVersion(), "kind": got.GetKind(), "name": got.GetName()},
	}}
	usage.SetOwnerReferences([]metav1.OwnerReference{{APIVersion: got.GetAPIVersion(), Kind: got.GetKind(), Name: got.GetName(), UID: got.GetUID(), Controller: &yes, BlockOwnerDeletion: &yes}})
	if err := cp.apply(ctx, mustYAML(t, usage)); err != nil {
		t.Fatal(err)
	}
	return got
}

func toAny[T any](s []T) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}

package main

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/structpb"
	"k8s.io/apimachinery/pkg/util/validation"

	fnv1 "github.com/crossplane/function-sdk-go/proto/v1"

	"github.com/crossplane-contrib/function-pod-identity/aws"
	"github.com/crossplane-contrib/function-pod-identity/compose"
	"github.com/crossplane-contrib/function-pod-identity/spec"
)

// maxFatalLength bounds every Fatal message: spec.Explain's and spec.Join's
// bound after the longest of the function's two prefixes.
const maxFatalLength = len("cannot compose XPodIdentity: ") + spec.MaxExplanationLength

// maxConditionLength bounds the CredentialsReady condition's message: a
// provider's message clipped to 1 KiB, its clipped reason, and the names of
// the blocking resource and of what controls it.
const maxConditionLength = 2 << 10

// FuzzRunFunction runs the whole function on arbitrary XR specs and Inputs,
// given as JSON, with the invariants as the oracle: no panic; the request is
// never modified; the answer fits in the 4 MiB Crossplane reads; a Fatal
// result hands the desired state back and its message stays within
// maxFatalLength; otherwise the same request gives the same bytes, what
// earlier steps desired is kept, every composed resource is desired under a
// key of its own and every composed object has names within Kubernetes'
// limits for its kind and intact policy documents. Then it reconciles again
// with what it composed observed as hostile: every composed resource
// reporting Ready, with values of the wrong shape, of another account or
// partition, huge, with newlines, or from an object of another kind (hostile
// picks which for each resource), and checks that none of those values
// reaches a composed resource or the XR's status.
//
// The seed corpus in testdata/fuzz/FuzzRunFunction holds every example and
// most bad-input cases; go test runs it, and
//
//	go test -run '^$' -fuzz FuzzRunFunction -fuzztime 10m .
//
// searches further. A crasher lands in the same folder; commit it.
func FuzzRunFunction(f *testing.F) {
	f.Fuzz(func(t *testing.T, specJSON, input, hostile []byte) {
		var s any
		if err := json.Unmarshal(specJSON, &s); err != nil {
			return
		}
		specValue, err := structpb.NewValue(s)
		if err != nil {
			return
		}
		xr := &structpb.Struct{Fields: map[string]*structpb.Value{
			"metadata": structpb.NewStructValue(&structpb.Struct{Fields: map[string]*structpb.Value{"name": structpb.NewStringValue("fuzz")}}),
			"spec":     specValue,
		}}
		req := &fnv1.RunFunctionRequest{
			Observed: &fnv1.State{Composite: &fnv1.Resource{Resource: xr}},
			Desired: &fnv1.State{Resources: map[string]*fnv1.Resource{
				"earlier": {Resource: &structpb.Struct{Fields: map[string]*structpb.Value{"kind": structpb.NewStringValue("Bucket")}}},
			}},
		}
		if len(input) > 0 {
			in := &structpb.Struct{}
			if err := in.UnmarshalJSON(input); err != nil {
				return
			}
			req.Input = in
		}

		req, rsp := settle(t, req)
		if isFatal(rsp) {
			return
		}
		marshal := proto.MarshalOptions{Deterministic: true}
		a, _ := marshal.Marshal(rsp)
		b, _ := marshal.Marshal(run(t, req))
		if string(a) != string(b) {
			t.Fatal("the same request gave different responses")
		}
		checkComposedResources(t, req, rsp)

		// Reconcile again with everything observed as hostile.
		later := proto.CloneOf(req)
		later.Observed.Resources = hostileObserved(rsp, hostile, aws.PartitionOf(specRegion(s)))
		later, rsp = settle(t, later)
		if isFatal(rsp) {
			return
		}
		checkComposedResources(t, later, rsp)
		desired, err := protojson.Marshal(rsp.GetDesired())
		if err != nil {
			t.Fatal(err)
		}
		asked := string(specJSON) + string(input)
		for _, v := range hostileValues {
			if strings.Contains(asked, v) {
				continue // the spec asked for it: the fuzzer found the marker
			}
			if strings.Contains(string(desired), v) {
				t.Fatalf("the hostile observed value %q reached the desired state", clipForLog(v))
			}
		}
	})
}

// settle calls the function as Crossplane does until what it asks for
// settles, with none of the objects it asks about existing, and checks
// every answer; it returns the last request and its answer.
func settle(t *testing.T, req *fnv1.RunFunctionRequest) (*fnv1.RunFunctionRequest, *fnv1.RunFunctionResponse) {
	t.Helper()
	req = proto.CloneOf(req)
	var asked *fnv1.Requirements
	for range maxCalls {
		rsp := checkAnswer(t, req)
		if proto.Equal(rsp.GetRequirements(), asked) {
			return req, rsp
		}
		asked = rsp.GetRequirements()
		req.RequiredResources = make(map[string]*fnv1.Resources, len(asked.GetResources()))
		for name := range asked.GetResources() {
			req.RequiredResources[name] = &fnv1.Resources{}
		}
	}
	t.Fatalf("what the function asks for did not settle in %d calls", maxCalls)
	return nil, nil
}

// checkAnswer runs the function and checks what holds for every answer:
// the request is not modified, the answer fits in what Crossplane reads,
// every message is bounded, and a Fatal result hands the desired state
// back.
func checkAnswer(t *testing.T, req *fnv1.RunFunctionRequest) *fnv1.RunFunctionResponse {
	t.Helper()
	before := proto.CloneOf(req)
	rsp := run(t, req)
	if !proto.Equal(before, req) {
		t.Fatal("RunFunction modified its request")
	}
	if size := proto.Size(rsp); size > maxAnswer {
		t.Fatalf("the answer has %d bytes, more than the %d Crossplane reads", size, maxAnswer)
	}
	for _, r := range rsp.GetResults() {
		if len(r.GetMessage()) > maxFatalLength {
			t.Fatalf("a %s result has %d bytes, more than %d", r.GetSeverity(), len(r.GetMessage()), maxFatalLength)
		}
	}
	for _, c := range rsp.GetConditions() {
		if len(c.GetMessage()) > maxConditionLength {
			t.Fatalf("the %s condition's message has %d bytes, more than %d", c.GetType(), len(c.GetMessage()), maxConditionLength)
		}
	}
	if isFatal(rsp) && !proto.Equal(before.GetDesired(), rsp.GetDesired()) {
		t.Fatal("a Fatal result changed the desired state")
	}
	return rsp
}

// checkComposedResources checks what the function composed: what earlier
// steps desired is kept; every resource compose returns is desired under a
// key of its own, so that none silently replaces another; no two keys stand
// for one object; and every object's names are within Kubernetes' limits
// for its kind.
func checkComposedResources(t *testing.T, req *fnv1.RunFunctionRequest, rsp *fnv1.RunFunctionResponse) {
	t.Helper()
	desired := rsp.GetDesired().GetResources()
	if !proto.Equal(req.GetDesired().GetResources()["earlier"], desired["earlier"]) {
		t.Fatal("an earlier step's resource was not kept")
	}
	xr, in, errs := spec.Load(req.GetObserved().GetComposite().GetResource(), req.GetInput())
	if len(errs) > 0 {
		t.Fatalf("no Fatal result, but spec.Load finds problems: %v", errs)
	}
	composed := compose.Compose(compose.NewPlan(xr, in, uidOf(req.GetObserved().GetComposite().GetResource()), observed(req), existing(req))).Resources
	keys := make([]string, 0, len(composed))
	for _, r := range composed {
		keys = append(keys, string(r.Name))
	}
	slices.Sort(keys)
	if n := len(slices.Compact(keys)); n != len(composed) {
		t.Fatalf("%d resources composed under %d keys: one would replace another", len(composed), n)
	}
	if len(desired) != len(composed)+1 {
		t.Fatalf("%d resources composed, %d desired beside the earlier step's", len(composed), len(desired)-1)
	}
	objects := make(map[string]string, len(desired))
	for key, r := range desired {
		if key == "earlier" {
			continue
		}
		o := r.GetResource().AsMap()
		if msg := checkComposed(o); msg != "" {
			t.Fatalf("%s: %s", key, msg)
		}
		if msg := checkNameForKind(o); msg != "" {
			t.Fatalf("%s: %s", key, msg)
		}
		meta, _ := o["metadata"].(map[string]any)
		id := fmt.Sprint(o["apiVersion"], " ", o["kind"], " ", meta["namespace"], "/", meta["name"])
		if other, ok := objects[id]; ok {
			t.Fatalf("%s and %s are one object, %s", other, key, id)
		}
		objects[id] = key
	}
}

// checkNameForKind checks a metadata.name against the limit of its kind:
// a Provider's name is a DNS label, since Crossplane puts it in a label of
// every revision and of the ProviderConfigUsages; every other kind's an RFC
// 1123 subdomain, which checkComposed checks.
func checkNameForKind(o map[string]any) string {
	meta, _ := o["metadata"].(map[string]any)
	name, _ := meta["name"].(string)
	if o["kind"] == "Provider" {
		if errs := validation.IsDNS1123Label(name); len(errs) > 0 {
			return fmt.Sprintf("Provider name %q: %s", name, strings.Join(errs, "; "))
		}
	}
	return ""
}

// Hostile observed values: each is wrong for the resource it is observed
// on, in a way a check must catch, and carries a marker that no composed
// value has unless the spec asks for it.
var (
	// foreignRoleARN is another account's role, of another name.
	foreignRoleARN = "arn:aws:iam::666666666666:role/hostile-foreign-role"
	// newlineSuffix makes a value of the right shape wrong.
	newlineSuffix = "\nhostile: newline"
	// hugeAssociationID has EKS's prefix and 100 KB of digits.
	hugeAssociationID = "a-" + strings.Repeat("7", 100<<10)
	// hostileExternalID has spaces, which STS external ids have not.
	hostileExternalID = "hostile external id"
	// otherKindAccount and otherKindAssociationID are of the right shape,
	// observed on an object of another kind.
	otherKindAccount       = "555555555555"
	otherKindAssociationID = "a-55555555555555555"
	// otherPartitionAccount is that of an ARN in another partition.
	otherPartitionAccount = "444444444444"
)

// hostileValues are the markers that must not reach the desired state.
var hostileValues = []string{foreignRoleARN, "hostile: newline", hugeAssociationID[:64], hostileExternalID, otherKindAccount, otherKindAssociationID, otherPartitionAccount}

// hostileObserved observes every resource the response desires, and the
// XR's own ARNs, as hostile, each resource in the way hostile's next byte
// picks.
func hostileObserved(rsp *fnv1.RunFunctionResponse, hostile []byte, partition string) map[string]*fnv1.Resource {
	keys := make([]string, 0, len(rsp.GetDesired().GetResources()))
	for k := range rsp.GetDesired().GetResources() {
		if k != "earlier" {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	otherPartition := "aws-cn"
	if partition == "aws-cn" {
		otherPartition = "aws-us-gov"
	}
	out := make(map[string]*fnv1.Resource, len(keys))
	for i, k := range keys {
		o := proto.CloneOf(rsp.GetDesired().GetResources()[k].GetResource())
		variant := i
		if len(hostile) > 0 {
			variant = int(hostile[i%len(hostile)])
		}
		fp := o.GetFields()["spec"].GetStructValue().GetFields()["forProvider"].GetStructValue().GetFields()
		path := fp["path"].GetStringValue()
		if path == "" {
			path = "/"
		}
		name := o.GetFields()["metadata"].GetStructValue().GetFields()["annotations"].GetStructValue().GetFields()[compose.AnnotationExternalName].GetStringValue()
		var atProvider map[string]any
		// Most report Ready, so that what depends on them is composed;
		// those of the newline report a provider's error of 325 KB, which
		// the XR's condition repeats clipped.
		ready, message := "True", "AccessDenied"
		switch variant % 4 {
		case 0: // the right kind, values of another account, of the wrong size or characters
			atProvider = map[string]any{"arn": foreignRoleARN, "roleArn": foreignRoleARN, "targetRoleArn": foreignRoleARN,
				"associationId": hugeAssociationID, "associationArn": "arn:aws:eks:us-east-2:123456789012:podidentityassociation/c/a-0123456789abcdef0" + newlineSuffix,
				"externalId": hostileExternalID, "addonVersion": "v1.3.4-eksbuild.1" + newlineSuffix}
		case 1: // the right kind, the right values but for a newline
			arn := "arn:" + partition + ":iam::123456789012:role" + path + name + newlineSuffix
			atProvider = map[string]any{"arn": arn, "roleArn": arn, "associationId": "a-0123456789abcdef0" + newlineSuffix, "externalId": "id" + newlineSuffix}
			ready, message = "False", strings.Repeat("AccessDenied ", 25000)
		case 2: // another kind, values of the right shape
			o.Fields["apiVersion"], o.Fields["kind"] = structpb.NewStringValue("v1"), structpb.NewStringValue("ConfigMap")
			arn := "arn:" + partition + ":iam::" + otherKindAccount + ":role" + path + name
			atProvider = map[string]any{"arn": arn, "roleArn": arn, "associationId": otherKindAssociationID,
				"associationArn": "arn:" + partition + ":eks:us-east-2:" + otherKindAccount + ":podidentityassociation/c/" + otherKindAssociationID, "externalId": otherKindAccount}
		case 3: // the right kind, this role's name in another partition
			arn := "arn:" + otherPartition + ":iam::" + otherPartitionAccount + ":role" + path + name
			atProvider = map[string]any{"arn": arn, "roleArn": arn, "targetRoleArn": arn}
		}
		status, _ := structpb.NewStruct(map[string]any{
			"atProvider": atProvider,
			"conditions": []any{
				map[string]any{"type": "Ready", "status": ready}, map[string]any{"type": "Synced", "status": "False", "reason": "ReconcileError", "message": message},
				map[string]any{"type": "Installed", "status": ready}, map[string]any{"type": "Healthy", "status": ready},
			},
		})
		o.Fields["status"] = structpb.NewStructValue(status)
		out[k] = &fnv1.Resource{Resource: o}
	}
	return out
}

// specRegion is the region an arbitrary spec asks for, or "".
func specRegion(s any) string {
	m, _ := s.(map[string]any)
	r, _ := m["region"].(string)
	return r
}

// clipForLog keeps a failure message readable.
func clipForLog(s string) string {
	if len(s) > 64 {
		return s[:64] + "..."
	}
	return s
}

package main

import (
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/testing/protocmp"
	"k8s.io/apimachinery/pkg/util/validation"

	"github.com/google/go-cmp/cmp"

	fnv1 "github.com/crossplane/function-sdk-go/proto/v1"

	"github.com/crossplane-contrib/function-pod-identity/aws"
	"github.com/crossplane-contrib/function-pod-identity/compose"
	"github.com/crossplane-contrib/function-pod-identity/internal/simprovider"
)

// The invariants below hold for every example and every bad-input case:
// the function never panics, a Fatal result hands the desired state back,
// the same request gives the same bytes, an observed resource is never
// dropped while the spec still calls for it, and no string from the spec
// breaks out of a policy document or a name.

// TestInvariantDeterministic is the one determinism test: every example, on
// its first reconcile and in its steady state, every bad input and a spec of
// every list and map the function orders itself give the same bytes twice,
// and the request is never modified.
func TestInvariantDeterministic(t *testing.T) {
	reqs := map[string]*fnv1.RunFunctionRequest{}
	for _, ex := range loadExamples(t) {
		first := requestFor(t, ex.xr, ex.input)
		_, obs := steady(t, first)
		later := proto.Clone(first).(*fnv1.RunFunctionRequest) //nolint:forcetypeassert // a request clones to a request
		later.Observed.Resources = obs
		reqs[ex.name+" first reconcile"], reqs[ex.name+" steady"] = first, later
	}
	for _, c := range loadBadInput(t) {
		reqs[c.Name] = c.request(t)
	}
	// Every list and map the function orders itself.
	reqs["maps and lists"] = requestFor(t, map[string]any{"metadata": map[string]any{"name": "platform-aws"}, "spec": map[string]any{
		"clusterName": "platform", "region": "us-west-2",
		"role": map[string]any{
			"policyArns":     []any{"arn:aws:iam::aws:policy/B", "arn:aws:iam::aws:policy/A", "arn:aws:iam::123456789012:policy/x/y/C"},
			"inlinePolicies": []any{map[string]any{"name": "a", "document": `{"Statement": []}`}, map[string]any{"name": "b", "document": `{"Statement": {}}`}},
			"tags":           map[string]any{"z": "1", "a": "2", "m": "3"},
		},
		"association": map[string]any{"tags": map[string]any{"b": "1", "a": "2"}},
		"providerConfigs": []any{
			map[string]any{"kind": "ClusterProviderConfig", "name": "one"},
			map[string]any{"name": "two", "namespace": "ns", "assumeRoleChain": []any{map[string]any{
				"roleARN": "arn:aws:iam::111122223333:role/r", "tags": []any{map[string]any{"key": "k", "value": "v"}}, "transitiveTagKeys": []any{"k"}}}},
		},
	}}, nil)
	marshal := proto.MarshalOptions{Deterministic: true}
	for i, req := range reqs {
		before := proto.Clone(req)
		a, err := marshal.Marshal(run(t, req))
		if err != nil {
			t.Fatal(err)
		}
		b, err := marshal.Marshal(run(t, req))
		if err != nil {
			t.Fatal(err)
		}
		if string(a) != string(b) {
			t.Errorf("%s: the same request gave different responses", i)
		}
		if !proto.Equal(before, req) {
			t.Errorf("%s: RunFunction modified its request", i)
		}
	}
}

// specPaths lists every field and list item of a spec, each a path whose
// removal is one edit a user can make.
func specPaths(v any, prefix []any) [][]any {
	var out [][]any
	switch v := v.(type) {
	case map[string]any:
		for _, k := range slices.Sorted(maps.Keys(v)) {
			p := append(slices.Clone(prefix), k)
			out = append(out, p)
			out = append(out, specPaths(v[k], p)...)
		}
	case []any:
		for i, item := range v {
			p := append(slices.Clone(prefix), i)
			out = append(out, p)
			out = append(out, specPaths(item, p)...)
		}
	}
	return out
}

// copyToParent returns a deep copy of v and, in the copy, the object or list
// that holds the last element of path.
func copyToParent(v any, path []any) (root, parent any) {
	b, _ := json.Marshal(v)
	_ = json.Unmarshal(b, &root)
	parent = root
	for _, p := range path[:len(path)-1] {
		switch k := p.(type) {
		case string:
			parent = parent.(map[string]any)[k]
		case int:
			parent = parent.([]any)[k]
		}
	}
	return root, parent
}

// without returns a deep copy of v without the field or list item at path.
func without(v any, path []any) any {
	c, parent := copyToParent(v, path)
	switch k := path[len(path)-1].(type) {
	case string:
		delete(parent.(map[string]any), k)
	case int:
		// Lists are edited in place through their parent.
		return withoutItem(c, path[:len(path)-1], k)
	}
	return c
}

func withoutItem(root any, listPath []any, i int) any {
	if len(listPath) == 0 {
		l := root.([]any)
		return append(l[:i:i], l[i+1:]...)
	}
	switch k := listPath[0].(type) {
	case string:
		m := root.(map[string]any)
		m[k] = withoutItem(m[k], listPath[1:], i)
	case int:
		l := root.([]any)
		l[k] = withoutItem(l[k], listPath[1:], i)
	}
	return root
}

// TestInvariantObservedKept removes one field or list item at a time from
// every example's spec, as a user editing the XR would, and reconciles with
// what was observed before the edit, once with everything ready and once
// with everything failing. Whatever the edited spec still calls for, and was
// observed, must still be desired: Crossplane deletes what is not. Nothing
// the edited spec does not call for may be desired.
func TestInvariantObservedKept(t *testing.T) {
	for _, ex := range loadExamples(t) {
		_, observed := steady(t, requestFor(t, ex.xr, ex.input))
		for _, path := range specPaths(ex.xr["spec"], nil) {
			xr := maps.Clone(ex.xr)
			xr["spec"] = without(ex.xr["spec"], path)
			name := fmt.Sprintf("%s without spec%v", ex.name, path)
			edited := requestFor(t, xr, ex.input)
			calledFor, _ := steady(t, edited)
			if isFatal(calledFor) {
				continue // an invalid edit changes nothing: Crossplane keeps what it applied
			}
			want := calledFor.GetDesired().GetResources()
			for _, ready := range []bool{true, false} {
				req := proto.Clone(edited).(*fnv1.RunFunctionRequest) //nolint:forcetypeassert // a request clones to a request
				req.Observed.Resources = observed
				if !ready {
					req.Observed.Resources = simprovider.Observe(edited.GetObserved().GetComposite().GetResource(), observed, false)
				}
				rsp := callLikeCrossplane(t, req, nil)
				if isFatal(rsp) && strings.Contains(rsp.GetResults()[0].GetMessage(), "IAM can change neither in place") {
					continue // a refused change of a live role: Crossplane keeps what it applied
				}
				got := rsp.GetDesired().GetResources()
				for r := range observed {
					if _, still := want[r]; still {
						if _, ok := got[r]; !ok {
							t.Errorf("%s (observed ready: %v): observed %s is still called for but no longer desired", name, ready, r)
						}
					}
				}
				for r := range got {
					if _, ok := want[r]; !ok {
						t.Errorf("%s (observed ready: %v): desires %s, which the spec does not call for", name, ready, r)
					}
				}
			}
		}
	}
}

// injections are strings that would change a JSON document, a YAML stream
// or a name if they were pasted in instead of encoded.
var injections = []string{
	`x","Effect":"Deny`,
	`x"}],"Statement":[{"Effect":"Allow","Principal":"*","Action":"*"}],"y":"`,
	`\"},{\"a\":\"`,
	"x\nkind: ClusterRole",
	"x\u0000y",
	"\u202eevil",
	`{{ .Values }}`,
	`${AWS_SECRET}`,
}

// TestInvariantNoInterpolation puts every injection in every string of every
// example. The function must either refuse the XR, or produce documents and
// names that the string could not reshape: the trust policy keeps its one
// statement and principal, every policy is JSON, every name is valid.
func TestInvariantNoInterpolation(t *testing.T) {
	for _, ex := range loadExamples(t) {
		for _, path := range specPaths(ex.xr["spec"], nil) {
			for _, payload := range injections {
				spec, ok := withString(ex.xr["spec"], path, payload)
				if !ok {
					continue
				}
				xr := maps.Clone(ex.xr)
				xr["spec"] = spec
				rsp := run(t, requestFor(t, xr, ex.input))
				if isFatal(rsp) {
					continue
				}
				for name, r := range rsp.GetDesired().GetResources() {
					if msg := checkComposed(r.GetResource().AsMap()); msg != "" {
						t.Errorf("%s with spec%v = %q: %s: %s", ex.name, path, payload, name, msg)
					}
				}
			}
		}
	}
}

// withString replaces the string at path with s; false if it is no string.
func withString(spec any, path []any, s string) (any, bool) {
	c, parent := copyToParent(spec, path)
	switch k := path[len(path)-1].(type) {
	case string:
		m := parent.(map[string]any)
		if _, ok := m[k].(string); !ok {
			return nil, false
		}
		m[k] = s
	case int:
		l := parent.([]any)
		if _, ok := l[k].(string); !ok {
			return nil, false
		}
		l[k] = s
	}
	return c, true
}

var iamNameRE2 = regexp.MustCompile(`^[\w+=,.@-]{1,128}$`)

// checkComposed says what is wrong with a composed object, or "".
func checkComposed(o map[string]any) string {
	meta, _ := o["metadata"].(map[string]any)
	name, _ := meta["name"].(string)
	if errs := validation.IsDNS1123Subdomain(name); len(errs) > 0 {
		return fmt.Sprintf("metadata.name %q: %s", name, strings.Join(errs, "; "))
	}
	if ns, ok := meta["namespace"].(string); ok {
		if errs := validation.IsDNS1123Label(ns); len(errs) > 0 {
			return fmt.Sprintf("metadata.namespace %q: %s", ns, strings.Join(errs, "; "))
		}
	}
	annotations, _ := meta["annotations"].(map[string]any)
	if ext, ok := annotations[compose.AnnotationExternalName].(string); ok {
		// provider-aws names an add-on <cluster>:<add-on>, IAM objects by
		// their IAM names.
		cluster, isAddon := strings.CutSuffix(ext, ":"+compose.AgentAddonName)
		switch {
		case o["kind"] == "Addon" && (!isAddon || !aws.IsClusterName(cluster)):
			return fmt.Sprintf("external name %q is no add-on name", ext)
		case o["kind"] != "Addon" && !iamNameRE2.MatchString(ext):
			return fmt.Sprintf("external name %q is no IAM name", ext)
		}
	}
	spec, _ := o["spec"].(map[string]any)
	fp, _ := spec["forProvider"].(map[string]any)
	if doc, ok := fp["assumeRolePolicy"].(string); ok {
		var p aws.PolicyDocument
		if err := json.Unmarshal([]byte(doc), &p); err != nil {
			return "trust policy is not JSON: " + err.Error()
		}
		var raw map[string]any
		_ = json.Unmarshal([]byte(doc), &raw)
		st := p.Statement
		if len(raw) != 2 || len(st) != 1 || st[0].Effect != "Allow" || !maps.Equal(st[0].Principal, map[string]string{"Service": aws.PodsPrincipal}) ||
			!slices.Equal(st[0].Action, []string{"sts:AssumeRole", "sts:TagSession"}) {
			return "trust policy was reshaped: " + doc
		}
	}
	if doc, ok := fp["policy"].(string); ok && !json.Valid([]byte(doc)) {
		return "policy is not JSON: " + doc
	}
	return ""
}

// TestInvariantFatalKeepsDesired checks the Fatal invariant for the examples
// made invalid, beside the bad-input corpus that checks it case by case.
func TestInvariantFatalKeepsDesired(t *testing.T) {
	earlier := &fnv1.State{
		Composite: &fnv1.Resource{Resource: mustStruct(t, map[string]any{"status": map[string]any{"x": "y"}})},
		Resources: map[string]*fnv1.Resource{"earlier": {Resource: mustStruct(t, map[string]any{"kind": "Bucket"})}},
	}
	for _, ex := range loadExamples(t) {
		xr := maps.Clone(ex.xr)
		spec := maps.Clone(xr["spec"].(map[string]any))
		spec["region"] = "nowhere"
		xr["spec"] = spec
		req := requestFor(t, xr, ex.input)
		req.Desired = proto.Clone(earlier).(*fnv1.State) //nolint:forcetypeassert // a State clones to a State
		rsp := run(t, req)
		if !isFatal(rsp) {
			t.Errorf("%s with an invalid region: no Fatal result", ex.name)
		}
		if diff := cmp.Diff(earlier, rsp.GetDesired(), protocmp.Transform()); diff != "" {
			t.Errorf("%s: desired state changed on a Fatal result: %s", ex.name, diff)
		}
	}
}

// TestInvariantRolesGuardrail checks that input.guardrails.allowedRoles sees
// every IAM role the function composes, under the name it composes it with:
// for every example, the roles of its steady state, each written as its
// path and external name, are exactly what the guardrail must admit. All of
// them admitted, the example composes the same; any one left out, a Fatal
// result refuses it. Validation and compose both name isolated roles with
// spec.IsolatedRoleName; this keeps what validation checks in step with
// what compose makes.
func TestInvariantRolesGuardrail(t *testing.T) {
	for _, ex := range loadExamples(t) {
		rsp, _ := steady(t, requestFor(t, ex.xr, ex.input))
		var roles []string
		for _, r := range rsp.GetDesired().GetResources() {
			o := r.GetResource().AsMap()
			if o["kind"] != "Role" {
				continue
			}
			meta, _ := o["metadata"].(map[string]any)
			annotations, _ := meta["annotations"].(map[string]any)
			forProvider, _ := o["spec"].(map[string]any)["forProvider"].(map[string]any)
			path, _ := forProvider["path"].(string)
			if path == "" {
				path = "/"
			}
			name, _ := annotations["crossplane.io/external-name"].(string)
			roles = append(roles, path+name)
		}
		if len(roles) == 0 {
			t.Fatalf("%s composes no Role", ex.name)
		}
		slices.Sort(roles)
		withRoles := func(patterns []string) map[string]any {
			in := maps.Clone(ex.input)
			g, _ := in["guardrails"].(map[string]any)
			g = maps.Clone(g)
			if g == nil {
				g = map[string]any{}
			}
			allowed := make([]any, len(patterns))
			for i, pt := range patterns {
				allowed[i] = pt
			}
			g["allowedRoles"] = allowed
			in["guardrails"] = g
			return in
		}
		admitted, _ := steady(t, requestFor(t, ex.xr, withRoles(roles)))
		if isFatal(admitted) {
			t.Errorf("%s with allowedRoles %v: %v", ex.name, roles, admitted.GetResults())
		} else if diff := cmp.Diff(rsp.GetDesired(), admitted.GetDesired(), protocmp.Transform()); diff != "" {
			t.Errorf("%s: allowedRoles that admit every role changed what is composed: %s", ex.name, diff)
		}
		for i, left := range roles {
			// One pattern stays, so that the guardrail stays set.
			others := append(slices.Delete(slices.Clone(roles), i, i+1), "/no-role-of-the-examples")
			if refused := run(t, requestFor(t, ex.xr, withRoles(others))); !isFatal(refused) {
				t.Errorf("%s: allowedRoles without %s admit it", ex.name, left)
			}
		}
	}
}

package main

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"google.golang.org/protobuf/proto"

	fnv1 "github.com/crossplane/function-sdk-go/proto/v1"

	"github.com/crossplane-contrib/function-pod-identity/aws"
	"github.com/crossplane-contrib/function-pod-identity/presets"
	"github.com/crossplane-contrib/function-pod-identity/spec"
)

// maxAnswer is what Crossplane reads from a function: gRPC's default 4 MiB.
const maxAnswer = 4 << 20

// largestXR is the largest XPodIdentity the function accepts: every list at
// its cap, every policy at IAM's limits, every name as long as allowed.
func largestXR() map[string]any {
	long := func(prefix string, n int) string { return prefix + strings.Repeat("x", n-len(prefix)) }
	tags := map[string]any{}
	for i := range 47 {
		tags[fmt.Sprintf("%s%02d", strings.Repeat("k", 126), i)] = strings.Repeat("v", 256)
	}
	policyArns := func(p int) []any {
		out := make([]any, 0, 20)
		for i := range 20 {
			out = append(out, fmt.Sprintf("arn:aws:iam::123456789012:policy/%s/%s", strings.Repeat("p", 300), long(fmt.Sprintf("P%02d%02d", p, i), 128)))
		}
		return out
	}
	// Documents of nearly 10,240 characters in all, in 20 policies.
	inline := func() []any {
		out := make([]any, 0, 20)
		for i := range 20 {
			// 20 documents of 480 characters: 9,600 of the 10,240, beside
			// the target role permission on the shared role.
			resource := strings.Repeat("r", 480-82)
			out = append(out, map[string]any{"name": long(fmt.Sprintf("I%02d", i), 128),
				"document": `{"Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::` + resource + `"}}`})
		}
		return out
	}
	providers := make([]any, 0, 64)
	for i := range 64 {
		pr := map[string]any{"package": fmt.Sprintf("xpkg.upbound.io/upbound/provider-aws-f%02d:v2.3.0", i), "name": long(fmt.Sprintf("p%02d-", i), 63)}
		if i < spec.MaxIsolatedProviders {
			pr["isolated"], pr["policyArns"], pr["inlinePolicies"] = true, policyArns(i), inline()
		}
		providers = append(providers, pr)
	}
	chain := func(links int) []any {
		out := make([]any, 0, links)
		for i := range links {
			st := make([]any, 0, 50)
			for j := range 50 {
				st = append(st, map[string]any{"key": fmt.Sprintf("%s%02d", strings.Repeat("t", 126), j), "value": strings.Repeat("v", 256)})
			}
			out = append(out, map[string]any{"roleARN": fmt.Sprintf("arn:aws:iam::111122223333:role/%s/%s", strings.Repeat("c", 400), long(fmt.Sprintf("r%d", i), 64)),
				"externalID": strings.Repeat("e", 1224), "tags": st})
		}
		return out
	}
	pcs := make([]any, 0, 64)
	for i := range 64 {
		pc := map[string]any{"kind": "ProviderConfig", "namespace": long(fmt.Sprintf("n%02d", i), 63), "name": long(fmt.Sprintf("c%02d", i), 253)}
		if i < spec.MaxAssumeRoleChainLinks/8 {
			pc["assumeRoleChain"] = chain(8)
		}
		pcs = append(pcs, pc)
	}
	return map[string]any{
		"apiVersion": "platform.example.org/v1alpha1", "kind": "XPodIdentity",
		"metadata": map[string]any{"name": long("xr", 63), "uid": "0b6c3f0e-0000-4000-8000-000000000001"},
		"spec": map[string]any{
			"clusterName": long("c", 100), "region": "us-east-2",
			"serviceAccount": map[string]any{"name": long("sa", 200)},
			"role": map[string]any{
				"name": long("role", 64), "path": "/" + strings.Repeat("p", 510) + "/", "description": strings.Repeat("d", 1000),
				"permissionsBoundaryArn": fmt.Sprintf("arn:aws:iam::123456789012:policy/%s/%s", strings.Repeat("b", 300), long("B", 128)),
				"policyArns":             policyArns(99), "inlinePolicies": inline(), "tags": tags,
			},
			"association":     map[string]any{"targetRoleArn": fmt.Sprintf("arn:aws:iam::444455556666:role/%s/%s", strings.Repeat("t", 400), long("T", 64)), "tags": tags},
			"runtimeConfig":   map[string]any{"name": long("rc", 200)},
			"providerConfigs": pcs,
			"providers":       providers,
			"agent":           map[string]any{"install": true, "version": "v1.3.4-eksbuild.1"},
		},
	}
}

// largestXRWithPresets is largestXR with presets where they make the answer
// largest: every isolated provider is one of the families with the largest
// presets, each on Preset beside as many managed policies as the quota
// leaves; the shared role has the presets of the next largest families as
// its only managed policies, as many as the quota allows, and those
// families are its only shared providers, since every shared provider must
// then have a preset.
func largestXRWithPresets(t *testing.T) map[string]any {
	t.Helper()
	type sized struct {
		preset   presets.Preset
		policies int
		size     int
	}
	var all []sized
	for _, p := range presets.All() {
		policies, err := p.Policies(presets.MaxManagedPolicySize)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, pol := range policies {
			n += len(pol.Document.String())
		}
		// provider-aws-iam and provider-aws-eks run before the XR and are
		// refused in spec.providers.
		if n > 0 && p.Package != "provider-aws-iam" && p.Package != "provider-aws-eks" {
			all = append(all, sized{p, len(policies), n})
		}
	}
	slices.SortStableFunc(all, func(a, b sized) int { return b.size - a.size })
	xr := largestXR()
	s := xr["spec"].(map[string]any)    //nolint:forcetypeassert // built above
	role := s["role"].(map[string]any)  //nolint:forcetypeassert // built above
	providers := s["providers"].([]any) //nolint:forcetypeassert // built above
	arns := role["policyArns"].([]any)  //nolint:forcetypeassert // built above
	out := make([]any, 0, len(providers))
	for i := range spec.MaxIsolatedProviders {
		pr := providers[i].(map[string]any) //nolint:forcetypeassert // built above
		pr["package"], pr["permissions"] = "xpkg.upbound.io/upbound/"+all[i].preset.Package+":v2.5.0", "Preset"
		pr["policyArns"] = pr["policyArns"].([]any)[:aws.MaxManagedPoliciesPerRole-all[i].policies] //nolint:forcetypeassert // built above
		out = append(out, pr)
	}
	quota := aws.MaxManagedPoliciesPerRole
	for _, f := range all[spec.MaxIsolatedProviders:] {
		if f.policies > quota {
			break
		}
		quota -= f.policies
		out = append(out, map[string]any{"package": "xpkg.upbound.io/upbound/" + f.preset.Package + ":v2.5.0"})
	}
	s["providers"], role["permissions"], role["policyArns"] = out, "Preset", arns[:quota]
	return xr
}

// TestLargestValidAnswerFits shows that the caps on every list keep the
// answer to the largest XR the function accepts, in its steady state, well
// within what Crossplane reads from a function: with managed policies of
// the user's, and with presets.
func TestLargestValidAnswerFits(t *testing.T) {
	for name, xr := range map[string]map[string]any{"PolicyArns": largestXR(), "Presets": largestXRWithPresets(t)} {
		t.Run(name, func(t *testing.T) { answerFits(t, xr) })
	}
}

// answerFits checks that the steady-state answer to an XR fits well within
// what Crossplane reads.
func answerFits(t *testing.T, xr map[string]any) {
	t.Helper()
	input := map[string]any{"apiVersion": "podidentity.fn.crossplane.io/v1beta1", "kind": "Input", "quotas": map[string]any{"managedPoliciesPerRole": aws.MaxManagedPoliciesPerRole}}
	req := requestFor(t, xr, input)
	first := callLikeCrossplane(t, req, nil)
	if isFatal(first) {
		t.Fatalf("the largest XR is refused: %v", first.GetResults())
	}
	rsp, observed := steady(t, req)
	later := proto.CloneOf(req)
	later.Observed.Resources = observed
	size := proto.Size(rsp)
	t.Logf("request %d bytes, answer %d bytes (%.0f%% of 4 MiB), %d resources", proto.Size(later), size, 100*float64(size)/maxAnswer, len(rsp.GetDesired().GetResources()))
	if size > maxAnswer*3/4 {
		t.Errorf("the largest valid answer is %d bytes, more than three quarters of the %d Crossplane reads", size, maxAnswer)
	}
	for _, r := range rsp.GetResults() {
		if r.GetSeverity() == fnv1.Severity_SEVERITY_FATAL {
			t.Fatalf("Fatal: %s", r.GetMessage())
		}
	}
}

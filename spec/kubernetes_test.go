package spec

import (
	"testing"

	"k8s.io/apimachinery/pkg/util/validation"

	"github.com/crossplane-contrib/function-pod-identity/internal/edgestrings"
)

func TestKubernetesNamesMatchKubernetes(t *testing.T) {
	rules := map[string]struct {
		fast func(string) bool
		spec func(string) bool
	}{
		"isDNSLabel":     {isDNSLabel, func(s string) bool { return len(validation.IsDNS1123Label(s)) == 0 }},
		"isDNSSubdomain": {isDNSSubdomain, func(s string) bool { return len(validation.IsDNS1123Subdomain(s)) == 0 }},
	}
	for name, rule := range rules {
		valid := 0
		for _, s := range edgestrings.Candidates(20000) {
			fast, spec := rule.fast(s), rule.spec(s)
			if fast != spec {
				t.Errorf("%s(%q) = %v, Kubernetes says %v", name, s, fast, spec)
			}
			if spec {
				valid++
			}
		}
		if valid == 0 {
			t.Errorf("%s: no candidate is valid, so the comparison proves little", name)
		}
	}
}

package spec

import (
	"testing"

	"k8s.io/apimachinery/pkg/util/validation"
)

// TestKubernetesNamesOnEveryByte checks the byte loops of Kubernetes' name
// rules against Kubernetes' own functions on every byte, alone, between
// letters and between labels. The random edge strings of
// TestKubernetesNamesMatchKubernetes miss bytes at the very end of a range
// ('z', '9'), where an off-by-one hides.
func TestKubernetesNamesOnEveryByte(t *testing.T) {
	rules := map[string]struct {
		fast func(string) bool
		spec func(string) bool
	}{
		"isDNSLabel":     {isDNSLabel, func(s string) bool { return len(validation.IsDNS1123Label(s)) == 0 }},
		"isDNSSubdomain": {isDNSSubdomain, func(s string) bool { return len(validation.IsDNS1123Subdomain(s)) == 0 }},
	}
	for name, rule := range rules {
		valid := 0
		for b := range 256 {
			c := string([]byte{byte(b)})
			for _, s := range []string{c, "a" + c + "a", "a." + c + ".a"} {
				fast, spec := rule.fast(s), rule.spec(s)
				if fast != spec {
					t.Errorf("%s(%q) = %v, Kubernetes says %v", name, s, fast, spec)
				}
				if spec {
					valid++
				}
			}
		}
		if valid == 0 {
			t.Errorf("%s: no byte is valid, so the comparison proves little", name)
		}
	}
}

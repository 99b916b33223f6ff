package spec

import (
	"testing"

	"github.com/crossplane-contrib/function-pod-identity/internal/edgestrings"
)

// TestKubernetesNamesOnEveryByte checks the byte loops of Kubernetes' name
// rules against Kubernetes' own functions on every byte, alone, between
// letters and between labels. The random edge strings of
// TestKubernetesNamesMatchKubernetes miss bytes at the very end of a range
// ('z', '9'), where an off-by-one hides.
func TestKubernetesNamesOnEveryByte(t *testing.T) {
	bytes := make([]string, 0, 256)
	for b := range 256 {
		bytes = append(bytes, string([]byte{byte(b)}))
	}
	edgestrings.Compare(t, kubernetesNameRules, edgestrings.Around(bytes, [2]string{"a", "a"}, [2]string{"a.", ".a"}))
}

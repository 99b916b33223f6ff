package spec

import (
	"testing"

	"k8s.io/apimachinery/pkg/util/validation"

	"github.com/crossplane-contrib/function-pod-identity/internal/edgestrings"
)

// kubernetesNameRules are the byte loops of Kubernetes' name rules, each
// with Kubernetes' own function.
var kubernetesNameRules = map[string]edgestrings.Rule{
	"isDNSLabel":     {Fast: isDNSLabel, Spec: func(s string) bool { return len(validation.IsDNS1123Label(s)) == 0 }},
	"isDNSSubdomain": {Fast: isDNSSubdomain, Spec: func(s string) bool { return len(validation.IsDNS1123Subdomain(s)) == 0 }},
}

func TestKubernetesNamesMatchKubernetes(t *testing.T) {
	edgestrings.Compare(t, kubernetesNameRules, edgestrings.Candidates(20000))
}

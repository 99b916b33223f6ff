package aws

import (
	"encoding/json"
	"testing"
)

// guideTrustPolicy is the trust policy of the guide's step 2.2, without
// whitespace.
const guideTrustPolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"]}]}`

func TestTrustPolicy(t *testing.T) {
	cases := map[string]struct {
		reason     string
		conditions TrustConditions
		want       string
	}{
		"Portable": {
			reason: "Exactly the document of the guide's step 2.2: portable across clusters.",
			want:   guideTrustPolicy,
		},
		"Cluster": {
			reason:     "Only sessions of this cluster.",
			conditions: TrustConditions{ClusterName: "prod"},
			want:       `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"],"Condition":{"StringEquals":{"aws:RequestTag/eks-cluster-name":"prod"}}}]}`,
		},
		"Namespace": {
			reason:     "The cluster and the namespace.",
			conditions: TrustConditions{ClusterName: "prod", Namespace: "crossplane-system"},
			want:       `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"],"Condition":{"StringEquals":{"aws:RequestTag/eks-cluster-name":"prod","aws:RequestTag/kubernetes-namespace":"crossplane-system"}}}]}`,
		},
		"ServiceAccount": {
			reason:     "The cluster, the namespace and the ServiceAccount.",
			conditions: TrustConditions{ClusterName: "prod", Namespace: "crossplane-system", ServiceAccount: "provider-aws"},
			want:       `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"],"Condition":{"StringEquals":{"aws:RequestTag/eks-cluster-name":"prod","aws:RequestTag/kubernetes-namespace":"crossplane-system","aws:RequestTag/kubernetes-service-account":"provider-aws"}}}]}`,
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			if got := TrustPolicy(tc.conditions); got != tc.want {
				t.Errorf("%s\nwant %s\ngot  %s", tc.reason, tc.want, got)
			}
		})
	}
}

func TestTrustPolicyEscapes(t *testing.T) {
	// Values are encoded, never interpolated: a quote cannot end the string.
	evil := `x","aws:SourceAccount":"1`
	got := TrustPolicy(TrustConditions{ClusterName: evil, Namespace: "b", ServiceAccount: "a"})
	var doc PolicyDocument
	if err := json.Unmarshal([]byte(got), &doc); err != nil {
		t.Fatal(err)
	}
	if equals := doc.Statement[0].Condition["StringEquals"]; len(equals) != 3 || equals[RequestTagClusterName] != evil {
		t.Errorf("a value broke out of its string: %s", got)
	}
}

package aws

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
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
		"ClusterInRegion": {
			reason:     "Region pins the cluster's ARN as well, the account a wildcard.",
			conditions: TrustConditions{ClusterName: "prod", Region: "us-east-2"},
			want:       `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"],"Condition":{"StringEquals":{"aws:RequestTag/eks-cluster-name":"prod"},"StringLike":{"aws:RequestTag/eks-cluster-arn":"arn:aws:eks:us-east-2:*:cluster/prod"}}}]}`,
		},
		"ClusterInGovCloud": {
			reason:     "The ARN is in the region's partition.",
			conditions: TrustConditions{ClusterName: "prod", Namespace: "crossplane-system", Region: "us-gov-west-1"},
			want:       `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"],"Condition":{"StringEquals":{"aws:RequestTag/eks-cluster-name":"prod","aws:RequestTag/kubernetes-namespace":"crossplane-system"},"StringLike":{"aws:RequestTag/eks-cluster-arn":"arn:aws-us-gov:eks:us-gov-west-1:*:cluster/prod"}}}]}`,
		},
		"RegionWithoutCluster": {
			reason:     "Without a cluster name there is no cluster ARN to pin: the portable policy stays.",
			conditions: TrustConditions{Region: "us-east-2"},
			want:       guideTrustPolicy,
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

func TestClusterARNPattern(t *testing.T) {
	cases := map[string]struct {
		reason, region, cluster, want string
	}{
		"Commercial": {reason: "aws partition.", region: "eu-west-1", cluster: "prod", want: "arn:aws:eks:eu-west-1:*:cluster/prod"},
		"China":      {reason: "aws-cn partition.", region: "cn-north-1", cluster: "prod", want: "arn:aws-cn:eks:cn-north-1:*:cluster/prod"},
		"EUSC":       {reason: "aws-eusc partition.", region: "eusc-de-east-1", cluster: "c_1", want: "arn:aws-eusc:eks:eusc-de-east-1:*:cluster/c_1"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			if got := ClusterARNPattern(tc.region, tc.cluster); got != tc.want {
				t.Errorf("%s\nClusterARNPattern(%q, %q) = %q, want %q", tc.reason, tc.region, tc.cluster, got, tc.want)
			}
		})
	}
}

func TestTargetRolePermission(t *testing.T) {
	const target = "arn:aws:iam::222233334444:role/eks-pod-identity-aws-resources"
	// The statement of "Update the permission policy for EKS Pod Identity
	// role", with a Version.
	want := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sts:AssumeRole","sts:TagSession"],"Resource":["arn:aws:iam::222233334444:role/eks-pod-identity-aws-resources"]}]}`
	got := TargetRolePermission(target)
	if got != want {
		t.Errorf("TargetRolePermission:\nwant %s\ngot  %s", want, got)
	}
	// It is an identity-based policy IAM takes, and allows exactly the two
	// actions.
	checked, problems := CheckPolicy(got)
	if problems != nil {
		t.Fatalf("CheckPolicy(TargetRolePermission) = %v", problems)
	}
	wantStatements := []PolicyStatement{{Path: "Statement[0]", Effect: EffectAllow, Actions: []PolicyAction{
		{Path: "Statement[0].Action[0]", Name: ActionAssumeRole}, {Path: "Statement[0].Action[1]", Name: ActionTagSession},
	}}}
	if diff := cmp.Diff(wantStatements, checked.Statements); diff != "" {
		t.Errorf("TargetRolePermission's statements (-want, +got):\n%s", diff)
	}
}

func TestChainedTrustPolicy(t *testing.T) {
	cases := map[string]struct {
		reason string
		trust  ChainedTrust
		want   string
	}{
		"SessionTags": {
			reason: "The assuming role may assume and tag the session: EKS's tags are transitive.",
			trust:  ChainedTrust{AssumingRoleARN: "arn:aws:iam::111122223333:role/eks-pod-identity-primary-role"},
			want:   `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/eks-pod-identity-primary-role"},"Action":["sts:AssumeRole","sts:TagSession"]}]}`,
		},
		"ExternalID": {
			reason: "As AWS's example for disabled session tags: the external ID on sts:AssumeRole only, sts:TagSession unconditional.",
			trust:  ChainedTrust{AssumingRoleARN: "arn:aws:iam::111122223333:role/eks-pod-identity-primary-role", ExternalID: "us-east-2/111122223333/prod/crossplane-system/provider-aws"},
			want: `{"Version":"2012-10-17","Statement":[` +
				`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/eks-pod-identity-primary-role"},"Action":["sts:AssumeRole"],"Condition":{"StringEquals":{"sts:ExternalId":"us-east-2/111122223333/prod/crossplane-system/provider-aws"}}},` +
				`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/eks-pod-identity-primary-role"},"Action":["sts:TagSession"]}]}`,
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			if got := ChainedTrustPolicy(tc.trust); got != tc.want {
				t.Errorf("%s\nwant %s\ngot  %s", tc.reason, tc.want, got)
			}
		})
	}
}

func TestChainedTrustPolicyEscapes(t *testing.T) {
	// Values are encoded, never interpolated: a quote cannot end the string.
	evil := `x"},"Condition":{"Bool":{"aws:SecureTransport":"false"`
	var doc PolicyDocument
	if err := json.Unmarshal([]byte(ChainedTrustPolicy(ChainedTrust{AssumingRoleARN: evil, ExternalID: evil})), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Statement) != 2 || doc.Statement[0].Principal["AWS"] != evil || doc.Statement[0].Condition["StringEquals"][ConditionKeyExternalID] != evil || doc.Statement[1].Condition != nil {
		t.Errorf("a value broke out of its string: %+v", doc)
	}
}

// TestLargestTrustPolicyFits builds the trust policy of the narrowest scope
// with every value as long as it may be (a cluster name of
// MaxClusterNameLength, a namespace of 63 characters and a ServiceAccount
// of 253, Kubernetes' limits, and the longest region name): it stays within
// the size IAM allows a trust policy by default, so no quota increase is
// ever needed.
func TestLargestTrustPolicyFits(t *testing.T) {
	got := TrustPolicy(TrustConditions{
		ClusterName:    strings.Repeat("c", MaxClusterNameLength),
		Namespace:      strings.Repeat("n", 63),
		ServiceAccount: strings.Repeat("s", 253),
		Region:         "ap-southeast-5-longest-1",
	})
	if n := utf8.RuneCountInString(got); n > DefaultTrustPolicySize {
		t.Errorf("the largest trust policy has %d characters, more than the %d IAM allows by default", n, DefaultTrustPolicySize)
	}
}

// TestLargestChainedTrustPolicyFits builds the trust policy that status
// gives for a chained role, with the longest role ARN ParseIAMARN accepts as
// its principal (a path of MaxPathLength, a name of MaxRoleNameLength, the
// longest partition) and an external ID of MaxExternalIDLength. That one
// is longer than the default quota allows (the README says such a role
// needs the quota raised) and must fit the raised quota. With an external
// ID of 64 characters even the longest ARN fits the default.
func TestLargestChainedTrustPolicyFits(t *testing.T) {
	longest := ""
	for _, p := range Partitions() {
		if len(p.Name) > len(longest) {
			longest = p.Name
		}
	}
	role := "arn:" + longest + ":iam::123456789012:role/" + strings.Repeat("p", MaxPathLength-2) + "/" + strings.Repeat("n", MaxRoleNameLength)
	if a, ok := ParseIAMARN(role, ResourceRole); !ok || len(a.Path) != MaxPathLength || len(a.Name) != MaxRoleNameLength {
		t.Fatalf("an ARN of %d characters is not the longest role ARN ParseIAMARN accepts: path of %d, name of %d, %v", len(role), len(a.Path), len(a.Name), ok)
	}
	largest := ChainedTrustPolicy(ChainedTrust{AssumingRoleARN: role, ExternalID: strings.Repeat("e", MaxExternalIDLength)})
	if n := utf8.RuneCountInString(largest); n > MaxTrustPolicySize {
		t.Errorf("the largest chained trust policy has %d characters, more than the %d IAM allows at all", n, MaxTrustPolicySize)
	}
	usual := ChainedTrustPolicy(ChainedTrust{AssumingRoleARN: role, ExternalID: strings.Repeat("e", 64)})
	if n := utf8.RuneCountInString(usual); n > DefaultTrustPolicySize {
		t.Errorf("a chained trust policy with a 64-character external ID has %d characters, more than the %d IAM allows by default", n, DefaultTrustPolicySize)
	}
}

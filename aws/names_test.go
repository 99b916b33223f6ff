package aws

import (
	"maps"
	"regexp"
	"strings"
	"testing"

	"github.com/crossplane-contrib/function-pod-identity/internal/edgestrings"
)

// The regular expressions the byte loops of names.go and arn.go implement:
// the specification, kept here to check the fast code against.
var (
	clusterNameRE = regexp.MustCompile(`^[0-9A-Za-z][A-Za-z0-9\-_]*$`)
	iamNameRE     = regexp.MustCompile(`^[\w+=,.@-]+$`)
	pathRE        = regexp.MustCompile(`^/(?:[\x21-\x7E]+/)?$`)
	policyPathRE  = regexp.MustCompile(`^(?:/[A-Za-z0-9.,+@=_-]+)*/$`)
	descriptionRE = regexp.MustCompile(`^[\t\n\r\x{20}-\x{7E}\x{A1}-\x{FF}]*$`)
	tagRE         = regexp.MustCompile(`^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$`)
	externalIDRE  = regexp.MustCompile(`^[\w+=,.@:/-]*$`)
	roleARNRE     = regexp.MustCompile(`^arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b|aws-iso-e|aws-iso-f|aws-eusc):iam::(\d{12}):role(/(?:[\x21-\x7E]+/)?)[\w+=,.@-]{1,64}$`)
	policyARNRE   = regexp.MustCompile(`^arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b|aws-iso-e|aws-iso-f|aws-eusc):iam::(\d{12}|aws):policy((?:/[A-Za-z0-9.,+@=_-]+)*/)[\w+=,.@-]{1,128}$`)
)

// iamARNSpec is an IAM ARN's specification: its regular expression, and
// IAM's limit on the path's length, which a regular expression says badly.
func iamARNSpec(re *regexp.Regexp) func(string) bool {
	return func(s string) bool {
		m := re.FindStringSubmatch(s)
		return m != nil && len(m[3]) <= MaxPathLength
	}
}

// arnCandidates are ARNs at the edges of IAM's lengths and partitions, for
// the edge strings to miss none of them.
func arnCandidates() []string {
	out := make([]string, 0, 2*len(Partitions())+9)
	for _, p := range Partitions() {
		out = append(out, "arn:"+p.Name+":iam::123456789012:role/r", "arn:"+p.Name+":iam::aws:policy/P")
	}
	// A path a role may have and a policy may not, and one neither may.
	for _, path := range []string{"/a*b/", "/a//b/", "//"} {
		out = append(out, "arn:aws:iam::123456789012:role"+path+"r", "arn:aws:iam::123456789012:policy"+path+"p")
	}
	for _, pathLen := range []int{MaxPathLength - 1, MaxPathLength, MaxPathLength + 1} {
		out = append(out, "arn:aws:iam::123456789012:role/"+strings.Repeat("p", pathLen-2)+"/r")
	}
	return out
}

// characterRules are the character rules of names.go, each with the
// regular expression it implements.
var characterRules = map[string]edgestrings.Rule{
	"IsClusterName": {Fast: IsClusterName, Spec: clusterNameRE.MatchString},
	"IsIAMName":     {Fast: IsIAMName, Spec: iamNameRE.MatchString},
	"IsPath":        {Fast: IsPath, Spec: pathRE.MatchString},
	"IsPolicyPath":  {Fast: IsPolicyPath, Spec: policyPathRE.MatchString},
	"IsDescription": {Fast: IsDescription, Spec: descriptionRE.MatchString},
	"IsTagText":     {Fast: IsTagText, Spec: tagRE.MatchString},
	"IsExternalID":  {Fast: IsExternalID, Spec: externalIDRE.MatchString},
}

func TestCharacterRulesMatchTheirSpecification(t *testing.T) {
	rules := maps.Clone(characterRules)
	rules["role ARN"] = edgestrings.Rule{
		Fast: func(s string) bool { _, ok := ParseIAMARN(s, ResourceRole); return ok },
		Spec: iamARNSpec(roleARNRE),
	}
	rules["policy ARN"] = edgestrings.Rule{
		Fast: func(s string) bool { _, ok := ParseIAMARN(s, ResourcePolicy); return ok },
		Spec: iamARNSpec(policyARNRE),
	}
	edgestrings.Compare(t, rules, append(edgestrings.Candidates(20000), arnCandidates()...))
}

func TestHasReservedTagPrefix(t *testing.T) {
	cases := map[string]struct {
		reason string
		key    string
		want   bool
	}{
		"Lower":    {reason: "aws: is AWS's.", key: "aws:owner", want: true},
		"Capitals": {reason: "In any case: IAM compares tag keys without case.", key: "AWS:Owner", want: true},
		"Mixed":    {reason: "Any mix of cases.", key: "aWs:x", want: true},
		"Inside":   {reason: "Only as a prefix.", key: "team-aws:x", want: false},
		"Short":    {reason: "Shorter than the prefix.", key: "aws", want: false},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			if got := HasReservedTagPrefix(tc.key); got != tc.want {
				t.Errorf("%s\nHasReservedTagPrefix(%q) = %v, want %v", tc.reason, tc.key, got, tc.want)
			}
		})
	}
}

func TestIsAddonVersion(t *testing.T) {
	cases := map[string]struct {
		reason  string
		version string
		want    bool
	}{
		"EKSBuild":   {reason: "The form EKS lists.", version: "v1.3.4-eksbuild.1", want: true},
		"BigNumbers": {reason: "Any number of digits.", version: "v10.30.400-eksbuild.12", want: true},
		"NoEKSBuild": {reason: "EKS lists no version without -eksbuild.N, and refuses one.", version: "v1.3.4"},
		"NoBuild":    {reason: "-eksbuild has its number.", version: "v1.3.4-eksbuild."},
		"Minimal":    {reason: "kube-proxy's -minimal- builds are no Pod Identity agent's.", version: "v1.3.4-minimal-eksbuild.1"},
		"NoV":        {reason: "Versions start with v.", version: "1.3.4-eksbuild.1"},
		"Latest":     {reason: "No aliases.", version: "latest"},
		"TwoNumbers": {reason: "Three numbers.", version: "v1.3-eksbuild.1"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			if got := IsAddonVersion(tc.version); got != tc.want {
				t.Errorf("%s\nIsAddonVersion(%q) = %v, want %v", tc.reason, tc.version, got, tc.want)
			}
		})
	}
}

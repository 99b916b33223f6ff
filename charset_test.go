package main

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/util/validation"
)

// The regular expressions the byte loops of charset.go and arn.go implement:
// the specification, kept here to check the fast code against.
var (
	clusterNameRE = regexp.MustCompile(`^[0-9A-Za-z][A-Za-z0-9\-_]*$`)
	regionRE      = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-\d{1,2}$`)
	iamNameRE     = regexp.MustCompile(`^[\w+=,.@-]+$`)
	rolePathRE    = regexp.MustCompile(`^/(?:[\x21-\x7E]*/)?$`)
	descriptionRE = regexp.MustCompile(`^[\t\n\r\x{20}-\x{7E}\x{A1}-\x{FF}]*$`)
	tagRE         = regexp.MustCompile(`^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$`)
	externalIDRE  = regexp.MustCompile(`^[\w+=,.@:/-]*$`)
	roleARNRE     = regexp.MustCompile(`^arn:(aws|aws-cn|aws-us-gov):iam::(\d{12}):role/(?:[\x21-\x7E]*/)?[\w+=,.@-]{1,64}$`)
	policyARNRE   = regexp.MustCompile(`^arn:(aws|aws-cn|aws-us-gov):iam::(\d{12}|aws):policy/(?:[\x21-\x7E]*/)?[\w+=,.@-]{1,128}$`)
)

// candidates are strings made to sit near the edges of the rules: pieces of
// valid values with characters of every class mixed in.
func candidates(n int) []string {
	r := rand.New(rand.NewPCG(1, 2)) //nolint:gosec // reproducible test input, not security
	pieces := []string{
		"a", "Z", "0", "9", "-", "_", ".", "/", ":", "@", "+", "=", ",", " ", "\t", "\n", "\x00", "\x7f", "é", "ñ", "日", "\u00a0", "\u2028", "\"", "'", "{", "}", "\\",
		"us", "east", "gov", "2", "12", "arn:", "aws", "aws-cn", "aws-us-gov", ":iam::", "123456789012", "1234", ":role/", ":policy/", "path/",
		"AmazonS3FullAccess", "crossplane", "prod-eks",
	}
	edges := []string{"", "a", "-", ".", "/", "//", "us-east-2", "us-gov-west-1", "cn-north-1", "eu-central-12", "us-east-123", "u-east-1",
		"arn:aws:iam::aws:policy/AmazonS3FullAccess", "arn:aws:iam::123456789012:role/a/b/c", "arn:aws:iam::123456789012:role/", "arn:aws:iam::aws:role/x",
		"arn:aws:iam::123456789012:policy/" + strings.Repeat("p", 128), "arn:aws:iam::123456789012:policy/" + strings.Repeat("p", 129),
		"arn:aws:iam::123456789012:role/" + strings.Repeat("r", 64), "arn:aws:iam::123456789012:role/" + strings.Repeat("r", 65),
		strings.Repeat("a", 63), strings.Repeat("a", 64), strings.Repeat("a.", 126) + "a", strings.Repeat("a.", 126) + "aa", strings.Repeat("a.", 127)}
	out := make([]string, 0, len(edges)+n)
	out = append(out, edges...)
	for range n {
		var b strings.Builder
		for range r.IntN(8) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		out = append(out, b.String())
	}
	return out
}

func TestCharsetMatchesItsSpecification(t *testing.T) {
	rules := map[string]struct {
		fast func(string) bool
		spec func(string) bool
	}{
		"isClusterName":  {isClusterName, clusterNameRE.MatchString},
		"isRegion":       {isRegion, regionRE.MatchString},
		"isIAMName":      {isIAMName, iamNameRE.MatchString},
		"isRolePath":     {isRolePath, rolePathRE.MatchString},
		"isDescription":  {isDescription, descriptionRE.MatchString},
		"isTag":          {isTag, tagRE.MatchString},
		"isExternalID":   {isExternalID, externalIDRE.MatchString},
		"isDNSLabel":     {isDNSLabel, func(s string) bool { return len(validation.IsDNS1123Label(s)) == 0 }},
		"isDNSSubdomain": {isDNSSubdomain, func(s string) bool { return len(validation.IsDNS1123Subdomain(s)) == 0 }},
		"role ARN": {
			func(s string) bool { _, ok := iamARNPartition(s, iamRole); return ok },
			roleARNRE.MatchString,
		},
		"policy ARN": {
			func(s string) bool { _, ok := iamARNPartition(s, iamPolicy); return ok },
			policyARNRE.MatchString,
		},
	}
	inputs := candidates(20000)
	for name, rule := range rules {
		valid := 0
		for _, s := range inputs {
			fast, spec := rule.fast(s), rule.spec(s)
			if fast != spec {
				t.Errorf("%s(%q) = %v, its specification says %v", name, s, fast, spec)
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

// Package edgestrings makes strings that sit near the edges of the name and
// character rules of AWS and Kubernetes, for tests that check a fast rule
// against its specification.
package edgestrings

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// Candidates are strings made to sit near the edges of the rules: pieces of
// valid values with characters of every class mixed in.
func Candidates(n int) []string {
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

// A Rule is a fast check of a string and the specification it implements:
// a regular expression, or the function of the library it stands in for.
type Rule struct {
	Fast, Spec func(string) bool
}

// Compare checks every rule against its specification on every input. A
// rule no input satisfies fails too: comparing it would prove little.
func Compare(t testing.TB, rules map[string]Rule, inputs []string) {
	t.Helper()
	for name, rule := range rules {
		valid := 0
		for _, s := range inputs {
			fast, spec := rule.Fast(s), rule.Spec(s)
			if fast != spec {
				t.Errorf("%s(%q) = %v, its specification says %v", name, s, fast, spec)
			}
			if spec {
				valid++
			}
		}
		if valid == 0 {
			t.Errorf("%s: no input is valid, so the comparison proves little", name)
		}
	}
}

// Around is every string of pieces alone and between each pair of
// affixes, such as letters or slashes, where a rule's first and last
// characters differ from those inside.
func Around(pieces []string, affixes ...[2]string) []string {
	out := make([]string, 0, len(pieces)*(len(affixes)+1))
	for _, p := range pieces {
		out = append(out, p)
		for _, a := range affixes {
			out = append(out, a[0]+p+a[1])
		}
	}
	return out
}

package main

import (
	"strings"
	"unicode"
)

// Character rules of AWS and Kubernetes names, as byte loops: they run on
// every field of every call, where regular expressions cost more than the
// rest of validation together. charset_test.go holds the regular expressions
// they implement and checks that both agree.

func isLower(c byte) bool { return c >= 'a' && c <= 'z' }
func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isAlnum(c byte) bool { return isLower(c) || isDigit(c) || c >= 'A' && c <= 'Z' }

// isWord is regexp's \w: ASCII letters, digits and '_'.
func isWord(c byte) bool { return isAlnum(c) || c == '_' }

// isIAMName: ^[\w+=,.@-]+$, the characters of IAM role and policy names.
func isIAMName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !isWord(c) && !strings.ContainsRune("+=,.@-", rune(c)) {
			return false
		}
	}
	return true
}

// isClusterName: ^[0-9A-Za-z][A-Za-z0-9\-_]*$, EKS's rule for cluster names.
func isClusterName(s string) bool {
	if s == "" || !isAlnum(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if c := s[i]; !isAlnum(c) && c != '-' && c != '_' {
			return false
		}
	}
	return true
}

// isRegion: ^[a-z]{2}(-[a-z]+)+-\d{1,2}$, e.g. us-east-2 or us-gov-west-1.
func isRegion(s string) bool {
	parts := strings.Split(s, "-")
	if len(parts) < 3 || len(parts[0]) != 2 {
		return false
	}
	for _, p := range parts[:len(parts)-1] {
		if p == "" || strings.IndexFunc(p, func(r rune) bool { return r < 'a' || r > 'z' }) >= 0 {
			return false
		}
	}
	n := parts[len(parts)-1]
	return len(n) >= 1 && len(n) <= 2 && strings.IndexFunc(n, func(r rune) bool { return r < '0' || r > '9' }) < 0
}

// isPrintableASCII: every byte in [\x21-\x7E], as IAM paths have.
func isPrintableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] > 0x7E {
			return false
		}
	}
	return true
}

// isRolePath: ^/(?:[\x21-\x7E]*/)?$, '/' or a path that begins and ends with
// '/'.
func isRolePath(s string) bool {
	return len(s) >= 1 && s[0] == '/' && s[len(s)-1] == '/' && isPrintableASCII(s)
}

// isDescription: ^[\t\n\r\x{20}-\x{7E}\x{A1}-\x{FF}]*$, IAM's description
// characters.
func isDescription(s string) bool {
	for _, r := range s {
		if r != '\t' && r != '\n' && r != '\r' && (r < 0x20 || r > 0x7E) && (r < 0xA1 || r > 0xFF) {
			return false
		}
	}
	return true
}

// isTag: ^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$, the characters of AWS tag keys and
// values.
func isTag(s string) bool {
	for _, r := range s {
		if !unicode.In(r, unicode.L, unicode.Z, unicode.N) && !strings.ContainsRune("_.:/=+-@", r) {
			return false
		}
	}
	return true
}

// isExternalID: ^[\w+=,.@:/-]*$, STS's external ID characters.
func isExternalID(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !isWord(c) && !strings.ContainsRune("+=,.@:/-", rune(c)) {
			return false
		}
	}
	return true
}

// isDNSLabel is Kubernetes' RFC 1123 label: at most 63 lower-case letters,
// digits and '-', starting and ending with a letter or digit.
func isDNSLabel(s string) bool {
	if s == "" || len(s) > 63 || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !isLower(c) && !isDigit(c) && c != '-' {
			return false
		}
	}
	return true
}

// isDNSSubdomain is Kubernetes' RFC 1123 subdomain: at most 253 characters
// of dot-separated labels, each without the 63-character limit.
func isDNSSubdomain(s string) bool {
	if s == "" || len(s) > 253 {
		return false
	}
	for _, label := range strings.Split(s, ".") {
		if label == "" || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for i := 0; i < len(label); i++ {
			if c := label[i]; !isLower(c) && !isDigit(c) && c != '-' {
				return false
			}
		}
	}
	return true
}

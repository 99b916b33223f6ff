package aws

import (
	"regexp"
	"strings"
	"unicode"
)

// Character rules of AWS names and values, as byte loops: they run on every
// field of every call, where regular expressions cost more than the rest of
// validation together. names_test.go holds the regular expressions they
// implement and checks that both agree.

func isLower(c byte) bool { return c >= 'a' && c <= 'z' }
func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isAlnum(c byte) bool { return isLower(c) || isDigit(c) || c >= 'A' && c <= 'Z' }

// isWord is regexp's \w: ASCII letters, digits and '_'.
func isWord(c byte) bool { return isAlnum(c) || c == '_' }

// IsIAMName reports whether s matches ^[\w+=,.@-]+$, the characters of IAM role and policy names
// (CreateRole, PutRolePolicy).
func IsIAMName(s string) bool {
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

// IsClusterName reports whether s matches ^[0-9A-Za-z][A-Za-z0-9\-_]*$, EKS's rule for cluster
// names (CreateCluster).
func IsClusterName(s string) bool {
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

// isPrintableASCII: every byte in [\x21-\x7E], as IAM paths have.
func isPrintableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] > 0x7E {
			return false
		}
	}
	return true
}

// IsPath reports whether s matches ^/(?:[\x21-\x7E]+/)?$: '/', or a path
// of printable ASCII that begins and ends with '/' and has something
// between (CreateRole's Path pattern, (\u002F)|(\u002F[\u0021-\u007E]+\u002F),
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html).
func IsPath(s string) bool {
	return (s == "/" || len(s) >= 3) && s[0] == '/' && s[len(s)-1] == '/' && isPrintableASCII(s)
}

// IsPolicyPath reports whether s matches ^(?:/[A-Za-z0-9.,+@=_-]+)*/$, the
// path of a managed policy: stricter than a role's, with no '*', no other
// punctuation and no empty segment (CreatePolicy's Path pattern,
// ((/[A-Za-z0-9\.,\+@=_-]+)*)/, "You cannot use an asterisk (*) in the
// path name",
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicy.html).
// A policy ARN has such a path, and the preset policies, created under the
// role's path, need one.
func IsPolicyPath(s string) bool {
	if s == "" || s[0] != '/' || s[len(s)-1] != '/' {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '/':
			if s[i-1] == '/' {
				return false
			}
		case !isAlnum(c) && !strings.ContainsRune(".,+@=_-", rune(c)):
			return false
		}
	}
	return true
}

// IsDescription reports whether s matches ^[\t\n\r\x{20}-\x{7E}\x{A1}-\x{FF}]*$, IAM's description
// characters (CreateRole).
func IsDescription(s string) bool {
	for _, r := range s {
		if r != '\t' && r != '\n' && r != '\r' && (r < 0x20 || r > 0x7E) && (r < 0xA1 || r > 0xFF) {
			return false
		}
	}
	return true
}

// IsTagText reports whether s matches ^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$, the characters of AWS tag keys
// and values (TagRole).
func IsTagText(s string) bool {
	for _, r := range s {
		if !unicode.In(r, unicode.L, unicode.Z, unicode.N) && !strings.ContainsRune("_.:/=+-@", r) {
			return false
		}
	}
	return true
}

// HasReservedTagPrefix tells whether a tag key, or an EKS tag's value, has
// the aws: prefix, which AWS keeps for itself, in any case.
func HasReservedTagPrefix(key string) bool {
	return strings.HasPrefix(strings.ToLower(key), "aws:")
}

// IsExternalID reports whether s matches ^[\w+=,.@:/-]*$, STS's external ID characters (AssumeRole).
func IsExternalID(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !isWord(c) && !strings.ContainsRune("+=,.@:/-", rune(c)) {
			return false
		}
	}
	return true
}

// addonVersionRE is the form of EKS add-on versions, e.g. v1.3.4-eksbuild.1:
// "Versions are specified as major-version.minor-version.patch-version-eksbuild.build-number"
// ("Amazon VPC CNI", EKS User Guide,
// https://docs.aws.amazon.com/eks/latest/userguide/managing-vpc-cni.html),
// and for CreateAddon "The version must match one of the versions returned
// by DescribeAddonVersions"
// (https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateAddon.html),
// which all carry -eksbuild.N: a bare v1.3.4 is refused.
var addonVersionRE = regexp.MustCompile(`^v\d+\.\d+\.\d+-eksbuild\.\d+$`)

// IsAddonVersion tells whether s has the form of an EKS add-on version,
// -eksbuild.N included.
func IsAddonVersion(s string) bool {
	return addonVersionRE.MatchString(s)
}

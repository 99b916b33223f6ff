package spec

import (
	"strings"

	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// Kubernetes' name rules as byte loops, which every call runs on every name;
// Kubernetes' own functions give the messages when a name fails.

func isLower(c byte) bool { return c >= 'a' && c <= 'z' }
func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// isDNSLabel is Kubernetes' RFC 1123 label: at most 63 lower-case letters,
// digits and '-', starting and ending with a letter or digit.
func isDNSLabel(s string) bool {
	if s == "" || len(s) > validation.DNS1123LabelMaxLength || s[0] == '-' || s[len(s)-1] == '-' {
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
	if s == "" || len(s) > validation.DNS1123SubdomainMaxLength {
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

// validateDNSLabel checks a namespace, or a name that must be a DNS label.
func validateDNSLabel(name string, p *field.Path) field.ErrorList {
	return validateKubernetesName(name, p, isDNSLabel, validation.IsDNS1123Label)
}

// validateDNSSubdomain checks an object name.
func validateDNSSubdomain(name string, p *field.Path) field.ErrorList {
	return validateKubernetesName(name, p, isDNSSubdomain, validation.IsDNS1123Subdomain)
}

func validateKubernetesName(name string, p *field.Path, isValid func(string) bool, rule func(string) []string) field.ErrorList {
	if isValid(name) {
		return nil
	}
	msgs := rule(name)
	errs := make(field.ErrorList, 0, len(msgs))
	for _, msg := range msgs {
		errs = append(errs, field.Invalid(p, clip(name), msg))
	}
	return errs
}

package spec

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"github.com/crossplane-contrib/function-pod-identity/aws"
)

// hashLength is how many hex digits of a SHA-256 a shortened name carries to
// stay unique.
const hashLength = 8

// Hash is a short, stable digest of s, for names that must stay unique
// after being shortened. It is SHA-256: changing it would rename every
// derived name in every cluster.
func Hash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])[:hashLength]
}

// Shorten returns name unchanged if it fits in limit characters, else a
// prefix of it followed by a hash of the whole name, so that two long names
// that share a prefix still differ. IAM and Kubernetes names both allow '-'.
func Shorten(name string, limit int) string {
	if len(name) <= limit {
		return name
	}
	prefix := strings.TrimRight(name[:limit-hashLength-1], "-._")
	return prefix + "-" + Hash(name)
}

// IsolatedRoleName is the name of an isolated provider's own role:
// <spec.role.name>-<provider name>, shortened to IAM's 64 characters. It
// lives under spec.role.path, as the shared role does.
func IsolatedRoleName(roleName, providerName string) string {
	return Shorten(roleName+"-"+providerName, aws.MaxRoleNameLength)
}

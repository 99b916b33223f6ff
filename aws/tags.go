package aws

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Tag keys provider-upjet-aws sets on every Role, Policy,
// PodIdentityAssociation and Addon it manages, overwriting a user's tag of
// the same key: upjet's Tagger copies crossplane-runtime's
// ExternalResourceTagKeyKind, ExternalResourceTagKeyName and
// ExternalResourceTagKeyProvider into spec.forProvider.tags
// (https://github.com/crossplane/upjet/blob/main/pkg/config/resource.go,
// https://github.com/crossplane/crossplane-runtime/blob/main/pkg/resource/resource.go).
// It leaves the tags alone only when the managementPolicies are exactly
// [Observe].
const (
	ProviderTagKeyKind           = "crossplane-kind"
	ProviderTagKeyName           = "crossplane-name"
	ProviderTagKeyProviderConfig = "crossplane-providerconfig"
)

// ProviderTagKeys are the keys of the tags provider-upjet-aws adds; they
// leave MaxUserTags of MaxTags to the user.
func ProviderTagKeys() []string {
	return []string{ProviderTagKeyKind, ProviderTagKeyName, ProviderTagKeyProviderConfig}
}

// The session tags EKS Pod Identity sets on every session, unless the
// association disables them, from "Grant Pods access to AWS resources based
// on tags" (EKS User Guide),
// https://docs.aws.amazon.com/eks/latest/userguide/pod-id-abac.html: "All of
// the session tags that are added by EKS Pod Identity are transitive".
const (
	SessionTagClusterARN     = "eks-cluster-arn"
	SessionTagClusterName    = "eks-cluster-name"
	SessionTagNamespace      = "kubernetes-namespace"
	SessionTagServiceAccount = "kubernetes-service-account"
	SessionTagPodName        = "kubernetes-pod-name"
	SessionTagPodUID         = "kubernetes-pod-uid"
)

// EKSSessionTagKeys are the keys of the six transitive session tags of EKS
// Pod Identity.
func EKSSessionTagKeys() []string {
	return []string{SessionTagClusterARN, SessionTagClusterName, SessionTagNamespace, SessionTagServiceAccount, SessionTagPodName, SessionTagPodUID}
}

// CollidingEKSSessionTag tells which of EKS Pod Identity's transitive session
// tags a tag key is, in any case. A session created from Pod Identity
// credentials inherits those tags, and "If you pass a session tag with the
// same key as an inherited tag, the operation fails" (AssumeRole API
// reference, Tags,
// https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html),
// keys compared without case: so a role chain link must not pass one of
// these keys while the association sends session tags.
func CollidingEKSSessionTag(key string) (eksKey string, collides bool) {
	return foldedMember(key, EKSSessionTagKeys())
}

// CollidingProviderTag tells which of provider-upjet-aws's own tag keys a
// user's tag key is, in any case. The provider overwrites a tag of exactly
// its key, and on an IAM role, whose tag keys are case-insensitive, a key
// that differs only in case is the same tag.
func CollidingProviderTag(key string) (providerKey string, collides bool) {
	return foldedMember(key, ProviderTagKeys())
}

// foldedMember finds key among keys, without case.
func foldedMember(key string, keys []string) (string, bool) {
	for _, k := range keys {
		if strings.EqualFold(key, k) {
			return k, true
		}
	}
	return "", false
}

// A DuplicateKey is a tag key that is another, earlier one in a different
// case.
type DuplicateKey struct {
	// Index and Key are the later key and its position.
	Index int
	Key   string
	// FirstIndex and First are the earlier key it duplicates.
	FirstIndex int
	First      string
}

// FoldedDuplicateKeys are the keys that repeat an earlier key of keys when
// case is ignored, in order, each with the first key it repeats. IAM and STS
// compare tag keys without case: "you cannot have separate Department and
// department tag keys" ("Tagging IAM resources",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags.html, for roles
// and users; the AssumeRole API reference for session tags,
// https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html).
// EKS compares them with case ("Tag keys and values are case-sensitive",
// https://docs.aws.amazon.com/eks/latest/userguide/eks-using-tags.html).
// Case is Unicode simple case folding, as strings.EqualFold's; AWS does not
// say how it folds beyond ASCII. Keys from a map are passed sorted, so that
// the result is deterministic.
func FoldedDuplicateKeys(keys []string) []DuplicateKey {
	var dups []DuplicateKey
	first := make(map[string]int, len(keys))
	for i, k := range keys {
		folded := foldCase(k)
		if j, seen := first[folded]; seen {
			dups = append(dups, DuplicateKey{Index: i, Key: k, FirstIndex: j, First: keys[j]})
			continue
		}
		first[folded] = i
	}
	return dups
}

// FoldTagKey is a tag key as IAM and STS compare it: two keys are one tag
// when their folded forms are equal.
func FoldTagKey(key string) string {
	return foldCase(key)
}

// foldCase maps s to one representative of the strings strings.EqualFold
// takes for equal: each rune becomes the smallest rune of its simple case
// folding orbit (K for k, K and the Kelvin sign).
func foldCase(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		// The smallest rune of an ASCII letter's orbit is its capital.
		return strings.ToUpper(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		least := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			least = min(least, f)
		}
		b.WriteRune(least)
	}
	return b.String()
}
